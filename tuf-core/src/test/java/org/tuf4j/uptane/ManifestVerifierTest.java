package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.uptane.TestVehicle.INVENTORY;
import static org.tuf4j.uptane.TestVehicle.OTHER_KEY;
import static org.tuf4j.uptane.TestVehicle.PRIMARY;
import static org.tuf4j.uptane.TestVehicle.PRIMARY_KEY;
import static org.tuf4j.uptane.TestVehicle.SECONDARY;
import static org.tuf4j.uptane.TestVehicle.SECONDARY_KEY;
import static org.tuf4j.uptane.TestVehicle.T0;
import static org.tuf4j.uptane.TestVehicle.VIN;
import static org.tuf4j.uptane.TestVehicle.manifest;
import static org.tuf4j.uptane.TestVehicle.manifestOf;
import static org.tuf4j.uptane.TestVehicle.report;
import static org.tuf4j.uptane.TestVehicle.signedReport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tuf4j.uptane.EcuSignatureException.Scope;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.Signature;

/**
 * The Director's manifest checks (Uptane Standard #director_repository steps 1-4,
 * #vehicle_version_manifest, #version_report, #inventory_db): one test per attack.
 */
class ManifestVerifierTest {
  private static final ManifestVerifier STRICT = ManifestVerifier.standard();
  private static final ManifestVerifier AKTUALIZR = ManifestVerifier.builder()
      .profile(UptaneProfile.AKTUALIZR).build();

  private static VerifiedManifest verify(byte[] json, ManifestReplayState state)
      throws Exception {
    return STRICT.verify(json, INVENTORY, state, T0);
  }

  @Test
  void manifestSignedByThePrimaryWithEveryEcuIsAccepted_uptane_director_repository()
      throws Exception {
    VerifiedManifest v = verify(manifest(7, T0), ManifestReplayState.EMPTY);
    assertEquals(VIN, v.payload().vehicleId().orElseThrow());
    assertEquals(PRIMARY, v.payload().primaryEcuSerial());
    assertEquals(Set.of(PRIMARY, SECONDARY), v.payload().ecuVersionReports().keySet());
    assertEquals("sec-1.img", v.payload().ecuVersionReports().get(SECONDARY).payload()
        .installedImage().filepath());
    assertEquals(OptionalLong.of(7), v.nextState().ecu(SECONDARY).orElseThrow().lastCounter());
    assertEquals(T0, v.nextState().ecu(PRIMARY).orElseThrow().lastTime());
    assertTrue(v.ecusWithoutCounter().isEmpty());
  }

  @Test
  void nextManifestWithHigherCountersIsAccepted_uptane_version_report() throws Exception {
    VerifiedManifest first = verify(manifest(7, T0), ManifestReplayState.EMPTY);
    VerifiedManifest second = verify(manifest(8, T0), first.nextState());
    assertEquals(OptionalLong.of(8), second.nextState().ecu(PRIMARY).orElseThrow()
        .lastCounter());
  }

  @Test
  void reusedCounterIsRefusedAsReplay_uptane_version_report() throws Exception {
    byte[] json = manifest(7, T0);
    VerifiedManifest first = verify(json, ManifestReplayState.EMPTY);
    ReplayedReportException e = assertThrows(ReplayedReportException.class,
        () -> verify(json, first.nextState()));
    assertEquals(OptionalLong.of(7), e.counter());
    assertEquals(7, e.lastAccepted());
    assertTrue(e.getMessage().contains("replayed"), e.getMessage());
  }

  @Test
  void lowerCounterIsRefusedAsReplay_uptane_version_report() throws Exception {
    VerifiedManifest first = verify(manifest(7, T0), ManifestReplayState.EMPTY);
    assertThrows(ReplayedReportException.class, () -> verify(manifest(6, T0),
        first.nextState()));
  }

