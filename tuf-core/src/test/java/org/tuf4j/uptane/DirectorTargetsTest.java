package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tuf4j.uptane.DirectorTargetsException.Reason;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;

/** Director targets read the Uptane way (#targets_images_meta, #check_targets steps 6–7). */
class DirectorTargetsTest {
  private static final Instant EXPIRES = Instant.parse("2031-01-01T00:00:00Z");

  private static TargetFile image(String path, String... serialsAndHardware) {
    UptaneTargetCustom.Builder b = UptaneTargetCustom.builder();
    for (int i = 0; i < serialsAndHardware.length; i += 2) {
      b.ecuIdentifier(serialsAndHardware[i], serialsAndHardware[i + 1]);
    }
    return b.build().applyTo(new TargetFile(path, 3, Map.of("sha256", "ab".repeat(32)),
        Optional.empty(), Map.of()));
  }

  private static Targets targets(Map<String, JsonValue> rest, TargetFile... files) {
    Map<String, TargetFile> map = new java.util.LinkedHashMap<>();
    for (TargetFile f : files) {
      map.put(f.path(), f);
    }
    return new Targets("1.0.34", 1, EXPIRES, map, Optional.empty(), rest);
  }

  @Test
  void ordersAreKeyedByEcuSerial_uptane_targets_images_meta() throws Exception {
    Map<String, DirectorTargets.Order> orders = DirectorTargets.orders(targets(Map.of(),
        image("a.bin", "ecu-1", "hw-a"), image("b.bin", "ecu-2", "hw-b", "ecu-3", "hw-b")));
    assertEquals(List.of("ecu-1", "ecu-2", "ecu-3"), List.copyOf(orders.keySet()));
    assertEquals("b.bin", orders.get("ecu-3").target().path());
    assertEquals(Optional.of("hw-b"), orders.get("ecu-3").hardwareId());
  }

  @Test
  void directorTargetsMustNotDelegate_uptane_check_targets_6() {
    DelegatedRole role = new DelegatedRole("x", List.of("k"), 1, Optional.empty(),
        Optional.of(List.of("*")), Optional.empty(), Map.of());
    Targets t = new Targets("1.0.34", 1, EXPIRES, Map.of(), Optional.of(new Delegations(
        Map.of(), Optional.of(List.of(role)), Optional.empty(), Map.of())), Map.of());
    assertEquals(Reason.DELEGATIONS, assertThrows(DirectorTargetsException.class,
        () -> DirectorTargets.orders(t)).reason());
  }

  @Test
  void emptyDelegationsMemberIsNotADelegation_uptane_check_targets_6() throws Exception {
    Targets t = new Targets("1.0.34", 1, EXPIRES, Map.of("a.bin", image("a.bin", "ecu-1", "hw")),
        Optional.of(new Delegations(Map.of(), Optional.of(List.of()), Optional.empty(),
            Map.of())), Map.of());
    assertEquals(List.of("ecu-1"), List.copyOf(DirectorTargets.orders(t).keySet()));
  }

  @Test
  void delegationsWithAKeyButNoRoleStillDelegate_uptane_check_targets_6() {
    Targets t = new Targets("1.0.34", 1, EXPIRES, Map.of(), Optional.of(new Delegations(
        Map.of("k", org.tuf4j.metadata.Key.of("ed25519", "ed25519", "ab".repeat(32))),
        Optional.of(List.of()), Optional.empty(), Map.of())), Map.of());
    assertEquals(Reason.DELEGATIONS, assertThrows(DirectorTargetsException.class,
        () -> DirectorTargets.orders(t)).reason());
  }

