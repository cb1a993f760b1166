package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tuf4j.uptane.TestVehicle.INVENTORY;
import static org.tuf4j.uptane.TestVehicle.PRIMARY;
import static org.tuf4j.uptane.TestVehicle.PRIMARY_KEY;
import static org.tuf4j.uptane.TestVehicle.SECONDARY;
import static org.tuf4j.uptane.TestVehicle.SECONDARY_KEY;
import static org.tuf4j.uptane.TestVehicle.T0;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonValue;

/**
 * jqwik: ECU version reports and vehicle version manifests round-trip through canonical JSON,
 * verify after signing, and no single-byte change of a signed manifest is ever accepted with
 * other content (Uptane Standard #version_report, #vehicle_version_manifest,
 * #director_repository).
 */
class ManifestProperties {

  /** The parts of a report other than its serial and counter. */
  record Content(String filepath, long length, byte[] digest, String attacks, Instant time,
      Optional<Instant> previous, Optional<String> extra) {}

  @Provide
  static Arbitrary<String> serials() {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-',
        '\u00e9', '"').ofMinLength(1).ofMaxLength(12);
  }

  @Provide
  static Arbitrary<Content> contents() {
    Arbitrary<Instant> times = Arbitraries.longs().between(Instant.parse("2000-01-01T00:00:00Z")
        .getEpochSecond(), T0.getEpochSecond()).map(Instant::ofEpochSecond);
    return Combinators.combine(
        serials().map(s -> s + ".img"),
        Arbitraries.longs().between(0, 1L << 40),
        Arbitraries.bytes().array(byte[].class).ofSize(32),
        Arbitraries.oneOf(Arbitraries.just(""), serials()),
        times,
        times.optional(),
        serials().optional())
        .as(Content::new);
  }

  private static EcuVersionReport report(String serial, long counter, Content c) {
    EcuVersionReport.Builder b = EcuVersionReport.builder().ecuSerial(serial)
        .installedImage(InstalledImage.of(c.filepath(), c.length(), Map.of("sha256",
            HexFormat.of().formatHex(c.digest()))))
        .attacksDetected(c.attacks()).latestTime(c.time()).reportCounter(counter);
    c.previous().ifPresent(b::previousTime);
    c.extra().ifPresent(x -> b.unrecognizedField("custom", new JsonValue.JsonObject(Map.of(
        "note", JsonValue.of(x)))));
    return b.build();
  }

  @Property(tries = 200)
  void signedReportRoundTripsThroughCanonicalJson_uptane_version_report(
      @ForAll("serials") String serial, @ForAll @net.jqwik.api.constraints.LongRange(min = 0)
      long counter, @ForAll("contents") Content content) throws Exception {
    UptaneSigned<EcuVersionReport> signed = UptaneSigned.sign(report(serial, counter, content),
        SECONDARY_KEY);
    UptaneSigned<EcuVersionReport> parsed = UptaneSigned.parseEcuVersionReport(
        signed.toCanonicalJson(), UptaneProfile.STANDARD);
    assertEquals(signed, parsed);
    assertEquals(signed.payload(), parsed.payload());
    assertArrayEquals(signed.toCanonicalJson(), parsed.toCanonicalJson());
    parsed.verifySignature(UptaneKeys.publicKeyOf(SECONDARY_KEY), UptaneProfile.STANDARD,
        CryptoBackends.defaultBackend());
    // the aktualizr profile reads the standard form too
    assertEquals(signed, UptaneSigned.parseEcuVersionReport(signed.toCanonicalJson(),
        UptaneProfile.AKTUALIZR));
  }

  @Property(tries = 100)
  void signedManifestRoundTripsThroughCanonicalJson_uptane_vehicle_version_manifest(
      @ForAll("serials") String vin,
      @ForAll @Size(min = 1, max = 4) @UniqueElements List<@From("serials") String> serials,
      @ForAll("contents") Content content) throws Exception {
    VehicleVersionManifest.Builder b = VehicleVersionManifest.builder().vehicleId(vin)
        .primaryEcuSerial(serials.get(0));
    for (int i = 0; i < serials.size(); i++) {
      b.addReport(UptaneSigned.sign(report(serials.get(i), i, content), PRIMARY_KEY));
    }
    UptaneSigned<VehicleVersionManifest> signed = UptaneSigned.sign(b.build(), PRIMARY_KEY);
    UptaneSigned<VehicleVersionManifest> parsed = UptaneSigned.parseVehicleManifest(
        signed.toCanonicalJson(), UptaneProfile.STANDARD);
    assertEquals(signed, parsed);
    assertEquals(signed.payload(), parsed.payload());
    assertArrayEquals(signed.toCanonicalJson(), parsed.toCanonicalJson());
  }

  @Property(tries = 100)
  void signedManifestOfTheRegisteredEcusVerifies_uptane_director_repository(
      @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = Long.MAX_VALUE - 1)
      long counter, @ForAll("contents") Content primary, @ForAll("contents") Content secondary)
      throws Exception {
    byte[] json = manifest(counter, primary, secondary);
    for (UptaneProfile profile : UptaneProfile.values()) {
      VerifiedManifest v = ManifestVerifier.builder().profile(profile).build()
          .verify(json, INVENTORY, ManifestReplayState.EMPTY, T0);
      assertEquals(OptionalLong.of(counter), v.nextState().ecu(SECONDARY).orElseThrow()
          .lastCounter());
      assertEquals(secondary.time(), v.nextState().ecu(SECONDARY).orElseThrow().lastTime());
      assertEquals(report(SECONDARY, counter, secondary), v.payload().ecuVersionReports()
          .get(SECONDARY).payload());
    }
  }

  /**
   * Replacing any one byte of a signed manifest gives input that is malformed or refused, or
   * (a change with no effect on what was signed, such as hex case in a signature) the very same
   * content: never a manifest with other content, and never an unchecked exception.
   */
  @Property(tries = 1000)
  void singleByteMutationIsNeverAcceptedWithOtherContent_uptane_vehicle_version_manifest(
      @ForAll("contents") Content primary, @ForAll("contents") Content secondary,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position, @ForAll byte value)
      throws Exception {
    byte[] json = manifest(1, primary, secondary);
    byte[] signedBytes = UptaneSigned.parseVehicleManifest(json, UptaneProfile.STANDARD)
        .canonicalSigned();
    byte[] mutated = json.clone();
    int at = position % mutated.length;
    if (mutated[at] == value) {
      value ^= 0x20;
    }
    mutated[at] = value;
    for (UptaneProfile profile : UptaneProfile.values()) {
      VerifiedManifest v;
      try {
        v = ManifestVerifier.builder().profile(profile).build().verify(mutated, INVENTORY,
            ManifestReplayState.EMPTY, T0);
      } catch (TufException refused) {
        continue;
      }
      assertArrayEquals(signedBytes, v.manifest().canonicalSigned(), "accepted other content");
    }
  }

  private static byte[] manifest(long counter, Content primary, Content secondary)
      throws Exception {
    return UptaneSigned.sign(VehicleVersionManifest.builder().vehicleId(TestVehicle.VIN)
        .primaryEcuSerial(PRIMARY)
        .addReport(UptaneSigned.sign(report(PRIMARY, counter, primary), PRIMARY_KEY))
        .addReport(UptaneSigned.sign(report(SECONDARY, counter, secondary), SECONDARY_KEY))
        .build(), PRIMARY_KEY).toCanonicalJson();
  }
}