  /** One ECU's counter reused while the other's advances: still a replay of that report. */
  @Test
  void oneReplayedEcuReportRefusesTheWholeManifest_uptane_director_repository()
      throws Exception {
    VerifiedManifest first = verify(manifest(7, T0), ManifestReplayState.EMPTY);
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 8, T0, PRIMARY_KEY));
    reports.put(SECONDARY, signedReport(SECONDARY, 7, T0, SECONDARY_KEY));
    ReplayedReportException e = assertThrows(ReplayedReportException.class, () -> verify(
        manifestOf(reports, VIN, PRIMARY, PRIMARY_KEY), first.nextState()));
    assertEquals(SECONDARY, e.ecuSerial());
  }

  @Test
  void manifestSignedByAnotherEcuKeyIsRefused_uptane_vehicle_version_manifest()
      throws Exception {
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 1, T0, PRIMARY_KEY));
    reports.put(SECONDARY, signedReport(SECONDARY, 1, T0, SECONDARY_KEY));
    byte[] json = manifestOf(reports, VIN, PRIMARY, SECONDARY_KEY);
    EcuSignatureException e = assertThrows(EcuSignatureException.class,
        () -> verify(json, ManifestReplayState.EMPTY));
    assertEquals(Scope.VEHICLE_MANIFEST, e.scope());
    assertEquals(PRIMARY, e.ecuSerial());
  }

  @Test
  void ecuReportSignedByAnotherEcuKeyIsRefused_uptane_version_report() throws Exception {
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 1, T0, PRIMARY_KEY));
    reports.put(SECONDARY, signedReport(SECONDARY, 1, T0, PRIMARY_KEY));
    EcuSignatureException e = assertThrows(EcuSignatureException.class,
        () -> verify(manifestOf(reports, VIN, PRIMARY, PRIMARY_KEY),
            ManifestReplayState.EMPTY));
    assertEquals(Scope.ECU_VERSION_REPORT, e.scope());
    assertEquals(SECONDARY, e.ecuSerial());
  }

  /** A compromised Primary edits a Secondary's report and re-signs the manifest. */
  @Test
  void primaryCannotForgeASecondarysReport_uptane_version_report() throws Exception {
    UptaneSigned<EcuVersionReport> genuine = signedReport(SECONDARY, 1, T0, SECONDARY_KEY);
    EcuVersionReport edited = report(SECONDARY, 1, T0).installedImage(TestVehicle.image(
        "old-vulnerable.img")).build();
    JsonObject forged = new JsonObject(Map.of("signatures", genuine.toJson().get("signatures"),
        "signed", edited.toJson()));
    UptaneSigned<EcuVersionReport> forgedReport = UptaneSigned.parseEcuVersionReport(
        CanonicalJson.encode(forged), UptaneProfile.STANDARD);
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 1, T0, PRIMARY_KEY));
    reports.put(SECONDARY, forgedReport);
    EcuSignatureException e = assertThrows(EcuSignatureException.class, () -> verify(
        manifestOf(reports, VIN, PRIMARY, PRIMARY_KEY), ManifestReplayState.EMPTY));
    assertEquals(SECONDARY, e.ecuSerial());
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
  }

  @Test
  void manifestMissingARegisteredEcuIsRefused_uptane_director_repository() throws Exception {
    Map<String, UptaneSigned<EcuVersionReport>> reports = Map.of(PRIMARY,
        signedReport(PRIMARY, 1, T0, PRIMARY_KEY));
    MissingEcuException e = assertThrows(MissingEcuException.class, () -> verify(
        manifestOf(reports, VIN, PRIMARY, PRIMARY_KEY), ManifestReplayState.EMPTY));
    assertEquals(Set.of(SECONDARY), e.missingSerials());
  }

  @Test
  void manifestReportingAnUnknownEcuIsRefused_uptane_inventory_db() throws Exception {
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 1, T0, PRIMARY_KEY));
    reports.put(SECONDARY, signedReport(SECONDARY, 1, T0, SECONDARY_KEY));
    reports.put("rogue-9", signedReport("rogue-9", 1, T0, OTHER_KEY));
    UnknownEcuException e = assertThrows(UnknownEcuException.class, () -> verify(
        manifestOf(reports, VIN, PRIMARY, PRIMARY_KEY), ManifestReplayState.EMPTY));
    assertEquals("rogue-9", e.ecuSerial());
    assertEquals(VIN, e.vehicleId());
  }

  /** The Primary's genuine report filed under the Secondary's serial, to hide the Secondary. */
  @Test
  void reportWhoseSerialDiffersFromItsMapKeyIsRefused_uptane_vehicle_version_manifest()
      throws Exception {
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 1, T0, PRIMARY_KEY));
    reports.put(SECONDARY, signedReport(PRIMARY, 2, T0, PRIMARY_KEY));
    EcuSerialMismatchException e = assertThrows(EcuSerialMismatchException.class,
        () -> verify(manifestOf(reports, VIN, PRIMARY, PRIMARY_KEY),
            ManifestReplayState.EMPTY));
    assertEquals(SECONDARY, e.filedUnder());
    assertEquals(PRIMARY, e.reportedSerial());
  }

  @Test
  void reportFromTheFutureIsRefused_uptane_director_repository() throws Exception {
    byte[] json = manifest(1, T0.plus(Duration.ofMinutes(6)));
    ReportTimeException e = assertThrows(ReportTimeException.class,
        () -> verify(json, ManifestReplayState.EMPTY));
    assertEquals(ReportTimeException.Reason.IN_THE_FUTURE, e.reason());
    assertEquals(T0.plus(ManifestVerifier.DEFAULT_MAX_CLOCK_SKEW), e.bound());
  }

  @Test
  void reportWithinTheAllowedClockSkewIsAccepted_uptane_director_repository()
      throws Exception {
    verify(manifest(1, T0.plus(Duration.ofMinutes(5))), ManifestReplayState.EMPTY);
    ManifestVerifier noSkew = ManifestVerifier.builder().maxClockSkew(Duration.ZERO).build();
    assertThrows(ReportTimeException.class, () -> noSkew.verify(manifest(1, T0.plusSeconds(1)),
        INVENTORY, ManifestReplayState.EMPTY, T0));
  }

  @Test
  void reportOlderThanTheLastAcceptedIsRefused_uptane_director_repository() throws Exception {
    VerifiedManifest first = verify(manifest(1, T0), ManifestReplayState.EMPTY);
    ReportTimeException e = assertThrows(ReportTimeException.class,
        () -> verify(manifest(2, T0.minusSeconds(1)), first.nextState()));
    assertEquals(ReportTimeException.Reason.OLDER_THAN_ACCEPTED, e.reason());
    assertEquals(T0, e.bound());
    // the same time again is fine: the counter changed
    verify(manifest(2, T0), first.nextState());
  }

  @Test
  void manifestNamingAnotherVehicleIsRefused_uptane_vehicle_version_manifest()
      throws Exception {
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 1, T0, PRIMARY_KEY));
    reports.put(SECONDARY, signedReport(SECONDARY, 1, T0, SECONDARY_KEY));
    VehicleMismatchException e = assertThrows(VehicleMismatchException.class, () -> verify(
        manifestOf(reports, "VIN0002", PRIMARY, PRIMARY_KEY), ManifestReplayState.EMPTY));
    assertEquals(VIN, e.expected());
    assertEquals("VIN0002", e.actual());
  }

  @Test
  void manifestNamingASecondaryAsPrimaryIsRefused_uptane_vehicle_version_manifest()
      throws Exception {
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 1, T0, PRIMARY_KEY));
    reports.put(SECONDARY, signedReport(SECONDARY, 1, T0, SECONDARY_KEY));
    assertThrows(VehicleMismatchException.class, () -> verify(
        manifestOf(reports, VIN, SECONDARY, PRIMARY_KEY), ManifestReplayState.EMPTY));
  }

  @Test
  void unsignedManifestIsRefused_uptane_vehicle_version_manifest() throws Exception {
    UptaneSigned<VehicleVersionManifest> signed = UptaneSigned.parseVehicleManifest(
        manifest(1, T0), UptaneProfile.STANDARD);
    JsonObject unsigned = new JsonObject(Map.of("signatures", new JsonArray(List.of()),
        "signed", signed.signedJson()));
    EcuSignatureException e = assertThrows(EcuSignatureException.class, () -> verify(
        CanonicalJson.encode(unsigned), ManifestReplayState.EMPTY));
    assertTrue(e.getMessage().contains("no signatures"), e.getMessage());
  }

  /** The right key's valid signature, listed under another key id: not the standard form. */
  @Test
  void signatureUnderAnotherKeyIdIsNotConsideredInStrictMode_uptane_common_metadata()
      throws Exception {
    byte[] json = relisted(manifest(1, T0), "0".repeat(64), false);
    assertThrows(EcuSignatureException.class, () -> verify(json, ManifestReplayState.EMPTY));
    // the aktualizr profile ignores key ids and counts the key that verified
    AKTUALIZR.verify(json, INVENTORY, ManifestReplayState.EMPTY, T0);
  }

  /** Another key's valid signature listed under the registered key's id never counts. */
  @Test
  void anotherKeysSignatureUnderTheRegisteredKeyIdIsRefused_uptane_common_metadata()
      throws Exception {
    UptaneSigned<VehicleVersionManifest> good = UptaneSigned.parseVehicleManifest(
        manifest(1, T0), UptaneProfile.STANDARD);
    byte[] sig = OTHER_KEY.sign(good.canonicalSigned());
    JsonObject swapped = new JsonObject(Map.of("signatures", new JsonArray(List.of(
        Signature.of(UptaneKeys.publicKeyOf(PRIMARY_KEY).computeKeyId(), sig).toJson())),
        "signed", good.signedJson()));
    byte[] json = CanonicalJson.encode(swapped);
    assertThrows(EcuSignatureException.class, () -> verify(json, ManifestReplayState.EMPTY));
    assertThrows(EcuSignatureException.class, () -> AKTUALIZR.verify(json, INVENTORY,
        ManifestReplayState.EMPTY, T0));
  }

  @Test
  void dialectSignatureIsAcceptedOnlyInTheAktualizrProfile_uptane_vehicle_version_manifest()
      throws Exception {
    byte[] json = relisted(manifest(1, T0), "any-key-id", true);
    EcuSignatureException e = assertThrows(EcuSignatureException.class,
        () -> verify(json, ManifestReplayState.EMPTY));
    assertTrue(e.getMessage().contains("UptaneProfile.AKTUALIZR"), e.getMessage());
    VerifiedManifest v = AKTUALIZR.verify(json, INVENTORY, ManifestReplayState.EMPTY, T0);
    assertArrayEquals(CanonicalJson.encode(CanonicalJson.parse(json)),
        v.manifest().toCanonicalJson());
  }

  /** The signature's method never picks the algorithm: it must fit the registered key. */
  @Test
  void dialectMethodThatDoesNotFitTheRegisteredKeyIsRefused_uptane_vehicle_version_manifest()
      throws Exception {
    byte[] json = relistedWithMethod(manifest(1, T0), "rsassa-pss");
    EcuSignatureException e = assertThrows(EcuSignatureException.class,
        () -> AKTUALIZR.verify(json, INVENTORY, ManifestReplayState.EMPTY, T0));
    assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
  }

  @Test
  void reportDroppingItsCounterAfterOneWasAcceptedIsRefused_uptane_version_report()
      throws Exception {
    VerifiedManifest first = AKTUALIZR.verify(manifest(5, T0), INVENTORY,
        ManifestReplayState.EMPTY, T0);
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    reports.put(PRIMARY, signedReport(PRIMARY, 6, T0, PRIMARY_KEY));
    reports.put(SECONDARY, withoutCounter(signedReport(SECONDARY, 6, T0, SECONDARY_KEY)
        .payload(), SECONDARY_KEY));
    byte[] json = manifestOf(reports, VIN, PRIMARY, PRIMARY_KEY);
    ReplayedReportException e = assertThrows(ReplayedReportException.class,
        () -> AKTUALIZR.verify(json, INVENTORY, first.nextState(), T0));
    assertEquals(OptionalLong.empty(), e.counter());
    // without an earlier counter, the aktualizr profile accepts it and says it is unprotected
    VerifiedManifest v = AKTUALIZR.verify(json, INVENTORY, ManifestReplayState.EMPTY, T0);
    assertEquals(Set.of(SECONDARY), v.ecusWithoutCounter());
    assertEquals(OptionalLong.empty(), v.nextState().ecu(SECONDARY).orElseThrow().lastCounter());
    // the strict profile requires the counter
    assertThrows(MalformedMetadataException.class, () -> verify(json,
        ManifestReplayState.EMPTY));
  }

  @Test
  void manifestWithoutVehicleIdIsMalformedInStrictMode_uptane_vehicle_version_manifest()
      throws Exception {
    UptaneSigned<VehicleVersionManifest> good = UptaneSigned.parseVehicleManifest(
        manifest(1, T0), UptaneProfile.STANDARD);
    Map<String, JsonValue> members = new LinkedHashMap<>(good.signedJson().members());
    members.remove("vin");
    JsonObject payload = new JsonObject(members);
    byte[] sig = PRIMARY_KEY.sign(CanonicalJson.encode(payload));
    byte[] json = CanonicalJson.encode(new JsonObject(Map.of("signatures", new JsonArray(
        List.of(Signature.of(UptaneKeys.publicKeyOf(PRIMARY_KEY).computeKeyId(), sig)
            .toJson())), "signed", payload)));
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> verify(json, ManifestReplayState.EMPTY));
    assertEquals(MalformedMetadataException.Reason.SCHEMA, e.reason());
    assertTrue(e.getMessage().contains("signed.vin"), e.getMessage());
    AKTUALIZR.verify(json, INVENTORY, ManifestReplayState.EMPTY, T0);
  }

  @Test
  void oversizeManifestIsRefusedBeforeParsing_uptane_vehicle_version_manifest()
      throws Exception {
    ManifestVerifier small = ManifestVerifier.builder()
        .limits(UptaneSigned.DEFAULT_LIMITS.withMaxBytes(100)).build();
    assertThrows(TooLargeException.class, () -> small.verify(manifest(1, T0), INVENTORY,
        ManifestReplayState.EMPTY, T0));
  }

  @Test
  void tooManySignaturesAreRefusedAsMalformed_uptane_vehicle_version_manifest()
      throws Exception {
    UptaneSigned<VehicleVersionManifest> good = UptaneSigned.parseVehicleManifest(
        manifest(1, T0), UptaneProfile.STANDARD);
    List<JsonValue> sigs = new java.util.ArrayList<>();
    for (int i = 0; i <= UptaneSigned.MAX_SIGNATURES; i++) {
      sigs.add(Signature.of("k" + i, new byte[] {1}).toJson());
    }
    byte[] json = CanonicalJson.encode(new JsonObject(Map.of("signatures", new JsonArray(sigs),
        "signed", good.signedJson())));
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> verify(json, ManifestReplayState.EMPTY));
    assertTrue(e.getMessage().contains("limit"), e.getMessage());
  }

  @Test
  void garbageIsMalformedNeverACrash_uptane_vehicle_version_manifest() {
    for (String bad : List.of("", "[]", "{}", "{\"signatures\":{},\"signed\":{}}",
        "{\"signatures\":[],\"signed\":[]}", "{\"signatures\":[{\"keyid\":1}],\"signed\":{}}",
        "{\"signatures\":[],\"signed\":{}} x")) {
      assertThrows(org.tuf4j.TufException.class, () -> verify(
          bad.getBytes(StandardCharsets.UTF_8), ManifestReplayState.EMPTY), bad);
    }
  }

  @Test
  void bothCryptoBackendsAgree_uptane_vehicle_version_manifest() throws Exception {
    byte[] json = manifest(1, T0);
    for (var backend : List.of(CryptoBackends.jdk(), CryptoBackends.bouncyCastle())) {
      ManifestVerifier.builder().cryptoBackend(backend).build().verify(json, INVENTORY,
          ManifestReplayState.EMPTY, T0);
    }
  }

  @Test
  void primaryVerifiesASecondarysReportWithItsKey_uptane_create_version_report()
      throws Exception {
    UptaneSigned<EcuVersionReport> r = signedReport(SECONDARY, 3, T0, SECONDARY_KEY);
    r.verifySignature(UptaneKeys.publicKeyOf(SECONDARY_KEY), UptaneProfile.STANDARD,
        CryptoBackends.defaultBackend());
    EcuSignatureException e = assertThrows(EcuSignatureException.class, () -> r.verifySignature(
        UptaneKeys.publicKeyOf(OTHER_KEY), UptaneProfile.STANDARD,
        CryptoBackends.defaultBackend()));
    assertEquals(Scope.ECU_VERSION_REPORT, e.scope());
  }

  // ---- helpers ----

  private static UptaneSigned<EcuVersionReport> withoutCounter(EcuVersionReport r, Signer key)
      throws Exception {
    return UptaneSigned.sign(new EcuVersionReport(r.ecuSerial(), r.installedImage(),
        r.attacksDetected(), r.latestTime(), r.previousTime(), OptionalLong.empty(),
        r.unrecognizedFields()), key);
  }

  /** The manifest's one signature under another key id; optionally in the aktualizr dialect. */
  private static byte[] relisted(byte[] manifest, String keyId, boolean dialect)
      throws Exception {
    JsonObject env = (JsonObject) CanonicalJson.parse(manifest);
    JsonObject sig = (JsonObject) ((JsonArray) env.get("signatures")).elements().get(0);
    String hex = ((JsonString) sig.get("sig")).value();
    Map<String, JsonValue> s = new LinkedHashMap<>();
    s.put("keyid", new JsonString(keyId));
    if (dialect) {
      s.put("method", new JsonString("ed25519"));
      s.put("sig", new JsonString(Base64.getEncoder().encodeToString(
          java.util.HexFormat.of().parseHex(hex))));
    } else {
      s.put("sig", new JsonString(hex));
    }
    return CanonicalJson.encode(new JsonObject(Map.of("signatures", new JsonArray(List.of(
        new JsonObject(s))), "signed", env.get("signed"))));
  }

  private static byte[] relistedWithMethod(byte[] manifest, String method) throws Exception {
    JsonObject env = (JsonObject) CanonicalJson.parse(relisted(manifest, "k", true));
    JsonObject sig = (JsonObject) ((JsonArray) env.get("signatures")).elements().get(0);
    Map<String, JsonValue> s = new LinkedHashMap<>(sig.members());
    s.put("method", new JsonString(method));
    return CanonicalJson.encode(new JsonObject(Map.of("signatures", new JsonArray(List.of(
        new JsonObject(s))), "signed", env.get("signed"))));
  }
}
