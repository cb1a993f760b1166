package org.tuf4j.uptane;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.tuf4j.uptane.EcuSignatureException.Scope;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.uptane.ManifestReplayState.EcuRecord;

/**
 * The Director's check of a vehicle version manifest against its inventory (Uptane Standard
 * #director_repository, "Directing installation of images on vehicles", steps 1-4;
 * #vehicle_version_manifest; #version_report; #inventory_db).
 *
 * <p>{@link #verify} accepts a manifest only when, in this order:
 * <ol>
 *   <li>it is well-formed JSON within the size, depth and count bounds
 *       ({@code MalformedMetadataException}, {@code TooLargeException});
 *   <li>it is signed by the registered key of the vehicle's Primary, checked before its payload
 *       is interpreted ({@link EcuSignatureException}, scope {@code VEHICLE_MANIFEST});
 *   <li>its payload is a manifest in the profile's form ({@code MalformedMetadataException});
 *   <li>it names the vehicle being checked, when it names one, and the vehicle's registered
 *       Primary ({@link VehicleMismatchException});
 *   <li>it reports only registered ECUs ({@link UnknownEcuException}) and every registered ECU
 *       ({@link MissingEcuException});
 *   <li>each report names the ECU it is filed under ({@link EcuSerialMismatchException}) and is
 *       signed by that ECU's registered key ({@link EcuSignatureException}, scope {@code
 *       ECU_VERSION_REPORT});
 *   <li>each report's counter is above the highest accepted from that ECU, and a report without
 *       a counter (aktualizr profile only) follows no report that had one
 *       ({@link ReplayedReportException});
 *   <li>each report's latest verifiable time is at most {@code now} plus the allowed clock skew
 *       and not earlier than that of the last report accepted from the ECU
 *       ({@link ReportTimeException}).
 * </ol>
 *
 * <p>Replay state is an immutable value the caller supplies and gets back ({@link
 * ManifestReplayState}); the verifier itself is immutable and thread-safe. Nothing is accepted
 * in part: either every check passes and the result carries the next state, or the call throws
 * and the caller keeps the old state.
 */
public final class ManifestVerifier {
  /** Five minutes: how far a report's time may run ahead of the Director's clock by default. */
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final UptaneProfile profile;
  private final Duration maxClockSkew;
  private final CryptoBackend backend;
  private final JsonLimits limits;

  private ManifestVerifier(Builder b) {
    this.profile = b.profile;
    this.maxClockSkew = b.maxClockSkew;
    this.backend = b.backend;
    this.limits = b.limits;
  }

