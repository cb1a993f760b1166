package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tuf4j.encoding.JsonValue;

/** The "SHALL match" custom metadata (#targets_images_meta; #full_verification step 10.2.2). */
class ShallMatchTest {
  private static final UptaneTargetCustom IMAGE = UptaneTargetCustom.builder()
      .hardwareIds(List.of("board-a", "board-b")).releaseCounter(7)
      .otherField("targetFormat", JsonValue.of("BINARY")).build();

  @Test
  void directorAndImageMetadataWithTheSameHardwareIdsAndCounterMatch_uptane_full_verification() {
    UptaneTargetCustom director = UptaneTargetCustom.builder().ecuIdentifier("ecu-1", "board-a")
        .hardwareIds(List.of("board-b", "board-a", "board-a")).releaseCounter(7)
        .uri("https://cdn.example/x").build();
    ShallMatch.Result r = ShallMatch.DEFAULT.compare(director, IMAGE);
    assertTrue(r.matches(), r.toString());
    assertEquals(Optional.empty(), r.firstMismatch());
  }

  @Test
  void differentReleaseCounterIsReportedByName_uptane_full_verification() {
    UptaneTargetCustom director = IMAGE.toBuilder().releaseCounter(6).build();
    ShallMatch.Result r = ShallMatch.DEFAULT.compare(director, IMAGE);
    assertFalse(r.matches());
    ShallMatch.Mismatch m = r.firstMismatch().orElseThrow();
    assertEquals("releaseCounter", m.field());
    assertEquals(Optional.of(JsonValue.of(6)), m.director());
    assertEquals(Optional.of(JsonValue.of(7)), m.image());
    assertEquals(1, r.mismatches().size());
  }

  /** A compromised repository cannot skip the check by leaving the field out. */
  @Test
  void fieldPresentOnOneSideOnlyIsAMismatch_uptane_full_verification() {
    UptaneTargetCustom director = UptaneTargetCustom.builder().releaseCounter(7).build();
    ShallMatch.Result r = ShallMatch.DEFAULT.compare(director, IMAGE);
    assertEquals(List.of("hardwareIds"), r.mismatches().stream().map(ShallMatch.Mismatch::field)
        .toList());
    assertEquals(Optional.empty(), r.mismatches().get(0).director());
  }

  @Test
  void differentHardwareIdsAreAMismatch_uptane_full_verification() {
    UptaneTargetCustom director = IMAGE.toBuilder().hardwareIds(List.of("board-a")).build();
    assertFalse(ShallMatch.DEFAULT.compare(director, IMAGE).matches());
  }

  @Test
  void configuredFieldsAreComparedByJsonValue_uptane_targets_images_meta() {
    ShallMatch sm = ShallMatch.of(Set.of("targetFormat", "releaseCounter", "checksumDomain"));
    assertEquals(Set.of("checksumDomain", "releaseCounter", "targetFormat"), sm.fieldNames());
    assertTrue(sm.compare(IMAGE, IMAGE).matches());
    UptaneTargetCustom other = IMAGE.toBuilder().otherField("targetFormat",
        JsonValue.of("OSTREE")).build();
    assertEquals("targetFormat", sm.compare(other, IMAGE).firstMismatch().orElseThrow()
        .field());
    assertThrows(IllegalArgumentException.class, () -> ShallMatch.of(Set.of()));
  }
}
