package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.metadata.TargetFile;

/** Custom metadata about images (Uptane Standard #targets_images_meta). */
class UptaneTargetCustomTest {

  private static UptaneTargetCustom parse(String json) throws Exception {
    return UptaneTargetCustom.parse(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** A Director entry as deployed stacks write it, with fields tuf4j does not interpret. */
  @Test
  void directorCustomIsReadAndEveryOtherFieldKept_uptane_targets_images_meta() throws Exception {
    String json = "{\"ecuIdentifiers\":{\"ecu-1\":{\"hardwareId\":\"board-a\",\"x\":1}},"
        + "\"hardwareIds\":[\"board-a\",\"board-b\"],\"releaseCounter\":42,"
        + "\"targetFormat\":\"OSTREE\",\"uri\":\"https://cdn.example/img\",\"version\":\"1.2\"}";
    UptaneTargetCustom c = parse(json);
    assertEquals(Optional.of("board-a"), c.hardwareIdFor("ecu-1"));
    assertEquals(Optional.empty(), c.hardwareIdFor("ecu-2"));
    assertEquals(Map.of("x", JsonValue.of(1)), c.ecuIdentifiers().orElseThrow().get("ecu-1")
        .unrecognizedFields());
    assertEquals(Optional.of(List.of("board-a", "board-b")), c.hardwareIds());
    assertEquals(OptionalLong.of(42), c.releaseCounter());
    assertEquals(Optional.of("https://cdn.example/img"), c.uri());
    assertEquals(Map.of("targetFormat", JsonValue.of("OSTREE"), "version", JsonValue.of("1.2")),
        c.otherFields());
    assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), CanonicalJson.encode(c.toJson()));
  }

  @Test
  void absentFieldsAreEmptyNotDefaulted_uptane_targets_images_meta() throws Exception {
    UptaneTargetCustom c = parse("{}");
    assertEquals(Optional.empty(), c.ecuIdentifiers());
    assertEquals(Optional.empty(), c.hardwareIds());
    assertEquals(OptionalLong.empty(), c.releaseCounter());
    assertEquals(UptaneTargetCustom.EMPTY, c);
    TargetFile noCustom = new TargetFile("a.bin", 1, Map.of("sha256", "00".repeat(32)), Optional.empty(),
        Map.of());
    assertEquals(UptaneTargetCustom.EMPTY, UptaneTargetCustom.of(noCustom));
    assertEquals(Optional.empty(), UptaneTargetCustom.EMPTY.applyTo(noCustom).custom());
  }

  @Test
  void nullUriReadsAsNoUriAndIsWrittenBack_uptane_targets_images_meta() throws Exception {
    UptaneTargetCustom c = parse("{\"uri\":null}");
    assertEquals(Optional.empty(), c.uri());
    assertEquals(Optional.of(JsonNull.INSTANCE), c.field("uri"));
  }

  @Test
  void wrongTypesAreMalformedAndNameTheField_uptane_targets_images_meta() {
    Map<String, String> cases = Map.of(
        "[]", "custom: expected an object",
        "{\"hardwareIds\":\"board-a\"}", "custom.hardwareIds",
        "{\"hardwareIds\":[1]}", "custom.hardwareIds[0]",
        "{\"hardwareIds\":[\"\"]}", "custom.hardwareIds[0]",
        "{\"releaseCounter\":\"3\"}", "custom.releaseCounter",
        "{\"releaseCounter\":-1}", "custom.releaseCounter",
        "{\"uri\":7}", "custom.uri",
        "{\"ecuIdentifiers\":[]}", "custom.ecuIdentifiers",
        "{\"ecuIdentifiers\":{\"e\":{}}}", "custom.ecuIdentifiers[\"e\"].hardwareId",
        "{\"ecuIdentifiers\":{\"e\":{\"hardwareId\":5}}}", "hardwareId");
    cases.forEach((json, where) -> {
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> parse(json), json);
      assertTrue(e.getMessage().contains(where), json + " -> " + e.getMessage());
    });
  }

  @Test
  void tooManyHardwareIdsAreRefused_uptane_targets_images_meta() {
    StringBuilder sb = new StringBuilder("{\"hardwareIds\":[");
    for (int i = 0; i <= UptaneTargetCustom.MAX_ENTRIES; i++) {
      sb.append(i == 0 ? "" : ",").append("\"h").append(i).append('"');
    }
    String json = sb.append("]}").toString();
    assertThrows(MalformedMetadataException.class, () -> parse(json));
  }

  @Test
  void targetFileCustomIsReadWithItsPathInErrors_uptane_targets_images_meta() {
    TargetFile t = new TargetFile("fw.bin", 1, Map.of("sha256", "00".repeat(32)),
        Optional.of(new JsonObject(Map.of("releaseCounter", JsonValue.of("x")))), Map.of());
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> UptaneTargetCustom.of(t));
    assertTrue(e.getMessage().contains("targets[\"fw.bin\"].custom.releaseCounter"),
        e.getMessage());
  }

  @Test
  void builderWritesTheConventionalFieldsAndRoundTrips_uptane_targets_images_meta()
      throws Exception {
    UptaneTargetCustom built = UptaneTargetCustom.builder()
        .ecuIdentifier("ecu-1", "board-a")
        .hardwareIds(List.of("board-a"))
        .releaseCounter(3)
        .uri("https://cdn.example/fw.bin")
        .otherField("targetFormat", JsonValue.of("BINARY"))
        .build();
    assertEquals("{\"ecuIdentifiers\":{\"ecu-1\":{\"hardwareId\":\"board-a\"}},"
        + "\"hardwareIds\":[\"board-a\"],\"releaseCounter\":3,\"targetFormat\":\"BINARY\","
        + "\"uri\":\"https://cdn.example/fw.bin\"}",
        new String(CanonicalJson.encode(built.toJson()), StandardCharsets.UTF_8));
    assertEquals(built, UptaneTargetCustom.parse(CanonicalJson.parse(
        CanonicalJson.encode(built.toJson()))));
    TargetFile t = built.applyTo(new TargetFile("fw.bin", 9, Map.of("sha256", "ab".repeat(32)),
        Optional.empty(), Map.of()));
    assertEquals(built, UptaneTargetCustom.of(t));
    UptaneTargetCustom next = built.toBuilder().releaseCounter(4).ecuIdentifier("ecu-2",
        "board-b").build();
    assertEquals(OptionalLong.of(4), next.releaseCounter());
    assertEquals(Optional.of("board-a"), next.hardwareIdFor("ecu-1"));
    assertEquals(Optional.of("board-b"), next.hardwareIdFor("ecu-2"));
    assertEquals(built.otherFields(), next.otherFields());
  }

  @Test
  void builderRefusesInvalidValuesAtOnce_uptane_targets_images_meta() {
    UptaneTargetCustom.Builder b = UptaneTargetCustom.builder();
    assertThrows(IllegalArgumentException.class, () -> b.releaseCounter(-1));
    assertThrows(IllegalArgumentException.class, () -> b.hardwareIds(List.of("")));
    assertThrows(IllegalArgumentException.class, () -> b.ecuIdentifier("", "hw"));
    assertThrows(IllegalArgumentException.class, () -> b.ecuIdentifier("e", ""));
    assertThrows(IllegalArgumentException.class, () -> b.otherField("releaseCounter",
        JsonValue.of(1)));
  }
}
