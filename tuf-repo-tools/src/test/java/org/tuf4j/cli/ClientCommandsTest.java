package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.loopback.LoopbackServer;

/** {@code tuf verify}, {@code tuf serve}, {@code tuf download} and {@code tuf key}. */
@Timeout(60)
class ClientCommandsTest {
  @TempDir Path tmp;
  private Path repo;
  private Path keys;
  private String root;

  @BeforeEach
  void repository() throws Exception {
    repo = tmp.resolve("repo");
    keys = tmp.resolve("repo-keys");
    assertEquals(0, tuf("init", repo.toString(), "--no-passphrase").exit());
    Files.writeString(tmp.resolve("app.bin"), "the application");
    CliRun add = tuf("target", "add", repo.toString(), tmp.resolve("app.bin").toString(),
        "--prefix", "fw/", "-k", keys.resolve("targets.pem").toString(), "-k",
        keys.resolve("snapshot.pem").toString(), "-k", keys.resolve("timestamp.pem").toString(),
        "--no-passphrase");
    assertEquals(0, add.exit(), add.toString());
    root = repo.resolve("metadata/1.root.json").toString();
  }

  @Test
  void verifyReportsEveryRoleAndTheTargetCount() throws Exception {
    CliRun report = tuf("verify", repo.toString(), "--root", root);
    assertEquals(0, report.exit(), report.toString());
    assertTrue(report.out().contains("verified: 4 roles, 1 targets"), report.out());
    CliRun json = tuf("verify", repo.toString(), "--root", root, "--json");
    JsonValue.JsonObject o = (JsonValue.JsonObject) CanonicalJson.parse(
        json.out().trim().getBytes(StandardCharsets.UTF_8));
    assertEquals(1, ((JsonValue.JsonNumber) o.get("targets")).value());
    assertEquals(2, ((JsonValue.JsonNumber) ((JsonValue.JsonObject) ((JsonValue.JsonObject)
        o.get("roles")).get("targets")).get("version")).value());
  }

  @Test
  void lifecycleInitAddDelegatePublishVerifyDownload() throws Exception {
    String[] online = {"-k", keys.resolve("targets.pem").toString(), "-k",
        keys.resolve("snapshot.pem").toString(), "-k", keys.resolve("timestamp.pem").toString(),
        "--no-passphrase"};
    assertEquals(0, tuf("key", "generate", "--out", tmp.resolve("docs.pem").toString(),
        "--no-passphrase").exit());
    CliRun delegate = tuf(concat(new String[] {"delegate", repo.toString(), "--to", "docs",
        "--paths", "docs/*", "--role-key", tmp.resolve("docs.pub.json").toString(), "-k",
        tmp.resolve("docs.pem").toString()}, online));
    assertEquals(0, delegate.exit(), delegate.toString());
    Files.writeString(tmp.resolve("guide.txt"), "read me");
    CliRun add = tuf(concat(new String[] {"target", "add", repo.toString(),
        tmp.resolve("guide.txt").toString(), "--name", "docs/guide.txt", "--role", "docs", "-k",
        tmp.resolve("docs.pem").toString()}, online));
    assertEquals(0, add.exit(), add.toString());
    CliRun publish = tuf(concat(new String[] {"publish", repo.toString()}, online));
    assertEquals(0, publish.exit(), publish.toString());
    assertTrue(publish.out().contains("published: snapshot v5, timestamp v5"), publish.out());
    CliRun verify = tuf("verify", repo.toString(), "--root", root);
    assertTrue(verify.out().contains("verified: 5 roles, 2 targets"), verify.out());
    try (LoopbackServer server = ServeCommand.start(repo,
        InetAddress.getLoopbackAddress(), 0)) {
      CliRun dl = tuf("download", server.baseUri().toString(), "docs/guide.txt", "--root", root,
          "--out", tmp.resolve("dl") + "/");
      assertEquals(0, dl.exit(), dl.toString());
      assertTrue(dl.out().contains("listed by docs"), dl.out());
      assertEquals("read me", Files.readString(tmp.resolve("dl/guide.txt")));
    }
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  @Test
  void eventsArePrintedAsJsonLinesOnStandardError() {
    CliRun run = tuf("verify", repo.toString(), "--root", root, "--json", "--events");
    assertEquals(0, run.exit(), run.toString());
    List<String> lines = run.err().lines().toList();
    assertTrue(lines.get(0).startsWith("{\"event\":\"RefreshStarted\",\"at\":\""), run.err());
    assertTrue(lines.get(1).startsWith("{\"event\":\"RefreshSucceeded\","), run.err());
    assertFalse(run.out().contains("RefreshStarted"), run.out()); // stdout keeps the report

    CliRun late = tuf("verify", repo.toString(), "--root", root, "--events", "--time",
        Instant.now().plusSeconds(3L * 86400).toString());
    assertEquals(ExitCode.VERIFICATION_FAILED, late.exit(), late.toString());
    assertTrue(late.err().contains("{\"event\":\"FreezeDetected\""), late.err());
    assertTrue(late.err().contains("{\"event\":\"RefreshFailed\""), late.err());
  }

  @Test
  void verifyOfExpiredMetadataFailsWithExitOne() {
    CliRun late = tuf("verify", repo.toString(), "--root", root, "--time",
        Instant.now().plusSeconds(3L * 86400).toString());
    assertEquals(ExitCode.VERIFICATION_FAILED, late.exit(), late.toString());
    assertTrue(late.err().contains("expired"), late.err());
    assertFalse(late.err().contains("\tat "));
  }

  @Test
  void serveThenDownloadVerifiesTheTargetAndRefusesATamperedOne() throws Exception {
    try (LoopbackServer server = ServeCommand.start(repo,
        InetAddress.getLoopbackAddress(), 0)) {
      Path out = tmp.resolve("out");
      CliRun ok = tuf("download", server.baseUri().toString(), "fw/app.bin", "--root", root,
          "--out", out + "/");
      assertEquals(0, ok.exit(), ok.toString());
      assertEquals("the application", Files.readString(out.resolve("app.bin")));

      try (Stream<Path> files = Files.walk(repo.resolve("targets"))) {
        for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          Files.writeString(p, "the malware....");
        }
      }
      Path out2 = tmp.resolve("out2");
      CliRun tampered = tuf("download", server.baseUri().toString(), "fw/app.bin", "--root",
          root, "--out", out2 + "/");
      assertEquals(ExitCode.VERIFICATION_FAILED, tampered.exit(), tampered.toString());
      assertTrue(tampered.err().startsWith("tuf: fw/app.bin: sha"), tampered.err());
      assertFalse(Files.exists(out2.resolve("app.bin")));

      CliRun missing = tuf("download", server.baseUri().toString(), "fw/none.bin", "--root",
          root, "--out", out2.toString());
      assertEquals(ExitCode.VERIFICATION_FAILED, missing.exit());
    }
  }

