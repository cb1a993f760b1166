package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.uptane.EcuSignatureException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.Key;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.uptane.EcuVersionReport;
import org.tuf4j.uptane.UptaneProfile;
import org.tuf4j.uptane.ManifestReplayState;
import org.tuf4j.uptane.ManifestVerifier;
import org.tuf4j.uptane.UptaneKeys;
import org.tuf4j.uptane.UptaneSigned;
import org.tuf4j.uptane.VehicleInventory;
import org.tuf4j.uptane.VehicleVersionManifest;
import org.tuf4j.uptane.VerifiedManifest;

/**
 * The real aktualizr vehicle version manifests of {@code uptane-device-manifests/} (three format
 * generations, see expected.json) through the Director's {@link ManifestVerifier} (Uptane
 * Standard #vehicle_version_manifest, #version_report, #director_repository):
 *
 * <ul>
 *   <li>under {@link UptaneProfile#AKTUALIZR} each verifies, with its ECU report, against an
 *       inventory that registers the ECU's key in ota-tuf form ({@code "keytype": "RSA"});
 *   <li>under the default {@link UptaneProfile#STANDARD} each is refused with {@link
 *       EcuSignatureException}: its signature lists the key under aktualizr's key id (SHA-256
 *       of the JSON-quoted PEM text, not of the TUF key object) with a {@code method} member and
 *       a base64 {@code sig}, so no signature is in the TUF form under the registered key's id.
 *       Parsed on its own, its payload breaks the standard form too: no {@code vin}, no report
 *       counter.
 * </ul>
 */
class UptaneDeviceManifestFixturesTest {
  /** Each generation's Primary: the one ECU, reporting for itself (expected.json). */
  private static final Map<String, String> PRIMARY_SERIAL = Map.of(
      "v1", "6c23993435f9b910bff621148c947e478e1685835af2c6af7385f3816a930595",
      "v2", "9db4abce9f280c8bdd55c3c7a3250677ebb35b30da7bae010351a159480edddd",
      "v3", "e026ed9d761a563610fd703637668cb196fa98612551e633b845c707fab4e68c");
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private static byte[] manifest(String generation) {
    return Fixtures.read("uptane-device-manifests/" + generation + "/manifest.json");
  }

