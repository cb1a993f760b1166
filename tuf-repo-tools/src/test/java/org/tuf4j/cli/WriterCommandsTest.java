package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.signer.PemKeys;

/**
 * The repository lifecycle through the {@code tuf} command, in process: init, targets,
 * delegation, root rotation by detached signatures, and every documented failure's exit status
 * and message. Results are checked with tuf4j's client.
 */
class WriterCommandsTest {
  @TempDir Path tmp;
  private Path repo;
  private Path keys;

  @BeforeEach
  void init() {
    repo = tmp.resolve("repo");
    keys = tmp.resolve("repo-keys");
  }

  private String[] online(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String k : List.of("targets", "snapshot", "timestamp")) {
      all.add("-k");
      all.add(keys.resolve(k + ".pem").toString());
    }
    all.add("--no-passphrase");
    return all.toArray(String[]::new);
  }

  private Updater client(String name) throws Exception {
    return Updater.builder()
        .metadataDir(tmp.resolve(name))
        .metadataBaseUrl(repo.resolve("metadata").toUri())
        .targetBaseUrl(repo.resolve("targets").toUri())
        .targetDir(tmp.resolve(name + "-downloads"))
        .trustedRoot(Files.readAllBytes(repo.resolve("metadata/1.root.json")))
        .fetcher(FileFetcher.create())
        .build();
  }

  /**
   * Every file {@code tuf} writes is standard JSON (RFC 8259 §7), so other clients parse it.
   * Regression: {@code tuf init --scheme ecdsa-sha2-nistp256} wrote PEM keys with raw newlines,
   * and python-tuf failed with "Invalid control character", tuf-js with "Bad control character".
   */
  @Test
  void everyFileTheCommandWritesIsStandardJson_rfc8259_7() throws Exception {
    for (String scheme : List.of("ecdsa-sha2-nistp256", "rsassa-pss-sha256")) {
      Path dir = tmp.resolve(scheme);
      CliRun created = tuf("init", dir.resolve("repo").toString(), "--scheme", scheme,
          "--no-passphrase");
      assertEquals(0, created.exit(), created.toString());
      CliRun generated = tuf("key", "generate", "--scheme", scheme, "--out",
          dir.resolve("extra.pem").toString(), "--no-passphrase");
      assertEquals(0, generated.exit(), generated.toString());
      try (var files = Files.walk(dir)) {
        List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
        assertTrue(json.size() >= 6, json.toString());
        for (Path file : json) {
          try (var parser = new com.fasterxml.jackson.core.JsonFactory()
              .createParser(file.toFile())) {
            while (parser.nextToken() != null) {
              // Jackson's defaults refuse raw control characters in strings
            }
          } catch (java.io.IOException e) {
            throw new AssertionError(file + " is not standard JSON: " + e.getMessage(), e);
          }
        }
      }
    }
  }

  @Test
  void initAddTargetsDelegateAndPublishAreSeenByAClient() throws Exception {
    CliRun created = tuf("init", repo.toString(), "--no-passphrase");
    assertEquals(0, created.exit(), created.toString());
    assertTrue(Files.exists(keys.resolve("root.pem")), "keys beside the repository");
    assertFalse(Files.exists(repo.resolve("root.pem")), "never inside the served directory");

    Path tree = Files.createDirectories(tmp.resolve("build/sub"));
    Files.writeString(tree.getParent().resolve("a.bin"), "A");
    Files.writeString(tree.resolve("b.bin"), "B");
    CliRun added = tuf(online("target", "add", repo.toString(), tmp.resolve("build").toString(),
        "--prefix", "fw/", "--custom", "{\"hardwareIds\":[\"ecu\"]}"));
    assertEquals(0, added.exit(), added.toString());
    assertTrue(added.out().contains("published: targets v2, snapshot v2, timestamp v2"),
        added.out());

    Signer docs = PemKeys.generate("ecdsa-sha2-nistp256", tmp.resolve("docs.pem"), null);
    PemKeys.writePublicKey(docs, tmp.resolve("docs.pub.json"));
    // The new role's first version is signed by its own key, given with the online keys.
    CliRun delegated = tuf(online("delegate", repo.toString(), "--to", "docs", "--paths",
        "docs/*", "--role-key", tmp.resolve("docs.pub.json").toString(), "-k",
        tmp.resolve("docs.pem").toString()));
    assertEquals(0, delegated.exit(), delegated.toString());
    Files.writeString(tmp.resolve("guide.pdf"), "G");
    List<String> args = new ArrayList<>(List.of(online("target", "add", repo.toString(),
        tmp.resolve("guide.pdf").toString(), "--name", "docs/guide.pdf", "--role", "docs")));
    args.add("-k");
    args.add(tmp.resolve("docs.pem").toString());
    CliRun docAdded = tuf(args.toArray(String[]::new));
    assertEquals(0, docAdded.exit(), docAdded.toString());

    CliRun list = tuf("target", "list", repo.toString());
    assertEquals(0, list.exit(), list.toString());
    assertTrue(list.out().contains("fw/sub/b.bin") && list.out().contains("docs/guide.pdf"),
        list.out());
    CliRun json = tuf("target", "list", repo.toString(), "--json");
    assertTrue(json.out().startsWith("{\"docs/guide.pdf\":"), json.out());

    Updater client = client("c");
    TargetInfo b = client.getTargetInfo("fw/sub/b.bin").orElseThrow();
    assertEquals("B", Files.readString(client.download(b)));
    assertTrue(b.target().custom().isPresent());
    assertEquals("docs", client.getTargetInfo("docs/guide.pdf").orElseThrow().signingRole());

    CliRun removed = tuf(online("target", "remove", repo.toString(), "fw/a.bin"));
    assertEquals(0, removed.exit(), removed.toString());
    assertTrue(client("d").getTargetInfo("fw/a.bin").isEmpty());
  }

  @Test
  void hashBinDelegationPlacesTargetsInBins_tap15() throws Exception {
    assertEquals(0, tuf("init", repo.toString(), "--no-passphrase").exit());
    Signer bins = PemKeys.generate("ed25519", tmp.resolve("bins.pem"), null);
    PemKeys.writePublicKey(bins, tmp.resolve("bins.pub.json"));
    String[] delegate = online("delegate", repo.toString(), "--bins", "3", "--role-key",
        tmp.resolve("bins.pub.json").toString(), "-k", tmp.resolve("bins.pem").toString());
    CliRun delegated = tuf(delegate);
    assertEquals(0, delegated.exit(), delegated.toString());
    assertTrue(delegated.out().contains("bin-0 v1") && delegated.out().contains("bin-7 v1"),
        delegated.out());
    Path file = Files.writeString(tmp.resolve("p.tgz"), "p");
    List<String> add = new ArrayList<>(List.of(online("target", "add", repo.toString(),
        file.toString(), "--prefix", "pkgs/")));
    add.add("-k");
    add.add(tmp.resolve("bins.pem").toString());
    CliRun added = tuf(add.toArray(String[]::new));
    assertEquals(0, added.exit(), added.toString());
    // Exactly one bin, the snapshot and the timestamp are re-signed.
    assertTrue(added.out().matches("(?s).*published: bin-\\d v2, snapshot v3, timestamp v3.*"),
        added.out());
    assertTrue(client("c").getTargetInfo("pkgs/p.tgz").orElseThrow().signingRole()
        .startsWith("bin-"));
  }

  @Test
  void timestampKeyRotationAndThresholdChangesGoThroughRoot() throws Exception {
    assertEquals(0, tuf("init", repo.toString(), "--no-passphrase").exit());
    Signer next = PemKeys.generate("ecdsa-sha2-nistp256", tmp.resolve("ts2.pem"), null);
    PemKeys.writePublicKey(next, tmp.resolve("ts2.pub.json"));
    String old = PemKeys.publicKey(PemKeys.read(keys.resolve("timestamp.pem"), null))
        .computeKeyId();
    String root = keys.resolve("root.pem").toString();
    String ts2 = tmp.resolve("ts2.pem").toString();
    CliRun added = tuf(online("role", "keys", "add", repo.toString(), "timestamp",
        tmp.resolve("ts2.pub.json").toString(), "-k", root));
    assertEquals(0, added.exit(), added.toString());
    assertTrue(added.out().contains("published: root v2"), added.out());
    CliRun removed = tuf(online("role", "keys", "remove", repo.toString(), "timestamp", old,
        "-k", root, "-k", ts2));
    assertEquals(0, removed.exit(), removed.toString());
    CliRun tooHigh = tuf(online("role", "threshold", repo.toString(), "timestamp", "2", "-k",
        root));
    assertEquals(ExitCode.REFUSED, tooHigh.exit(), tooHigh.toString());
    CliRun cron = tuf("timestamp", repo.toString(), "-k", ts2, "--no-passphrase");
    assertEquals(0, cron.exit(), cron.toString());
    Updater client = client("c");
    client.refresh();
    assertEquals(3, client.trustedRoot().signed().version());
    assertEquals(PemKeys.publicKey(next).computeKeyId(), client.trustedRoot().signed()
        .role(org.tuf4j.metadata.RoleType.TIMESTAMP).keyIds().get(0));
  }

  @Test
  void rootRotationThroughDetachedSignatures() throws Exception {
    assertEquals(0, tuf("init", repo.toString(), "--no-passphrase", "--root-keys", "3",
        "--root-threshold", "2").exit());
    Signer fresh = PemKeys.generate("ed25519", tmp.resolve("new-root.pem"), null);
    PemKeys.writePublicKey(fresh, tmp.resolve("new-root.pub.json"));
    String retired = PemKeys.publicKey(PemKeys.read(keys.resolve("root-3.pem"), null))
        .computeKeyId();

    // No root key given: the new root is staged, and the status says what it needs. Staging
    // is what --stage asks for (0); without it, the same result is exit status 6.
    CliRun rotate = tuf("root", "rotate", repo.toString(), "--add-key",
        tmp.resolve("new-root.pub.json").toString(), "--remove-key", retired, "-k",
        keys.resolve("timestamp.pem").toString(), "--no-passphrase", "--stage");
    assertEquals(0, rotate.exit(), rotate.toString());
    assertTrue(rotate.out().contains("staged (not published yet): root v2"), rotate.out());
    assertTrue(rotate.out().contains("need 2 more"), rotate.out());

    // While staged, other edits are refused until the release is finished or discarded.
    CliRun blocked = tuf(online("target", "add", repo.toString(),
        Files.writeString(tmp.resolve("x"), "x").toString()));
    assertEquals(ExitCode.REFUSED, blocked.exit(), blocked.toString());
    assertTrue(blocked.err().contains("hint: finish it"), blocked.err());

    // Holder 1 signs offline and sends a detached signature back.
    Path sig = tmp.resolve("root-1.sig");
    CliRun detached = tuf("sign", repo.toString(), "--role", "root", "--detached",
        sig.toString(), "-k", keys.resolve("root-1.pem").toString(), "--no-passphrase");
    assertEquals(0, detached.exit(), detached.toString());
    CliRun addSig = tuf("signature", "add", repo.toString(), "--role", "root", sig.toString());
    assertEquals(0, addSig.exit(), addSig.toString());
    assertTrue(addSig.out().contains("not ready"), addSig.out());

    // Publishing early is refused with what is missing.
    CliRun early = tuf("publish", repo.toString());
    assertEquals(ExitCode.REFUSED, early.exit(), early.toString());
    assertTrue(early.err().contains("need 1 more"), early.err());

    // Holder 2 signs in place; the new key signs for the new root's own threshold.
    CliRun signed = tuf("sign", repo.toString(), "-k", keys.resolve("root-2.pem").toString(),
        "-k", tmp.resolve("new-root.pem").toString(), "--no-passphrase");
    assertEquals(0, signed.exit(), signed.toString());
    assertTrue(signed.out().contains("ready: `tuf publish`"), signed.out());
    CliRun status = tuf("status", repo.toString(), "--json");
    assertTrue(status.out().contains("\"complete\":true"), status.toString());
    CliRun published = tuf("publish", repo.toString());
    assertEquals(0, published.exit(), published.toString());

    Updater client = client("c");
    client.refresh();
    assertEquals(2, client.trustedRoot().signed().version());
    assertFalse(client.trustedRoot().signed().keys().containsKey(retired));
  }

  /**
   * A repository in JSON and CBOR side by side: both verified, and a root rotation signed
   * offline once per encoding (signatures cover each encoding's bytes).
   */
  @Test
  void repositoryInBothEncodingsIsSignedPerEncoding() throws Exception {
    CliRun created = tuf("init", repo.toString(), "--encoding", "both", "--no-passphrase");
    assertEquals(0, created.exit(), created.toString());
    assertTrue(Files.exists(repo.resolve("metadata/1.root.cbor")));
    Path file = Files.writeString(tmp.resolve("app.bin"), "app");
    assertEquals(0, tuf(online("target", "add", repo.toString(), file.toString())).exit());
    Signer fresh = PemKeys.generate("ed25519", tmp.resolve("new-root.pem"), null);
    PemKeys.writePublicKey(fresh, tmp.resolve("new-root.pub.json"));
    CliRun rotate = tuf("root", "rotate", repo.toString(), "--add-key",
        tmp.resolve("new-root.pub.json").toString(), "-k",
        tmp.resolve("new-root.pem").toString(), "-k", keys.resolve("timestamp.pem").toString(),
        "--no-passphrase");
    assertEquals(ExitCode.STAGED, rotate.exit(), rotate.toString());
    assertTrue(rotate.out().contains("staged"), rotate.out());

    String rootKey = keys.resolve("root.pem").toString();
    Path sig = tmp.resolve("root.sig");
    CliRun ambiguous = tuf("sign", repo.toString(), "--role", "root", "--detached",
        sig.toString(), "-k", rootKey, "--no-passphrase");
    assertEquals(ExitCode.USAGE, ambiguous.exit(), ambiguous.toString());
    assertTrue(ambiguous.err().contains("--encoding"), ambiguous.err());
    for (String encoding : List.of("cbor", "json")) {
      CliRun signed = tuf("sign", repo.toString(), "--role", "root", "--detached",
          sig.toString(), "--encoding", encoding, "-k", rootKey, "--no-passphrase");
      assertEquals(0, signed.exit(), signed.toString());
      String other = encoding.equals("cbor") ? "json" : "cbor";
      CliRun mismatched = tuf("signature", "add", repo.toString(), "--role", "root",
          "--encoding", other, sig.toString());
      assertEquals(ExitCode.REFUSED, mismatched.exit(), mismatched.toString());
      CliRun added = tuf("signature", "add", repo.toString(), "--role", "root", "--encoding",
          encoding, sig.toString());
      assertEquals(0, added.exit(), added.toString());
    }
    CliRun status = tuf("status", repo.toString());
    assertTrue(status.out().contains("ready: `tuf publish`"), status.out());
    assertEquals(0, tuf("publish", repo.toString()).exit());
    for (String root : List.of("metadata/1.root.json", "metadata/1.root.cbor")) {
      CliRun verified = tuf("verify", repo.toString(), "--root", repo.resolve(root).toString());
      assertEquals(0, verified.exit(), verified.toString());
      assertTrue(verified.out().contains("verified: 4 roles, 1 targets"), verified.out());
    }
  }

  @Test
  void documentedFailuresHaveTheirExitStatusAndOneLineMessages() throws Exception {
    assertEquals(0, tuf("init", repo.toString(), "--no-passphrase").exit());
    Path file = Files.writeString(tmp.resolve("f.bin"), "f");

    CliRun unknown = tuf("frobnicate");
    assertEquals(ExitCode.USAGE, unknown.exit());
    CliRun missingKey = tuf("target", "add", repo.toString(), file.toString(), "-k",
        tmp.resolve("absent.pem").toString(), "--no-passphrase");
    assertEquals(ExitCode.KEY_ERROR, missingKey.exit(), missingKey.toString());
    assertTrue(missingKey.err().startsWith("tuf: no key file"), missingKey.err());

    Signer enc = PemKeys.generate("ed25519", tmp.resolve("enc.pem"),
        "right horse".toCharArray());
    assertTrue(enc != null);
    Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "battery staple\n");
    CliRun badPass = tuf("target", "add", repo.toString(), file.toString(), "-k",
        tmp.resolve("enc.pem").toString(), "--passphrase-file", wrong.toString());
    assertEquals(ExitCode.KEY_ERROR, badPass.exit(), badPass.toString());
    assertTrue(badPass.err().contains("hint: check the passphrase"), badPass.err());
    assertFalse(badPass.err().contains("\tat "), "no stack trace without --verbose");
    CliRun verbose = tuf("target", "add", repo.toString(), file.toString(), "-k",
        tmp.resolve("enc.pem").toString(), "--passphrase-file", wrong.toString(), "--verbose");
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");

    CliRun noTimestampKey = tuf("timestamp", repo.toString(), "-k",
        keys.resolve("snapshot.pem").toString(), "--no-passphrase");
    assertEquals(ExitCode.REFUSED, noTimestampKey.exit(), noTimestampKey.toString());

    // Two years on, every published role has expired: publishing would serve metadata
    // clients must reject, so it is refused.
    CliRun expired = tuf(online("publish", repo.toString(), "--time",
        Instant.now().plusSeconds(2L * 366 * 86400).toString()));
    assertEquals(ExitCode.REFUSED, expired.exit(), expired.toString());
    assertTrue(expired.err().contains("expired"), expired.err());

    CliRun notARepo = tuf("status", tmp.resolve("nothing").toString());
    assertEquals(ExitCode.IO_ERROR, notARepo.exit());
    assertTrue(notARepo.err().contains("hint: create one with `tuf init"), notARepo.err());
  }

  @Test
  void everyCommandHasHelpWithAnExample() {
    for (String[] cmd : List.of(new String[] {"init"}, new String[] {"target", "add"},
        new String[] {"target", "remove"}, new String[] {"target", "list"},
        new String[] {"delegate"}, new String[] {"role", "keys", "add"},
        new String[] {"role", "keys", "remove"}, new String[] {"role", "threshold"},
        new String[] {"root", "rotate"}, new String[] {"sign"},
        new String[] {"signature", "add"}, new String[] {"status"}, new String[] {"publish"},
        new String[] {"timestamp"}, new String[] {"discard"})) {
      List<String> args = new ArrayList<>(List.of(cmd));
      args.add("--help");
      CliRun help = tuf(args.toArray(String[]::new));
      assertEquals(0, help.exit(), String.join(" ", cmd));
      assertTrue(help.out().contains("Example"), String.join(" ", cmd) + ":\n" + help.out());
    }
    CliRun top = tuf("--help");
    assertTrue(top.out().contains("Exit status: 0 ok, 1 verification failed"), top.out());
    CliRun completion = tuf("generate-completion");
    assertEquals(0, completion.exit());
    assertTrue(completion.out().contains("complete"), "a bash completion script");
  }

  static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  static Clock clock(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
