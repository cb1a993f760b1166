package org.tuf4j.uptane;

import static org.tuf4j.internal.ModelChecks.requireIdentifier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.Messages;
import org.tuf4j.internal.ModelChecks;

/**
 * A vehicle version manifest: the {@code signed} payload a Primary signs with its ECU key to
 * tell the Director what every ECU of the vehicle has installed (Uptane Standard
 * #vehicle_version_manifest, #construct_manifest_primary):
 *
 * <pre>{@code
 * {"vin": "...",                      // the vehicle's unique identifier
 *  "primary_ecu_serial": "...",       // the Primary's unique identifier
 *  "ecu_version_manifests": {         // ECU serial -> signed ECU version report
 *    "<serial>": {"signatures": [...], "signed": {...}}, ...}}
 * }</pre>
 *
 * <p>The map is keyed by ECU serial; a report's own {@code ecu_serial} should equal its key, and
 * {@link ManifestVerifier} refuses a manifest where it does not. {@code vin} is always present
 * under {@link UptaneProfile#STANDARD}. Unrecognized members (such as aktualizr's {@code
 * installation_report}) are kept. Reports read from aktualizr's first-generation list form are
 * filed under their own serials. Under {@link UptaneProfile#AKTUALIZR} the map's values may also
 * be lists of signed reports, as the uptane/uptane reference implementation's Primary sends them
 * ({@code "<serial>": [report, ...]}, oldest first): the latest is kept. {@link #toJson()}
 * writes the standard form.
 *
 * @param vehicleId the VIN, empty only for aktualizr manifests
 * @param ecuVersionReports ECU serial to that ECU's signed report, at most {@link
 *     #MAX_ECU_REPORTS}
 */
