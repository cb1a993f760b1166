package org.tuf4j.uptane;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.internal.Dates;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;

/**
 * An ECU version report: the {@code signed} payload an ECU signs with its ECU key to tell which
 * image it has installed (Uptane Standard #version_report, #create_version_report). Member names
 * follow the deployed open-source stacks:
 *
 * <pre>{@code
 * {"ecu_serial": "...",                       // the ECU's unique identifier
 *  "installed_image": {"filepath": "...", "fileinfo": {"length": n, "hashes": {...}}},
 *  "attacks_detected": "",                    // indicator of any detected attack; "" for none
 *  "timeserver_time": "YYYY-MM-DDTHH:MM:SSZ", // latest time the ECU can verify
 *  "previous_timeserver_time": "...",         // optional: the time before that
 *  "report_counter": n}                       // counter against replay, changes every cycle
 * }</pre>
 *
 * <p>The Standard asks for "a nonce or counter"; tuf4j uses a counter, strictly increasing per
 * ECU, so that the Director's replay state is one number per ECU that never forgets (a bounded
 * set of used nonces eventually evicts old nonces and reopens their replay) and also orders the
 * reports. {@link #reportCounter()} is present in every report written or read under {@link
 * UptaneProfile#STANDARD}; it may be absent only in aktualizr reports read under {@link
 * UptaneProfile#AKTUALIZR}. Unrecognized members (such as aktualizr's {@code custom}) are kept.
 *
 * @param latestTime the latest time the ECU can verify ({@code timeserver_time})
 * @param previousTime {@code previous_timeserver_time}, when present
 */
