package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Targets;

/**
 * Reading the Uptane members tuf4j adds to TUF metadata, named in {@link UptaneFields} (Uptane
 * Standard #delegations_meta, #targets_images_meta): attacker-controlled, so every malformed
 * shape is refused.
 */
class UptaneFieldsTest {

  private static DelegatedRole role(Map<String, JsonValue> extra) {
    return new DelegatedRole("supplier", List.of(), 1, Optional.empty(),
        Optional.of(List.of("*")), Optional.empty(), extra);
  }

  private static Targets targets(Map<String, JsonValue> extra) {
    return new Targets("1.0.34", 1, Instant.parse("2030-01-01T00:00:00Z"), Map.of(),
        Optional.empty(), extra);
  }

  private static JsonArray strings(String... values) {
    List<JsonValue> out = new ArrayList<>();
    for (String v : values) {
      out.add(new JsonString(v));
    }
    return new JsonArray(out);
  }

  @Test
  void delegationHardwareIdsAreReadWhenPresent_uptane_delegations_meta() throws Exception {
    assertEquals(Optional.of(List.of("hw-a", "hw-b")), UptaneDelegations.hardwareIds(
        role(Map.of(UptaneFields.DELEGATION_HARDWARE_IDS, strings("hw-a", "hw-b")))));
    assertEquals(Optional.empty(), UptaneDelegations.hardwareIds(role(Map.of())),
        "absent: any hardware identifier matches");
  }

  @Test
  void malformedDelegationHardwareIdsAreRefused_uptane_delegations_meta() {
    List<JsonValue> bad = List.of(new JsonString("hw-a"), strings(), strings("hw-a", ""),
        new JsonArray(List.of(JsonValue.of(1))), JsonObject.EMPTY);
    for (JsonValue value : bad) {
      assertThrows(MalformedMetadataException.class, () -> UptaneDelegations.hardwareIds(
          role(Map.of(UptaneFields.DELEGATION_HARDWARE_IDS, value))), value.toString());
    }
  }

  @Test
  void tooManyDelegationHardwareIdsAreRefused_uptane_delegations_meta() {
    String[] many = new String[UptaneTargetCustom.MAX_ENTRIES + 1];
    java.util.Arrays.fill(many, "hw");
    assertThrows(MalformedMetadataException.class, () -> UptaneDelegations.hardwareIds(
        role(Map.of(UptaneFields.DELEGATION_HARDWARE_IDS, strings(many)))));
  }

  @Test
  void directorVehicleIdIsReadFromTargetsCustom_uptane_targets_images_meta() throws Exception {
    assertEquals(Optional.of("VIN1"), DirectorTargets.vehicleId(targets(Map.of(
        "custom", new JsonObject(Map.of("vin", new JsonString("VIN1"),
            "correlationId", new JsonString("urn:x")))))));
    assertEquals(Optional.empty(), DirectorTargets.vehicleId(targets(Map.of())));
    assertEquals(Optional.empty(), DirectorTargets.vehicleId(targets(Map.of(
        "custom", new JsonObject(Map.of("correlationId", new JsonString("urn:x")))))));
  }

  @Test
  void malformedDirectorVehicleIdIsRefused_uptane_targets_images_meta() {
    for (JsonValue custom : List.of(new JsonString("VIN1"), new JsonObject(Map.of("vin",
        new JsonString(""))), new JsonObject(Map.of("vin", JsonValue.of(7))))) {
      assertThrows(MalformedMetadataException.class, () -> DirectorTargets.vehicleId(
          targets(Map.of("custom", custom))), custom.toString());
    }
  }
}
