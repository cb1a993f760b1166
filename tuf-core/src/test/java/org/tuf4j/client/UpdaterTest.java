package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.LengthMismatchException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.TooLargeException;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Targets;
import org.tuf4j.testing.Directories;
import org.tuf4j.testing.RepositorySimulator;

/**
 * The client workflow with I/O (TUF spec §5) against an in-memory repository: what is fetched,
 * in which order, what is persisted, how delegations are searched and how targets are stored.
 */
class UpdaterTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final UpdaterConfig CONFIG =
      UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  @TempDir Path tmp;
  private RepositorySimulator repo;
  private Path metadataDir;
  private Path targetDir;

  @BeforeEach
  void setUp() {
    repo = RepositorySimulator.builder().now(NOW).build();
    metadataDir = tmp.resolve("metadata");
    targetDir = tmp.resolve("targets");
  }

  private Updater updater() throws IOException {
    return updater(CONFIG);
  }

  private Updater updater(UpdaterConfig config) throws IOException {
    return Updater.builder()
        .metadataDir(metadataDir)
        .metadataBaseUrl(RepositorySimulator.uri("metadata/"))
        .targetBaseUrl(RepositorySimulator.uri("targets/"))
        .targetDir(targetDir)
        .trustedRoot(repo.trustedRootBytes())
        .encoding(repo.encoding())
        .fetcher(repo.fetcher())
        .config(config)
        .build();
  }

  private Map<String, byte[]> stored() throws IOException {
    return Directories.contents(metadataDir);
  }

  /** In either metadata encoding: the same steps, each file named with its extension. */
  @ParameterizedTest
  @EnumSource(MetadataEncoding.class)
  void firstRefreshFetchesEachTopLevelRoleOnceAndStoresTheExactBytes_spec5_3_to_5_6(
      MetadataEncoding encoding) throws Exception {
    repo = RepositorySimulator.builder().now(NOW).encoding(encoding).build();
    updater().refresh();
    assertEquals(List.of("metadata/2.root", "metadata/timestamp", "metadata/1.snapshot",
        "metadata/1.targets").stream().map(encoding::fileName).toList(), repo.requests());
    Map<String, byte[]> stored = stored();
    List<String> names = new java.util.ArrayList<>(List.of(ClientState.FILE)); // the clock floor
    List.of("root", "snapshot", "targets", "timestamp").forEach(r -> names.add(
        encoding.fileName(r)));
    assertEquals(names, List.copyOf(stored.keySet()));
    assertArrayEquals(repo.file(encoding.fileName("metadata/timestamp")),
        stored.get(encoding.fileName("timestamp")));
    assertArrayEquals(repo.file(encoding.fileName("metadata/1.snapshot")),
        stored.get(encoding.fileName("snapshot")));
    assertArrayEquals(repo.trustedRootBytes(), stored.get(encoding.fileName("root")));
  }

  /**
   * Regression: every role used to be parsed under the root's bound, so a targets file larger
   * than {@code rootMaxLength} could never be trusted, whatever {@code targetsMaxLength} said.
   */
  @Test
  void eachRoleIsBoundedByItsOwnMaximumLength_spec5_6_1() throws Exception {
    for (int i = 0; i < 200; i++) {
      repo.addTarget("pkgs/pkg-" + i + ".tar.gz", new byte[] {(byte) i});
    }
    repo.publish();
    int targetsLength = repo.file("metadata/2.targets.json").length;
    int rootLength = repo.trustedRootBytes().length;
    assertTrue(targetsLength > 4 * rootLength, targetsLength + " vs " + rootLength);
    UpdaterConfig config = CONFIG.toBuilder().rootMaxLength(2L * rootLength).build();
    Updater u = updater(config);
    u.refresh();
    assertEquals(200, u.trustedTargets("targets").orElseThrow().signed().targets().size());

    UpdaterConfig tooSmall = CONFIG.toBuilder().targetsMaxLength(targetsLength - 1).build();
    assertThrows(TooLargeException.class, () -> updater(tooSmall).refresh());
  }

  /** The spec's bound is the length the snapshot lists, when it lists one (§5.6.1). */
  @Test
  void aLengthListedInTheSnapshotIsTheBoundForItsFile_spec5_6_1() throws Exception {
    for (int i = 0; i < 200; i++) {
      repo.addTarget("pkgs/pkg-" + i + ".tar.gz", new byte[] {(byte) i});
    }
    repo.includeLengthAndHashesInSnapshot(true);
    repo.publish();
    int targetsLength = repo.file("metadata/2.targets.json").length;
    UpdaterConfig smallDefault = CONFIG.toBuilder().targetsMaxLength(targetsLength / 2).build();
    Updater u = updater(smallDefault);
    u.refresh();
    assertEquals(200, u.trustedTargets("targets").orElseThrow().signed().targets().size());
  }

  @ParameterizedTest
  @EnumSource(MetadataEncoding.class)
  void unchangedRepositoryIsRefreshedWithTwoRequests_spec5_4_3_1(MetadataEncoding encoding)
      throws Exception {
    repo = RepositorySimulator.builder().now(NOW).encoding(encoding).build();
    updater().refresh();
    repo.clearRequests();
    updater().refresh();
    assertEquals(List.of(encoding.fileName("metadata/2.root"),
        encoding.fileName("metadata/timestamp")), repo.requests());
  }

  @Test
  void nonConsistentRepositoryIsReadFromPlainFileNames_consistentSnapshots() throws Exception {
    repo.setConsistentSnapshot(false);
    repo.publish();
    repo.addTarget("a.txt", "plain".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Updater u = updater();
    u.refresh();
    assertTrue(repo.requests().containsAll(List.of("metadata/snapshot.json",
        "metadata/targets.json")), repo.requests().toString());
    repo.clearRequests();
    u.download(u.getTargetInfo("a.txt").orElseThrow());
    assertEquals(List.of("targets/a.txt"), repo.requests());
  }

  @Test
  void consistentRepositoryServesTargetsUnderTheirHash_spec5_7_3() throws Exception {
    var target = repo.addTarget("dir/app.bin", "payload".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Updater u = updater();
    TargetInfo info = u.getTargetInfo("dir/app.bin").orElseThrow();
    repo.clearRequests();
    Path file = u.download(info);
    assertEquals(List.of("targets/dir/" + target.hashes().get("sha256") + ".app.bin"),
        repo.requests());
    assertEquals("payload", Files.readString(file));
    assertEquals(targetDir.resolve("dir").resolve("app.bin"), file, "directories kept readable");
  }

  @Test
  void rootRotationIsFollowedVersionByVersionAndPersisted_spec5_3() throws Exception {
    for (int i = 0; i < 3; i++) {
      repo.rotateKeys("root");
      repo.publishRoot();
    }
    repo.publish();
    Updater u = updater();
    u.refresh();
    assertEquals(4, u.trustedRoot().signed().version());
    assertArrayEquals(repo.rootBytes(4), Files.readAllBytes(metadataDir.resolve("root.json")));
    assertTrue(repo.requests().containsAll(List.of("metadata/2.root.json",
        "metadata/3.root.json", "metadata/4.root.json", "metadata/5.root.json")));
  }

  @Test
  void rootRotationsAreBounded_spec5_3_3() throws Exception {
    for (int i = 0; i < 4; i++) {
      repo.touch("root");
      repo.publishRoot();
    }
    repo.publish();
    Updater u = updater(CONFIG.toBuilder().maxRootRotations(2).build());
    u.refresh();
    assertEquals(3, u.trustedRoot().signed().version());
    assertFalse(repo.requests().contains("metadata/4.root.json"));
  }

  @Test
  void versionedCopiesAreKeptWhenConfigured() throws Exception {
    repo.touch("root");
    repo.publishRoot();
    repo.publish();
    updater(CONFIG.toBuilder().keepVersionedCopies(true).build()).refresh();
    assertTrue(stored().keySet().containsAll(List.of("1.root.json", "2.root.json",
        "2.timestamp.json", "1.snapshot.json", "1.targets.json", "root.json")),
        stored().keySet().toString());
  }

  @Test
  void timestampKeyRotationDeletesStoredTimestampAndSnapshot_spec5_3_11_fastForward()
      throws Exception {
    repo.setVersion("timestamp", 1000);
    repo.setVersion("snapshot", 1000);
    repo.publish();
    updater().refresh();
    // The repository recovers: new timestamp and snapshot keys, versions start again.
    repo.rotateKeys("timestamp");
    repo.rotateKeys("snapshot");
    repo.setVersion("timestamp", 3);
    repo.setVersion("snapshot", 3);
    repo.publish();
    Updater u = updater();
    u.refresh();
    assertEquals(3, u.trustedTimestamp().orElseThrow().signed().version());
    assertEquals(3, u.trustedSnapshot().orElseThrow().signed().version());
  }

  @Test
  void failedRefreshKeepsEveryFileItHadNotVerified_spec5_preamble() throws Exception {
    updater().refresh();
    Map<String, byte[]> before = stored();
    repo.setExpires("snapshot", NOW.minusSeconds(1));
    repo.publish();
    assertThrows(ExpiredMetadataException.class, () -> updater().refresh());
    Map<String, byte[]> after = stored();
    assertArrayEquals(before.get("snapshot.json"), after.get("snapshot.json"));
    assertArrayEquals(before.get("targets.json"), after.get("targets.json"));
    // The new timestamp was fully verified before the snapshot failed: it is kept (§5.4.5).
    assertArrayEquals(repo.file("metadata/timestamp.json"), after.get("timestamp.json"));
  }

  @Test
  void timestampLargerThanTheBoundIsRefusedWhileReading_spec5_4_1_endlessData()
      throws Exception {
    Updater u = updater(CONFIG.toBuilder().timestampMaxLength(100).build());
    TooLargeException e = assertThrows(TooLargeException.class, u::refresh);
    assertEquals(100, e.limit());
  }

  @Test
  void snapshotIsBoundedByTheLengthTheTimestampLists_spec5_5_1() throws Exception {
    repo.includeLengthAndHashesInTimestamp(true);
    repo.publish();
    String path = "metadata/" + repo.signedSnapshot().signed().version() + ".snapshot.json";
    byte[] snapshot = repo.file(path);
    byte[] padded = java.util.Arrays.copyOf(snapshot, snapshot.length + 5000);
    java.util.Arrays.fill(padded, snapshot.length, padded.length, (byte) ' ');
    repo.putFile(path, padded);
    TooLargeException e = assertThrows(TooLargeException.class, () -> updater().refresh());
    assertEquals(snapshot.length, e.limit());
  }

  @Test
  void missingTrustedRootIsAClearError_spec5_2() throws Exception {
    Updater u = Updater.builder().metadataDir(metadataDir)
        .metadataBaseUrl(RepositorySimulator.uri("metadata/")).fetcher(repo.fetcher())
        .config(CONFIG).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, u::refresh);
    assertTrue(e.getMessage().contains("no trusted root"), e.getMessage());
  }

  @Test
  void storedRootIsPreferredToTheBootstrapRoot_spec5_2() throws Exception {
    repo.touch("root");
    repo.publishRoot();
    repo.publish();
    updater().refresh();
    repo.clearRequests();
    updater().refresh(); // bootstrap is v1, but root.json (v2) is the starting point
    assertEquals("metadata/3.root.json", repo.requests().get(0));
  }

  // §5.6.7 delegation search

  @Test
  void delegationsAreSearchedPreOrderDepthFirst_spec5_6_7() throws Exception {
    repo.delegate("targets", "A", List.of("*"), false);
    repo.delegate("A", "A1", List.of("*"), false);
    repo.delegate("targets", "B", List.of("*"), false);
    repo.addTarget("B", "f.txt", new byte[] {1});
    repo.publish();
    Updater u = updater();
    u.refresh();
    repo.clearRequests();
    TargetInfo info = u.getTargetInfo("f.txt").orElseThrow();
    assertEquals("B", info.signingRole());
    assertEquals(List.of("targets", "B"), info.delegationChain());
    assertEquals(List.of("metadata/1.A.json", "metadata/1.A1.json", "metadata/1.B.json"),
        repo.requests());
  }

  @Test
  void terminatingDelegationEndsTheSearch_spec5_6_7_2_1() throws Exception {
    repo.delegate("targets", "A", List.of("*"), true);
    repo.delegate("targets", "B", List.of("*"), false);
    repo.addTarget("B", "f.txt", new byte[] {1});
    repo.publish();
    Updater u = updater();
    assertEquals(Optional.empty(), u.getTargetInfo("f.txt"));
    assertFalse(repo.requests().contains("metadata/1.B.json"));
  }

  @Test
  void terminatingDelegationThatDoesNotMatchDoesNotEndTheSearch_spec5_6_7() throws Exception {
    repo.delegate("targets", "A", List.of("other/*"), true);
    repo.delegate("targets", "B", List.of("*"), false);
    repo.addTarget("B", "f.txt", new byte[] {1});
    repo.publish();
    assertEquals("B", updater().getTargetInfo("f.txt").orElseThrow().signingRole());
  }

  @Test
  void delegationCyclesAreVisitedOnce_spec5_6_7_1() throws Exception {
    repo.delegate("targets", "A", List.of("*"), false);
    repo.delegate("A", "B", List.of("*"), false);
    // B delegates back to A, with A's real key: a cycle the search must not follow twice.
    List<String> aKeys = repo.keyIds("A");
    var aKeyObjects = repo.draftTargets("targets").delegations().orElseThrow().keys();
    repo.updateTargets("B", t -> new Targets(t.specVersion(), t.version(), t.expires(),
        t.targets(), Optional.of(new Delegations(aKeyObjects, Optional.of(List.of(
            new DelegatedRole("A", aKeys, 1, Optional.of(false), Optional.of(List.of("*")),
                Optional.empty(), Map.of()))), Optional.empty(), Map.of())),
        t.unrecognizedFields()));
    repo.publish();
    Updater u = updater();
    u.refresh();
    repo.clearRequests();
    assertEquals(Optional.empty(), u.getTargetInfo("nothing-here"));
    assertEquals(List.of("metadata/1.A.json", "metadata/1.B.json"), repo.requests());
  }

  @Test
  void numberOfDelegatedRolesVisitedIsBounded_spec5_6_7_1() throws Exception {
    String parent = "targets";
    for (int i = 0; i < 6; i++) {
      repo.delegate(parent, "r" + i, List.of("*"), false);
      parent = "r" + i;
    }
    repo.addTarget(parent, "deep.txt", new byte[] {1});
    repo.publish();
    assertTrue(updater().getTargetInfo("deep.txt").isPresent());
    Updater bounded = updater(CONFIG.toBuilder().maxDelegations(3).build());
    assertEquals(Optional.empty(), bounded.getTargetInfo("deep.txt"));
  }

  @Test
  void pathPatternStarDoesNotCrossSlash_spec4_5_paths() throws Exception {
    repo.delegate("targets", "A", List.of("a/*.bin"), false);
    repo.addTarget("A", "a/x.bin", new byte[] {1});
    repo.addTarget("A", "a/deep/y.bin", new byte[] {2});
    repo.publish();
    Updater u = updater();
    assertTrue(u.getTargetInfo("a/x.bin").isPresent());
    assertEquals(Optional.empty(), u.getTargetInfo("a/deep/y.bin"),
        "A lists it, but A is not trusted for it");
  }

  @Test
  void hashPrefixDelegationsAreFollowed_spec4_5_pathHashPrefixes() throws Exception {
    repo.delegateHashPrefixes("targets", "all-hashes", List.of("0", "1", "2", "3", "4", "5",
        "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"), false);
    repo.addTarget("all-hashes", "x.txt", new byte[] {1});
    repo.publish();
    assertEquals("all-hashes", updater().getTargetInfo("x.txt").orElseThrow().signingRole());
  }

  @Test
  void succinctHashBinsLoadOnlyTheBinForThePath_tap15() throws Exception {
    repo.delegateSuccinct("targets", 4, "bin");
    String bin = repo.binFor("targets", "pkgs/p-1.tgz");
    repo.addTarget(bin, "pkgs/p-1.tgz", new byte[] {1});
    repo.publish();
    Updater u = updater();
    u.refresh();
    repo.clearRequests();
    assertEquals(bin, u.getTargetInfo("pkgs/p-1.tgz").orElseThrow().signingRole());
    assertEquals(List.of("metadata/1." + bin + ".json"), repo.requests());
  }

  @Test
  void delegatedRolesAreStoredAndReusedWhileCurrent_spec5_6_6() throws Exception {
    repo.delegate("targets", "A", List.of("*"), false);
    repo.addTarget("A", "f.txt", new byte[] {1});
    repo.publish();
    updater().getTargetInfo("f.txt").orElseThrow();
    assertTrue(Files.exists(metadataDir.resolve("d-%41.json")));
    repo.clearRequests();
    updater().getTargetInfo("f.txt").orElseThrow();
    assertEquals(List.of("metadata/2.root.json", "metadata/timestamp.json"), repo.requests());
  }

  // §5.7 fetch target

  @Test
  void downloadedTargetIsCachedAndNotFetchedAgain_spec5_7() throws Exception {
    repo.addTarget("f.txt", "content".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Updater u = updater();
    TargetInfo info = u.getTargetInfo("f.txt").orElseThrow();
    assertTrue(u.findCachedTarget(info).isEmpty());
    Path first = u.download(info);
    repo.clearRequests();
    assertEquals(Optional.of(first), u.findCachedTarget(info));
    assertEquals(first, u.download(info));
    assertEquals(List.of(), repo.requests());
  }

  @Test
  void aTargetFoundByAnotherUpdaterIsRefusedBeforeAnythingIsFetched_spec5_7_1()
      throws Exception {
    repo.addTarget("f.txt", "content".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    TargetInfo elsewhere = updater().getTargetInfo("f.txt").orElseThrow();
    Updater u = updater();
    TargetInfo own = u.getTargetInfo("f.txt").orElseThrow();
    assertEquals(own, elsewhere, "the same target, role and chain");
    repo.clearRequests();
    assertThrows(IllegalArgumentException.class, () -> u.download(elsewhere));
    assertThrows(IllegalArgumentException.class, () -> u.download(elsewhere,
        targetDir.resolve("f.txt")));
    assertThrows(IllegalArgumentException.class, () -> u.download(elsewhere,
        OutputStream.nullOutputStream()));
    assertThrows(IllegalArgumentException.class, () -> u.findCachedTarget(elsewhere));
    assertEquals(List.of(), repo.requests());
    assertEquals("content", Files.readString(u.download(own)));
  }

  @Test
  void cachedCopyThatNoLongerMatchesIsDownloadedAgain_spec5_7_3() throws Exception {
    repo.addTarget("f.txt", "v1".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Updater u = updater();
    Path file = u.download(u.getTargetInfo("f.txt").orElseThrow());
    repo.addTarget("f.txt", "version two".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Updater next = updater();
    Path again = next.download(next.getTargetInfo("f.txt").orElseThrow());
    assertEquals(file, again, "the same target path is stored under the same name");
    assertEquals("version two", Files.readString(again));
  }

  @Test
  void tamperedTargetIsRefusedAndNothingIsWritten_spec5_7_3() throws Exception {
    var target = repo.addTarget("f.txt", "genuine".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    repo.putFile(RepositorySimulator.consistentTargetPath("f.txt", target.hashes().get("sha256")),
        "malware".getBytes(StandardCharsets.UTF_8));
    Updater u = updater();
    TargetInfo info = u.getTargetInfo("f.txt").orElseThrow();
    assertThrows(HashMismatchException.class, () -> u.download(info));
    assertFalse(Files.exists(targetDir) && Files.list(targetDir).findAny().isPresent());
  }

  @Test
  void targetLongerThanItsLengthIsCutAndRefused_spec5_7_3_endlessData() throws Exception {
    var target = repo.addTarget("f.txt", "short".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    repo.putFile(RepositorySimulator.consistentTargetPath("f.txt", target.hashes().get("sha256")),
        "short and then a lot more".getBytes(StandardCharsets.UTF_8));
    Updater u = updater();
    TargetInfo info = u.getTargetInfo("f.txt").orElseThrow();
    LengthMismatchException e = assertThrows(LengthMismatchException.class,
        () -> u.download(info));
    assertEquals(6, e.actualLength(), "reads stop one byte past the trusted length");
  }

  /** Dot segments are malformed (FailClosedTest); Windows separators stay inside one name. */
  @Test
  void targetPathCannotEscapeTheTargetDirectory_pathTraversal() throws Exception {
    repo.addTarget("..\\..\\escape.txt", "x".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Updater u = updater();
    Path file = u.download(u.getTargetInfo("..\\..\\escape.txt").orElseThrow());
    assertEquals(targetDir, file.getParent());
    assertEquals("%2e.%5c..%5cescape.txt", file.getFileName().toString());
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(1, all.filter(p -> p.getFileName().toString().contains("escape")).count());
    }
  }

  @Test
  void delegatedRoleNameCannotEscapeTheMetadataDirectory_pathTraversal() throws Exception {
    repo.delegate("targets", "../evil", List.of("*"), false);
    repo.addTarget("../evil", "f.txt", new byte[] {1});
    repo.publish();
    Updater u = updater();
    u.refresh();
    repo.clearRequests();
    assertEquals("../evil", u.getTargetInfo("f.txt").orElseThrow().signingRole());
    assertEquals(List.of("metadata/1...%2Fevil.json"), repo.requests());
    assertTrue(Files.exists(metadataDir.resolve("d-%2e.%2fevil.json")));
    assertFalse(Files.exists(tmp.resolve("evil.json")));
  }

  @Test
  void delegatedRoleSignedByTheWrongKeyFailsTheSearch_spec5_6_7() throws Exception {
    repo.delegate("targets", "A", List.of("*"), false);
    repo.signWith("A", repo.newSigner());
    repo.addTarget("A", "f.txt", new byte[] {1});
    repo.publish();
    Updater u = updater();
    assertThrows(ThresholdNotMetException.class, () -> u.getTargetInfo("f.txt"));
    assertFalse(Files.exists(metadataDir.resolve("A.json")));
  }

  // Hooks for Uptane (#full_verification, #resolve_delegations, #send_metadata_primary)

  @Test
  void delegationRejectedByThePredicateIsSkippedEvenIfTerminating_uptane_resolve_delegations()
      throws Exception {
    repo.delegate("targets", "A", List.of("*"), true);
    repo.delegate("targets", "B", List.of("*"), false);
    repo.addTarget("A", "f.txt", new byte[] {1});
    repo.addTarget("B", "f.txt", new byte[] {2});
    repo.publish();
    Updater u = updater();
    assertEquals("A", u.getTargetInfo("f.txt").orElseThrow().signingRole());
    repo.clearRequests();
    TargetInfo viaB = u.getTargetInfo("f.txt", role -> !role.name().equals("A")).orElseThrow();
    assertEquals(List.of("targets", "B"), viaB.delegationChain());
    assertEquals(repo.signedTargets("B").signed().targets().get("f.txt"), viaB.target());
    assertFalse(repo.requests().contains("metadata/1.A.json"));
  }

  @Test
  void secondRefreshOfAnUnchangedRepositorySaysSo_uptane_full_verification_step4()
      throws Exception {
    Updater u = updater();
    assertThrows(IllegalStateException.class, u::unchangedSinceLastRefresh);
    u.refresh();
    assertFalse(u.unchangedSinceLastRefresh());
    u.refresh();
    assertTrue(u.unchangedSinceLastRefresh());
    repo.updateTimestamp(); // a re-signed timestamp naming the same snapshot is nothing new
    u.refresh();
    assertTrue(u.unchangedSinceLastRefresh());
    repo.addTarget("new.bin", new byte[] {1});
    repo.publish();
    u.refresh();
    assertFalse(u.unchangedSinceLastRefresh());
  }

  @Test
  void trustedBytesAreExactlyWhatWasVerifiedFetchedOrStored_uptane_send_metadata_primary()
      throws Exception {
    Updater u = updater();
    u.refresh();
    for (String role : List.of("root", "timestamp", "snapshot", "targets")) {
      assertArrayEquals(repo.file("metadata/" + role + ".json"),
          u.trustedMetadataBytes(role).orElseThrow(), role);
    }
    u.refresh(); // now read from the metadata directory
    assertArrayEquals(repo.file("metadata/targets.json"),
        u.trustedMetadataBytes("targets").orElseThrow());
    assertEquals(Optional.empty(), u.trustedMetadataBytes("not-loaded"));
  }

  @Test
  void rootChainListsEveryRootTheRefreshTrusted_uptane_send_metadata_primary() throws Exception {
    Updater u = updater();
    u.refresh();
    repo.rotateKeys("root");
    repo.publish();
    repo.touch("root");
    repo.publish();
    u.refresh();
    List<byte[]> chain = u.trustedRootChain();
    assertEquals(3, chain.size());
    for (int v = 1; v <= 3; v++) {
      assertArrayEquals(repo.rootBytes(v), chain.get(v - 1));
    }
    u.refresh();
    assertEquals(1, u.trustedRootChain().size());
  }

  @Test
  void rootAndTargetsOnlyRepositoryIsRefreshedWithoutTimestampOrSnapshot_uptane_director()
      throws Exception {
    repo.addTarget("fw.bin", new byte[] {1});
    repo.publish();
    Updater u = updater();
    u.refreshRootAndTargets();
    assertEquals(List.of("metadata/2.root.json", "metadata/targets.json"), repo.requests());
    assertEquals(2, u.trustedTargets("targets").orElseThrow().signed().version());
    assertFalse(u.unchangedSinceLastRefresh());
    assertArrayEquals(repo.file("metadata/targets.json"), stored().get("targets.json"));
    u.refreshRootAndTargets();
    assertTrue(u.unchangedSinceLastRefresh());
    assertArrayEquals(repo.file("metadata/targets.json"),
        u.trustedMetadataBytes("targets").orElseThrow());
  }

  @Test
  void rootAndTargetsOnlyRepositoryCannotRollTargetsBack_uptane_check_targets_step4()
      throws Exception {
    byte[] v1 = repo.file("metadata/targets.json");
    repo.addTarget("fw.bin", new byte[] {1});
    repo.publish();
    Updater u = updater();
    u.refreshRootAndTargets();
    repo.putFile("metadata/targets.json", v1);
    assertThrows(org.tuf4j.RollbackException.class, u::refreshRootAndTargets);
    assertArrayEquals(repo.file("metadata/2.targets.json"), stored().get("targets.json"));
    assertEquals(Optional.empty(), u.trustedMetadataBytes("targets"));
    assertEquals(List.of(), u.trustedRootChain());
  }

  @Test
  void dialectRepositoryIsReadWhenTheDialectIsChosen_uptane_interop() throws Exception {
    repo.addTarget("fw.bin", new byte[] {1, 2, 3});
    repo.publish();
    Map<String, byte[]> dialect = org.tuf4j.testing.AktualizrDialect.files(repo);
    Fetcher fetcher = (uri, max) -> {
      String path = uri.getRawPath().substring(1);
      byte[] body = dialect.get(path);
      if (body == null) {
        throw new org.tuf4j.NotFoundException(uri, "no " + path);
      }
      return new java.io.ByteArrayInputStream(body);
    };
    Updater.Builder b = Updater.builder().metadataDir(metadataDir)
        .metadataBaseUrl(RepositorySimulator.uri("metadata/"))
        .targetBaseUrl(RepositorySimulator.uri("targets/")).targetDir(targetDir)
        .trustedRoot(dialect.get("metadata/1.root.json")).fetcher(fetcher).config(CONFIG);
    assertThrows(org.tuf4j.MalformedMetadataException.class, () -> b.build().refresh());
    Updater u = b.metadataDialect(org.tuf4j.metadata.MetadataDialect.AKTUALIZR).build();
    TargetInfo info = u.getTargetInfo("fw.bin").orElseThrow();
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(u.download(info)));
    assertArrayEquals(dialect.get("metadata/targets.json"),
        u.trustedMetadataBytes("targets").orElseThrow());
  }
}
