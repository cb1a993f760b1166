package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.uptane.TestVehicle.SECONDARY_KEY;
import static org.tuf4j.uptane.TestVehicle.T0;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.TargetFile;

/** ECU version reports (Uptane Standard #version_report, #create_version_report). */
class EcuVersionReportTest {
  private static final String AB = "ab".repeat(32);
  private static final String SIGNED = "{\"attacks_detected\":\"\",\"ecu_serial\":\"sec-1\","
      + "\"installed_image\":{\"fileinfo\":{\"hashes\":{\"sha256\":\"" + AB + "\"},\"length\":5},"
      + "\"filepath\":\"fw.bin\"},\"previous_timeserver_time\":\"2025-05-31T12:00:00Z\","
      + "\"report_counter\":9,\"timeserver_time\":\"2025-06-01T12:00:00Z\"}";

  private static EcuVersionReport parse(String signed, UptaneProfile profile)
      throws Exception {
    return UptaneSigned.parseEcuVersionReport(("{\"signatures\":[],\"signed\":" + signed + "}")
        .getBytes(StandardCharsets.UTF_8), profile).payload();
  }

  @Test
  void standardReportIsReadWithEveryRequiredField_uptane_version_report() throws Exception {
    EcuVersionReport r = parse(SIGNED, UptaneProfile.STANDARD);
    assertEquals("sec-1", r.ecuSerial());
    assertEquals("fw.bin", r.installedImage().filepath());
    assertEquals(5, r.installedImage().length());
    assertEquals(Map.of("sha256", AB), r.installedImage().hashes());
    assertEquals(false, r.attackDetected());
    assertEquals(T0, r.latestTime());
    assertEquals(Optional.of(T0.minusSeconds(86400)), r.previousTime());
    assertEquals(OptionalLong.of(9), r.reportCounter());
    assertEquals(SIGNED, new String(CanonicalJson.encode(r.toJson()), StandardCharsets.UTF_8));
  }

  @Test
  void upperCaseDigestsAreReadInTheAktualizrProfileOnly_aktualizr_manifest() throws Exception {
    // aktualizr writes digests in either case and compares them ignoring case (uptane/tuf.cc)
    String upper = SIGNED.replace(AB, AB.toUpperCase(java.util.Locale.ROOT));
    assertEquals(Map.of("sha256", AB),
        parse(upper, UptaneProfile.AKTUALIZR).installedImage().hashes());
    assertThrows(MalformedMetadataException.class, () -> parse(upper, UptaneProfile.STANDARD));
  }

  @Test
  void builderWritesTheStandardFormAndSignsItsCanonicalJson_uptane_version_report()
      throws Exception {
    EcuVersionReport r = EcuVersionReport.builder().ecuSerial("sec-1")
        .installedImage(InstalledImage.of("fw.bin", 5, Map.of("sha256", AB)))
        .latestTime(T0.plusMillis(999)).previousTime(T0.minusSeconds(86400)).reportCounter(9)
        .build();
    assertEquals(SIGNED, new String(CanonicalJson.encode(r.toJson()), StandardCharsets.UTF_8));
    UptaneSigned<EcuVersionReport> s = UptaneSigned.sign(r, SECONDARY_KEY);
    Signature sig = s.signatures().get(0);
    Key key = UptaneKeys.publicKeyOf(SECONDARY_KEY);
    assertEquals(key.computeKeyId(), sig.keyId());
    assertTrue(sig.sig().matches("[0-9a-f]+"), sig.sig());
    assertEquals(SIGNED, new String(s.canonicalSigned(), StandardCharsets.UTF_8));
    CryptoBackends.defaultBackend().verifier(key.keyType(), key.scheme(),
        key.publicValue().orElseThrow()).verify(SIGNED.getBytes(StandardCharsets.UTF_8),
        HexFormat.of().parseHex(sig.sig()));
  }

  @Test
  void attackIndicatorAndUnrecognizedFieldsAreKept_uptane_version_report() throws Exception {
    String signed = SIGNED.replace("\"attacks_detected\":\"\"",
        "\"attacks_detected\":\"freeze attack on director timestamp\",\"nonce\":\"n-1\"");
    EcuVersionReport r = parse(signed, UptaneProfile.STANDARD);
    assertTrue(r.attackDetected());
    assertEquals(Map.of("nonce", JsonValue.of("n-1")), r.unrecognizedFields());
    assertEquals(new String(CanonicalJson.encode(CanonicalJson.parse(signed.getBytes(
        StandardCharsets.UTF_8))), StandardCharsets.UTF_8),
        new String(CanonicalJson.encode(r.toJson()), StandardCharsets.UTF_8));
  }