public record EcuVersionReport(String ecuSerial, InstalledImage installedImage,
    String attacksDetected, Instant latestTime, Optional<Instant> previousTime,
    OptionalLong reportCounter, Map<String, JsonValue> unrecognizedFields)
    implements UptanePayload {

  static final String ECU_SERIAL = "ecu_serial";
  static final String INSTALLED_IMAGE = "installed_image";
  static final String ATTACKS_DETECTED = "attacks_detected";
  static final String TIME = "timeserver_time";
  static final String PREVIOUS_TIME = "previous_timeserver_time";
  static final String REPORT_COUNTER = "report_counter";
  private static final Set<String> KNOWN = Set.of(ECU_SERIAL, INSTALLED_IMAGE, ATTACKS_DETECTED,
      TIME, PREVIOUS_TIME, REPORT_COUNTER);

  /**
   * Checks the members: a non-empty ECU serial, whole-second times, a non-negative counter.
   *
   * @param ecuSerial the reporting ECU's serial ({@code ecu_serial})
   * @param installedImage the image it has installed ({@code installed_image})
   * @param attacksDetected a description of any detected attack; empty for none
   * @param latestTime the latest time the ECU can verify ({@code timeserver_time})
   * @param previousTime {@code previous_timeserver_time}, when present
   * @param reportCounter the counter against replay ({@code report_counter}), when present
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when a member breaks one of those rules
   */
  public EcuVersionReport {
    Objects.requireNonNull(ecuSerial, "ecuSerial");
    if (ecuSerial.isEmpty()) {
      throw new IllegalArgumentException("ecuSerial must not be empty");
    }
    Objects.requireNonNull(installedImage, "installedImage");
    Objects.requireNonNull(attacksDetected, "attacksDetected");
    Dates.require(latestTime, "latestTime");
    Objects.requireNonNull(previousTime, "previousTime");
    previousTime.ifPresent(t -> Dates.require(t, "previousTime"));
    Objects.requireNonNull(reportCounter, "reportCounter");
    if (reportCounter.isPresent() && reportCounter.getAsLong() < 0) {
      throw new IllegalArgumentException("reportCounter must not be negative, got "
          + reportCounter.getAsLong());
    }
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  @Override
  public String signingEcuSerial() {
    return ecuSerial;
  }

  /**
   * Whether the ECU reported a detected attack ({@code attacks_detected} is not empty).
   *
   * @return true when {@link #attacksDetected()} is not empty
   */
  public boolean attackDetected() {
    return !attacksDetected.isEmpty();
  }

  @Override
  public JsonObject toJson() {
    JsonWriter w = new JsonWriter(unrecognizedFields)
        .put(ECU_SERIAL, ecuSerial)
        .put(INSTALLED_IMAGE, installedImage.toJson())
        .put(ATTACKS_DETECTED, attacksDetected)
        .put(TIME, Dates.format(latestTime));
    previousTime.ifPresent(t -> w.put(PREVIOUS_TIME, Dates.format(t)));
    reportCounter.ifPresent(c -> w.put(REPORT_COUNTER, c));
    return w.build();
  }

  static EcuVersionReport fromJson(JsonValue value, String path, UptaneProfile profile)
      throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    String serial = f.identifier(ECU_SERIAL);
    InstalledImage image = InstalledImage.fromJson(f.value(INSTALLED_IMAGE),
        f.child(INSTALLED_IMAGE), profile);
    String attacks = f.string(ATTACKS_DETECTED);
    Instant time = f.date(TIME);
    Optional<Instant> previous = f.optionalDate(PREVIOUS_TIME);
    OptionalLong counter = counter(f, profile);
    try {
      return new EcuVersionReport(serial, image, attacks, time, previous, counter,
          f.unrecognized());
    } catch (IllegalArgumentException e) {
      throw JsonFields.invalid(path, e.getMessage());
    }
  }

  private static OptionalLong counter(JsonFields f, UptaneProfile profile)
      throws MalformedMetadataException {
    String p = f.child(REPORT_COUNTER);
    if (!f.has(REPORT_COUNTER)) {
      f.optionalValue(REPORT_COUNTER);
      if (profile.acceptsDialect()) {
        return OptionalLong.empty();
      }
      throw new MalformedMetadataException(MalformedMetadataException.Reason.SCHEMA, p
          + ": required member is missing (the Standard requires a nonce or counter against "
          + "replay, #version_report)");
    }
    JsonValue v = f.value(REPORT_COUNTER);
    if (v instanceof JsonNumber n) {
      if (n.value() < 0) {
        throw JsonFields.invalid(p, "must not be negative, got " + n.value());
      }
      return OptionalLong.of(n.value());
    }
    if (v instanceof JsonString s && profile.acceptsDialect()) {
      // aktualizr writes the counter as a string of decimal digits
      String text = s.value();
      if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0'
          && c <= '9')) {
        throw JsonFields.invalid(p, "\"" + text + "\" is not a decimal counter");
      }
      return OptionalLong.of(Long.parseLong(text));
    }
    throw JsonFields.schema(p, profile.acceptsDialect() ? "an integer or a string of decimal digits"
        : "an integer");
  }

  /**
   * A builder; the ECU serial, the installed image and the latest time must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a report in the standard form. Required: ECU serial, installed image, latest time and
   * report counter; {@code attacks_detected} defaults to {@code ""} (no attack detected).
   */
  public static final class Builder {
    private String ecuSerial;
    private InstalledImage installedImage;
    private String attacksDetected = "";
    private Instant latestTime;
    private Instant previousTime;
    private Long reportCounter;
    private final Map<String, JsonValue> unrecognized = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The reporting ECU's serial.
     *
     * @param ecuSerial the serial, not empty
     * @return this builder
     */
    public Builder ecuSerial(String ecuSerial) {
      this.ecuSerial = Objects.requireNonNull(ecuSerial, "ecuSerial");
      return this;
    }

    /**
     * The image the ECU has installed.
     *
     * @param installedImage its path, length and hashes
     * @return this builder
     */
    public Builder installedImage(InstalledImage installedImage) {
      this.installedImage = Objects.requireNonNull(installedImage, "installedImage");
      return this;
    }

    /**
     * A description of a detected attack; empty for none.
     *
     * @param attacksDetected the description, or empty
     * @return this builder
     */
    public Builder attacksDetected(String attacksDetected) {
      this.attacksDetected = Objects.requireNonNull(attacksDetected, "attacksDetected");
      return this;
    }

    /**
     * The latest time the ECU can verify; truncated to whole seconds, as written.
     *
     * @param latestTime the time
     * @return this builder
     */
    public Builder latestTime(Instant latestTime) {
      this.latestTime = latestTime.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * The previous verified time; truncated to whole seconds, as written.
     *
     * @param previousTime the time
     * @return this builder
     */
    public Builder previousTime(Instant previousTime) {
      this.previousTime = previousTime.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * The counter against replay: higher than in any earlier report of this ECU.
     *
     * @param reportCounter the counter, not negative
     * @return this builder
     */
    public Builder reportCounter(long reportCounter) {
      if (reportCounter < 0) {
        throw new IllegalArgumentException("reportCounter must not be negative, got "
            + reportCounter);
      }
      this.reportCounter = reportCounter;
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
     * @return the report, ready to sign with {@link UptaneSigned#sign}
     * @throws IllegalStateException when a required field was not set
     */
    public EcuVersionReport build() {
      if (ecuSerial == null || installedImage == null || latestTime == null
          || reportCounter == null) {
        throw new IllegalStateException("ecuSerial, installedImage, latestTime and "
            + "reportCounter are required");
      }
      return new EcuVersionReport(ecuSerial, installedImage, attacksDetected, latestTime,
          Optional.ofNullable(previousTime), OptionalLong.of(reportCounter), unrecognized);
    }
  }
}
