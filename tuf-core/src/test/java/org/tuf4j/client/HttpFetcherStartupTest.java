package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.testing.RepositorySimulator;

/**
 * What a fresh process's first refresh over HTTP loads (issue 20): {@link HttpFetcher}'s own
 * transport is {@link java.net.HttpURLConnection}, and {@code java.net.http}, whose client costs
 * a fresh JVM about half a second, stays unloaded. The client runs in a JVM of its own that logs
 * every class it loads.
 */
@Timeout(120)
class HttpFetcherStartupTest {
  @TempDir Path tmp;

  @Test
  void aFirstRefreshAndDownloadOverHttpLoadNoJavaNetHttpClass() throws Exception {
    RepositorySimulator repo = RepositorySimulator.builder().now(Instant.now()).build();
    byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
    repo.addTarget("app.bin", payload);
    repo.publish();
    Path root = Files.write(tmp.resolve("root.json"), repo.trustedRootBytes());
    Path log = tmp.resolve("classes.log");
    try (LoopbackServer server = LoopbackServer.serve(repo::findFile)) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-Xlog:class+load=info:file=" + log, "-cp",
          System.getProperty("java.class.path"), ColdHttpClientMain.class.getName(),
          tmp.resolve("metadata").toString(), tmp.resolve("targets").toString(),
          server.uri("").toString(), root.toString(), "app.bin")
          .redirectError(tmp.resolve("child.err").toFile()).start();
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, child.exitValue(), () -> read(tmp.resolve("child.err")));
      assertEquals(String.valueOf(payload.length), out.strip());
    }
    List<String> loaded = Files.readAllLines(log);
    assertTrue(loaded.stream().anyMatch(l -> l.contains(" sun.net.www.protocol.http.")),
        "the refresh went over HttpURLConnection");
    List<String> httpClient = loaded.stream()
        .filter(l -> l.contains(" java.net.http.") || l.contains(" jdk.internal.net.http."))
        .collect(Collectors.toList());
    assertEquals(List.of(), httpClient);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