  @Test
  void malformedReportsNameTheMember_uptane_version_report() {
    Map<String, String> cases = Map.of(
        SIGNED.replace("\"report_counter\":9,", ""), "signed.report_counter",
        SIGNED.replace("\"report_counter\":9", "\"report_counter\":\"9\""),
        "signed.report_counter",
        SIGNED.replace("\"report_counter\":9", "\"report_counter\":-1"), "signed.report_counter",
        SIGNED.replace("\"ecu_serial\":\"sec-1\"", "\"ecu_serial\":\"\""), "signed.ecu_serial",
        SIGNED.replace("2025-06-01T12:00:00Z", "2025-06-01 12:00"), "signed.timeserver_time",
        SIGNED.replace("2025-06-01T12:00:00Z", "2025-13-01T12:00:00Z"),
        "signed.timeserver_time",
        SIGNED.replace("{\"sha256\":\"" + AB + "\"}", "{}"),
        "signed.installed_image.fileinfo.hashes",
        SIGNED.replace("\"length\":5", "\"length\":-5"),
        "signed.installed_image.fileinfo.length",
        SIGNED.replace("\"attacks_detected\":\"\",", ""), "signed.attacks_detected",
        SIGNED.replace("\"filepath\":\"fw.bin\"", "\"filepath\":7"),
        "signed.installed_image.filepath");
    cases.forEach((json, member) -> {
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> parse(json, UptaneProfile.STANDARD), json);
      assertTrue(e.getMessage().contains(member), json + " -> " + e.getMessage());
    });
  }

  @Test
  void aktualizrReportMayOmitTheCounterOrWriteItAsDigits_uptane_version_report()
      throws Exception {
    assertEquals(OptionalLong.empty(), parse(SIGNED.replace("\"report_counter\":9,", ""),
        UptaneProfile.AKTUALIZR).reportCounter());
    assertEquals(OptionalLong.of(12), parse(SIGNED.replace("\"report_counter\":9",
        "\"report_counter\":\"12\""), UptaneProfile.AKTUALIZR).reportCounter());
    for (String bad : List.of("\"\"", "\"-1\"", "\"1e3\"", "\"9999999999999999999\"", "true")) {
      assertThrows(MalformedMetadataException.class, () -> parse(SIGNED.replace(
          "\"report_counter\":9", "\"report_counter\":" + bad), UptaneProfile.AKTUALIZR), bad);
    }
  }

  @Test
  void builderRequiresSerialImageTimeAndCounter_uptane_version_report() {
    assertThrows(IllegalStateException.class, () -> EcuVersionReport.builder()
        .ecuSerial("e").latestTime(T0).reportCounter(1).build());
    assertThrows(IllegalStateException.class, () -> EcuVersionReport.builder()
        .ecuSerial("e").installedImage(TestVehicle.image("x")).latestTime(T0).build());
    assertThrows(IllegalArgumentException.class, () -> EcuVersionReport.builder()
        .reportCounter(-1));
    assertThrows(IllegalArgumentException.class, () -> EcuVersionReport.builder()
        .unrecognizedField("report_counter", JsonValue.of(1)));
    assertThrows(IllegalArgumentException.class, () -> EcuVersionReport.builder().ecuSerial("")
        .installedImage(TestVehicle.image("x")).latestTime(T0).reportCounter(1).build());
    assertThrows(IllegalArgumentException.class, () -> EcuVersionReport.builder().ecuSerial("e")
        .installedImage(TestVehicle.image("x")).latestTime(Instant.parse(
            "+10000-01-01T00:00:00Z")).reportCounter(1).build());
  }

  @Test
  void installedImageFromDirectorMetadataDropsTheCustomPart_uptane_version_report() {
    TargetFile t = new TargetFile("fw.bin", 5, Map.of("sha256", AB), Optional.of(
        UptaneTargetCustom.builder().releaseCounter(3).build().toJson()), Map.of());
    InstalledImage i = InstalledImage.of(t);
    assertEquals(Optional.empty(), i.fileInfo().custom());
    assertEquals("fw.bin", i.filepath());
  }
}
