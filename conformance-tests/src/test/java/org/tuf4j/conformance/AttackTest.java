package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.BadVersionException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.FetchException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.LengthMismatchException;
import org.tuf4j.RoleNotListedException;
import org.tuf4j.RollbackException;
import org.tuf4j.SlowRetrievalException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.TooLargeException;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.testing.LoopbackServer;
import org.tuf4j.testing.LoopbackServer.Behaviour;
import org.tuf4j.testing.RepositorySimulator;

/**
 * The attacks of TUF spec §1.5.2, each played against tuf4j's client over real loopback HTTP by
 * a repository or a man in the middle, plus path traversal through names. Every refusal is the
 * specific exception for the attack, and leaves the client's trusted metadata byte for byte as
 * it was and no target file written.
 */
@Timeout(30)
class AttackTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final UpdaterConfig CONFIG =
      UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private static final byte[] GOOD = "the genuine firmware".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private RepositorySimulator repo;
  private LoopbackServer server;

  @BeforeEach
  void start() {
    repo = RepositorySimulator.builder().now(NOW).build();
    repo.addTarget("fw.bin", GOOD);
    repo.publish();
    server = LoopbackServer.serve(repo);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Updater client() throws Exception {
    return client(CONFIG, HttpFetcher.create());
  }

  private Updater client(UpdaterConfig config, HttpFetcher fetcher) throws Exception {
    return Updater.builder()
        .metadataDir(tmp.resolve("metadata"))
        .metadataBaseUrl(server.baseUri().resolve("metadata/"))
        .targetBaseUrl(server.baseUri().resolve("targets/"))
        .targetDir(tmp.resolve("downloads"))
        .trustedRoot(repo.trustedRootBytes())
        .fetcher(fetcher)
        .config(config)
        .build();
  }

  /** The client's trusted metadata directory, file name to bytes. */
  private Map<String, byte[]> trusted() throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    Path dir = tmp.resolve("metadata");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          out.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
    assertEquals(before.keySet(), after.keySet());
    before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
  }

  private boolean anyDownload() throws Exception {
    Path dir = tmp.resolve("downloads");
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isPresent();
    }
  }

  /** Refreshes once so that there is trusted state to protect; returns it. */
  private Map<String, byte[]> establishedClient() throws Exception {
    client().refresh();
    return trusted();
  }

  private String servedTargetPath(String path) {
    TargetFile t = repo.signedTargets("targets").signed().targets().get(path);
    return RepositorySimulator.consistentTargetPath(path, t.hashes().get("sha256"));
  }

  // Arbitrary installation: §5.6.3 (and §5.3.4, §5.4.2, §5.5.3) require the role's threshold.

  @Test
  void arbitraryInstallation_targetsSignedByAnUntrustedKeyIsRefused() throws Exception {
    Map<String, byte[]> before = establishedClient();
    repo.signWith("targets", repo.newSigner());
    repo.addTarget("fw.bin", "malware".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    assertThrows(ThresholdNotMetException.class, () -> client().refresh());
    Map<String, byte[]> after = trusted();
    assertArrayEquals(before.get("targets.json"), after.get("targets.json"));
    assertFalse(anyDownload());
  }

  @Test
  void arbitraryInstallation_rootSignedOnlyByTheAttackersNewKeysIsRefused() throws Exception {
    Map<String, byte[]> before = establishedClient();
    Signer attacker = repo.rotateKeys("root");
    repo.signWith("root", attacker);
    repo.publish();
    assertThrows(ThresholdNotMetException.class, () -> client().refresh());
    assertSameFiles(before, trusted());
  }

  // Endless data: every read is bounded (§5.3.3, §5.4.1, §5.5.1, §5.6.1, §5.7.3).

  @Test
  void endlessData_endlessTimestampIsCutAtItsBound() throws Exception {
    Map<String, byte[]> before = establishedClient();
    server.override("metadata/timestamp.json", new Behaviour.Endless());
    TooLargeException e = assertThrows(TooLargeException.class, () -> client().refresh());
    assertEquals(CONFIG.timestampMaxLength(), e.limit());
    assertSameFiles(before, trusted());
  }

  @Test
  void endlessData_endlessRootIsCutAtItsBound() throws Exception {
    server.override("metadata/2.root.json", new Behaviour.Endless());
    UpdaterConfig small = CONFIG.toBuilder().rootMaxLength(50_000).build();
    TooLargeException e = assertThrows(TooLargeException.class,
        () -> client(small, HttpFetcher.create()).refresh());
    assertEquals(50_000, e.limit());
  }

  @Test
  void endlessData_targetLongerThanItsTrustedLengthIsRefused() throws Exception {
    Updater client = client();
    TargetInfo info = client.getTargetInfo("fw.bin").orElseThrow();
    server.override(servedTargetPath("fw.bin"), new Behaviour.Endless());
    assertThrows(LengthMismatchException.class, () -> client.download(info));
    assertFalse(anyDownload());
  }

  // Extraneous dependencies: only roles the trusted delegator delegates to, and the snapshot
  // lists, are loaded (§5.6.2, §5.6.7).

  @Test
  void extraneousDependencies_roleTheSnapshotDoesNotListIsNeverLoaded() throws Exception {
    repo.delegate("targets", "extra", List.of("*"), false);
    repo.addTarget("extra", "dep.bin", GOOD);
    repo.publish();
    // A validly signed snapshot (and timestamp) that no longer list "extra": the delegation in
    // targets now points at a role with no trusted version.
    Snapshot listed = repo.signedSnapshot().signed();
    Map<String, MetaFile> meta = new TreeMap<>(listed.meta());
    assertTrue(meta.remove("extra.json") != null);
    Snapshot without = new Snapshot(listed.specVersion(), listed.version() + 1,
        listed.expires(), meta, Map.of());
    repo.putFile("metadata/" + without.version() + ".snapshot.json",
        RepositorySimulator.sign(without, repo.signers("snapshot")).toCanonicalJson());
    Timestamp ts = repo.signedTimestamp().signed();
    repo.putFile("metadata/timestamp.json", RepositorySimulator.sign(new Timestamp(
        ts.specVersion(), ts.version() + 1, ts.expires(), MetaFile.of(without.version()),
        Map.of()), repo.signers("timestamp")).toCanonicalJson());
    Updater client = client();
    client.refresh();
    server.clearRequests();
    RoleNotListedException e = assertThrows(RoleNotListedException.class,
        () -> client.getTargetInfo("dep.bin"));
    assertEquals("extra", e.role());
    assertEquals(List.of(), server.requests(), "nothing is fetched for an unlisted role");
  }

  @Test
  void extraneousDependencies_delegatedRoleSignedByKeysTheDelegatorDoesNotTrustIsRefused()
      throws Exception {
    repo.delegate("targets", "libs", List.of("lib/*"), false);
    repo.signWith("libs", repo.newSigner());
    repo.addTarget("libs", "lib/dep.so", GOOD);
    repo.publish();
    Updater client = client();
    assertThrows(ThresholdNotMetException.class, () -> client.getTargetInfo("lib/dep.so"));
    assertFalse(Files.exists(tmp.resolve("metadata/libs.json")));
  }

  // Fast-forward: after the repository rotates timestamp and snapshot keys, the client drops
  // the attacker-inflated versions (§5.3.11) and accepts the lower, genuine ones.

  @Test
  void fastForward_recoveryAfterTimestampAndSnapshotKeyRotation() throws Exception {
    repo.setVersion("timestamp", 999_999);
    repo.setVersion("snapshot", 999_999);
    repo.setVersion("targets", 999_999);
    repo.publish();
    client().refresh();
    repo.rotateKeys("timestamp");
    repo.rotateKeys("snapshot");
    repo.setVersion("timestamp", 5);
    repo.setVersion("snapshot", 5);
    repo.setVersion("targets", 5);
    repo.publish();
    Updater client = client();
    client.refresh();
    assertEquals(5, client.trustedTimestamp().orElseThrow().signed().version());
    assertEquals(5, client.trustedSnapshot().orElseThrow().signed().version());
    assertArrayEquals(repo.file("metadata/timestamp.json"),
        Files.readAllBytes(tmp.resolve("metadata/timestamp.json")));
  }

  @Test
  void fastForward_withoutKeyRotationTheInflatedVersionStillBlocksRollback() throws Exception {
    repo.setVersion("timestamp", 999_999);
    repo.publish();
    Map<String, byte[]> before = establishedClient();
    repo.setVersion("timestamp", 5);
    repo.publish();
    assertThrows(RollbackException.class, () -> client().refresh());
    assertSameFiles(before, trusted());
  }

  // Indefinite freeze: expired metadata is refused against the fixed start time (§5.3.10,
  // §5.4.4, §5.5.6, §5.6.5).

  @Test
  void indefiniteFreeze_replayedExpiredTimestampIsRefused() throws Exception {
    Map<String, byte[]> before = establishedClient();
    repo.setExpires("timestamp", NOW.minusSeconds(1));
    repo.publish();
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> client().refresh());
    assertEquals("timestamp", e.role());
    assertSameFiles(before, trusted());
  }

  @Test
  void indefiniteFreeze_expiredTargetsIsRefused() throws Exception {
    repo.setExpires("targets", NOW.minusSeconds(1));
    repo.publish();
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> client().refresh());
    assertEquals("targets", e.role());
    assertFalse(Files.exists(tmp.resolve("metadata/targets.json")));
  }

  @Test
  void indefiniteFreeze_frozenRepositoryIsRefusedOnceItsRootExpires() throws Exception {
    Map<String, byte[]> before = establishedClient();
    UpdaterConfig later = CONFIG.toBuilder()
        .clock(Clock.fixed(NOW.plus(Duration.ofDays(400)), ZoneOffset.UTC)).build();
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> client(later, HttpFetcher.create()).refresh());
    assertEquals("root", e.role());
    assertSameFiles(before, trusted());
  }

  // Malicious mirrors: a mirror changes bytes; hashes and signatures catch it (§5.5.2,
  // §5.6.2, §5.7.3).

  @Test
  void maliciousMirror_modifiedTargetIsRefused() throws Exception {
    Updater client = client();
    TargetInfo info = client.getTargetInfo("fw.bin").orElseThrow();
    byte[] evil = GOOD.clone();
    evil[0] ^= 1;
    server.override(servedTargetPath("fw.bin"), new Behaviour.Content(evil));
    assertThrows(HashMismatchException.class, () -> client.download(info));
    assertFalse(anyDownload());
  }

  @Test
  void maliciousMirror_modifiedMetadataIsRefused() throws Exception {
    Map<String, byte[]> before = establishedClient();
    repo.addTarget("new.bin", GOOD);
    repo.publish();
    byte[] timestamp = repo.file("metadata/timestamp.json").clone();
    String text = new String(timestamp, StandardCharsets.UTF_8);
    int at = text.indexOf("\"version\":") + 10;
    timestamp[at] = (byte) (timestamp[at] == '9' ? '8' : timestamp[at] + 1);
    server.override("metadata/timestamp.json", new Behaviour.Content(timestamp));
    assertThrows(ThresholdNotMetException.class, () -> client().refresh());
    assertSameFiles(before, trusted());
  }

  // Mix-and-match: each file must be exactly the version (and hash) its parent lists (§5.5.2,
  // §5.5.4, §5.6.2, §5.6.4).

  @Test
  void mixAndMatch_olderTargetsServedUnderTheNewVersionNameIsRefused() throws Exception {
    long old = repo.signedTargets("targets").signed().version();
    byte[] oldTargets = repo.file(RepositorySimulator.metadataPath("targets", old));
    repo.addTarget("fw.bin", "version two".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    server.override(RepositorySimulator.metadataPath("targets", old + 1),
        new Behaviour.Content(oldTargets));
    assertThrows(BadVersionException.class, () -> client().refresh());
    assertFalse(Files.exists(tmp.resolve("metadata/targets.json")));
  }

  @Test
  void mixAndMatch_snapshotNotMatchingTheTimestampsHashIsRefused() throws Exception {
    repo.includeLengthAndHashesInTimestamp(true);
    repo.touch("targets");
    repo.publish();
    byte[] other = repo.file("metadata/1.snapshot.json");
    long listed = repo.signedTimestamp().signed().snapshotMeta().version();
    server.override("metadata/" + listed + ".snapshot.json", new Behaviour.Content(other));
    assertInstanceOf(org.tuf4j.VerificationException.class,
        assertThrows(org.tuf4j.VerificationException.class, () -> client().refresh()));
    assertFalse(Files.exists(tmp.resolve("metadata/snapshot.json")));
  }

  // Rollback: versions never go down (§5.3.5, §5.4.3, §5.5.5).

  @Test
  void rollback_olderTimestampIsRefused() throws Exception {
    byte[] v1 = repo.file("metadata/timestamp.json");
    repo.publish();
    Map<String, byte[]> before = establishedClient();
    server.override("metadata/timestamp.json", new Behaviour.Content(v1));
    RollbackException e = assertThrows(RollbackException.class, () -> client().refresh());
    assertEquals("timestamp", e.role());
    assertSameFiles(before, trusted());
  }

  @Test
  void rollback_olderTargetsVersionInANewSnapshotIsRefused() throws Exception {
    repo.setVersion("targets", 10);
    repo.publish();
    Map<String, byte[]> before = establishedClient();
    repo.setVersion("targets", 9);
    repo.publish();
    RollbackException e = assertThrows(RollbackException.class, () -> client().refresh());
    assertEquals("targets.json", e.role());
    assertArrayEquals(before.get("snapshot.json"), trusted().get("snapshot.json"));
  }

  // Slow retrieval: a server that stalls or drips is cut off (§1.5.2).

  @Test
  void slowRetrieval_drippingServerIsCutOff() throws Exception {
    server.override("metadata/timestamp.json", new Behaviour.Drip(1, Duration.ofMillis(200)));
    HttpFetcher impatient = HttpFetcher.builder().minBytesPerSecond(100)
        .gracePeriod(Duration.ofMillis(500)).readTimeout(Duration.ofSeconds(5)).build();
    long start = System.nanoTime();
    assertThrows(SlowRetrievalException.class, () -> client(CONFIG, impatient).refresh());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
  }

  @Test
  void slowRetrieval_stalledServerIsCutOff() throws Exception {
    server.override("metadata/timestamp.json",
        new Behaviour.StallAfterHeaders(Duration.ofSeconds(60)));
    HttpFetcher impatient = HttpFetcher.builder().readTimeout(Duration.ofMillis(500)).build();
    FetchException e = assertThrows(FetchException.class,
        () -> client(CONFIG, impatient).refresh());
    assertInstanceOf(SlowRetrievalException.class, e);
  }

  // Threshold bypass with duplicate keys: one key counts once (§5.3.4 and §4.3).

  @Test
  void duplicateKeys_oneKeyUnderTwoIdsDoesNotMeetAThresholdOfTwo() throws Exception {
    Signer only = repo.signers("targets").values().iterator().next();
    repo.addKey("targets", "the-same-key-again", only);
    repo.setThreshold("targets", 2);
    repo.publish();
    assertThrows(ThresholdNotMetException.class, () -> client().refresh());
  }

  @Test
  void duplicateKeys_delegatedRoleThresholdCountsDistinctKeys() throws Exception {
    Signer libs = repo.delegate("targets", "libs", List.of("*"), false);
    repo.addKey("libs", "libs-key-again", libs);
    repo.setThreshold("libs", 2);
    repo.addTarget("libs", "lib.so", GOOD);
    repo.publish();
    Updater client = client();
    assertThrows(ThresholdNotMetException.class, () -> client.getTargetInfo("lib.so"));
  }

  // Wrong software installation: a role is trusted only for the paths it is delegated (§5.6.7).

  @Test
  void wrongSoftware_delegatedRoleCannotListPathsOutsideItsDelegation() throws Exception {
    repo.delegate("targets", "docs", List.of("docs/*"), false);
    repo.addTarget("docs", "bin/installer.exe", GOOD);
    repo.publish();
    assertEquals(Optional.empty(), client().getTargetInfo("bin/installer.exe"));
  }

  @Test
  void wrongSoftware_targetServedForAnotherPathIsRefused() throws Exception {
    byte[] other = "other software".getBytes(StandardCharsets.UTF_8);
    repo.addTarget("other.bin", other);
    repo.publish();
    Updater client = client();
    TargetInfo info = client.getTargetInfo("fw.bin").orElseThrow();
    server.override(servedTargetPath("fw.bin"), new Behaviour.Content(other));
    assertThrows(org.tuf4j.VerificationException.class, () -> client.download(info));
    assertFalse(anyDownload());
  }

  // Path traversal through names (lesson: names become file names only after encoding).

  @Test
  void pathTraversal_targetNameIsStoredAsOneFileInTheTargetDirectory() throws Exception {
    repo.addTarget("../../escape.txt", GOOD);
    repo.addTarget("/etc/passwd", GOOD);
    repo.publish();
    Updater client = client();
    for (String name : List.of("../../escape.txt", "/etc/passwd")) {
      Path file = client.download(client.getTargetInfo(name).orElseThrow());
      assertEquals(tmp.resolve("downloads"), file.getParent(), name);
    }
    try (Stream<Path> all = Files.walk(tmp)) {
      assertTrue(all.allMatch(p -> p.startsWith(tmp)));
    }
    assertFalse(Files.exists(tmp.getParent().resolve("escape.txt")));
  }

  @Test
  void pathTraversal_delegatedRoleNamesAreQuotedInUrlsAndStoredAsOneFile() throws Exception {
    List<String> names = List.of("../x", "/abs", "a/b", "?", "#");
    for (int i = 0; i < names.size(); i++) {
      repo.delegate("targets", names.get(i), List.of("p" + i + "/*"), false);
      repo.addTarget(names.get(i), "p" + i + "/t.bin", GOOD);
    }
    repo.publish();
    Updater client = client();
    client.refresh();
    server.clearRequests();
    for (int i = 0; i < names.size(); i++) {
      assertEquals(names.get(i),
          client.getTargetInfo("p" + i + "/t.bin").orElseThrow().signingRole());
    }
    for (String name : names) {
      String quoted = RepositorySimulator.encodeRoleName(name);
      assertTrue(server.requests().contains("metadata/1." + quoted + ".json"),
          name + " -> " + server.requests());
    }
    try (Stream<Path> files = Files.list(tmp.resolve("metadata"))) {
      assertEquals(4 + names.size(), files.count(), "one file per role, all in the directory");
    }
    try (Stream<Path> all = Files.walk(tmp)) {
      assertTrue(all.allMatch(p -> p.startsWith(tmp)));
    }
  }
}
