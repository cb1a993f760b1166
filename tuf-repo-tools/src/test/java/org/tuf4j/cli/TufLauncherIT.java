package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  private static String launcher() {
    return Path.of("../bin/tuf").toAbsolutePath().normalize().toString();
  }

  private Run tuf(String... args) throws Exception {
    return tuf(Map.of(), args);
  }

  private Run tuf(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(launcher());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void theLauncherStartsFromTheClassDataSharingArchiveTheBuildMade() throws Exception {
    Path archive = Path.of("target/tuf.jsa").toAbsolutePath();
    assertTrue(Files.isRegularFile(archive), "the build writes " + archive);
    Run version = tuf(Map.of("TUF_JAVA_OPTS", "-Xlog:class+load:stdout"), "--version");
    assertEquals(0, version.exit(), version.err());
    assertTrue(version.out().contains("org.tuf4j.cli.Tuf source: shared objects file"),
        "tuf's own classes come from the archive");
    assertTrue(version.err().isEmpty(), "nothing on stderr: " + version.err());
  }

  /**
   * Every class from a jar that {@code tuf verify} loads comes from the archive: a lambda that
   * needs one of picocli's Java 5 interfaces linked at dump time (the archive then leaves out
   * the interface and every class implementing it), or a class the training run does not load,
   * would show here as loaded from the jar.
   */
  @Test
  void aShortCommandLoadsNoClassFromAJar() throws Exception {
    assertEquals(0, tuf("init", "repo", "--no-passphrase").exit());
    Run verify = tuf(Map.of("TUF_JAVA_OPTS", "-Xlog:class+load:stdout"), "verify", "repo",
        "--root", "repo/metadata/1.root.json");
    assertEquals(0, verify.exit(), verify.err());
    List<String> fromJars = verify.out().lines().filter(l -> l.contains("source: file:")
        || l.contains("source: jar:")).toList();
    assertEquals(List.of(), fromJars, "classes loaded from jars rather than the archive");
  }

  @Test
  void serveLogsOneLinePerRequestAndStopsOnASignal() throws Exception {
    assertEquals(0, tuf("init", "repo", "--no-passphrase").exit());
    List<String> command = new ArrayList<>(List.of(launcher(), "serve", "repo", "--port", "0"));
    Process p = new ProcessBuilder(command).directory(tmp.toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8));
      String first = out.readLine();
      assertTrue(first != null && first.startsWith("serving repo at http://127.0.0.1:"), first);
      URI base = URI.create(first.substring(first.indexOf("http://"), first.indexOf(" (")));
      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("metadata/timestamp.json", "metadata/none.json")) {
        http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
            HttpResponse.BodyHandlers.discarding());
      }
      BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
          StandardCharsets.UTF_8));
      String hit = err.readLine();
      String miss = err.readLine();
      assertTrue(hit.matches(".* 127\\.0\\.0\\.1 GET /metadata/timestamp\\.json 200 \\d+"), hit);
      assertTrue(miss.endsWith(" GET /metadata/none.json 404 0"), miss);
    } finally {
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
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
    Run staged = tuf("target", "add", "repo", "app.bin", "--name", "fw/staged.bin", "-k",
        "repo-keys/targets.pem", "--no-passphrase");
    assertEquals(6, staged.exit(), staged.out() + staged.err());
    assertEquals(0, tuf("discard", "repo").exit());
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