  /** The inventory entry an ota-tuf Director would hold: the PEM key as {"keytype": "RSA"}. */
  private static VehicleInventory inventory(String generation) throws Exception {
    String pem = Files.readString(Fixtures.path("uptane-device-manifests/" + generation
        + "/rsa-key.pem"), StandardCharsets.US_ASCII);
    Key key = UptaneKeys.parse(new JsonObject(Map.of("keytype", new JsonString("RSA"),
        "keyval", new JsonObject(Map.of("public", new JsonString(pem))))),
        UptaneProfile.AKTUALIZR);
    return VehicleInventory.builder("vehicle-" + generation)
        .primary(PRIMARY_SERIAL.get(generation), key, "aktualizr-primary").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2", "v3"})
  void aktualizrManifestVerifiesInTheAktualizrProfile_uptane_vehicle_version_manifest(
      String generation) throws Exception {
    String serial = PRIMARY_SERIAL.get(generation);
    for (CryptoBackend backend : List.of(CryptoBackends.jdk(), CryptoBackends.bouncyCastle())) {
      VerifiedManifest v = ManifestVerifier.builder().profile(UptaneProfile.AKTUALIZR)
          .cryptoBackend(backend).build()
          .verify(manifest(generation), inventory(generation), ManifestReplayState.EMPTY, NOW);
      VehicleVersionManifest vvm = v.payload();
      assertEquals(serial, vvm.primaryEcuSerial());
      assertTrue(vvm.vehicleId().isEmpty(), "aktualizr identifies the vehicle by TLS");
      assertEquals(Set.of(serial), vvm.ecuVersionReports().keySet());
      EcuVersionReport report = vvm.ecuVersionReports().get(serial).payload();
      assertEquals(serial, report.ecuSerial());
      assertEquals("", report.attacksDetected());
      assertEquals(Instant.EPOCH, report.latestTime());
      assertEquals(OptionalLong.empty(), report.reportCounter());
      assertEquals(Set.of(serial), v.ecusWithoutCounter());
      assertEquals(Instant.EPOCH, v.nextState().ecu(serial).orElseThrow().lastTime());
      // passed through unchanged: the canonical form of the input
      assertArrayEquals(CanonicalJson.encode(CanonicalJson.parse(manifest(generation))),
          v.manifest().toCanonicalJson());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2", "v3"})
  void aktualizrManifestIsRefusedByTheStrictDefaultProfile_uptane_vehicle_version_manifest(
      String generation) throws Exception {
    EcuSignatureException e = assertThrows(EcuSignatureException.class,
        () -> ManifestVerifier.standard().verify(manifest(generation), inventory(generation),
            ManifestReplayState.EMPTY, NOW));
    assertEquals(EcuSignatureException.Scope.VEHICLE_MANIFEST, e.scope());
    assertTrue(e.getMessage().contains("is not the registered key's TUF key id"),
        e.getMessage());
    assertTrue(e.getMessage().contains("\"method\""), e.getMessage());

    MalformedMetadataException m = assertThrows(MalformedMetadataException.class,
        () -> UptaneSigned.parseVehicleManifest(manifest(generation), UptaneProfile.STANDARD));
    assertEquals(MalformedMetadataException.Reason.SCHEMA, m.reason());
    assertTrue(m.getMessage().contains("signed.vin"), m.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2", "v3"})
  void aktualizrReportWithoutCounterIsMalformedInTheStrictProfile_uptane_version_report(
      String generation) throws Exception {
    UptaneSigned<VehicleVersionManifest> m = UptaneSigned.parseVehicleManifest(
        manifest(generation), UptaneProfile.AKTUALIZR);
    byte[] report = m.payload().ecuVersionReports().get(PRIMARY_SERIAL.get(generation))
        .toCanonicalJson();
    UptaneSigned.parseEcuVersionReport(report, UptaneProfile.AKTUALIZR);
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> UptaneSigned.parseEcuVersionReport(report, UptaneProfile.STANDARD));
    assertTrue(e.getMessage().contains("signed.report_counter"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v2", "v3"})
  void aktualizrManifestDetailsAreRead_uptane_version_report(String generation)
      throws Exception {
    VehicleVersionManifest vvm = UptaneSigned.parseVehicleManifest(manifest(generation),
        UptaneProfile.AKTUALIZR).payload();
    EcuVersionReport r = vvm.ecuVersionReports().get(PRIMARY_SERIAL.get(generation)).payload();
    if (generation.equals("v2")) {
      assertEquals("js_0.23.0", r.installedImage().filepath());
      assertEquals(7827355, r.installedImage().length());
      assertEquals("605ce00cadf795dc3f2b36d3a47c6e93cc6f38878ef1cd1a309737943b93d9ff",
          r.installedImage().hashes().get("sha256"));
      assertTrue(r.unrecognizedFields().containsKey("custom"));
    } else {
      assertEquals("helm_2.6.1", r.installedImage().filepath());
      assertEquals(16224720, r.installedImage().length());
      assertTrue(vvm.unrecognizedFields().containsKey("installation_report"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2", "v3"})
  void tamperedAktualizrManifestIsRefused_uptane_vehicle_version_manifest(String generation)
      throws Exception {
    String text = new String(manifest(generation), StandardCharsets.UTF_8);
    String tampered = text.replaceFirst("\"attacks_detected\"\\s*:\\s*\"\"",
        "\"attacks_detected\":\"x\"");
    assertTrue(!tampered.equals(text), "fixture layout changed");
    assertThrows(EcuSignatureException.class, () -> ManifestVerifier.builder()
        .profile(UptaneProfile.AKTUALIZR).build()
        .verify(tampered.getBytes(StandardCharsets.UTF_8), inventory(generation),
            ManifestReplayState.EMPTY, NOW));
  }
}
