package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.DeployedForms;

/**
 * Vehicle version manifests as the uptane/uptane reference implementation's Primary sends them
 * ({@code samples/sample_vehicle_version_manifest_democar.json} of that repository): ECU serial
 * to a list of signed ECU reports, no report counter, signatures {@code {"keyid", "method",
 * "sig"}} with a hex {@code sig}, pretty-printed. Read under {@link UptaneProfile#AKTUALIZR},
 * refused by {@link UptaneProfile#STANDARD}.
 */
class ReferenceManifestTest {
  private static final String VIN = "democar";
  private static final String PRIMARY = "INFOdemocar";
  private static final String SECONDARY = "TCUdemocar";
  private static final Instant T0 = Instant.parse("2017-06-16T18:10:03Z");
  private static final KeyPairSigner PRIMARY_KEY = KeyPairSigner.generate("ed25519");
  private static final KeyPairSigner SECONDARY_KEY = KeyPairSigner.generate("ed25519");
  private static final VehicleInventory INVENTORY = VehicleInventory.builder(VIN)
      .primary(PRIMARY, UptaneKeys.publicKeyOf(PRIMARY_KEY), "infotainment")
      .secondary(SECONDARY, UptaneKeys.publicKeyOf(SECONDARY_KEY), "tcu")
      .build();
  private static final ManifestVerifier AKTUALIZR = ManifestVerifier.builder()
      .profile(UptaneProfile.AKTUALIZR).build();

  /** One ECU's report in the reference implementation's form, signed by {@code key}. */
  private static JsonValue report(String serial, String file, Signer key) {
    Map<String, JsonValue> fileinfo = new LinkedHashMap<>();
    fileinfo.put("hashes", new JsonObject(Map.of("sha256", new JsonString("6b9f9872"
        + "0".repeat(56)))));
    fileinfo.put("length", new JsonNumber(37));
    Map<String, JsonValue> signed = new LinkedHashMap<>();
    signed.put("attacks_detected", new JsonString(""));
    signed.put("ecu_serial", new JsonString(serial));
    signed.put("installed_image", new JsonObject(Map.of("fileinfo", new JsonObject(fileinfo),
        "filepath", new JsonString(file))));
    signed.put("previous_timeserver_time", new JsonString(T0.toString()));
    signed.put("timeserver_time", new JsonString(T0.toString()));
    return signedObject(new JsonObject(signed), key);
  }

  private static JsonValue signedObject(JsonObject signed, Signer key) {
    byte[] file = DeployedForms.reference(signed, Map.of(
        UptaneKeys.publicKeyOf(key).computeKeyId(), key));
    try {
      return CanonicalJson.parse(file);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The whole manifest: serial to reports, signed by the Primary, as the Primary writes it. */
  private static byte[] manifest(Map<String, List<JsonValue>> reports, Signer primaryKey) {
    Map<String, JsonValue> byEcu = new LinkedHashMap<>();
    reports.forEach((serial, list) -> byEcu.put(serial, new JsonArray(new ArrayList<>(list))));
    Map<String, JsonValue> signed = new LinkedHashMap<>();
    signed.put("ecu_version_manifests", new JsonObject(byEcu));
    signed.put("primary_ecu_serial", new JsonString(PRIMARY));
    signed.put("vin", new JsonString(VIN));
    return DeployedForms.reference(new JsonObject(signed), Map.of(
        UptaneKeys.publicKeyOf(primaryKey).computeKeyId(), primaryKey));
  }

  @Test
  void referenceManifestWithReportListsIsReadKeepingTheLatest_uptane_reference_implementation()
      throws Exception {
    byte[] json = manifest(Map.of(
        SECONDARY, List.of(report(SECONDARY, "/tcu-1.0.txt", SECONDARY_KEY),
            report(SECONDARY, "/tcu-1.1.txt", SECONDARY_KEY)),
        PRIMARY, List.of(report(PRIMARY, "/infotainment-1.0.txt", PRIMARY_KEY))),
        PRIMARY_KEY);
    assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"method\": \"ed25519\""));
    VerifiedManifest v = AKTUALIZR.verify(json, INVENTORY, ManifestReplayState.EMPTY, T0);
    assertEquals("/tcu-1.1.txt", v.payload().ecuVersionReports().get(SECONDARY).payload()
        .installedImage().filepath());
    assertEquals(Set.of(PRIMARY, SECONDARY), v.ecusWithoutCounter()); // none carries one
    assertThrows(MalformedMetadataException.class, () -> ManifestVerifier.standard()
        .verify(json, INVENTORY, ManifestReplayState.EMPTY, T0));
  }

  @Test
  void theLatestReportIsTheOneWhoseSignatureCounts_uptane_version_report() {
    byte[] forged = manifest(Map.of(
        SECONDARY, List.of(report(SECONDARY, "/tcu-1.0.txt", SECONDARY_KEY),
            report(SECONDARY, "/tcu-evil.txt", PRIMARY_KEY)),
        PRIMARY, List.of(report(PRIMARY, "/infotainment-1.0.txt", PRIMARY_KEY))),
        PRIMARY_KEY);
    assertThrows(EcuSignatureException.class,
        () -> AKTUALIZR.verify(forged, INVENTORY, ManifestReplayState.EMPTY, T0));
  }

  @Test
  void aListMustHoldReportsOfItsOwnEcuOnly_uptane_vehicle_version_manifest() {
    byte[] misfiled = manifest(Map.of(
        SECONDARY, List.of(report(PRIMARY, "/infotainment-1.0.txt", PRIMARY_KEY)),
        PRIMARY, List.of(report(PRIMARY, "/infotainment-1.0.txt", PRIMARY_KEY))), PRIMARY_KEY);
    assertThrows(MalformedMetadataException.class,
        () -> AKTUALIZR.verify(misfiled, INVENTORY, ManifestReplayState.EMPTY, T0));
    byte[] empty = manifest(Map.of(SECONDARY, List.of(),
        PRIMARY, List.of(report(PRIMARY, "/infotainment-1.0.txt", PRIMARY_KEY))), PRIMARY_KEY);
    assertThrows(MalformedMetadataException.class,
        () -> AKTUALIZR.verify(empty, INVENTORY, ManifestReplayState.EMPTY, T0));
  }
}