  @Test
  void serveOffersOnlyMetadataAndTargets() throws Exception {
    Files.createDirectories(repo.resolve("staged"));
    Files.writeString(repo.resolve("staged/release.json"), "{}");
    Files.writeString(repo.resolve("secret.pem"), "key");
    try (LoopbackServer server = ServeCommand.start(repo,
        InetAddress.getLoopbackAddress(), 0)) {
      HttpClient http = HttpClient.newHttpClient();
      assertEquals(200, status(http, server.baseUri() + "metadata/timestamp.json"));
      for (String path : new String[] {"secret.pem", "staged/release.json",
          "metadata/../secret.pem", "metadata/%2e%2e/secret.pem", "targets/../staged/release.json"}) {
        assertEquals(404, status(http, server.baseUri() + path), path);
      }
      assertEquals(Optional.empty(), ServeCommand.source(repo).read("metadata/../secret.pem"));
    }
  }

  private static int status(HttpClient http, String uri) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void keysAreGeneratedImportedAndListed() throws Exception {
    for (String scheme : new String[] {"ed25519", "ecdsa-sha2-nistp256", "rsassa-pss-sha256"}) {
      CliRun gen = tuf("key", "generate", "--scheme", scheme, "--out",
          tmp.resolve(scheme + ".pem").toString(), "--no-passphrase");
      assertEquals(0, gen.exit(), gen.toString());
      assertTrue(Files.exists(tmp.resolve(scheme + ".pub.json")));
    }
    Path pass = Files.writeString(tmp.resolve("pass"), "correct horse\n");
    CliRun enc = tuf("key", "import", tmp.resolve("ed25519.pem").toString(), "--out",
        tmp.resolve("enc.pem").toString(), "--passphrase-file", pass.toString());
    assertEquals(0, enc.exit(), enc.toString());
    assertTrue(Files.readString(tmp.resolve("enc.pem")).contains("ENCRYPTED PRIVATE KEY"));
    CliRun exists = tuf("key", "generate", "--out", tmp.resolve("enc.pem").toString(),
        "--no-passphrase");
    assertEquals(ExitCode.IO_ERROR, exists.exit(), "never overwrites a key");

    CliRun list = tuf("key", "list", repo.toString());
    assertEquals(0, list.exit(), list.toString());
    assertTrue(list.out().contains("timestamp (threshold 1)"), list.out());
    CliRun json = tuf("key", "list", repo.toString(), "--json");
    assertTrue(json.out().contains("\"root\":{\"keys\":[{\"keyid\":"), json.out());
  }

  @Test
  void initCanUseGivenKeys() throws Exception {
    assertEquals(0, tuf("key", "generate", "--out", tmp.resolve("mine.pem").toString(),
        "--no-passphrase").exit());
    Path other = tmp.resolve("other");
    CliRun init = tuf("init", other.toString(), "--no-passphrase", "--use-key",
        "targets=" + tmp.resolve("mine.pem"));
    assertEquals(0, init.exit(), init.toString());
    assertFalse(Files.exists(tmp.resolve("other-keys/targets.pem")), "not generated");
    CliRun list = tuf("key", "list", other.toString());
    String mine = Files.readString(tmp.resolve("mine.pub.json"));
    assertTrue(list.out().contains(org.tuf4j.signer.PemKeys.publicKey(
        org.tuf4j.signer.PemKeys.read(tmp.resolve("mine.pem"), null)).computeKeyId()),
        list.out() + mine);
  }

  @Test
  void clientCommandsHaveHelpWithAnExample() {
    for (String[] cmd : new String[][] {{"verify"}, {"download"}, {"serve"},
        {"key", "generate"}, {"key", "import"}, {"key", "list"}}) {
      String[] args = Stream.concat(Stream.of(cmd), Stream.of("--help")).toArray(String[]::new);
      CliRun help = tuf(args);
      assertEquals(0, help.exit());
      assertTrue(help.out().contains("Example"), String.join(" ", cmd));
    }
  }
}
