package org.tuf4j.loopback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LoopbackServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends a request line as given, without any client-side path normalisation. */
  private static String rawStatusLine(URI base, String method, String target) throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write((method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return response.substring(0, response.indexOf("\r\n"));
    }
  }

  @Test
  void servesFilesAndRefusesEverythingElse(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root/metadata"));
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Files.write(root.resolve("1.root.json"), body);
    Files.writeString(dir.resolve("secret.txt"), "outside the root");
    Files.write(root.resolve("empty.bin"), new byte[0]);

    try (LoopbackServer server = LoopbackServer.serveDirectory(dir.resolve("root"))) {
      URI base = server.baseUri();
      assertEquals("127.0.0.1", base.getHost());
      assertTrue(base.getPort() > 0);

      HttpResponse<byte[]> ok = get(base.resolve("metadata/1.root.json"));
      assertEquals(200, ok.statusCode());
      assertArrayEquals(body, ok.body());
      assertEquals("application/json", ok.headers().firstValue("Content-Type").orElseThrow());
      assertEquals(body.length, ok.headers().firstValueAsLong("Content-Length").orElseThrow());

      HttpResponse<byte[]> empty = get(base.resolve("metadata/empty.bin"));
      assertEquals(200, empty.statusCode());
      assertEquals(0, empty.body().length);

      assertEquals(404, get(base.resolve("metadata/2.root.json")).statusCode());
      assertEquals(404, get(base.resolve("metadata/")).statusCode(), "no directory listing");
      assertEquals(404, get(base).statusCode());

      // Traversal, sent raw so that no client normalises the path first.
      assertTrue(rawStatusLine(base, "GET", "/../secret.txt").contains(" 404"));
      assertTrue(rawStatusLine(base, "GET", "/metadata/../../secret.txt").contains(" 404"));
      assertTrue(rawStatusLine(base, "GET", "/metadata/%2e%2e/%2e%2e/secret.txt")
          .contains(" 404"));
      assertTrue(rawStatusLine(base, "GET", "/metadata/..%2f..%2fsecret.txt").contains(" 404"));
      assertTrue(rawStatusLine(base, "GET", "/metadata/./1.root.json").contains(" 404"));
      assertTrue(rawStatusLine(base, "PUT", "/metadata/1.root.json").contains(" 405"));
      assertTrue(rawStatusLine(base, "HEAD", "/metadata/1.root.json").contains(" 200"));
    }
  }

  @Test
  void refusesASymbolicLinkInAnyComponent(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(root.resolve("inside"));
    Files.writeString(root.resolve("inside/file.txt"), "inside the root");
    Files.writeString(dir.resolve("secret.txt"), "outside the root");
    try {
      Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));
      Files.createSymbolicLink(root.resolve("dirlink"), Path.of("inside"));
    } catch (UnsupportedOperationException | IOException e) {
      return; // no symbolic links here: nothing to check
    }
    try (LoopbackServer server = LoopbackServer.serveDirectory(root)) {
      assertEquals(200, get(server.uri("inside/file.txt")).statusCode());
      assertEquals(404, get(server.uri("link.txt")).statusCode());
      assertEquals(404, get(server.uri("dirlink/file.txt")).statusCode(),
          "a link is refused even when it stays inside the root");
    }
    assertEquals(Optional.empty(), Source.directory(root).read("link.txt"));
  }

  @Test
  void mountsSourcesUnderPrefixesAndRestrictsThem(@TempDir Path dir) throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo/metadata"));
    Files.writeString(repo.resolve("root.json"), "{}");
    Files.writeString(dir.resolve("repo/keys.pem"), "secret");
    Source images = Source.directory(dir.resolve("repo")).under("metadata/");
    Source mounted = Source.mounted(Map.of("image/", images, "image/extra/",
        Source.content(p -> Optional.of(p.getBytes(StandardCharsets.UTF_8)))));
    try (LoopbackServer server = LoopbackServer.builder().source(mounted).start()) {
      assertEquals("{}", new String(get(server.uri("image/metadata/root.json")).body(),
          StandardCharsets.UTF_8));
      assertEquals(404, get(server.uri("image/keys.pem")).statusCode());
      assertEquals("a/b", new String(get(server.uri("image/extra/a/b")).body(),
          StandardCharsets.UTF_8), "the longest prefix wins");
      assertEquals(404, get(server.uri("metadata/root.json")).statusCode());
      assertEquals(3, server.requestsUnder("image/"));
      assertEquals(List.of("image/metadata/root.json", "image/keys.pem", "image/extra/a/b",
          "metadata/root.json"), server.requests());
    }
  }

  @Test
  void logsEachRequestWithItsStatusAndSize() throws Exception {
    List<LoopbackServer.Request> log = Collections.synchronizedList(new ArrayList<>());
    try (LoopbackServer server = LoopbackServer.builder()
        .source(Source.content(p -> p.equals("a") ? Optional.of(new byte[] {1, 2, 3})
            : Optional.empty()))
        .log(log::add).recordRequests(false).start()) {
      assertEquals(200, get(server.uri("a")).statusCode());
      assertEquals(404, get(server.uri("b")).statusCode());
      assertEquals(List.of(), server.requests(), "not recorded");
    }
    List<String> lines = new ArrayList<>();
    for (LoopbackServer.Request r : log) {
      lines.add(r.client() + " " + r.method() + " " + r.rawPath() + " " + r.status() + " "
          + r.bytesSent());
    }
    assertTrue(lines.contains("127.0.0.1 GET /a 200 3"), lines.toString());
    assertTrue(lines.contains("127.0.0.1 GET /b 404 0"), lines.toString());
  }
}
