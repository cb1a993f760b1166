package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;

/** {@code bin/tuf} as a user runs it: a subprocess, after {@code package}. */
@Timeout(120)
class TufLauncherIT {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private Run tuf(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of("../bin/tuf").toAbsolutePath().normalize().toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(tmp.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void initAddPublishThroughTheLauncher() throws Exception {
    Run init = tuf("init", "repo", "--no-passphrase");
    assertEquals(0, init.exit(), init.err());
    Files.writeString(tmp.resolve("app.bin"), "payload");
    Run add = tuf("target", "add", "repo", "app.bin", "--prefix", "fw/", "-k",
        "repo-keys/targets.pem", "-k", "repo-keys/snapshot.pem", "-k",
        "repo-keys/timestamp.pem", "--no-passphrase");
    assertEquals(0, add.exit(), add.err());
    assertTrue(add.out().contains("published"), add.out());
    Run status = tuf("status", "repo");
    assertEquals(0, status.exit(), status.err());
    assertTrue(status.out().contains("timestamp v2"), status.out());
    Run unknown = tuf("frobnicate");
    assertEquals(2, unknown.exit());
    Run missingKey = tuf("timestamp", "repo", "-k", "nope.pem", "--no-passphrase");
    assertEquals(4, missingKey.exit(), missingKey.err());
    assertTrue(missingKey.err().startsWith("tuf: no key file nope.pem"), missingKey.err());

    Path repo = tmp.resolve("repo");
    Updater client = Updater.builder().metadataDir(tmp.resolve("client"))
        .metadataBaseUrl(repo.resolve("metadata").toUri())
        .targetBaseUrl(repo.resolve("targets").toUri()).targetDir(tmp.resolve("dl"))
        .trustedRoot(Files.readAllBytes(repo.resolve("metadata/1.root.json")))
        .fetcher(FileFetcher.create()).build();
    assertEquals("payload", Files.readString(client.download(
        client.getTargetInfo("fw/app.bin").orElseThrow())));
  }
}
