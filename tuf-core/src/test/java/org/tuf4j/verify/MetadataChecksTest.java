package org.tuf4j.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuf4j.BadVersionException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.LengthMismatchException;
import org.tuf4j.RollbackException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Timestamp;

/** The plain checks of TUF spec §5, one by one. */
class MetadataChecksTest {
  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");
  private static final Timestamp TIMESTAMP =
      new Timestamp("1.0.34", 5, EXPIRES, MetaFile.of(2), Map.of());
  private static final byte[] DATA = "hello\n".getBytes(StandardCharsets.UTF_8);
  private static final Map<String, String> HASHES = Map.of(
      "sha256", "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");

  @Test
  void expiryIsExclusiveOfTheReferenceTime_spec5_4_4() throws Exception {
    MetadataChecks.checkNotExpired("timestamp", TIMESTAMP, EXPIRES.minusSeconds(1));
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> MetadataChecks.checkNotExpired("timestamp", TIMESTAMP, EXPIRES));
    assertEquals(5, e.version());
  }

  @Test
  void rollbackToALowerVersionIsRefusedEqualIsAllowed_spec5_4_3() throws Exception {
    MetadataChecks.checkNotRolledBack("timestamp", 5, 5);
    RollbackException e = assertThrows(RollbackException.class,
        () -> MetadataChecks.checkNotRolledBack("timestamp", 5, 4));
    assertEquals(5, e.trustedVersion());
  }

  @Test
  void versionMustBeExactlyTheExpectedOne_spec5_5_4() {
    assertThrows(BadVersionException.class, () -> MetadataChecks.checkVersion("snapshot", 3, 4));
  }

  @Test
  void typeMustBeTheRequestedRoleType() {
    assertThrows(WrongRoleTypeException.class,
        () -> MetadataChecks.checkType(TIMESTAMP, RoleType.SNAPSHOT));
  }

  @Test
  void everyListedHashIsCheckedAndUnknownAlgorithmsAreErrors_spec5_7_3() throws Exception {
    MetadataChecks.checkHashes("f", HASHES, DATA);
    MetadataChecks.checkHashes("f", Map.of("sha256", HASHES.get("sha256").toUpperCase()), DATA);
    assertThrows(HashMismatchException.class,
        () -> MetadataChecks.checkHashes("f", Map.of("sha256", "00".repeat(32)), DATA));
    assertThrows(UnsupportedFeatureException.class,
        () -> MetadataChecks.checkHashes("f", Map.of("md5", "00"), DATA));
  }

  @Test
  void streamingCheckStopsReadingAfterTheDeclaredLength_spec5_7_3() throws Exception {
    MetadataChecks.checkLengthAndHashes("f", DATA.length, HASHES, new ByteArrayInputStream(DATA));
    LengthMismatchException longer = assertThrows(LengthMismatchException.class,
        () -> MetadataChecks.checkLengthAndHashes("f", 3, HASHES,
            new ByteArrayInputStream(DATA)));
    assertEquals(4, longer.actualLength()); // read one byte past the bound, no more
    assertThrows(LengthMismatchException.class, () -> MetadataChecks.checkLengthAndHashes("f",
        100, HASHES, new ByteArrayInputStream(DATA)));
  }
}
