package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tuf4j.BadVersionException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.LengthMismatchException;
import org.tuf4j.RollbackException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Every transition of {@link TrustedMetadataSet}, accepted and refused, against metadata signed
 * by {@link RepositorySimulator}. Test names cite the TUF spec step they check; each refusal also
 * checks that the set is unchanged (§5 preamble: a failed step must not leave a broken state).
 */
class TrustedMetadataSetTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

  private RepositorySimulator repo;

  @BeforeEach
  void setUp() {
    repo = RepositorySimulator.builder().now(NOW).lengthAndHashesInTimestamp(true)
        .lengthAndHashesInSnapshot(true).build();
  }

  private TrustedMetadataSet trusted() throws Exception {
    return trusted(repo.trustedRootBytes(), NOW);
  }

  private static TrustedMetadataSet trusted(byte[] root, Instant time) throws Exception {
    return TrustedMetadataSet.fromTrustedRoot(root, TrustOptions.at(time)
        .withBackend(CryptoBackends.defaultBackend()).withLimits(JsonLimits.DEFAULT));
  }

  private byte[] file(String name) {
    return repo.file("metadata/" + name);
  }

  /** Root, timestamp and snapshot of the current repository accepted. */
  private TrustedMetadataSet throughSnapshot() throws Exception {
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    set.updateSnapshot(file("snapshot.json"));
    return set;
  }

  // §5.2 load trusted root

  @Test
  void trustedRootMustBeSignedByItsOwnThreshold_spec5_2() {
    repo.signWith("root", repo.newSigner());
    repo.touch("root");
    repo.publishRoot();
    assertThrows(ThresholdNotMetException.class, () -> trusted(repo.rootBytes(2), NOW));
  }

  @Test
  void expiredTrustedRootStillStartsTheUpdate_spec5_2() throws Exception {
    TrustedMetadataSet set = trusted(repo.trustedRootBytes(), NOW.plus(Duration.ofDays(400)));
    assertEquals(1, set.root().signed().version());
  }

  // §5.3 root rotation

  @Test
  void rootRotationSignedByOldAndNewKeysIsAccepted_spec5_3_4() throws Exception {
    repo.rotateKeys("root");
    repo.publishRoot();
    TrustedMetadataSet set = trusted();
    set.updateRoot(repo.rootBytes(2));
    assertEquals(2, set.root().signed().version());
  }

  @Test
  void rootSignedOnlyByNewKeysIsRefused_spec5_3_4_arbitrarySoftware() throws Exception {
    var fresh = repo.rotateKeys("root");
    repo.signWith("root", fresh);
    repo.publishRoot();
    TrustedMetadataSet set = trusted();
    assertThrows(ThresholdNotMetException.class, () -> set.updateRoot(repo.rootBytes(2)));
    assertEquals(1, set.root().signed().version());
  }

  @Test
  void rootSignedOnlyByOldKeysIsRefused_spec5_3_4() throws Exception {
    String oldKey = repo.keyIds("root").get(0);
    var oldSigner = repo.signer(oldKey).orElseThrow();
    repo.rotateKeys("root");
    repo.signWith("root", oldSigner);
    repo.publishRoot();
    TrustedMetadataSet set = trusted();
    assertThrows(ThresholdNotMetException.class, () -> set.updateRoot(repo.rootBytes(2)));
  }

  @Test
  void rootVersionMustBeExactlyNPlusOne_spec5_3_5() throws Exception {
    repo.setVersion("root", 3);
    repo.publishRoot();
    TrustedMetadataSet set = trusted();
    assertThrows(BadVersionException.class, () -> set.updateRoot(repo.rootBytes(3)));
    // Replaying the trusted version itself is refused too.
    assertThrows(BadVersionException.class, () -> set.updateRoot(repo.rootBytes(1)));
  }

  @Test
  void expiredIntermediateRootIsAcceptedButExpiredFinalRootIsNot_spec5_3_6_and_5_3_10()
      throws Exception {
    repo.setExpires("root", NOW.minusSeconds(1));
    repo.publishRoot();
    repo.setExpires("root", NOW.plus(Duration.ofDays(10)));
    repo.publishRoot();
    TrustedMetadataSet set = trusted();
    set.updateRoot(repo.rootBytes(2));
    set.updateRoot(repo.rootBytes(3));
    set.updateTimestamp(file("timestamp.json"));

    TrustedMetadataSet stopped = trusted();
    stopped.updateRoot(repo.rootBytes(2));
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> stopped.updateTimestamp(file("timestamp.json")));
    assertEquals("root", e.role());
  }

  @Test
  void timestampKeyRotationIsDetectedForFastForwardRecovery_spec5_3_11() throws Exception {
    repo.rotateKeys("timestamp");
    repo.publish();
    TrustedMetadataSet set = trusted();
    assertFalse(set.timestampOrSnapshotKeysRotated());
    set.updateRoot(repo.rootBytes(2));
    assertTrue(set.timestampOrSnapshotKeysRotated());
    assertThrows(IllegalStateException.class, () -> set.loadLocalTimestamp(file("timestamp.json")));
  }

  @Test
  void targetsKeyRotationIsNotAFastForwardRecovery_spec5_3_11() throws Exception {
    repo.rotateKeys("targets");
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.updateRoot(repo.rootBytes(2));
    assertFalse(set.timestampOrSnapshotKeysRotated());
  }

  // §5.4 timestamp

  @Test
  void timestampNotSignedByTheTimestampKeyIsRefused_spec5_4_2() throws Exception {
    repo.signWith("timestamp", repo.signers("snapshot").values().iterator().next());
    repo.updateTimestamp();
    TrustedMetadataSet set = trusted();
    assertThrows(ThresholdNotMetException.class,
        () -> set.updateTimestamp(file("timestamp.json")));
    assertTrue(set.timestamp().isEmpty());
  }

  @Test
  void timestampLowerThanTheStoredOneIsARollback_spec5_4_3_1() throws Exception {
    byte[] v1 = file("timestamp.json");
    repo.publish();
    byte[] v2 = file("timestamp.json");
    TrustedMetadataSet set = trusted();
    set.loadLocalTimestamp(v2);
    RollbackException e = assertThrows(RollbackException.class, () -> set.updateTimestamp(v1));
    assertEquals(2, e.trustedVersion());
    assertTrue(set.timestamp().isEmpty());
  }

  @Test
  void timestampEqualToTheStoredOneKeepsTheStoredOne_spec5_4_3_1() throws Exception {
    TrustedMetadataSet set = trusted();
    set.loadLocalTimestamp(file("timestamp.json"));
    assertTrue(set.timestamp().isEmpty(), "a floor is not a trusted timestamp");
    assertEquals(TrustedMetadataSet.TimestampUpdate.UNCHANGED,
        set.updateTimestamp(file("timestamp.json")));
    assertEquals(1, set.timestamp().orElseThrow().signed().version());
  }

  @Test
  void snapshotVersionInTimestampMustNotGoBack_spec5_4_3_2() throws Exception {
    repo.setVersion("snapshot", 5);
    repo.publish();
    byte[] stored = file("timestamp.json");
    repo.setVersion("snapshot", 4);
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.loadLocalTimestamp(stored);
    RollbackException e = assertThrows(RollbackException.class,
        () -> set.updateTimestamp(file("timestamp.json")));
    assertEquals(5, e.trustedVersion());
  }

  @Test
  void expiredTimestampIsRefused_spec5_4_4_freeze() throws Exception {
    repo.setExpires("timestamp", NOW);
    repo.updateTimestamp();
    TrustedMetadataSet set = trusted();
    assertThrows(ExpiredMetadataException.class,
        () -> set.updateTimestamp(file("timestamp.json")));
    assertTrue(set.timestamp().isEmpty());
  }

  @Test
  void expiredStoredTimestampStillGuardsAgainstRollback_spec5_4_3() throws Exception {
    repo.setExpires("timestamp", NOW.minusSeconds(60));
    repo.setVersion("timestamp", 7);
    repo.updateTimestamp();
    byte[] expiredV7 = file("timestamp.json");
    repo.setExpires("timestamp", NOW.plus(Duration.ofDays(1)));
    repo.setVersion("timestamp", 6);
    repo.updateTimestamp();
    TrustedMetadataSet set = trusted();
    set.loadLocalTimestamp(expiredV7);
    assertThrows(RollbackException.class, () -> set.updateTimestamp(file("timestamp.json")));

    repo.setVersion("timestamp", 8);
    repo.updateTimestamp();
    TrustedMetadataSet next = trusted();
    next.loadLocalTimestamp(expiredV7);
    next.updateTimestamp(file("timestamp.json"));
    assertEquals(8, next.timestamp().orElseThrow().signed().version());
  }

  @Test
  void expiredStoredTimestampAtTheSameVersionIsAFreeze_spec5_4_4() throws Exception {
    repo.setExpires("timestamp", NOW.minusSeconds(60));
    repo.updateTimestamp();
    TrustedMetadataSet set = trusted();
    set.loadLocalTimestamp(file("timestamp.json"));
    assertThrows(ExpiredMetadataException.class,
        () -> set.updateTimestamp(file("timestamp.json")));
  }

  @Test
  void snapshotFileOfferedAsTimestampIsRefused_spec4() throws Exception {
    TrustedMetadataSet set = trusted();
    assertThrows(WrongRoleTypeException.class, () -> set.updateTimestamp(file("snapshot.json")));
  }

  // §5.5 snapshot

  @Test
  void snapshotMustMatchTheTimestampsLengthAndHash_spec5_5_2_mixAndMatch() throws Exception {
    byte[] v1 = file("snapshot.json");
    repo.touch("targets");
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    // The v1 snapshot is validly signed, but the timestamp names v2's hash.
    assertThrows(HashMismatchException.class, () -> set.updateSnapshot(v1));
    byte[] current = file("snapshot.json");
    byte[] longer = java.util.Arrays.copyOf(current, current.length + 1);
    longer[current.length] = ' ';
    assertThrows(LengthMismatchException.class, () -> set.updateSnapshot(longer));
    assertTrue(set.snapshot().isEmpty());
  }

  @Test
  void snapshotMustMatchTheTimestampsHashes_spec5_5_2() throws Exception {
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    // Same length, different bytes: one hex digit of the signature changed.
    byte[] tampered = file("snapshot.json").clone();
    int sig = new String(tampered, java.nio.charset.StandardCharsets.US_ASCII)
        .indexOf("\"sig\":\"") + 7;
    tampered[sig] = (byte) (tampered[sig] == '0' ? '1' : '0');
    assertThrows(HashMismatchException.class, () -> set.updateSnapshot(tampered));
    assertTrue(set.snapshot().isEmpty());
  }

  @Test
  void snapshotNotSignedBySnapshotKeyIsRefused_spec5_5_3() throws Exception {
    repo.includeLengthAndHashesInTimestamp(false);
    repo.signWith("snapshot", repo.newSigner());
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    assertThrows(ThresholdNotMetException.class, () -> set.updateSnapshot(file("snapshot.json")));
  }

  @Test
  void snapshotVersionMustBeTheOneTheTimestampNames_spec5_5_4() throws Exception {
    repo.includeLengthAndHashesInTimestamp(false);
    byte[] v1 = file("snapshot.json");
    repo.touch("targets");
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    BadVersionException e = assertThrows(BadVersionException.class,
        () -> set.updateSnapshot(v1));
    assertEquals(2, e.expectedVersion());
  }

  @Test
  void targetsVersionInSnapshotMustNotGoBack_spec5_5_5_rollback() throws Exception {
    repo.setVersion("targets", 5);
    repo.publish();
    TrustedMetadataSet first = throughSnapshot();
    byte[] storedSnapshot = file("snapshot.json");
    repo.setVersion("targets", 4);
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    set.loadLocalSnapshot(storedSnapshot);
    RollbackException e = assertThrows(RollbackException.class,
        () -> set.updateSnapshot(file("snapshot.json")));
    assertEquals("targets.json", e.role());
    assertTrue(first.snapshot().isPresent());
  }

  @Test
  void roleRemovedFromSnapshotIsARollback_spec5_5_5() throws Exception {
    repo.delegate("targets", "role1", List.of("*"), false);
    repo.publish();
    byte[] stored = file("snapshot.json");
    // A validly signed next snapshot that drops role1, and a timestamp naming it.
    Snapshot previous = repo.signedSnapshot().signed();
    Map<String, MetaFile> meta = new LinkedHashMap<>(previous.meta());
    assertTrue(meta.remove("role1.json") != null);
    Snapshot dropped = new Snapshot(previous.specVersion(), previous.version() + 1,
        previous.expires(), meta, Map.of());
    Timestamp ts = repo.signedTimestamp().signed();
    Timestamp naming = new Timestamp(ts.specVersion(), ts.version() + 1, ts.expires(),
        MetaFile.of(dropped.version()), Map.of());
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(
        RepositorySimulator.sign(naming, repo.signers("timestamp")).toCanonicalJson());
    set.loadLocalSnapshot(stored);
    RollbackException e = assertThrows(RollbackException.class, () -> set.updateSnapshot(
        RepositorySimulator.sign(dropped, repo.signers("snapshot")).toCanonicalJson()));
    assertEquals("role1.json", e.role());
    assertTrue(e.newVersion().isEmpty());
  }

  @Test
  void expiredSnapshotIsRefused_spec5_5_6_freeze() throws Exception {
    repo.setExpires("snapshot", NOW.minusSeconds(1));
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    assertThrows(ExpiredMetadataException.class, () -> set.updateSnapshot(file("snapshot.json")));
    assertTrue(set.snapshot().isEmpty());
  }

  @Test
  void currentStoredSnapshotIsUsedWithoutDownloading_spec5_5() throws Exception {
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    assertTrue(set.loadLocalSnapshot(file("snapshot.json")));
    assertTrue(set.snapshot().isPresent());
  }

  @Test
  void olderStoredSnapshotIsOnlyARollbackFloor_spec5_5_5() throws Exception {
    byte[] v1 = file("snapshot.json");
    repo.touch("targets");
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.updateTimestamp(file("timestamp.json"));
    assertFalse(set.loadLocalSnapshot(v1));
    assertTrue(set.snapshot().isEmpty());
    set.updateSnapshot(file("snapshot.json"));
    assertEquals(2, set.snapshot().orElseThrow().signed().version());
  }

  // §5.6 targets

  @Test
  void targetsMustMatchTheSnapshotsHashes_spec5_6_2_mixAndMatch() throws Exception {
    byte[] v1 = file("targets.json");
    repo.setVersion("targets", 1);
    repo.addTarget("file.txt", new byte[] {1});
    repo.publish();
    TrustedMetadataSet set = throughSnapshot();
    // Another validly signed version-1 targets: only length and hashes tell them apart.
    assertThrows(org.tuf4j.VerificationException.class, () -> set.updateTargets(v1));
    assertTrue(set.targets("targets").isEmpty());
  }

  @Test
  void targetsNotSignedByTheTargetsKeyIsRefused_spec5_6_3_arbitrarySoftware() throws Exception {
    repo.includeLengthAndHashesInSnapshot(false);
    repo.signWith("targets", repo.newSigner());
    repo.touch("targets");
    repo.publish();
    TrustedMetadataSet set = throughSnapshot();
    assertThrows(ThresholdNotMetException.class, () -> set.updateTargets(file("targets.json")));
  }

  @Test
  void targetsVersionMustBeTheOneTheSnapshotNames_spec5_6_4() throws Exception {
    repo.includeLengthAndHashesInSnapshot(false);
    byte[] v1 = file("targets.json");
    repo.touch("targets");
    repo.publish();
    TrustedMetadataSet set = throughSnapshot();
    assertThrows(BadVersionException.class, () -> set.updateTargets(v1));
  }

  @Test
  void expiredTargetsIsRefused_spec5_6_5_freeze() throws Exception {
    repo.setExpires("targets", NOW.minusSeconds(1));
    repo.publish();
    TrustedMetadataSet set = throughSnapshot();
    assertThrows(ExpiredMetadataException.class, () -> set.updateTargets(file("targets.json")));
  }

  @Test
  void delegatedRoleIsVerifiedWithItsDelegatorsKeys_spec5_6_7() throws Exception {
    repo.delegate("targets", "role1", List.of("a/*"), false);
    repo.publish();
    TrustedMetadataSet set = throughSnapshot();
    set.updateTargets(file("targets.json"));
    set.updateDelegatedTargets(file("role1.json"), "role1", "targets");
    assertTrue(set.targets("role1").isPresent());
  }

  @Test
  void delegatedRoleSignedByAnotherKeyIsRefused_spec5_6_7_arbitrarySoftware() throws Exception {
    repo.delegate("targets", "role1", List.of("a/*"), false);
    repo.signWith("role1", repo.newSigner());
    repo.publish();
    TrustedMetadataSet set = throughSnapshot();
    set.updateTargets(file("targets.json"));
    assertThrows(ThresholdNotMetException.class,
        () -> set.updateDelegatedTargets(file("role1.json"), "role1", "targets"));
  }

  @Test
  void oneKeyListedTwiceCountsOnce_thresholdBypassWithDuplicateKeys() throws Exception {
    var signer = repo.signers("targets").values().iterator().next();
    repo.addKey("targets", "second-id-for-the-same-key", signer);
    repo.setThreshold("targets", 2);
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.updateRoot(repo.rootBytes(2));
    set.updateTimestamp(file("timestamp.json"));
    set.updateSnapshot(file("snapshot.json"));
    ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class,
        () -> set.updateTargets(file("targets.json")));
    assertEquals(2, e.threshold());
  }

  @Test
  void delegatedRoleWithDuplicateKeysCountsOnce_thresholdBypassWithDuplicateKeys()
      throws Exception {
    var signer = repo.delegate("targets", "role1", List.of("*"), false);
    repo.addKey("role1", "second-id-for-the-same-key", signer);
    repo.setThreshold("role1", 2);
    repo.publish();
    TrustedMetadataSet set = throughSnapshot();
    set.updateTargets(file("targets.json"));
    assertThrows(ThresholdNotMetException.class,
        () -> set.updateDelegatedTargets(file("role1.json"), "role1", "targets"));
  }

  // Uptane: top-level targets without snapshot (Director serving root and targets only;
  // #partial_verification, #check_targets steps 3-5)

  @Test
  void targetsWithoutSnapshotAreCheckedAgainstRootDirectly_uptane_check_targets()
      throws Exception {
    TrustedMetadataSet set = trusted();
    assertEquals(TrustedMetadataSet.TimestampUpdate.UPDATED,
        set.updateTargetsWithoutSnapshot(file("targets.json")));
    assertEquals(1, set.targets("targets").orElseThrow().signed().version());
    assertTrue(set.timestamp().isEmpty());
  }

  @Test
  void targetsWithoutSnapshotAtTheStoredVersionKeepTheStoredOnes_uptane_check_targets()
      throws Exception {
    byte[] stored = file("targets.json");
    repo.setVersion("targets", 1);
    repo.addTarget("file.txt", new byte[] {1});
    repo.publish(); // another validly signed version 1
    TrustedMetadataSet set = trusted();
    set.loadLocalTargetsWithoutSnapshot(stored);
    assertEquals(TrustedMetadataSet.TimestampUpdate.UNCHANGED,
        set.updateTargetsWithoutSnapshot(file("targets.json")));
    assertTrue(set.targets("targets").orElseThrow().signed().targets().isEmpty());
  }

  @Test
  void targetsWithoutSnapshotLowerThanTheStoredOnesAreARollback_uptane_check_targets_step4()
      throws Exception {
    byte[] v1 = file("targets.json");
    repo.touch("targets");
    repo.publish();
    TrustedMetadataSet set = trusted();
    set.loadLocalTargetsWithoutSnapshot(file("targets.json"));
    RollbackException e = assertThrows(RollbackException.class,
        () -> set.updateTargetsWithoutSnapshot(v1));
    assertEquals(2, e.trustedVersion());
    assertTrue(set.targets("targets").isEmpty());
  }

  @Test
  void expiredTargetsWithoutSnapshotAreRefused_uptane_check_targets_step5_freeze()
      throws Exception {
    repo.setExpires("targets", NOW.minusSeconds(1));
    repo.publish();
    TrustedMetadataSet set = trusted();
    assertThrows(ExpiredMetadataException.class,
        () -> set.updateTargetsWithoutSnapshot(file("targets.json")));
    assertTrue(set.targets("targets").isEmpty());
  }

  @Test
  void expiredStoredTargetsAtTheSameVersionAreAFreeze_uptane_check_targets_step5()
      throws Exception {
    repo.setExpires("targets", NOW.plus(Duration.ofDays(1)));
    repo.publish();
    byte[] stored = file("targets.json");
    TrustedMetadataSet later = trusted(repo.trustedRootBytes(), NOW.plus(Duration.ofDays(2)));
    later.loadLocalTargetsWithoutSnapshot(stored);
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> later.updateTargetsWithoutSnapshot(stored));
    assertEquals("targets", e.role());
  }

  @Test
  void targetsWithoutSnapshotNeedAnUnexpiredRoot_spec5_3_10_freeze() throws Exception {
    TrustedMetadataSet set = trusted(repo.trustedRootBytes(), NOW.plus(Duration.ofDays(400)));
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> set.updateTargetsWithoutSnapshot(file("targets.json")));
    assertEquals("root", e.role());
  }

  @Test
  void targetsWithoutSnapshotSignedByAnotherKeyAreRefused_uptane_check_targets_step3()
      throws Exception {
    repo.signWith("targets", repo.newSigner());
    repo.touch("targets");
    repo.publish();
    TrustedMetadataSet set = trusted();
    assertThrows(ThresholdNotMetException.class,
        () -> set.updateTargetsWithoutSnapshot(file("targets.json")));
  }

  @Test
  void storedTargetsSignedByAnotherKeyAreNoRollbackFloor_uptane_check_targets() throws Exception {
    repo.signWith("targets", repo.newSigner());
    repo.setVersion("targets", 9);
    repo.publish();
    byte[] forged = file("targets.json");
    TrustedMetadataSet set = trusted();
    assertThrows(ThresholdNotMetException.class,
        () -> set.loadLocalTargetsWithoutSnapshot(forged));
  }

  @Test
  void noTimestampOrRootAfterTargetsWithoutSnapshot_stateMachineOrder() throws Exception {
    TrustedMetadataSet set = trusted();
    set.updateTargetsWithoutSnapshot(file("targets.json"));
    assertThrows(IllegalStateException.class, () -> set.updateTimestamp(file("timestamp.json")));
    assertThrows(IllegalStateException.class, () -> set.updateRoot(file("root.json")));
    TrustedMetadataSet withFloor = trusted();
    withFloor.loadLocalTargetsWithoutSnapshot(file("targets.json"));
    assertThrows(IllegalStateException.class,
        () -> withFloor.updateTimestamp(file("timestamp.json")));
  }
}