  /**
   * A verifier with the defaults: standard profile, five minutes' skew, the default backend.
   *
   * @return the verifier
   */
  public static ManifestVerifier standard() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults of {@link #standard()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the manifest form this verifier accepts} */
  public UptaneProfile profile() {
    return profile;
  }

  /**
   * Verifies a vehicle version manifest received from the vehicle {@code inventory} describes.
   *
   * @param manifestJson the manifest as received
   * @param inventory the vehicle's registered ECUs
   * @param state the vehicle's replay state as last stored ({@link ManifestReplayState#EMPTY}
   *     for a vehicle that has never reported)
   * @param now the Director's current time
   * @return the manifest and the replay state to store next
   * @throws TufException the subtype names the failed check; see the class description
   */
  public VerifiedManifest verify(byte[] manifestJson, VehicleInventory inventory,
      ManifestReplayState state, Instant now) throws TufException {
    Objects.requireNonNull(manifestJson, "manifestJson");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(now, "now");

    Envelope envelope = Envelope.fromJson(CanonicalJson.parse(manifestJson, limits), "");
    RegisteredEcu primary = inventory.primary();
    EcuSignatures.verify(envelope.signatures(), envelope.canonicalSigned(), primary.key(),
        profile, backend, primary.serial(), Scope.VEHICLE_MANIFEST);
    UptaneSigned<VehicleVersionManifest> manifest = UptaneSigned.of(envelope,
        VehicleVersionManifest.fromJson(envelope.signed(), "signed", profile));
    VehicleVersionManifest vvm = manifest.payload();

    checkVehicle(vvm, inventory);

    Instant latestAcceptable = now.plus(maxClockSkew);
    Map<String, EcuRecord> next = new LinkedHashMap<>();
    Set<String> withoutCounter = new HashSet<>();
    for (Map.Entry<String, UptaneSigned<EcuVersionReport>> e
        : vvm.ecuVersionReports().entrySet()) {
      String serial = e.getKey();
      EcuRecord accepted = checkReport(serial, e.getValue(), inventory,
          state.ecus().get(serial), latestAcceptable);
      if (accepted.lastCounter().isEmpty()) {
        withoutCounter.add(serial);
      }
      next.put(serial, accepted);
    }
    return new VerifiedManifest(manifest, new ManifestReplayState(next), withoutCounter);
  }

  /**
   * The manifest names the vehicle being checked, when it names one, and its registered
   * Primary, and reports every registered ECU and no other (steps 4 and 5 above).
   */
  private static void checkVehicle(VehicleVersionManifest vvm, VehicleInventory inventory)
      throws TufException {
    RegisteredEcu primary = inventory.primary();
    if (vvm.vehicleId().isPresent() && !vvm.vehicleId().get().equals(inventory.vehicleId())) {
      throw new VehicleMismatchException("vehicle id", inventory.vehicleId(),
          vvm.vehicleId().get());
    }
    if (!vvm.primaryEcuSerial().equals(primary.serial())) {
      throw new VehicleMismatchException("Primary ECU serial", primary.serial(),
          vvm.primaryEcuSerial());
    }
    for (String serial : vvm.ecuVersionReports().keySet()) {
      if (!inventory.ecus().containsKey(serial)) {
        throw new UnknownEcuException(inventory.vehicleId(), serial);
      }
    }
    Set<String> missing = new TreeSet<>(inventory.ecus().keySet());
    missing.removeAll(vvm.ecuVersionReports().keySet());
    if (!missing.isEmpty()) {
      throw new MissingEcuException(inventory.vehicleId(), missing);
    }
  }

  /**
   * One ECU's report, filed under its serial, signed by its key, neither replayed nor timed
   * outside what is acceptable (steps 6 to 8 above).
   *
   * @param previous what was last accepted from the ECU, or null
   * @return what to remember of the report
   */
  private EcuRecord checkReport(String serial, UptaneSigned<EcuVersionReport> signed,
      VehicleInventory inventory, EcuRecord previous, Instant latestAcceptable)
      throws TufException {
    EcuVersionReport report = signed.payload();
    if (!report.ecuSerial().equals(serial)) {
      throw new EcuSerialMismatchException(serial, report.ecuSerial());
    }
    EcuSignatures.verify(signed.signatures(), signed.canonicalSigned(),
        inventory.ecus().get(serial).key(), profile, backend, serial,
        Scope.ECU_VERSION_REPORT);
    OptionalLong counter = report.reportCounter();
    if (previous != null && previous.lastCounter().isPresent()) {
      long last = previous.lastCounter().getAsLong();
      if (counter.isEmpty() || counter.getAsLong() <= last) {
        throw new ReplayedReportException(serial, counter, last);
      }
    }
    Instant time = report.latestTime();
    if (time.isAfter(latestAcceptable)) {
      throw new ReportTimeException(serial, ReportTimeException.Reason.IN_THE_FUTURE, time,
          latestAcceptable);
    }
    if (previous != null && time.isBefore(previous.lastTime())) {
      throw new ReportTimeException(serial, ReportTimeException.Reason.OLDER_THAN_ACCEPTED,
          time, previous.lastTime());
    }
    return new EcuRecord(counter, time);
  }

  /** Configures a {@link ManifestVerifier}; every setting has a safe default. */
  public static final class Builder {
    private UptaneProfile profile = UptaneProfile.STANDARD;
    private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
    private CryptoBackend backend = CryptoBackends.defaultBackend();
    private JsonLimits limits = UptaneSigned.DEFAULT_LIMITS;

    private Builder() {}

    /**
     * Which manifest form to accept; {@link UptaneProfile#STANDARD} unless opted out.
     *
     * @param profile the profile
     * @return this builder
     */
    public Builder profile(UptaneProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * How far a report's time may be ahead of the Director's clock; not negative.
     *
     * @param maxClockSkew the allowed skew
     * @return this builder
     */
    public Builder maxClockSkew(Duration maxClockSkew) {
      if (maxClockSkew.isNegative()) {
        throw new IllegalArgumentException("maxClockSkew must not be negative");
      }
      this.maxClockSkew = maxClockSkew;
      return this;
    }

    /**
     * The signature verification implementation; default {@link CryptoBackends#defaultBackend()}.
     *
     * @param backend the backend that verifies ECU signatures
     * @return this builder
     */
    public Builder cryptoBackend(CryptoBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * Parsing bounds for the whole manifest; {@link UptaneSigned#DEFAULT_LIMITS} by default.
     *
     * @param limits the bounds
     * @return this builder
     */
    public Builder limits(JsonLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** {@return a verifier with this configuration} */
    public ManifestVerifier build() {
      return new ManifestVerifier(this);
    }
  }
}
