package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Comparing the hashes the Director and the Image repository list (#full_verification 10.2.1). */
class DigestsTest {
  private static final String A = "aa".repeat(32);
  private static final String B = "bb".repeat(32);

  @Test
  void standardProfileWantsTheSameAlgorithmsAndDigests_uptane_full_verification() {
    assertTrue(Digests.agree(Map.of("sha256", A), Map.of("sha256", A.toUpperCase()),
        UptaneProfile.STANDARD));
    assertFalse(Digests.agree(Map.of("sha256", A), Map.of("sha256", A, "sha512", B),
        UptaneProfile.STANDARD));
    assertTrue(Digests.agree(Map.of("sha256", A), Map.of("sha256", A, "sha512", B),
        UptaneProfile.AKTUALIZR), "aktualizr: every algorithm both list agrees");
  }

  @Test
  void theDifferenceNamesTheDigestThatDiffers() {
    assertEquals("sha256 differs: Director aaaaaaaaaaaa..., Image repository bbbbbbbbbbbb...",
        Digests.difference(Map.of("sha256", A, "sha512", A), Map.of("sha256", B, "sha512", A)));
    assertEquals("Director lists [sha256], Image repository [sha512]",
        Digests.difference(Map.of("sha256", A), Map.of("sha512", A)));
  }
}
