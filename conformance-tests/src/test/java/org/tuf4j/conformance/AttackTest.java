package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.BadVersionException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.LengthMismatchException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.NotFoundException;
import org.tuf4j.RoleNotListedException;
import org.tuf4j.RollbackException;
import org.tuf4j.SlowRetrievalException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.TooLargeException;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.UpdateEvent;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.testing.SettableClock;
import org.tuf4j.loopback.LoopbackServer.Behaviour;
import org.tuf4j.testing.RepositorySimulator;

/**
 * The attacks of TUF spec §1.5.2, each played against the real client ({@link Updater} over
 * {@link HttpFetcher}) and a real repository ({@link RepositorySimulator}) served over loopback
 * HTTP ({@link LoopbackServer}). Every refusal asserts the specific exception, that the trusted
 * metadata on disk did not take the attacker's bytes, and that no target file was written.
 *
 * <p>Every client reports its {@link UpdateEvent}s here: the attacks whose events name the attack
 * (rollback refused, freeze detected, fast-forward recovery, root rotated) assert them, every
 * test asserts that each refresh that started ended in exactly one success or failure, and the
 * events of each test are written to {@code target/attack-events.md} (issue 18's table).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AttackTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final byte[] APP_V1 = "app version 1\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LIB = "library 1.0\n".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path tmp;
  Path metadataDir;
  Path targetDir;
  RepositorySimulator sim;
  LoopbackServer server;
  /** What every client of the test reported, in order. */
  final List<UpdateEvent> events = new ArrayList<>();
  private static final Map<String, String> EVENTS_BY_TEST = new ConcurrentSkipListMap<>();

  @BeforeEach
  void setUp() {
    metadataDir = tmp.resolve("client/metadata");
    // Deep, so that a "../../x" escape would still land inside tmp where the test can see it.
    targetDir = tmp.resolve("client/deep/targets");
    start(RepositorySimulator.builder());
  }

  @AfterEach
  void tearDown(TestInfo info) {
    server.close();
    String name = info.getTestMethod().orElseThrow().getName()
        + (info.getDisplayName().startsWith("[") ? " " + info.getDisplayName() : "");
    EVENTS_BY_TEST.put(name, describe(events));
    assertEachRefreshEndsOnce(events);
  }

  @AfterAll
  static void writeEventTable() throws IOException {
    StringBuilder table = new StringBuilder("| attack test | events (one refresh per group) |\n"
        + "|---|---|\n");
    EVENTS_BY_TEST.forEach((test, described) -> table.append("| ").append(test).append(" | ")
        .append(described.isEmpty() ? "(none)" : described).append(" |\n"));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "attack-events.md"), table);
  }

  /** Every {@code RefreshStarted} is followed by one success or failure before anything starts. */
  static void assertEachRefreshEndsOnce(List<UpdateEvent> events) {
    boolean open = false;
    for (UpdateEvent e : events) {
      if (e instanceof UpdateEvent.RefreshStarted) {
        assertFalse(open, "a refresh started before the previous one ended: " + events);
        open = true;
      } else if (e instanceof UpdateEvent.RefreshSucceeded
          || e instanceof UpdateEvent.RefreshFailed) {
        assertTrue(open, "a refresh ended that had not started: " + events);
        open = false;
      }
    }
    assertFalse(open, "a refresh never ended: " + events);
  }

  /** The events in short form, refreshes separated by {@code ;}. */
  static String describe(List<UpdateEvent> events) {
    List<String> out = new ArrayList<>();
    for (UpdateEvent e : events) {
      String item;
      if (e instanceof UpdateEvent.RefreshStarted) {
        item = "; Started";
      } else if (e instanceof UpdateEvent.RefreshSucceeded s) {
        item = "Succeeded" + (s.unchanged() ? "(unchanged)" : "");
      } else if (e instanceof UpdateEvent.RefreshFailed f) {
        item = "Failed(" + f.cause().getClass().getSimpleName() + ")";
      } else if (e instanceof UpdateEvent.RollbackRefused r) {
        item = "RollbackRefused(" + r.role() + " v" + r.trustedVersion() + " <- "
            + (r.offeredVersion().isPresent() ? "v" + r.offeredVersion().getAsLong() : "none")
            + ")";
      } else if (e instanceof UpdateEvent.FreezeDetected f) {
        item = "FreezeDetected(" + f.role() + ", stale " + f.staleBy() + ")";
      } else if (e instanceof UpdateEvent.RootRotated r) {
        item = "RootRotated(v" + r.fromVersion() + " -> v" + r.toVersion() + ")";
      } else if (e instanceof UpdateEvent.FastForwardRecovery f) {
        item = "FastForwardRecovery(root v" + f.rootVersion() + ")";
      } else {
        item = e.getClass().getSimpleName();
      }
      out.add(item);
    }
    return String.join(", ", out).replace(", ;", ";").replaceFirst("^; ", "");
  }

  /** Asserts that some client of this test reported {@code expected}. */
  void assertReported(UpdateEvent expected) {
    assertTrue(events.contains(expected), "expected " + expected + " in " + events);
  }

  /** (Re)starts the repository with these options, with one target, version 1 of everything. */
  void start(RepositorySimulator.Builder options) {
    if (server != null) {
      server.close();
    }
    sim = options.now(NOW).build();
    sim.addTarget("app.bin", APP_V1);
    sim.publish(); // targets v2, snapshot v2, timestamp v2 (v1 was the empty repository)
    server = LoopbackServer.serve(sim::findFile);
  }

  // ---------------------------------------------------------------- client helpers

  static HttpFetcher fetcher() {
    return HttpFetcher.builder().connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2)).build();
  }

  static UpdaterConfig.Builder config(Instant now) {
    return UpdaterConfig.builder().clock(Clock.fixed(now, ZoneOffset.UTC));
  }

  Updater updater() throws IOException {
    return updater(server, config(NOW).build(), fetcher());
  }

  Updater updater(Instant now) throws IOException {
    return updater(server, config(now).build(), fetcher());
  }

  Updater updater(UpdaterConfig config) throws IOException {
    return updater(server, config, fetcher());
  }

  Updater updater(LoopbackServer from, UpdaterConfig config, HttpFetcher fetcher)
      throws IOException {
    return Updater.builder()
        .metadataDir(metadataDir)
        .metadataBaseUrl(from.baseUri().resolve("metadata/"))
        .targetBaseUrl(from.baseUri().resolve("targets/"))
        .targetDir(targetDir)
        .trustedRoot(sim.trustedRootBytes())
        .fetcher(fetcher)
        .config(config)
        .eventListener(events::add)
        .build();
  }

  /** A client that has refreshed against the honest repository. */
  Updater trustingClient() throws Exception {
    Updater client = updater();
    client.refresh();
    return client;
  }

  /** Every file under {@code dir}, by path relative to it. */
  static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.exists(dir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  /** The trusted metadata files: not the client's lock file, nor its clock floor (which moves
   *  with the clock). */
  Map<String, byte[]> trustedFiles() throws IOException {
    Map<String, byte[]> out = files(metadataDir);
    out.remove(".tuf4j-lock");
    out.remove("client-state");
    return out;
  }

  static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet(), "file names");
    expected.forEach((name, bytes) ->
        assertArrayEquals(bytes, actual.get(name), name + " differs"));
  }

  /** {@code before} with the named local files replaced by what the repository now serves. */
  Map<String, byte[]> advanced(Map<String, byte[]> before, String... servedPaths) {
    Map<String, byte[]> out = new TreeMap<>(before);
    for (String path : servedPaths) {
      out.put(path.substring(path.lastIndexOf('/') + 1), sim.file(path));
    }
    return out;
  }

  void assertNoTargetWritten() throws IOException {
    if (Files.exists(targetDir)) {
      // A target's directories may have been made for it; no file, not even a temporary one.
      try (Stream<Path> walk = Files.walk(targetDir)) {
        assertEquals(List.of(), walk.filter(p -> !Files.isDirectory(p)).toList(),
            "nothing may be left in the target directory");
      }
    }
  }

  /** The URL path of a target with consistent snapshots: {@code targets/DIR/SHA256.NAME}. */
  static String targetPath(String path, byte[] content) {
    return RepositorySimulator.consistentTargetPath(path, sha256(content));
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A timestamp signed with the repository's (compromised) timestamp key. */
  byte[] forgedTimestamp(long version, MetaFile snapshotMeta) {
    return RepositorySimulator.sign(new Timestamp(RepositorySimulator.SPEC_VERSION, version,
        sim.defaultExpires(), snapshotMeta, Map.of()), sim.signers("timestamp"))
        .toCanonicalJson();
  }

  /** A snapshot signed with the repository's (compromised) snapshot key. */
  byte[] forgedSnapshot(long version, Map<String, MetaFile> meta) {
    return RepositorySimulator.sign(new Snapshot(RepositorySimulator.SPEC_VERSION, version,
        sim.defaultExpires(), meta, Map.of()), sim.signers("snapshot")).toCanonicalJson();
  }

  /** The bytes with every occurrence of {@code from} (same length) replaced by {@code to}. */
  static byte[] tamper(byte[] bytes, String from, String to) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(s.contains(from), "nothing to tamper with: " + from);
    return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
  }

  static long elapsedMillis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  // ---------------------------------------------------------------- attacks

  /** §1.5.2 "Arbitrary installation": only metadata signed by trusted keys is believed. */
  @Nested
  class ArbitraryInstallation {
    @Test
    void arbitraryInstallation_targetSignedByUntrustedKeyIsRefused() throws Exception {
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      // The attacker holds the online snapshot and timestamp keys but not the targets key.
      sim.addTarget("app.bin", "malware".getBytes(StandardCharsets.UTF_8));
      sim.signWith("targets", sim.newSigner());
      sim.publish();

      // §5.6.3: targets must be signed by a threshold of the keys root assigns to targets.
      ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class, client::refresh);
      assertEquals("targets", e.role());
      // Timestamp and snapshot are genuinely valid and were persisted (§5.4.5, §5.5.7).
      assertSameFiles(advanced(before, "metadata/timestamp.json", "metadata/snapshot.json"),
          trustedFiles());
      // A failed refresh leaves nothing trusted in memory; the disk is as checked above.
      assertTrue(client.trustedTargets("targets").isEmpty());
      // A fresh client on the same directory cannot be talked into the malware either.
      assertThrows(ThresholdNotMetException.class, () -> updater().getTargetInfo("app.bin"));
      assertNoTargetWritten();
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "timestamp", "snapshot"})
    void arbitraryInstallation_metadataSignedByUntrustedKeyIsRefused(String role)
        throws Exception {
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      sim.signWith(role, sim.newSigner());
      sim.publish();

      // §5.3.4 (root N+1 signed by N's keys), §5.4.2 (timestamp), §5.5.3 (snapshot).
      ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class, client::refresh);
      assertEquals(role, e.role());
      Map<String, byte[]> expected = role.equals("snapshot")
          ? advanced(before, "metadata/timestamp.json") : before;
      assertSameFiles(expected, trustedFiles());
      // A failed refresh leaves nothing trusted in memory; the disk is as before.
      assertTrue(client.trustedTimestamp().isEmpty());
      assertNoTargetWritten();
    }
  }

  /** §1.5.2 "Endless data": every download is bounded before it is read. */
  @Nested
  class EndlessData {
    @Test
    void endlessData_endlessTimestampBodyIsCutAtTheLimit() throws Exception {
      trustingClient();
      Map<String, byte[]> before = trustedFiles();
      server.override("metadata/timestamp.json", new Behaviour.Endless());
      Updater client = updater(config(NOW).timestampMaxLength(8_000).build());

      // §5.4.1: at most X bytes of timestamp.
      TooLargeException e = assertThrows(TooLargeException.class, client::refresh);
      assertEquals(8_000, e.limit());
      assertSameFiles(before, trustedFiles());
    }

    @Test
    void endlessData_endlessRootBodyIsCutAtTheLimit() throws Exception {
      trustingClient();
      Map<String, byte[]> before = trustedFiles();
      server.override("metadata/2.root.json", new Behaviour.Endless());
      Updater client = updater(config(NOW).rootMaxLength(100_000).build());

      // §5.3.3: at most W bytes of each root version.
      TooLargeException e = assertThrows(TooLargeException.class, client::refresh);
      assertEquals(100_000, e.limit());
      assertSameFiles(before, trustedFiles());
    }

    @Test
    void endlessData_snapshotLongerThanTimestampListsIsRefused() throws Exception {
      start(RepositorySimulator.builder().lengthAndHashesInTimestamp(true));
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      sim.touch("targets");
      sim.publish();
      long listed = sim.signedTimestamp().signed().snapshotMeta().length().orElseThrow();
      server.override("metadata/3.snapshot.json", new Behaviour.Endless());

      // §5.5.1: at most the length the timestamp lists.
      TooLargeException e = assertThrows(TooLargeException.class, client::refresh);
      assertEquals(listed, e.limit());
      assertSameFiles(advanced(before, "metadata/timestamp.json"), trustedFiles());
    }

    @Test
    void endlessData_oversizedTargetsMetadataIsRefused() throws Exception {
      Updater client = updater(config(NOW).targetsMaxLength(20_000).build());
      client.refresh();
      Map<String, byte[]> before = trustedFiles();
      sim.touch("targets");
      sim.publish();
      // Declared size above the bound: refused before the body is read.
      server.override("metadata/3.targets.json", new Behaviour.Content(new byte[50_000]));

      // §5.6.1: at most Z bytes when the snapshot lists no length.
      TooLargeException e = assertThrows(TooLargeException.class, client::refresh);
      assertEquals(20_000, e.limit());
      assertSameFiles(advanced(before, "metadata/timestamp.json", "metadata/snapshot.json"),
          trustedFiles());
    }

    @Test
    void endlessData_endlessTargetIsCutAtItsTrustedLength() throws Exception {
      Updater client = trustingClient();
      TargetInfo info = client.getTargetInfo("app.bin").orElseThrow();
      server.override(targetPath("app.bin", APP_V1), new Behaviour.Endless());

      // §5.7.3: read at most the trusted length (one more byte tells it was longer).
      LengthMismatchException e = assertThrows(LengthMismatchException.class,
          () -> client.download(info));
      assertEquals(APP_V1.length, e.expectedLength());
      assertEquals(APP_V1.length + 1, e.actualLength());
      assertNoTargetWritten();
    }

    @Test
    void endlessData_targetDeclaredLargerThanTrustedLengthIsRefused() throws Exception {
      Updater client = trustingClient();
      TargetInfo info = client.getTargetInfo("app.bin").orElseThrow();
      server.override(targetPath("app.bin", APP_V1), new Behaviour.Content(new byte[1 << 20]));

      TooLargeException e = assertThrows(TooLargeException.class, () -> client.download(info));
      assertEquals(APP_V1.length, e.limit());
      assertNoTargetWritten();
    }
  }

  /** §1.5.2 "Extraneous dependencies": only roles delegated by trusted metadata count. */
  @Nested
  class ExtraneousDependencies {
    @BeforeEach
    void delegateLibraries() {
      sim.delegate("targets", "libs", List.of("lib/*"), false);
      sim.addTarget("libs", "lib/x.so", LIB);
      sim.publish();
    }

    @Test
    void extraneousDependencies_delegatedRoleSignedByUntrustedKeyIsRefused() throws Exception {
      Updater client = trustingClient();
      assertEquals("libs", client.getTargetInfo("lib/x.so").orElseThrow().signingRole());
      Map<String, byte[]> before = trustedFiles();
      assertTrue(before.containsKey("d-libs.json"));
      sim.addTarget("libs", "lib/evil.so", "malware".getBytes(StandardCharsets.UTF_8));
      sim.signWith("libs", sim.newSigner());
      sim.publish();

      // §5.6.7.2 applies §5.6.3 with the keys the delegator assigns to "libs".
      Updater fresh = updater();
      ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class,
          () -> fresh.getTargetInfo("lib/evil.so"));
      assertEquals("libs", e.role());
      // The delegator did not change; only timestamp and snapshot advanced.
      assertSameFiles(advanced(before, "metadata/timestamp.json", "metadata/snapshot.json"),
          trustedFiles());
      assertNoTargetWritten();
    }

    @Test
    void extraneousDependencies_roleNobodyDelegatesToIsNeverFetched() throws Exception {
      // "evil" is in the snapshot and serves lib/evil.so, but no trusted role delegates to it.
      sim.delegate("targets", "evil", List.of("lib/*"), false);
      sim.addTarget("evil", "lib/evil.so", "malware".getBytes(StandardCharsets.UTF_8));
      sim.publish();
      sim.updateTargets("targets", t -> withoutDelegation(t, "evil"));
      sim.publish();
      assertTrue(sim.signedSnapshot().signed().metaFor("evil").isPresent());
      server.clearRequests();

      // §5.6.7: the search follows delegations from the top-level targets only.
      Updater client = trustingClient();
      assertEquals(Optional.empty(), client.getTargetInfo("lib/evil.so"));
      assertFalse(server.requests().stream().anyMatch(p -> p.contains("evil")),
          "requests: " + server.requests());
      assertFalse(trustedFiles().keySet().stream().anyMatch(n -> n.contains("evil")));
      assertNoTargetWritten();
    }

    @Test
    void extraneousDependencies_delegationWithEmptyRoleNameIsRefused() throws Exception {
      sim.delegate("targets", "placeholder", List.of("opt/*"), false);
      sim.publish();
      // The model cannot build it, so the delegator's signed JSON is edited and re-signed.
      String signed = new String(CanonicalJson.encode(sim.signedTargets("targets").signed()
          .toJson()), StandardCharsets.UTF_8);
      JsonObject edited = (JsonObject) CanonicalJson.parse(tamper(signed.getBytes(
          StandardCharsets.UTF_8), "\"name\":\"placeholder\"", "\"name\":\"\""));
      byte[] targets = RepositorySimulator.signJson(edited, sim.signers("targets"));
      long version = sim.signedTargets("targets").signed().version();
      sim.putFile(RepositorySimulator.metadataPath("targets", version), targets);
      Updater client = updater();

      // python-tuf refuses empty delegated role names when parsing the delegator (§5.6.3 input).
      assertThrows(MalformedMetadataException.class, () -> {
        client.refresh();
        client.getTargetInfo("opt/x");
      });
      assertFalse(trustedFiles().containsKey("targets.json"));
      assertNoTargetWritten();
    }

    @Test
    void extraneousDependencies_delegationMissingFromSnapshotIsRefused() throws Exception {
      // Targets delegates ghost/* to "ghost", whose metadata the snapshot does not list; a
      // mirror serves a validly signed ghost.json anyway.
      Signer ghostKey = sim.newSigner();
      String ghostId = RepositorySimulator.keyIdOf(ghostKey);
      sim.updateTargets("targets", t -> withDelegation(t, new DelegatedRole("ghost",
          List.of(ghostId), 1, Optional.of(false), Optional.of(List.of("ghost/*")),
          Optional.empty(), Map.of()), ghostId, ghostKey));
      sim.publish();
      byte[] ghost = RepositorySimulator.sign(new Targets(RepositorySimulator.SPEC_VERSION, 1,
          sim.defaultExpires(), Map.of(), Optional.empty(), Map.of()), Map.of(ghostId, ghostKey))
          .toCanonicalJson();
      sim.putFile("metadata/1.ghost.json", ghost);
      sim.putFile("metadata/ghost.json", ghost);
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      server.clearRequests();

      // §5.6.7.2 via §5.6.1: a role's metadata is only fetched at the version snapshot lists.
      RoleNotListedException e = assertThrows(RoleNotListedException.class,
          () -> client.getTargetInfo("ghost/x"));
      assertEquals("ghost", e.role());
      assertEquals("snapshot", e.listing());
      assertFalse(server.requests().stream().anyMatch(p -> p.contains("ghost")));
      assertSameFiles(before, trustedFiles());
    }
  }

  /** A clock a test can move, for one long-lived updater across refreshes. */


  static Targets withoutDelegation(Targets t, String name) {
    Delegations d = t.delegations().orElseThrow();
    List<DelegatedRole> roles = d.roles().orElseThrow().stream()
        .filter(r -> !r.name().equals(name)).toList();
    return new Targets(t.specVersion(), t.version(), t.expires(), t.targets(),
        Optional.of(new Delegations(d.keys(), Optional.of(roles), Optional.empty(),
            d.unrecognizedFields())), t.unrecognizedFields());
  }

  static Targets withDelegation(Targets t, DelegatedRole role, String keyId, Signer key) {
    Delegations d = t.delegations().orElse(new Delegations(Map.of(), Optional.of(List.of()),
        Optional.empty(), Map.of()));
    var keys = new LinkedHashMap<>(d.keys());
    keys.put(keyId, RepositorySimulator.keyOf(key));
    var roles = new ArrayList<>(d.roles().orElseThrow());
    roles.add(role);
    return new Targets(t.specVersion(), t.version(), t.expires(), t.targets(),
        Optional.of(new Delegations(keys, Optional.of(roles), Optional.empty(),
            d.unrecognizedFields())), t.unrecognizedFields());
  }

  /**
   * §1.5.2 "Fast-forward": an attacker with an online key inflates versions; the client is stuck
   * until the repository rotates that key, then recovers (§5.3.11) and accepts lower versions.
   */
  @Nested
  class FastForward {
    @Test
    void fastForward_inflatedTimestampVersionIsRecoveredByTimestampKeyRotation()
        throws Exception {
      Updater client = trustingClient();
      long snapshotVersion = sim.signedSnapshot().signed().version();
      server.override("metadata/timestamp.json",
          new Behaviour.Content(forgedTimestamp(1000, MetaFile.of(snapshotVersion))));
      client.refresh(); // the key is valid, so the inflated timestamp is trusted
      assertEquals(1000, client.trustedTimestamp().orElseThrow().signed().version());
      server.clearOverrides();

      // The honest repository moves on to version 3: a rollback from the client's view (§5.4.3).
      sim.publish();
      Map<String, byte[]> stuck = trustedFiles();
      RollbackException e = assertThrows(RollbackException.class, client::refresh);
      assertEquals("timestamp", e.role());
      assertEquals(1000, e.trustedVersion());
      assertSameFiles(stuck, trustedFiles());

      // Recovery: root v2 rotates the timestamp key, so the client drops its timestamp (§5.3.11).
      sim.rotateKeys("timestamp");
      sim.publish();
      long honest = sim.signedTimestamp().signed().version();
      assertTrue(honest < 1000);
      client.refresh();
      assertEquals(2, client.trustedRoot().signed().version());
      assertEquals(honest, client.trustedTimestamp().orElseThrow().signed().version());
      assertReported(new UpdateEvent.RollbackRefused(NOW, "timestamp", 1000,
          OptionalLong.of(3)));
      assertReported(new UpdateEvent.FastForwardRecovery(NOW, 2));
      assertArrayEquals(sim.file("metadata/timestamp.json"),
          trustedFiles().get("timestamp.json"));
      updater().refresh(); // and the state on disk keeps working
    }

    @Test
    void fastForward_inflatedTargetsVersionIsRecoveredBySnapshotKeyRotation() throws Exception {
      Updater client = trustingClient();
      // Attacker holding the snapshot and timestamp keys lists targets at version 1000.
      long next = sim.signedSnapshot().signed().version() + 1;
      byte[] forged = forgedSnapshot(next, Map.of("targets.json", MetaFile.of(1000)));
      server.override("metadata/" + next + ".snapshot.json", new Behaviour.Content(forged));
      server.override("metadata/timestamp.json",
          new Behaviour.Content(forgedTimestamp(next, MetaFile.of(next))));
      assertThrows(NotFoundException.class, client::refresh); // no 1000.targets.json
      assertArrayEquals(forged, trustedFiles().get("snapshot.json"));
      server.clearOverrides();

      // The honest repository publishes targets 3 and 4: lower than 1000 (§5.5.5).
      sim.touch("targets");
      sim.publish();
      sim.touch("targets");
      sim.publish();
      Map<String, byte[]> before = trustedFiles();
      RollbackException e = assertThrows(RollbackException.class, client::refresh);
      assertEquals("targets.json", e.role());
      assertEquals(1000, e.trustedVersion());
      assertSameFiles(advanced(before, "metadata/timestamp.json"), trustedFiles());

      // Recovery: root v2 rotates the snapshot key; timestamp and snapshot are dropped (§5.3.11).
      sim.rotateKeys("snapshot");
      sim.publish();
      client.refresh();
      assertEquals(2, client.trustedRoot().signed().version());
      assertReported(new UpdateEvent.RollbackRefused(NOW, "targets.json", 1000,
          OptionalLong.of(4)));
      assertReported(new UpdateEvent.FastForwardRecovery(NOW, 2));
      assertEquals(4, client.trustedSnapshot().orElseThrow().signed().metaFor("targets")
          .orElseThrow().version());
      assertEquals(4, client.trustedTargets("targets").orElseThrow().signed().version());
      assertArrayEquals(sim.file("metadata/snapshot.json"), trustedFiles().get("snapshot.json"));
    }
  }

  /** §1.5.2 "Indefinite freeze": metadata replayed past its expiry is refused. */
  @Nested
  class IndefiniteFreeze {
    @ParameterizedTest
    @ValueSource(strings = {"root", "timestamp", "snapshot", "targets"})
    void indefiniteFreeze_expiredMetadataReplayedIsRefused(String role) throws Exception {
      sim.setExpires(role, NOW.plus(Duration.ofDays(1)));
      sim.publish();
      trustingClient();
      Map<String, byte[]> before = trustedFiles();

      // Two days on, the attacker still serves the same files.
      // §5.3.10 (root), §5.4.4 (timestamp), §5.5.6 (snapshot), §5.6.5 (targets).
      Updater later = updater(NOW.plus(Duration.ofDays(2)));
      ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, later::refresh);
      assertEquals(role, e.role());
      assertSameFiles(before, trustedFiles());
      assertReported(new UpdateEvent.FreezeDetected(NOW.plus(Duration.ofDays(2)), role,
          e.version(), NOW.plus(Duration.ofDays(1)), Duration.ofDays(1)));
      assertEquals(Optional.empty(), later.trustedTimestamp());
      assertNoTargetWritten();
    }

    @Test
    void indefiniteFreeze_nothingIsServedAfterARefreshDetectedTheFreeze() throws Exception {
      sim.setExpires("timestamp", NOW.plus(Duration.ofDays(1)));
      sim.publish();
      SettableClock clock = new SettableClock(NOW);
      Updater client = updater(config(NOW).clock(clock).build());
      client.refresh();
      TargetInfo info = client.getTargetInfo("app.bin").orElseThrow();

      clock.set(NOW.plus(Duration.ofDays(2)));
      assertThrows(ExpiredMetadataException.class, client::refresh);
      // §5.4.4: the update cycle is aborted; the long-lived updater must not keep installing
      // from metadata that this refresh found to be frozen.
      assertThrows(ExpiredMetadataException.class, () -> client.getTargetInfo("app.bin"));
      assertThrows(ExpiredMetadataException.class, () -> client.download(info));
      assertNoTargetWritten();
    }

    @Test
    void indefiniteFreeze_expiredDelegatedTargetsReplayedIsRefused() throws Exception {
      sim.delegate("targets", "libs", List.of("lib/*"), false);
      sim.addTarget("libs", "lib/x.so", LIB);
      sim.setExpires("libs", NOW.plus(Duration.ofDays(1)));
      sim.publish();
      trustingClient().getTargetInfo("lib/x.so").orElseThrow();
      Map<String, byte[]> before = trustedFiles();

      // §5.6.7.2 applies §5.6.5 to delegated roles.
      Updater later = updater(NOW.plus(Duration.ofDays(2)));
      ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
          () -> later.getTargetInfo("lib/x.so"));
      assertEquals("libs", e.role());
      assertSameFiles(before, trustedFiles());
      assertNoTargetWritten();
    }
  }

  /** §1.5.2 "Malicious mirrors": tampered bytes are refused; a good mirror still works. */
  @Nested
  class MaliciousMirrors {
    @ParameterizedTest
    @ValueSource(strings = {"timestamp", "snapshot", "targets"})
    void maliciousMirrors_modifiedMetadataIsRefusedAndAGoodMirrorStillWorks(String role)
        throws Exception {
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      sim.touch("targets");
      sim.publish();
      String path = role.equals("timestamp") ? "metadata/timestamp.json"
          : RepositorySimulator.metadataPath(role, 3);
      // The mirror extends the expiry by 69 years; the signature no longer matches.
      server.override(path, new Behaviour.Content(tamper(sim.file(path), "\"2030-01-31",
          "\"2099-01-31")));

      // §5.4.2, §5.5.3, §5.6.3.
      ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class, client::refresh);
      assertEquals(role, e.role());
      Map<String, byte[]> expected = switch (role) {
        case "timestamp" -> before;
        case "snapshot" -> advanced(before, "metadata/timestamp.json");
        default -> advanced(before, "metadata/timestamp.json", "metadata/snapshot.json");
      };
      assertSameFiles(expected, trustedFiles());
      // A failed refresh leaves nothing trusted in memory; the disk is as before.
      assertTrue(client.trustedTimestamp().isEmpty());

      try (LoopbackServer good = LoopbackServer.serve(sim::findFile)) {
        Updater viaGood = updater(good, config(NOW).build(), fetcher());
        viaGood.refresh();
        assertEquals(3, viaGood.trustedTargets("targets").orElseThrow().signed().version());
      }
    }

    @Test
    void maliciousMirrors_modifiedTargetIsRefusedAndAGoodMirrorStillWorks() throws Exception {
      Updater client = trustingClient();
      TargetInfo info = client.getTargetInfo("app.bin").orElseThrow();
      Map<String, byte[]> before = trustedFiles();
      byte[] modified = APP_V1.clone();
      modified[0] ^= 1;
      server.override(targetPath("app.bin", APP_V1), new Behaviour.Content(modified));

      // §5.7.3: the target must match the trusted hashes.
      assertThrows(HashMismatchException.class, () -> client.download(info));
      assertNoTargetWritten();
      assertEquals(Optional.empty(), client.findCachedTarget(info));

      byte[] truncated = Arrays.copyOf(APP_V1, APP_V1.length - 1);
      server.override(targetPath("app.bin", APP_V1), new Behaviour.Content(truncated));
      LengthMismatchException e = assertThrows(LengthMismatchException.class,
          () -> client.download(info));
      assertEquals(APP_V1.length - 1, e.actualLength());
      assertNoTargetWritten();
      assertSameFiles(before, trustedFiles());

      try (LoopbackServer good = LoopbackServer.serve(sim::findFile)) {
        Updater viaGood = updater(good, config(NOW).build(), fetcher());
        Path file = viaGood.download(viaGood.getTargetInfo("app.bin").orElseThrow());
        assertArrayEquals(APP_V1, Files.readAllBytes(file));
      }
    }
  }

  /** §1.5.2 "Mix-and-match": files from different repository states do not combine. */
  @Nested
  class MixAndMatch {
    @Test
    void mixAndMatch_snapshotOfAnotherVersionThanTimestampNamesIsRefused() throws Exception {
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      sim.touch("targets");
      sim.publish();
      byte[] snapshot3 = sim.file("metadata/3.snapshot.json");
      sim.touch("targets");
      sim.publish();
      server.override("metadata/4.snapshot.json", new Behaviour.Content(snapshot3));

      // §5.5.4: exactly the version the timestamp names.
      BadVersionException e = assertThrows(BadVersionException.class, client::refresh);
      assertEquals(4, e.expectedVersion());
      assertEquals(3, e.actualVersion());
      assertSameFiles(advanced(before, "metadata/timestamp.json"), trustedFiles());
    }

    @Test
    void mixAndMatch_snapshotNotMatchingTimestampHashesIsRefused() throws Exception {
      start(RepositorySimulator.builder().lengthAndHashesInTimestamp(true));
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      sim.touch("targets");
      sim.publish();
      byte[] snapshot3 = sim.file("metadata/3.snapshot.json");
      sim.touch("targets");
      sim.publish();
      // Same length, so the hash is what must catch it.
      assertEquals(snapshot3.length, sim.file("metadata/4.snapshot.json").length);
      server.override("metadata/4.snapshot.json", new Behaviour.Content(snapshot3));

      // §5.5.2.
      assertThrows(HashMismatchException.class, client::refresh);
      assertSameFiles(advanced(before, "metadata/timestamp.json"), trustedFiles());
    }

    @Test
    void mixAndMatch_targetsOfAnotherVersionThanSnapshotNamesIsRefused() throws Exception {
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      sim.addTarget("app-2.bin", APP_V1);
      sim.publish();
      byte[] targets3 = sim.file("metadata/3.targets.json");
      sim.touch("targets");
      sim.publish();
      server.override("metadata/4.targets.json", new Behaviour.Content(targets3));

      // §5.6.4: exactly the version the snapshot names.
      BadVersionException e = assertThrows(BadVersionException.class, client::refresh);
      assertEquals("targets", e.role());
      assertEquals(4, e.expectedVersion());
      assertEquals(3, e.actualVersion());
      assertSameFiles(advanced(before, "metadata/timestamp.json", "metadata/snapshot.json"),
          trustedFiles());
    }

    @Test
    void mixAndMatch_targetsNotMatchingSnapshotHashesIsRefused() throws Exception {
      start(RepositorySimulator.builder().lengthAndHashesInSnapshot(true));
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      sim.touch("targets");
      sim.publish();
      byte[] targets3 = sim.file("metadata/3.targets.json");
      sim.touch("targets");
      sim.publish();
      assertEquals(targets3.length, sim.file("metadata/4.targets.json").length);
      server.override("metadata/4.targets.json", new Behaviour.Content(targets3));

      // §5.6.2.
      assertThrows(HashMismatchException.class, client::refresh);
      assertSameFiles(advanced(before, "metadata/timestamp.json", "metadata/snapshot.json"),
          trustedFiles());
    }
  }

  /** §1.5.2 "Rollback": versions never go down once a newer one was trusted. */
  @Nested
  class Rollback {
    @Test
    void rollback_olderTimestampIsRefused() throws Exception {
      byte[] timestamp2 = sim.file("metadata/timestamp.json");
      sim.publish();
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      server.override("metadata/timestamp.json", new Behaviour.Content(timestamp2));

      // §5.4.3.1.
      RollbackException e = assertThrows(RollbackException.class, client::refresh);
      assertEquals("timestamp", e.role());
      assertEquals(3, e.trustedVersion());
      assertEquals(2, e.newVersion().orElseThrow());
      assertSameFiles(before, trustedFiles());
      // A failed refresh leaves nothing trusted in memory; the disk is as before.
      assertTrue(client.trustedTimestamp().isEmpty());
      assertReported(new UpdateEvent.RollbackRefused(NOW, "timestamp", 3, OptionalLong.of(2)));
    }

    @Test
    void rollback_timestampNamingOlderSnapshotIsRefused() throws Exception {
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      // Attacker with the timestamp key: a newer timestamp naming snapshot version 1.
      server.override("metadata/timestamp.json",
          new Behaviour.Content(forgedTimestamp(3, MetaFile.of(1))));

      // §5.4.3.2.
      RollbackException e = assertThrows(RollbackException.class, client::refresh);
      assertEquals(2, e.trustedVersion());
      assertEquals(1, e.newVersion().orElseThrow());
      assertSameFiles(before, trustedFiles());
      assertReported(new UpdateEvent.RollbackRefused(NOW, e.role(), 2, OptionalLong.of(1)));
    }

    @Test
    void rollback_snapshotNamingOlderTargetsIsRefused() throws Exception {
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      // The repository re-publishes targets as version 1 (the empty one of the start).
      sim.removeTarget("targets", "app.bin");
      sim.setVersion("targets", 1);
      sim.publish();

      // §5.5.5.
      RollbackException e = assertThrows(RollbackException.class, client::refresh);
      assertEquals("targets.json", e.role());
      assertEquals(2, e.trustedVersion());
      assertEquals(1, e.newVersion().orElseThrow());
      assertSameFiles(advanced(before, "metadata/timestamp.json"), trustedFiles());
      // A failed refresh leaves nothing trusted in memory; the disk is as checked above.
      assertTrue(client.trustedTargets("targets").isEmpty());
      assertReported(new UpdateEvent.RollbackRefused(NOW, "targets.json", 2, OptionalLong.of(1)));
    }

    @Test
    void rollback_snapshotDroppingADelegatedRoleIsRefused() throws Exception {
      sim.delegate("targets", "libs", List.of("lib/*"), false);
      sim.addTarget("libs", "lib/x.so", LIB);
      sim.publish();
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      sim.removeDelegation("targets", "libs");
      sim.publish();

      // §5.5.5: every role the trusted snapshot lists must still be listed.
      RollbackException e = assertThrows(RollbackException.class, client::refresh);
      assertEquals("libs.json", e.role());
      assertTrue(e.newVersion().isEmpty());
      assertSameFiles(advanced(before, "metadata/timestamp.json"), trustedFiles());
      assertReported(new UpdateEvent.RollbackRefused(NOW, "libs.json", e.trustedVersion(),
          OptionalLong.empty()));
    }

    @Test
    void rollback_olderRootIsRefused() throws Exception {
      sim.updateRoot(r -> r);
      sim.publish(); // root v2, same keys
      Updater client = trustingClient();
      assertEquals(2, client.trustedRoot().signed().version());
      Map<String, byte[]> before = trustedFiles();
      server.override("metadata/3.root.json", new Behaviour.Content(sim.rootBytes(1)));

      // §5.3.5: root N+1 must have version N+1.
      BadVersionException e = assertThrows(BadVersionException.class, client::refresh);
      assertEquals("root", e.role());
      assertEquals(3, e.expectedVersion());
      assertEquals(1, e.actualVersion());
      assertSameFiles(before, trustedFiles());
    }
  }

  /** §1.5.2 "Slow retrieval": a dripping or stalled server is abandoned in bounded time. */
  @Nested
  class SlowRetrieval {
    final HttpFetcher impatient = HttpFetcher.builder().connectTimeout(Duration.ofSeconds(1))
        .readTimeout(Duration.ofMillis(500)).minBytesPerSecond(1024)
        .gracePeriod(Duration.ofMillis(300)).build();

    Updater client() throws IOException {
      return updater(server, config(NOW).build(), impatient);
    }

    @Test
    void slowRetrieval_drippedTimestampIsAbandoned() throws Exception {
      Updater client = client();
      client.refresh();
      Map<String, byte[]> before = trustedFiles();
      // One byte every 50 ms: never idle for the read timeout, far below the minimum rate.
      server.override("metadata/timestamp.json", new Behaviour.Drip(1, Duration.ofMillis(50)));

      long start = System.nanoTime();
      assertThrows(SlowRetrievalException.class, client::refresh);
      assertTrue(elapsedMillis(start) < 5_000, elapsedMillis(start) + " ms");
      assertSameFiles(before, trustedFiles());
    }

    @Test
    void slowRetrieval_stalledSnapshotIsAbandoned() throws Exception {
      Updater client = client();
      client.refresh();
      Map<String, byte[]> before = trustedFiles();
      sim.touch("targets");
      sim.publish();
      server.override("metadata/3.snapshot.json",
          new Behaviour.StallAfterHeaders(Duration.ofSeconds(60)));

      long start = System.nanoTime();
      assertThrows(SlowRetrievalException.class, client::refresh);
      assertTrue(elapsedMillis(start) < 5_000, elapsedMillis(start) + " ms");
      assertSameFiles(advanced(before, "metadata/timestamp.json"), trustedFiles());
    }

    @Test
    void slowRetrieval_drippedTargetIsAbandoned() throws Exception {
      byte[] big = new byte[64 * 1024];
      Arrays.fill(big, (byte) 'b');
      sim.addTarget("big.bin", big);
      sim.publish();
      Updater client = client();
      TargetInfo info = client.getTargetInfo("big.bin").orElseThrow();
      server.override(targetPath("big.bin", big), new Behaviour.Drip(64, Duration.ofMillis(100)));

      long start = System.nanoTime();
      assertThrows(SlowRetrievalException.class, () -> client.download(info));
      assertTrue(elapsedMillis(start) < 5_000, elapsedMillis(start) + " ms");
      assertNoTargetWritten();
    }
  }

  /** §1.5.2 "Vulnerability to key compromises": one key listed twice is still one key. */
  @Nested
  class ThresholdBypass {
    /** A second key id for the same public key (any unused id will do). */
    static String duplicateId(String keyId) {
      return sha256(("duplicate of " + keyId).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"timestamp", "snapshot", "targets"})
    void thresholdBypass_sameTopLevelKeyUnderTwoKeyIdsDoesNotMeetThreshold2(String role)
        throws Exception {
      Updater client = trustingClient();
      byte[] trustedBefore = trustedFiles().get(role + ".json");
      String id = sim.keyIds(role).get(0);
      String dup = sim.addKey(role, duplicateId(id), sim.signer(id).orElseThrow());
      sim.setThreshold(role, 2);
      sim.publish(); // root v2 lists the key twice; the role carries two signatures by it
      assertEquals(2, sim.signedRoot().signed().roles().get(role).threshold());

      // §5.4.2 / §5.5.3 / §5.6.3 count distinct keys, not key ids.
      ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class, client::refresh);
      assertEquals(role, e.role());
      assertEquals(1, e.signedBy().size());
      if (role.equals("targets")) {
        assertArrayEquals(trustedBefore, trustedFiles().get("targets.json"));
      } else {
        // Root v2 changed the role's keys, so the old file was deleted (§5.3.11), not replaced.
        assertFalse(trustedFiles().containsKey(role + ".json"));
      }

      // Control: the same threshold met by two distinct keys is accepted.
      sim.removeKey(role, dup);
      sim.addKey(role, sim.newSigner());
      sim.publish();
      client.refresh();
      assertEquals(3, client.trustedRoot().signed().version());
      assertEquals(2, client.trustedRoot().signed().roles().get(role).threshold());
    }

    @Test
    void thresholdBypass_sameRootKeyUnderTwoKeyIdsDoesNotMeetThreshold2() throws Exception {
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();
      String id = sim.keyIds("root").get(0);
      sim.addKey("root", duplicateId(id), sim.signer(id).orElseThrow());
      sim.setThreshold("root", 2);
      sim.publish();
      assertEquals(2, sim.signedRoot().signatures().size());

      // §5.3.4: root v2 must meet its own threshold of distinct keys.
      ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class, client::refresh);
      assertEquals("root", e.role());
      assertEquals(1, e.signedBy().size());
      assertSameFiles(before, trustedFiles());
      assertEquals(1, client.trustedRoot().signed().version());
    }

    @Test
    void thresholdBypass_sameDelegatedKeyUnderTwoKeyIdsDoesNotMeetThreshold2()
        throws Exception {
      Signer key = sim.newSigner();
      String id = RepositorySimulator.keyIdOf(key);
      String dup = duplicateId(id);
      sim.addDelegation("targets", new DelegatedRole("libs", List.of(id, dup), 2,
          Optional.of(false), Optional.of(List.of("lib/*")), Optional.empty(), Map.of()),
          Map.of(id, key, dup, key));
      sim.addTarget("libs", "lib/x.so", LIB);
      sim.publish();
      assertEquals(2, sim.signedTargets("libs").signatures().size());
      Updater client = trustingClient();
      Map<String, byte[]> before = trustedFiles();

      // §5.6.7.2 applies §5.6.3 with the delegator's keys.
      ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class,
          () -> client.getTargetInfo("lib/x.so"));
      assertEquals("libs", e.role());
      assertEquals(1, e.signedBy().size());
      assertSameFiles(before, trustedFiles());
      assertNoTargetWritten();
    }
  }

  /** §1.5.2 "Wrong software installation": a target is trusted only for its own path. */
  @Nested
  class WrongSoftwareInstallation {
    @Test
    void wrongSoftwareInstallation_anotherTrustedTargetServedForThePathIsRefused()
        throws Exception {
      byte[] other = "app version 9\n".getBytes(StandardCharsets.UTF_8);
      assertEquals(APP_V1.length, other.length);
      sim.addTarget("other.bin", other);
      sim.publish();
      Updater client = trustingClient();
      TargetInfo app = client.getTargetInfo("app.bin").orElseThrow();
      server.override(targetPath("app.bin", APP_V1), new Behaviour.Content(other));

      // §5.7.3: hashes of app.bin's own entry.
      assertThrows(HashMismatchException.class, () -> client.download(app));
      assertNoTargetWritten();
    }

    @Test
    void wrongSoftwareInstallation_unlistedPathIsNotFoundEvenIfServed() throws Exception {
      sim.putFile("targets/app-2.bin", APP_V1);
      Updater client = trustingClient();

      // §5.7.2: a path no trusted targets metadata lists does not exist.
      assertEquals(Optional.empty(), client.getTargetInfo("app-2.bin"));
      assertEquals(Optional.empty(), client.getTargetInfo("/app.bin"));
      assertEquals(Optional.empty(), client.getTargetInfo("./app.bin"));
      assertNoTargetWritten();
    }

    @Test
    void wrongSoftwareInstallation_delegatedRoleSigningOutsideItsPathsIsNotTrusted()
        throws Exception {
      // "libs" comes first and lists bin/ paths it was not delegated.
      sim.delegate("targets", "libs", List.of("lib/*"), false);
      sim.delegate("targets", "bins", List.of("bin/*"), false);
      byte[] tool = "tool 1.0\n".getBytes(StandardCharsets.UTF_8);
      sim.addTarget("libs", "bin/tool", "malware".getBytes(StandardCharsets.UTF_8));
      sim.addTarget("libs", "bin/evil", "malware".getBytes(StandardCharsets.UTF_8));
      sim.addTarget("bins", "bin/tool", tool);
      sim.publish();
      Updater client = trustingClient();
      server.clearRequests();

      // §5.6.7.2: a role is consulted only for paths its delegation covers.
      TargetInfo info = client.getTargetInfo("bin/tool").orElseThrow();
      assertEquals("bins", info.signingRole());
      assertEquals(List.of("targets", "bins"), info.delegationChain());
      assertEquals(sha256(tool), info.hashes().get("sha256"));
      assertEquals(Optional.empty(), client.getTargetInfo("bin/evil"));
      assertFalse(server.requests().stream().anyMatch(p -> p.contains("libs")),
          "requests: " + server.requests());
      assertArrayEquals(tool, Files.readAllBytes(client.download(info)));
    }

    @Test
    void wrongSoftwareInstallation_terminatingDelegationEndsTheSearch() throws Exception {
      sim.delegate("targets", "libs-a", List.of("lib/*"), true);
      sim.delegate("targets", "libs-b", List.of("lib/*"), false);
      sim.addTarget("libs-b", "lib/x.so", "malware".getBytes(StandardCharsets.UTF_8));
      sim.publish();
      Updater client = trustingClient();
      server.clearRequests();

      // §5.6.7.2.1: a matching terminating delegation that does not list the path ends it.
      assertEquals(Optional.empty(), client.getTargetInfo("lib/x.so"));
      assertTrue(server.requests().contains("metadata/1.libs-a.json"));
      assertFalse(server.requests().stream().anyMatch(p -> p.contains("libs-b")));
    }
  }

  /** Target paths and role names come from untrusted metadata: they never escape their dirs. */
  @Nested
  class PathTraversal {
    /**
     * Paths with {@code .} or {@code ..} segments are malformed metadata, refused before any
     * request (tuf-core's FailClosedTest); what remains must still be one file under the target
     * directory, at most keeping the path's directories.
     */
    @ParameterizedTest
    @ValueSource(strings = {"..\\..\\escape.txt", "a/..\\..\\escape.txt",
        "dir/sub/file.txt", "/abs/escape.txt", "...", ".hidden"})
    void pathTraversal_targetIsStoredAsOneFileUnderTheTargetDir(String path) throws Exception {
      byte[] content = ("content of " + path).getBytes(StandardCharsets.UTF_8);
      sim.addTarget(path, content);
      sim.publish();
      Updater client = trustingClient();
      TargetInfo info = client.getTargetInfo(path).orElseThrow();
      server.clearRequests();

      // §5.7.3 stores the target under its name; the client escapes each segment of the path.
      Path file = client.download(info);
      // Fetched as python-tuf does: quote(path) keeps "/", un-normalised.
      assertEquals(List.of(RepositorySimulator.quoteTargetPath(targetPath(path, content))),
          server.requests());
      assertTrue(file.normalize().startsWith(targetDir) && !file.equals(targetDir), file::toString);
      assertArrayEquals(content, Files.readAllBytes(file));
      try (Stream<Path> walk = Files.walk(targetDir)) {
        assertEquals(List.of(file), walk.filter(Files::isRegularFile).toList());
      }
      Map<String, byte[]> everything = files(tmp);
      everything.keySet().removeIf(p -> p.startsWith("client/metadata/"));
      assertEquals(List.of(tmp.relativize(file).toString()), List.copyOf(everything.keySet()));
    }

    @Test
    void pathTraversal_distinctTargetPathsNeverShareALocalFile() throws Exception {
      // Names an encoder that is not injective would map to one file.
      List<String> paths = List.of("a/b", "a%2Fb", "a%252Fb", ".a", "%2Ea");
      for (String p : paths) {
        byte[] content = p.getBytes(StandardCharsets.UTF_8);
        sim.addTarget(p, content);
        // The simulator keeps targets under raw paths; the client asks for quote(path).
        sim.putFile(targetPath(p, content).replace("%", "%25"), content);
      }
      sim.publish();
      Updater client = trustingClient();
      List<Path> downloaded = new ArrayList<>();
      for (String p : paths) {
        downloaded.add(client.download(client.getTargetInfo(p).orElseThrow()));
      }
      assertEquals(paths.size(), downloaded.stream().distinct().count(), "files: " + downloaded);
      for (int i = 0; i < paths.size(); i++) {
        assertTrue(downloaded.get(i).normalize().startsWith(targetDir), downloaded::toString);
        assertArrayEquals(paths.get(i).getBytes(StandardCharsets.UTF_8),
            Files.readAllBytes(downloaded.get(i)));
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/abs", "a/b", "?", "#", ".."})
    void pathTraversal_delegatedRoleNameIsQuotedAndStoredAsOneFile(String name)
        throws Exception {
      // Python's quote(name, safe=""), written out independently of the client's encoder.
      Map<String, String> quoted = Map.of("../x", "..%2Fx", "/abs", "%2Fabs", "a/b", "a%2Fb",
          "?", "%3F", "#", "%23", "..", "..");
      sim.delegate("targets", name, List.of("pkg/*"), false);
      sim.addTarget(name, "pkg/x", LIB);
      sim.publish();
      Updater client = trustingClient();
      server.clearRequests();

      assertEquals(name, client.getTargetInfo("pkg/x").orElseThrow().signingRole());
      assertEquals(List.of("metadata/1." + quoted.get(name) + ".json"), server.requests());
      Map<String, byte[]> stored = trustedFiles();
      assertEquals(5, stored.size(), "files: " + stored.keySet());
      stored.keySet().forEach(n -> assertFalse(n.contains("/") || n.startsWith("."), n));
      byte[] roleFile = sim.file(RepositorySimulator.metadataPath(name, 1));
      assertTrue(stored.values().stream().anyMatch(b -> Arrays.equals(b, roleFile)));
      Map<String, byte[]> everything = files(tmp);
      everything.keySet().removeIf(p -> p.startsWith("client/metadata/")
          && !p.substring("client/metadata/".length()).contains("/"));
      assertEquals(Map.of(), everything);
    }
  }

  @Test
  void honestRepositoryUpdatesAndInstalls() throws Exception {
    // The baseline every attack above departs from.
    Updater client = trustingClient();
    Path file = client.download(client.getTargetInfo("app.bin").orElseThrow());
    assertArrayEquals(APP_V1, Files.readAllBytes(file));
    assertSameFiles(Map.of("root.json", sim.file("metadata/1.root.json"),
        "timestamp.json", sim.file("metadata/timestamp.json"),
        "snapshot.json", sim.file("metadata/2.snapshot.json"),
        "targets.json", sim.file("metadata/2.targets.json")), trustedFiles());
  }
}