public record VehicleVersionManifest(Optional<String> vehicleId, String primaryEcuSerial,
    Map<String, UptaneSigned<EcuVersionReport>> ecuVersionReports,
    Map<String, JsonValue> unrecognizedFields) implements UptanePayload {

  /** Most ECU version reports accepted in one manifest. */
  public static final int MAX_ECU_REPORTS = 256;
  /** Most reports of one ECU accepted in the reference implementation's list form. */
  static final int MAX_REPORTS_PER_ECU = 16;

  static final String VIN = "vin";
  static final String PRIMARY = "primary_ecu_serial";
  static final String REPORTS = "ecu_version_manifests";
  /** aktualizr's first-generation form: a list of signed reports. */
  static final String LEGACY_REPORTS = "ecu_version_manifest";
  private static final Set<String> KNOWN = Set.of(VIN, PRIMARY, REPORTS);

  /**
   * Checks the identifiers and the number of reports, and copies the reports.
   *
   * @param vehicleId the VIN, empty only for aktualizr manifests
   * @param primaryEcuSerial the Primary's ECU serial
   * @param ecuVersionReports ECU serial to that ECU's signed report
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when an identifier is empty or there are too many reports
   */
  public VehicleVersionManifest {
    Objects.requireNonNull(vehicleId, "vehicleId");
    vehicleId.ifPresent(v -> requireIdentifier(v, "vehicleId"));
    requireIdentifier(primaryEcuSerial, "primaryEcuSerial");
    Map<String, UptaneSigned<EcuVersionReport>> copy = new LinkedHashMap<>();
    ecuVersionReports.forEach((serial, report) -> copy.put(requireIdentifier(serial,
        "ECU serial"), Objects.requireNonNull(report, "report")));
    if (copy.size() > MAX_ECU_REPORTS) {
      throw new IllegalArgumentException(copy.size() + " ECU version reports, more than the "
          + "limit of " + MAX_ECU_REPORTS);
    }
    ecuVersionReports = Collections.unmodifiableMap(copy);
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  @Override
  public String signingEcuSerial() {
    return primaryEcuSerial;
  }

  @Override
  public JsonObject toJson() {
    Map<String, JsonValue> reports = new LinkedHashMap<>();
    ecuVersionReports.forEach((serial, r) -> reports.put(serial, r.toJson()));
    JsonWriter w = new JsonWriter(unrecognizedFields).put(PRIMARY, primaryEcuSerial)
        .put(REPORTS, new JsonObject(reports));
    vehicleId.ifPresent(v -> w.put(VIN, v));
    return w.build();
  }

  static VehicleVersionManifest fromJson(JsonValue value, String path, UptaneProfile profile)
      throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    Optional<String> vin;
    if (profile.acceptsDialect()) {
      vin = f.has(VIN) ? Optional.of(f.identifier(VIN)) : f.optionalString(VIN);
    } else {
      vin = Optional.of(f.identifier(VIN));
    }
    String primary = f.identifier(PRIMARY);
    Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    if (profile.acceptsDialect() && f.has(LEGACY_REPORTS) && !f.has(REPORTS)) {
      List<JsonValue> list = f.array(LEGACY_REPORTS, MAX_ECU_REPORTS);
      for (int i = 0; i < list.size(); i++) {
        UptaneSigned<EcuVersionReport> r = report(list.get(i), f.child(LEGACY_REPORTS) + "["
            + i + "]", profile);
        if (reports.putIfAbsent(r.payload().ecuSerial(), r) != null) {
          throw JsonFields.invalid(f.child(LEGACY_REPORTS), "lists ECU "
              + r.payload().ecuSerial() + " more than once");
        }
      }
    } else {
      JsonObject map = f.rawObject(REPORTS);
      String p = f.child(REPORTS);
      JsonFields.requireAtMost(p, map.members().size(), MAX_ECU_REPORTS, "ECU version reports");
      for (Map.Entry<String, JsonValue> e : map.members().entrySet()) {
        if (e.getKey().isEmpty()) {
          throw JsonFields.invalid(p, "an ECU serial must not be empty");
        }
        String ep = p + "[\"" + e.getKey() + "\"]";
        if (profile.acceptsDialect() && e.getValue() instanceof JsonArray list) {
          reports.put(e.getKey(), latestReport(e.getKey(), list, ep, profile));
        } else {
          reports.put(e.getKey(), report(e.getValue(), ep, profile));
        }
      }
    }
    Map<String, JsonValue> rest = f.unrecognized();
    try {
      return new VehicleVersionManifest(vin, primary, reports, rest);
    } catch (IllegalArgumentException e) {
      throw JsonFields.invalid(path, e.getMessage());
    }
  }

  /**
   * The reference implementation's form, ECU serial to the list of that ECU's reports since the
   * Primary last sent a manifest, oldest first: every one must be a signed report by that ECU;
   * the last, the latest, is the one kept (and so the one whose signature is checked).
   */
  private static UptaneSigned<EcuVersionReport> latestReport(String serial, JsonArray list,
      String path, UptaneProfile profile) throws MalformedMetadataException {
    JsonFields.requireAtMost(path, list.elements().size(), MAX_REPORTS_PER_ECU, "reports");
    if (list.elements().isEmpty()) {
      throw JsonFields.invalid(path, "lists no report");
    }
    UptaneSigned<EcuVersionReport> latest = null;
    for (int i = 0; i < list.elements().size(); i++) {
      latest = report(list.elements().get(i), path + "[" + i + "]", profile);
      if (!latest.payload().ecuSerial().equals(serial)) {
        throw JsonFields.invalid(path + "[" + i + "]", "is a report of ECU "
            + Messages.bounded(latest.payload().ecuSerial()) + ", filed under "
            + Messages.bounded(serial));
      }
    }
    return latest;
  }

  private static UptaneSigned<EcuVersionReport> report(JsonValue value, String path,
      UptaneProfile profile) throws MalformedMetadataException {
    Envelope envelope = Envelope.fromJson(value, path);
    return UptaneSigned.of(envelope, EcuVersionReport.fromJson(envelope.signed(),
        path + ".signed", profile));
  }

  /**
   * A builder; the vehicle identifier and the Primary's serial must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a manifest in the standard form. Required: the vehicle id and the Primary's serial.
   * Each report is filed under its own ECU serial; the Primary's own report SHOULD be among them.
   */
  public static final class Builder {
    private String vehicleId;
    private String primaryEcuSerial;
    private final Map<String, UptaneSigned<EcuVersionReport>> reports = new LinkedHashMap<>();
    private final Map<String, JsonValue> unrecognized = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the vehicle identifier ({@code vin}).
     *
     * @param vehicleId the identifier
     * @return this builder
     */
    public Builder vehicleId(String vehicleId) {
      this.vehicleId = requireIdentifier(vehicleId, "vehicleId");
      return this;
    }

    /**
     * Sets the Primary's ECU serial ({@code primary_ecu_serial}).
     *
     * @param primaryEcuSerial the serial
     * @return this builder
     */
    public Builder primaryEcuSerial(String primaryEcuSerial) {
      this.primaryEcuSerial = requireIdentifier(primaryEcuSerial, "primaryEcuSerial");
      return this;
    }

    /**
     * Adds a signed report under its ECU serial; one report per ECU.
     *
     * @param report the ECU's signed report
     * @return this builder
     */
    public Builder addReport(UptaneSigned<EcuVersionReport> report) {
      String serial = report.payload().ecuSerial();
      if (reports.putIfAbsent(serial, report) != null) {
        throw new IllegalArgumentException("a report of ECU " + serial + " is already added");
      }
      return this;
    }

    /**
     * An extra member of the payload (implementation-specific data).
     *
     * @param name the member's name, not one of the standard members
     * @param value the member's value
     * @return this builder
     */
    public Builder unrecognizedField(String name, JsonValue value) {
      if (KNOWN.contains(name)) {
        throw new IllegalArgumentException("\"" + name + "\" has its own setter");
      }
      unrecognized.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * @return the manifest, ready to sign with {@link UptaneSigned#sign}
     * @throws IllegalStateException when the vehicle id or the Primary's serial is not set
     */
    public VehicleVersionManifest build() {
      if (vehicleId == null || primaryEcuSerial == null) {
        throw new IllegalStateException("vehicleId and primaryEcuSerial are required");
      }
      return new VehicleVersionManifest(Optional.of(vehicleId), primaryEcuSerial, reports,
          unrecognized);
    }
  }
}
