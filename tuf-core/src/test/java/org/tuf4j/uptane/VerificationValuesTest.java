package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.tuf4j.metadata.TargetFile;

/**
 * The value types of full and partial verification: the vehicle (#full_verification), the
 * installed images (#full_verification step 10.2.3), forwarded metadata and Secondary state
 * (#send_metadata_primary), and how hashes are compared (#full_verification step 10.2.1).
 */
class VerificationValuesTest {
  private static final String SHA = "ab".repeat(32);

  @Test
  void vehicleHasExactlyOnePrimaryAmongItsEcus_uptane_full_verification() {
    VehicleIdentity v = VehicleIdentity.builder("VIN").primary("p", "hw-p").secondary("s", "hw-s")
        .build();
    assertEquals(Optional.of("hw-s"), v.hardwareId("s"));
    assertEquals(Optional.empty(), v.hardwareId("x"));
    assertThrows(IllegalStateException.class, () -> VehicleIdentity.builder("VIN").build());
    assertThrows(IllegalStateException.class,
        () -> VehicleIdentity.builder("VIN").primary("p", "h").primary("q", "h"));
    assertThrows(IllegalArgumentException.class,
        () -> VehicleIdentity.builder("VIN").primary("p", "h").secondary("p", "h"));
    assertThrows(IllegalArgumentException.class,
        () -> new VehicleIdentity("VIN", "p", Map.of("s", "h")));
    assertThrows(IllegalArgumentException.class,
        () -> new VehicleIdentity("VIN", "p", Map.of("p", "")));
  }

  @Test
  void installedImagesAreAnImmutableValue_uptane_full_verification() {
    InstalledImages.Release r = new InstalledImages.Release(InstalledImage.of("a.bin", 3,
        Map.of("sha256", SHA)), OptionalLong.of(4));
    InstalledImages one = InstalledImages.NONE.with("ecu", r);
    assertEquals(Optional.empty(), InstalledImages.NONE.of("ecu"));
    assertEquals(Optional.of(r), one.of("ecu"));
    assertTrue(r.isImage(new TargetFile("a.bin", 3, Map.of("sha256", SHA), Optional.empty(),
        Map.of())));
    assertFalse(r.isImage(new TargetFile("a.bin", 4, Map.of("sha256", SHA), Optional.empty(),
        Map.of())));
    assertThrows(IllegalArgumentException.class, () -> new InstalledImages.Release(
        r.image(), OptionalLong.of(-1)));
  }

  @Test
  void forwardedMetadataAndStateCopyTheirBytes_uptane_send_metadata_primary() {
    byte[] targets = {1, 2};
    DirectorMetadata m = new DirectorMetadata(targets, List.of(new byte[] {3}));
    targets[0] = 9;
    assertEquals(1, m.targets()[0]);
    assertNotSame(m.targets(), m.targets());
    PartialVerificationState s = PartialVerificationState.initial(new byte[] {5});
    assertEquals(Optional.empty(), s.directorTargets());
    s.directorRoot()[0] = 7;
    assertEquals(5, s.directorRoot()[0]);
  }

  @Test
  void hashesAgreeByProfile_uptane_full_verification_10_2_1() {
    Map<String, String> both = Map.of("sha256", SHA, "sha512", "cd".repeat(64));
    Map<String, String> one = Map.of("sha256", SHA.toUpperCase());
    assertTrue(Digests.agree(both, both, UptaneProfile.STANDARD));
    assertFalse(Digests.agree(both, one, UptaneProfile.STANDARD));
    assertTrue(Digests.agree(both, one, UptaneProfile.AKTUALIZR));
    assertFalse(Digests.agree(Map.of("sha512", "cd".repeat(64)), one, UptaneProfile.AKTUALIZR));
    assertFalse(Digests.agree(Map.of("sha256", "00".repeat(32)), one, UptaneProfile.AKTUALIZR));
  }
}
