package org.tuf4j.uptane;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.Dates;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;

/**
 * What the Director remembers of one vehicle's accepted ECU version reports, to refuse replays
 * (Uptane Standard #director_repository, "check that the nonce or counter in each ECU version
 * report has not been used before"; #version_report). Per ECU: the highest report counter
 * accepted and the latest verifiable time of the last accepted report.
 *
 * <p>An immutable value: the caller loads it with the vehicle's inventory, passes it to {@link
 * ManifestVerifier#verify}, and stores the {@link VerifiedManifest#nextState()} it gets back,
 * in the same transaction that records the manifest. Its size is one entry per registered ECU:
 * a counter never needs a window of used values. {@link #toCanonicalJson()} and {@link #parse}
 * give it a stable storage form.
 */
public record ManifestReplayState(Map<String, EcuRecord> ecus) {
  /** No report accepted yet: the state of a newly registered vehicle. */
  public static final ManifestReplayState EMPTY = new ManifestReplayState(Map.of());

  /**
   * What was accepted from one ECU.
   *
   * @param lastCounter the highest report counter accepted, empty if no accepted report had one
   * @param lastTime the latest verifiable time of the last accepted report
   */
  public record EcuRecord(OptionalLong lastCounter, Instant lastTime) {
    /**
     * Checks that the counter, if any, is not negative and the time is a whole second.
     *
     * @param lastCounter the highest report counter accepted, empty if no accepted report had one
     * @param lastTime the latest verifiable time of the last accepted report
     */
    public EcuRecord {
      Objects.requireNonNull(lastCounter, "lastCounter");
      if (lastCounter.isPresent() && lastCounter.getAsLong() < 0) {
        throw new IllegalArgumentException("lastCounter must not be negative");
      }
      Dates.require(lastTime, "lastTime");
    }
  }

  /**
   * Copies the records, at most {@link VehicleVersionManifest#MAX_ECU_REPORTS} of them.
   *
   * @param ecus ECU serial to what was accepted from it
   * @throws IllegalArgumentException when there are too many ECUs
   */
  public ManifestReplayState {
    Map<String, EcuRecord> copy = new LinkedHashMap<>();
    ecus.forEach((serial, r) -> copy.put(Objects.requireNonNull(serial, "serial"),
        Objects.requireNonNull(r, "record")));
    if (copy.size() > VehicleVersionManifest.MAX_ECU_REPORTS) {
      throw new IllegalArgumentException("state for " + copy.size() + " ECUs, more than the "
          + "limit of " + VehicleVersionManifest.MAX_ECU_REPORTS);
    }
    ecus = Collections.unmodifiableMap(copy);
  }

  /**
   * What was accepted from ECU {@code serial}.
   *
   * @param serial the ECU's serial
   * @return the record, or empty when nothing was accepted from it
   */
  public Optional<EcuRecord> ecu(String serial) {
    return Optional.ofNullable(ecus.get(serial));
  }

  /**
   * The storage form: ECU serial to {@code latest_time} and, when known, {@code report_counter}.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    ecus.forEach((serial, r) -> {
      JsonWriter w = new JsonWriter(Map.of()).put("latest_time",
          Dates.format(r.lastTime()));
      r.lastCounter().ifPresent(c -> w.put("report_counter", c));
      out.put(serial, w.build());
    });
    return new JsonObject(Map.of("ecus", new JsonObject(out)));
  }

  /**
   * {@link #toJson()} in canonical JSON, for storage; {@link #parse} reads it back.
   *
   * @return the bytes
   */
  public byte[] toCanonicalJson() {
    return CanonicalJson.encode(toJson());
  }

  /**
   * Reads the form {@link #toCanonicalJson()} writes.
   *
   * @param json the stored bytes
   * @return the state
   * @throws MalformedMetadataException when the bytes are not that form
   * @throws TooLargeException when the input exceeds the parsing bounds
   */
  public static ManifestReplayState parse(byte[] json)
      throws MalformedMetadataException, TooLargeException {
    JsonFields f = JsonFields.of(CanonicalJson.parse(json, new JsonLimits(1L << 20, 8, 4096)), "");
    JsonObject ecus = f.rawObject("ecus");
    JsonFields.requireAtMost("ecus", ecus.members().size(), VehicleVersionManifest.MAX_ECU_REPORTS,
        "ECUs");
    Map<String, EcuRecord> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : ecus.members().entrySet()) {
      JsonFields r = JsonFields.of(e.getValue(), "ecus[\"" + e.getKey() + "\"]");
      Instant time = r.date("latest_time");
      OptionalLong counter = r.has("report_counter")
          ? OptionalLong.of(r.nonNegative("report_counter")) : OptionalLong.empty();
      out.put(e.getKey(), new EcuRecord(counter, time));
    }
    return new ManifestReplayState(out);
  }
}
