package org.tuf4j.uptane;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;

/**
 * A vehicle for tests: Primary {@code prim-1} (ed25519) and Secondary {@code sec-1} (ECDSA
 * P-256), registered as vehicle {@code VIN0001}. Keys are generated once per JVM.
 */
final class TestVehicle {
  static final String VIN = "VIN0001";
  static final String PRIMARY = "prim-1";
  static final String SECONDARY = "sec-1";
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  static final KeyPairSigner PRIMARY_KEY = KeyPairSigner.generate("ed25519");
  static final KeyPairSigner SECONDARY_KEY = KeyPairSigner.generate("ecdsa-sha2-nistp256");
  static final KeyPairSigner OTHER_KEY = KeyPairSigner.generate("ed25519");

  static final VehicleInventory INVENTORY = VehicleInventory.builder(VIN)
      .primary(PRIMARY, UptaneKeys.publicKeyOf(PRIMARY_KEY), "hw-prim")
      .secondary(SECONDARY, UptaneKeys.publicKeyOf(SECONDARY_KEY), "hw-sec")
      .build();

  private TestVehicle() {}

  static InstalledImage image(String name) {
    return InstalledImage.of(name, 1234, Map.of("sha256", "a3f1c0de" + "0".repeat(56)));
  }

  static EcuVersionReport.Builder report(String serial, long counter, Instant time) {
    return EcuVersionReport.builder().ecuSerial(serial).installedImage(image(serial + ".img"))
        .latestTime(time).previousTime(time.minusSeconds(3600)).reportCounter(counter);
  }

  static UptaneSigned<EcuVersionReport> signedReport(String serial, long counter, Instant time,
      Signer key) throws GeneralSecurityException {
    return UptaneSigned.sign(report(serial, counter, time).build(), key);
  }

  /** A correctly signed manifest of both ECUs, reports with {@code counter} at {@code time}. */
  static byte[] manifest(long counter, Instant time) throws GeneralSecurityException {
    return UptaneSigned.sign(VehicleVersionManifest.builder().vehicleId(VIN)
        .primaryEcuSerial(PRIMARY)
        .addReport(signedReport(PRIMARY, counter, time, PRIMARY_KEY))
        .addReport(signedReport(SECONDARY, counter, time, SECONDARY_KEY))
        .build(), PRIMARY_KEY).toCanonicalJson();
  }

  /** A manifest payload from explicit parts, for attacks the builder does not allow. */
  static byte[] manifestOf(Map<String, UptaneSigned<EcuVersionReport>> reports, String vin,
      String primary, Signer key) throws GeneralSecurityException {
    return UptaneSigned.sign(new VehicleVersionManifest(Optional.of(vin), primary, reports,
        Map.of()), key).toCanonicalJson();
  }
}