  @Test
  void namesNotInNfcAreRefusedInTheStandardProfile_uptane_meta_structures() throws Exception {
    String decomposed = "cafe\u0301.bin"; // e + combining acute accent: NFD, not NFC
    Targets name = targets(Map.of(), image(decomposed, "ecu-1", "hw"));
    assertEquals(Reason.NOT_NFC, assertThrows(DirectorTargetsException.class,
        () -> DirectorTargets.orders(name, UptaneProfile.STANDARD)).reason());
    Targets serial = targets(Map.of(), image("a.bin", "ecu-e\u0301", "hw"));
    assertEquals(Reason.NOT_NFC, assertThrows(DirectorTargetsException.class,
        () -> DirectorTargets.orders(serial, UptaneProfile.STANDARD)).reason());
    Targets hardware = targets(Map.of(), image("a.bin", "ecu-1", "hw-e\u0301"));
    assertEquals(Reason.NOT_NFC, assertThrows(DirectorTargetsException.class,
        () -> DirectorTargets.orders(hardware, UptaneProfile.STANDARD)).reason());
    // the NFC spelling is accepted; aktualizr does not normalise, so neither does its profile
    DirectorTargets.orders(targets(Map.of(), image("caf\u00e9.bin", "ecu-1", "hw")),
        UptaneProfile.STANDARD);
    assertEquals(List.of("ecu-1"), List.copyOf(
        DirectorTargets.orders(name, UptaneProfile.AKTUALIZR).keySet()));
  }

  @Test
  void oneEcuOrderedTwiceIsRefused_uptane_check_targets_7() {
    assertEquals(Reason.DUPLICATE_ECU, assertThrows(DirectorTargetsException.class,
        () -> DirectorTargets.orders(targets(Map.of(), image("a.bin", "ecu-1", "hw"),
            image("b.bin", "ecu-1", "hw")))).reason());
  }

  @Test
  void imageForNoEcuIsRefused_uptane_targets_images_meta() {
    assertEquals(Reason.NO_ECU_IDENTIFIER, assertThrows(DirectorTargetsException.class,
        () -> DirectorTargets.orders(targets(Map.of(), image("a.bin")))).reason());
  }

  @Test
  void vehicleIdentifierIsWrittenAndReadInSignedCustom_uptane_targets_images_meta()
      throws Exception {
    Targets t = DirectorTargets.withVehicleId(targets(Map.of("custom", new JsonObject(Map.of(
        "correlationId", new JsonString("c-1"))))), "VIN-1");
    assertEquals(Optional.of("VIN-1"), DirectorTargets.vehicleId(t));
    assertEquals(new JsonString("c-1"),
        ((JsonObject) t.unrecognizedFields().get("custom")).get("correlationId"));
    assertEquals(Optional.empty(), DirectorTargets.vehicleId(targets(Map.of())));
    assertThrows(MalformedMetadataException.class, () -> DirectorTargets.vehicleId(targets(
        Map.of("custom", new JsonObject(Map.of("vin", new JsonValue.JsonNumber(1)))))));
    assertThrows(MalformedMetadataException.class, () -> DirectorTargets.vehicleId(targets(
        Map.of("custom", new JsonString("VIN-1")))));
  }

  @Test
  void vehicleIdentifierRules_uptane_targets_images_meta() throws Exception {
    Targets empty = targets(Map.of());
    Targets mine = DirectorTargets.withVehicleId(empty, "VIN-1");
    Targets other = DirectorTargets.withVehicleId(empty, "VIN-2");
    DirectorTargets.checkVehicle(mine, Optional.of("VIN-1"), UptaneProfile.STANDARD);
    DirectorTargets.checkVehicle(other, Optional.empty(), UptaneProfile.STANDARD);
    assertEquals("VIN-2", assertThrows(VehicleMismatchException.class,
        () -> DirectorTargets.checkVehicle(other, Optional.of("VIN-1"), UptaneProfile.STANDARD))
        .actual());
    assertEquals("", assertThrows(VehicleMismatchException.class,
        () -> DirectorTargets.checkVehicle(empty, Optional.of("VIN-1"), UptaneProfile.STANDARD))
        .actual());
    DirectorTargets.checkVehicle(empty, Optional.of("VIN-1"), UptaneProfile.AKTUALIZR);
    DirectorTargets.checkVehicle(targets(Map.of(), image("a.bin", "e", "h")),
        Optional.of("VIN-1"), UptaneProfile.STANDARD); // images identify the vehicle
  }
}
