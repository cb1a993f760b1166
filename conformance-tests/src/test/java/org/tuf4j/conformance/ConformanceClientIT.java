package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.loopback.LoopbackServer;

/**
 * {@code bin/tuf4j-conformance-client} as the conformance suite runs it: a subprocess, after
 * {@code package}, against python-tuf-basic on loopback HTTP.
 */
@Timeout(120)
class ConformanceClientIT {
  @TempDir Path tmp;

  private record Result(int exit, String stderr) {}

  private static Result client(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of("bin/tuf4j-conformance-client").toAbsolutePath().toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client did not finish");
    return new Result(p.exitValue(), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void initThenDownloadThroughTheLauncher() throws Exception {
    Path metadata = tmp.resolve("metadata");
    Path targets = tmp.resolve("targets");
    try (LoopbackServer server = LoopbackServer.serveDirectory(Fixtures.path("python-tuf-basic"))) {
      Result init = client("--metadata-dir", metadata.toString(), "init",
          Fixtures.path("python-tuf-basic/initial_root.json").toString());
      assertEquals(0, init.exit, init.stderr);
      Result download = client("--time", "2030-01-01T00:00:00Z", "--metadata-dir",
          metadata.toString(), "--metadata-url", server.baseUri() + "metadata",
          "--target-name", "b/fw.img", "--target-base-url", server.baseUri() + "targets",
          "--target-dir", targets.toString(), "download");
      assertEquals(0, download.exit, download.stderr);
      assertEquals(4096, Files.size(targets.resolve("b%2Ffw.img")));
      Result missing = client("--time", "2030-01-01T00:00:00Z", "--metadata-dir",
          metadata.toString(), "--metadata-url", server.baseUri() + "metadata",
          "--target-name", "c/lib.so", "--target-base-url", server.baseUri() + "targets",
          "--target-dir", targets.toString(), "download");
      assertEquals(1, missing.exit, missing.stderr);
      assertTrue(missing.stderr.contains("c/lib.so"), missing.stderr);
    }
    assertEquals(2, client().exit);
  }
}
