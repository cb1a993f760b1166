package org.tuf4j.benchmarks;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackFileServerTest {
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

    try (LoopbackFileServer server = LoopbackFileServer.start(dir.resolve("root"))) {
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
  void refusesSymbolicLinksOutOfTheRoot(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.writeString(dir.resolve("secret.txt"), "outside the root");
    try {
      Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));
    } catch (UnsupportedOperationException | IOException e) {
      return; // no symbolic links here: nothing to check
    }
    try (LoopbackFileServer server = LoopbackFileServer.start(root)) {
      assertEquals(404, get(server.baseUri().resolve("link.txt")).statusCode());
    }
  }
}
