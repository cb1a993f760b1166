package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tuf4j.BadVersionException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.RoleNotListedException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.testing.Fixtures;

/**
 * The trusted metadata set walked through python-tuf-basic, a repository python-tuf wrote, at
 * the fixture's reference time (TUF spec §5.2–§5.6).
 */
class TrustedMetadataSetFixtureTest {
  private static final Instant REFERENCE = Instant.parse("2030-01-01T00:00:00Z");

  private static byte[] basic(String name) {
    return Fixtures.read("python-tuf-basic/" + name);
  }

  private static TrustedMetadataSet fromInitialRoot(Instant time) throws Exception {
    return TrustedMetadataSet.fromTrustedRoot(basic("initial_root.json"), TrustOptions.at(time)
        .withBackend(CryptoBackends.defaultBackend()).withLimits(JsonLimits.DEFAULT));
  }

  @Test
  void pythonTufRepositoryWalksFromRootV1ToDelegatedRoles_spec5_2to5_6() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(REFERENCE);
    assertEquals(1, set.root().signed().version());
    set.updateRoot(basic("metadata/2.root.json"));
    assertEquals(2, set.root().signed().version());
    assertTrue(set.timestampOrSnapshotKeysRotated(), "v2 rotates the timestamp key");
    assertEquals(TrustedMetadataSet.TimestampUpdate.UPDATED,
        set.updateTimestamp(basic("metadata/timestamp.json")));
    set.updateSnapshot(basic("metadata/1.snapshot.json"));
    set.updateTargets(basic("metadata/1.targets.json"));
    set.updateDelegatedTargets(basic("metadata/1.role1.json"), "role1", "targets");
    set.updateDelegatedTargets(basic("metadata/1.role3.json"), "role3", "role1");
    assertTrue(set.targets("role3").orElseThrow().signed().targets()
        .containsKey("a/deep/app-1.1.bin"));
    assertArrayEquals(set.snapshot().orElseThrow().canonicalSigned(),
        set.snapshot().orElseThrow().canonicalSigned());
  }

  @Test
  void rootV2IsNotAcceptedAsV3_spec5_3_5() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(REFERENCE);
    set.updateRoot(basic("metadata/2.root.json"));
    assertThrows(BadVersionException.class, () -> set.updateRoot(basic("metadata/2.root.json")));
    assertEquals(2, set.root().signed().version(), "a refused root leaves the set unchanged");
  }

  @Test
  void timestampSignedByTheRotatedKeyIsRefusedUnderRootV1_spec5_4_2() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(REFERENCE);
    assertThrows(ThresholdNotMetException.class,
        () -> set.updateTimestamp(basic("metadata/timestamp.json")));
    assertTrue(set.timestamp().isEmpty());
  }

  @Test
  void expiredFinalRootStopsTheRefresh_spec5_3_10_freeze() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(Instant.parse("2037-01-01T00:00:00Z"));
    set.updateRoot(basic("metadata/2.root.json"));
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> set.updateTimestamp(basic("metadata/timestamp.json")));
    assertEquals("root", e.role());
  }

  @Test
  void wrongFileForARoleIsRefused_spec4() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(REFERENCE);
    set.updateRoot(basic("metadata/2.root.json"));
    assertThrows(WrongRoleTypeException.class,
        () -> set.updateTimestamp(basic("metadata/1.snapshot.json")));
  }

  @Test
  void snapshotMustMatchTheTimestampsLengthAndHashes_spec5_5_2_mixAndMatch() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(REFERENCE);
    set.updateRoot(basic("metadata/2.root.json"));
    set.updateTimestamp(basic("metadata/timestamp.json"));
    byte[] snapshot = basic("metadata/1.snapshot.json");
    byte[] longer = java.util.Arrays.copyOf(snapshot, snapshot.length + 1);
    longer[snapshot.length] = ' ';
    assertThrows(org.tuf4j.LengthMismatchException.class, () -> set.updateSnapshot(longer));
    // Same length, same JSON meaning, different bytes: only the hash can tell.
    byte[] sameLength = snapshot.clone();
    int space = new String(snapshot, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf(' ');
    sameLength[space] = '\t';
    assertThrows(HashMismatchException.class, () -> set.updateSnapshot(sameLength));
    assertTrue(set.snapshot().isEmpty());
  }

  @Test
  void roleMissingFromSnapshotIsRefused_spec5_6_2() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(REFERENCE);
    set.updateRoot(basic("metadata/2.root.json"));
    set.updateTimestamp(basic("metadata/timestamp.json"));
    set.updateSnapshot(basic("metadata/1.snapshot.json"));
    set.updateTargets(basic("metadata/1.targets.json"));
    assertThrows(RoleNotListedException.class,
        () -> set.updateDelegatedTargets(basic("metadata/1.role1.json"), "role9", "targets"));
  }

  @Test
  void delegatedRoleMustBeDelegatedByItsDelegator_spec5_6_7() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(REFERENCE);
    set.updateRoot(basic("metadata/2.root.json"));
    set.updateTimestamp(basic("metadata/timestamp.json"));
    set.updateSnapshot(basic("metadata/1.snapshot.json"));
    set.updateTargets(basic("metadata/1.targets.json"));
    // role3 is delegated by role1, not by the top-level targets role.
    assertThrows(RoleNotListedException.class,
        () -> set.updateDelegatedTargets(basic("metadata/1.role3.json"), "role3", "targets"));
    assertFalse(set.targets("role3").isPresent());
  }

  @Test
  void stepsOutOfOrderAreProgrammingErrors() throws Exception {
    TrustedMetadataSet set = fromInitialRoot(REFERENCE);
    assertThrows(IllegalStateException.class,
        () -> set.updateSnapshot(basic("metadata/1.snapshot.json")));
    assertThrows(IllegalStateException.class,
        () -> set.updateTargets(basic("metadata/1.targets.json")));
    set.updateRoot(basic("metadata/2.root.json"));
    set.updateTimestamp(basic("metadata/timestamp.json"));
    assertThrows(IllegalStateException.class,
        () -> set.updateRoot(basic("metadata/2.root.json")));
    assertThrows(IllegalStateException.class,
        () -> set.loadLocalTimestamp(basic("metadata/timestamp.json")));
  }
}
