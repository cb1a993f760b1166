package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.uptane.TestVehicle.PRIMARY;
import static org.tuf4j.uptane.TestVehicle.PRIMARY_KEY;
import static org.tuf4j.uptane.TestVehicle.SECONDARY;
import static org.tuf4j.uptane.TestVehicle.SECONDARY_KEY;
import static org.tuf4j.uptane.TestVehicle.T0;
import static org.tuf4j.uptane.TestVehicle.signedReport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;

/** Vehicle version manifests (Uptane Standard #vehicle_version_manifest). */
class VehicleVersionManifestTest {

  @Test
  void builderFilesEachReportUnderItsSerial_uptane_construct_manifest_primary()
      throws Exception {
    UptaneSigned<EcuVersionReport> p = signedReport(PRIMARY, 1, T0, PRIMARY_KEY);
    UptaneSigned<EcuVersionReport> s = signedReport(SECONDARY, 1, T0, SECONDARY_KEY);
    VehicleVersionManifest m = VehicleVersionManifest.builder().vehicleId("VIN9")
        .primaryEcuSerial(PRIMARY).addReport(p).addReport(s)
        .unrecognizedField("installation_report", JsonValue.of("ok")).build();
    assertEquals(Set.of(PRIMARY, SECONDARY), m.ecuVersionReports().keySet());
    JsonObject json = m.toJson();
    assertEquals(JsonValue.of("VIN9"), json.get("vin"));
    assertEquals(JsonValue.of(PRIMARY), json.get("primary_ecu_serial"));
    assertEquals(s.toJson(), ((JsonObject) json.get("ecu_version_manifests")).get(SECONDARY));
    assertEquals(PRIMARY, m.signingEcuSerial());
    assertThrows(IllegalArgumentException.class, () -> VehicleVersionManifest.builder()
        .addReport(p).addReport(p));
    assertThrows(IllegalStateException.class, () -> VehicleVersionManifest.builder()
        .primaryEcuSerial(PRIMARY).build());
  }

  /** aktualizr's first generation: a list of reports, read into the map by serial. */
  @Test
  void legacyReportListIsReadOnlyInTheAktualizrProfile_uptane_vehicle_version_manifest()
      throws Exception {
    UptaneSigned<EcuVersionReport> p = signedReport(PRIMARY, 1, T0, PRIMARY_KEY);
    JsonObject signed = new JsonObject(Map.of("primary_ecu_serial", JsonValue.of(PRIMARY),
        "ecu_version_manifest", new JsonArray(List.of(p.toJson()))));
    byte[] json = CanonicalJson.encode(new JsonObject(Map.of("signatures",
        new JsonArray(List.of()), "signed", signed)));
    VehicleVersionManifest m = UptaneSigned.parseVehicleManifest(json,
        UptaneProfile.AKTUALIZR).payload();
    assertEquals(p, m.ecuVersionReports().get(PRIMARY));
    assertThrows(MalformedMetadataException.class, () -> UptaneSigned.parseVehicleManifest(
        json, UptaneProfile.STANDARD));

    JsonObject twice = new JsonObject(Map.of("primary_ecu_serial", JsonValue.of(PRIMARY),
        "ecu_version_manifest", new JsonArray(List.of(p.toJson(), p.toJson()))));
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> UptaneSigned.parseVehicleManifest(CanonicalJson.encode(new JsonObject(Map.of(
            "signatures", new JsonArray(List.of()), "signed", twice))),
            UptaneProfile.AKTUALIZR));
    assertTrue(e.getMessage().contains("more than once"), e.getMessage());
  }

  @Test
  void malformedManifestsNameTheMember_uptane_vehicle_version_manifest() {
    String report = "{\"signatures\":[],\"signed\":{}}";
    Map<String, String> cases = Map.of(
        "{\"vin\":\"V\",\"primary_ecu_serial\":\"p\"}", "signed.ecu_version_manifests",
        "{\"vin\":\"V\",\"primary_ecu_serial\":\"p\",\"ecu_version_manifests\":[]}",
        "signed.ecu_version_manifests",
        "{\"vin\":\"\",\"primary_ecu_serial\":\"p\",\"ecu_version_manifests\":{}}", "signed.vin",
        "{\"vin\":\"V\",\"ecu_version_manifests\":{}}", "signed.primary_ecu_serial",
        "{\"vin\":\"V\",\"primary_ecu_serial\":\"p\",\"ecu_version_manifests\":{\"e\":"
            + report + "}}", "signed.ecu_version_manifests[\"e\"].signed.ecu_serial",
        "{\"vin\":\"V\",\"primary_ecu_serial\":\"p\",\"ecu_version_manifests\":{\"e\":"
            + "{\"signed\":{}}}}", "signed.ecu_version_manifests[\"e\"].signatures");
    cases.forEach((signed, member) -> {
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> UptaneSigned.parseVehicleManifest(("{\"signatures\":[],\"signed\":" + signed
              + "}").getBytes(StandardCharsets.UTF_8), UptaneProfile.STANDARD), signed);
      assertTrue(e.getMessage().contains(member), signed + " -> " + e.getMessage());
    });
  }

  @Test
  void tooManyEcuReportsAreRefused_uptane_vehicle_version_manifest() {
    StringBuilder sb = new StringBuilder("{\"signatures\":[],\"signed\":{\"vin\":\"V\","
        + "\"primary_ecu_serial\":\"p\",\"ecu_version_manifests\":{");
    for (int i = 0; i <= VehicleVersionManifest.MAX_ECU_REPORTS; i++) {
      sb.append(i == 0 ? "" : ",").append("\"e").append(i).append("\":{}");
    }
    byte[] json = sb.append("}}}").toString().getBytes(StandardCharsets.UTF_8);
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> UptaneSigned.parseVehicleManifest(json, UptaneProfile.STANDARD));
    assertTrue(e.getMessage().contains("limit"), e.getMessage());
  }

  @Test
  void duplicateSignatureKeyIdsAreMalformed_uptane_vehicle_version_manifest() {
    byte[] json = ("{\"signatures\":[{\"keyid\":\"k\",\"sig\":\"00\"},{\"keyid\":\"k\","
        + "\"sig\":\"01\"}],\"signed\":{}}").getBytes(StandardCharsets.UTF_8);
    assertThrows(MalformedMetadataException.class, () -> UptaneSigned.parseVehicleManifest(
        json, UptaneProfile.STANDARD));
  }
}
