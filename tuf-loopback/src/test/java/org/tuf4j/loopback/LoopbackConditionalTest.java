package org.tuf4j.loopback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.loopback.LoopbackServer.Behaviour;

/** Validators and 304, ranges and 206, dropped transfers, sequences and counts. */
@Timeout(60)
class LoopbackConditionalTest {
  private static final byte[] BODY = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<byte[]> get(URI uri, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static LoopbackServer server(boolean validators) throws IOException {
    return LoopbackServer.builder().validators(validators)
        .source(Source.content(p -> Optional.ofNullable(Map.of("f.bin", BODY).get(p))))
        .start();
  }

  @Test
  void matchingIfNoneMatchIsAnswered304WithoutBody() throws Exception {
    try (LoopbackServer server = server(true)) {
      HttpResponse<byte[]> first = get(server.uri("f.bin"));
      String etag = first.headers().firstValue("ETag").orElseThrow();
      assertEquals(200, first.statusCode());
      HttpResponse<byte[]> second = get(server.uri("f.bin"), "If-None-Match", etag);
      assertEquals(304, second.statusCode());
      assertEquals(0, second.body().length);
      assertEquals(200, get(server.uri("f.bin"), "If-None-Match", "\"other\"").statusCode());
      assertEquals(new LoopbackServer.Counts(3, 2L * BODY.length), server.counts());
      server.resetCounts();
      assertEquals(new LoopbackServer.Counts(0, 0), server.counts());
    }
  }

  @Test
  void directoryFilesCarryLastModifiedAndHonourIfModifiedSince(@TempDir Path dir)
      throws Exception {
    Files.write(dir.resolve("f.bin"), BODY);
    try (LoopbackServer server = LoopbackServer.builder().validators(true)
        .source(Source.directory(dir)).start()) {
      String modified = get(server.uri("f.bin")).headers().firstValue("Last-Modified")
          .orElseThrow();
      assertEquals(304, get(server.uri("f.bin"), "If-Modified-Since", modified).statusCode());
      assertEquals(200, get(server.uri("f.bin"), "If-Modified-Since",
          "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
    }
  }

  @Test
  void withoutValidatorsNoEtagIsSentAndConditionalsAreIgnored() throws Exception {
    try (LoopbackServer server = server(false)) {
      HttpResponse<byte[]> r = get(server.uri("f.bin"), "If-None-Match", "*");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("ETag").isEmpty());
    }
  }

  @Test
  void rangeIsAnswered206AndIfRangeMismatchGetsTheWholeFile() throws Exception {
    try (LoopbackServer server = server(false)) {
      HttpResponse<byte[]> r = get(server.uri("f.bin"), "Range", "bytes=5-");
      assertEquals(206, r.statusCode());
      assertArrayEquals(Arrays.copyOfRange(BODY, 5, BODY.length), r.body());
      assertEquals("bytes 5-19/20", r.headers().firstValue("Content-Range").orElseThrow());
      HttpResponse<byte[]> whole = get(server.uri("f.bin"), "Range", "bytes=5-",
          "If-Range", "\"stale\"");
      assertEquals(200, whole.statusCode());
      assertArrayEquals(BODY, whole.body());
      assertEquals(416, get(server.uri("f.bin"), "Range", "bytes=99-").statusCode());
    }
  }

  @Test
  void aSequenceFlapsThenServesAndDropAfterCutsTheTransfer() throws Exception {
    try (LoopbackServer server = server(false)) {
      server.overrideSequence("f.bin", List.of(new Behaviour.Status(503),
          new Behaviour.DropAfter(4), new Behaviour.Serve()));
      assertEquals(503, get(server.uri("f.bin")).statusCode());
      assertThrows(IOException.class, () -> get(server.uri("f.bin")));
      assertArrayEquals(BODY, get(server.uri("f.bin")).body());
      assertArrayEquals(BODY, get(server.uri("f.bin")).body());
    }
  }

  @Test
  void aServerRestartsOnTheSamePort() throws Exception {
    int port;
    try (LoopbackServer server = server(false)) {
      port = server.baseUri().getPort();
    }
    try (LoopbackServer again = LoopbackServer.builder().port(port)
        .source(Source.content(p -> Optional.of(BODY))).start()) {
      assertEquals(port, again.baseUri().getPort());
      assertArrayEquals(BODY, get(again.uri("x")).body());
    }
  }
}
