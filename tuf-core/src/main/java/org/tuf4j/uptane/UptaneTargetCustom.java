package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;
import org.tuf4j.metadata.TargetFile;

/**
 * Typed, immutable view of the Uptane custom metadata about an image: the {@code custom} value of
 * a Targets entry (Uptane Standard #targets_images_meta, "Custom metadata about images"), in the
 * member names the deployed open-source Uptane stacks use:
 *
 * <ul>
 *   <li>{@code ecuIdentifiers}: {@code {"<ecu serial>": {"hardwareId": "..."}}}, the ECU(s) the
 *       Director orders to install the image (SHALL be present in Director metadata);
 *   <li>{@code hardwareIds}: list of the hardware identifiers the image is compatible with;
 *   <li>{@code releaseCounter}: non-negative integer, incremented with each release (rollback
 *       protection even when the Director is compromised);
 *   <li>{@code uri}: a download URL the Director may provide. A JSON {@code null} reads as no
 *       URL and is written back unchanged.
 * </ul>
 *
 * <p>Every other member is kept verbatim: {@link #toJson()} returns exactly the object that was
 * parsed, so a value read from metadata re-serialises to the same canonical bytes. Two values are
 * equal exactly when their JSON is equal. Compare Director and Image repository values with
 * {@link ShallMatch}.
 */
public final class UptaneTargetCustom {
  /** Member naming the ECUs the Director orders to install the image (Director metadata only). */
  public static final String ECU_IDENTIFIERS = "ecuIdentifiers";
  /** Member listing the hardware identifiers the image is for. */
  public static final String HARDWARE_IDS = "hardwareIds";
  /** Member holding the image's release counter. */
  public static final String RELEASE_COUNTER = "releaseCounter";
  /** Member holding the image's download URL. */
  public static final String URI = "uri";
  /** Member of each {@code ecuIdentifiers} entry. */
  public static final String HARDWARE_ID = "hardwareId";

  /** The reference implementation's (uptane/uptane) member for an image's one hardware id. */
  static final String REFERENCE_HARDWARE_ID = "hardware_id";
  /** The reference implementation's member for an image's release counter. */
  static final String REFERENCE_RELEASE_COUNTER = "release_counter";

  /** Most ECU identifiers or hardware ids accepted in one value. */
  public static final int MAX_ENTRIES = 1024;

  private static final Set<String> KNOWN = Set.of(ECU_IDENTIFIERS, HARDWARE_IDS, RELEASE_COUNTER,
      URI);

  /** No custom metadata at all: what a Targets entry without {@code custom} carries. */
  public static final UptaneTargetCustom EMPTY = new UptaneTargetCustom(JsonObject.EMPTY,
      Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty());

  /**
   * One {@code ecuIdentifiers} entry: the hardware identifier of the ECU that should install the
   * image (#targets_images_meta, "an ECU identifier ... specifying the ECU that SHOULD install
   * the image"), and any other members, preserved.
   */
  public record EcuIdentifier(String hardwareId, Map<String, JsonValue> unrecognizedFields) {
    private static final Set<String> KNOWN_MEMBERS = Set.of(HARDWARE_ID);

    /**
     * Checks that the hardware identifier is not empty and copies the other members.
     *
     * @param hardwareId the hardware identifier of the ECU that should install the image
     * @param unrecognizedFields other members, preserved
     */
    public EcuIdentifier {
      requireIdentifier(hardwareId, "hardwareId");
      unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN_MEMBERS);
    }

    /**
     * An entry with just a hardware identifier.
     *
     * @param hardwareId the hardware identifier
     * @return the entry
     */
    public static EcuIdentifier of(String hardwareId) {
      return new EcuIdentifier(hardwareId, Map.of());
    }

    /**
     * The entry as written under {@code ecuIdentifiers}, unrecognized members included.
     *
     * @return the JSON form
     */
    public JsonObject toJson() {
      return new JsonWriter(unrecognizedFields).put(HARDWARE_ID, hardwareId).build();
    }
  }

  private final JsonObject json;
  private final Optional<Map<String, EcuIdentifier>> ecuIdentifiers;
  private final Optional<List<String>> hardwareIds;
  private final OptionalLong releaseCounter;
  private final Optional<String> uri;

  private UptaneTargetCustom(JsonObject json, Optional<Map<String, EcuIdentifier>> ecuIdentifiers,
      Optional<List<String>> hardwareIds, OptionalLong releaseCounter, Optional<String> uri) {
    this.json = json;
    this.ecuIdentifiers = ecuIdentifiers;
    this.hardwareIds = hardwareIds;
    this.releaseCounter = releaseCounter;
    this.uri = uri;
  }

  /**
   * Reads the custom metadata of a Targets entry; an entry without {@code custom} is {@link
   * #EMPTY}. Errors name the entry, as in {@code targets["fw.bin"].custom.releaseCounter}.
   *
   * @param target a Targets entry
   * @return the custom metadata
   * @throws MalformedMetadataException naming the member, as {@link #parse} does
   */
  public static UptaneTargetCustom of(TargetFile target) throws MalformedMetadataException {
    Optional<JsonValue> custom = target.custom();
    return custom.isPresent() ? parse(custom.get(), "targets[\"" + target.path() + "\"].custom")
        : EMPTY;
  }

  /**
   * Reads a {@code custom} value.
   *
   * @param custom the {@code custom} value
   * @return the custom metadata
   * @throws MalformedMetadataException naming the member, when it is not an object or one of the
   *     Uptane members has the wrong type, an empty identifier, a negative release counter, or
   *     more than {@link #MAX_ENTRIES} entries
   */
  public static UptaneTargetCustom parse(JsonValue custom) throws MalformedMetadataException {
    return parse(custom, "custom");
  }

  private static UptaneTargetCustom parse(JsonValue custom, String path)
      throws MalformedMetadataException {
    JsonFields f = JsonFields.of(custom, path);
    Optional<Map<String, EcuIdentifier>> ecus = Optional.empty();
    if (f.has(ECU_IDENTIFIERS)) {
      JsonObject o = f.rawObject(ECU_IDENTIFIERS);
      String p = f.child(ECU_IDENTIFIERS);
      JsonFields.requireAtMost(p, o.members().size(), MAX_ENTRIES, "entries");
      Map<String, EcuIdentifier> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        String ep = p + "[\"" + e.getKey() + "\"]";
        if (e.getKey().isEmpty()) {
          throw JsonFields.invalid(p, "an ECU serial must not be empty");
        }
        JsonFields entry = JsonFields.of(e.getValue(), ep);
        String hw = entry.identifier(HARDWARE_ID);
        map.put(e.getKey(), new EcuIdentifier(hw, entry.unrecognized()));
      }
      ecus = Optional.of(Collections.unmodifiableMap(map));
    }
    Optional<List<String>> hwIds = Optional.empty();
    if (f.has(HARDWARE_IDS)) {
      List<String> list = f.stringList(HARDWARE_IDS, MAX_ENTRIES);
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).isEmpty()) {
          throw JsonFields.invalid(f.child(HARDWARE_IDS) + "[" + i + "]", "must not be empty");
        }
      }
      hwIds = Optional.of(list);
    }
    OptionalLong counter = f.has(RELEASE_COUNTER)
        ? OptionalLong.of(f.nonNegative(RELEASE_COUNTER)) : OptionalLong.empty();
    Optional<String> uri = Optional.empty();
    if (f.has(URI)) {
      JsonValue u = f.value(URI);
      if (u instanceof JsonString s) {
        uri = Optional.of(s.value());
      } else if (u != JsonNull.INSTANCE) {
        throw JsonFields.schema(f.child(URI), "a string or null");
      }
    }
    return new UptaneTargetCustom((JsonObject) custom, ecus, hwIds, counter, uri);
  }

  /**
   * ECU serial to hardware id: which ECUs the Director orders to install the image.
   *
   * @return the ECU identifiers, or empty when the member is absent
   */
  public Optional<Map<String, EcuIdentifier>> ecuIdentifiers() {
    return ecuIdentifiers;
  }

  /**
   * The hardware id the Director names for {@code ecuSerial}, if it names that ECU.
   *
   * @param ecuSerial the ECU's serial
   * @return the hardware identifier, or empty
   */
  public Optional<String> hardwareIdFor(String ecuSerial) {
    return ecuIdentifiers.map(m -> m.get(ecuSerial)).map(EcuIdentifier::hardwareId);
  }

  /**
   * Hardware ids the image is compatible with, in the order written.
   *
   * @return the hardware identifiers, or empty when the member is absent
   */
  public Optional<List<String>> hardwareIds() {
    return hardwareIds;
  }

  /**
   * The image's release counter ({@code releaseCounter}).
   *
   * @return the counter, or empty when the member is absent
   */
  public OptionalLong releaseCounter() {
    return releaseCounter;
  }

  /**
   * {@link #hardwareIds()}, or under {@link UptaneProfile#AKTUALIZR}, when absent, the
   * uptane/uptane reference implementation's single {@code hardware_id} string.
   */
  Optional<List<String>> hardwareIds(UptaneProfile profile) throws MalformedMetadataException {
    if (hardwareIds.isPresent() || !profile.acceptsDialect() || !json.has(REFERENCE_HARDWARE_ID)) {
      return hardwareIds;
    }
    JsonFields f = JsonFields.of(json, "custom");
    return Optional.of(List.of(f.identifier(REFERENCE_HARDWARE_ID)));
  }

  /**
   * {@link #releaseCounter()}, or under {@link UptaneProfile#AKTUALIZR}, when absent, the
   * reference implementation's {@code release_counter}.
   */
  OptionalLong releaseCounter(UptaneProfile profile) throws MalformedMetadataException {
    if (releaseCounter.isPresent() || !profile.acceptsDialect()
        || !json.has(REFERENCE_RELEASE_COUNTER)) {
      return releaseCounter;
    }
    return OptionalLong.of(JsonFields.of(json, "custom").nonNegative(REFERENCE_RELEASE_COUNTER));
  }

  /**
   * The download URL, when {@code uri} is a string.
   *
   * @return the URL, or empty
   */
  public Optional<String> uri() {
    return uri;
  }

  /**
   * The member named {@code name}, known or not, as written.
   *
   * @param name the member's name
   * @return its value, or empty when absent
   */
  public Optional<JsonValue> field(String name) {
    return Optional.ofNullable(json.get(name));
  }

  /**
   * Every member other than the four Uptane ones, preserved verbatim.
   *
   * @return the other members by name
   */
  public Map<String, JsonValue> otherFields() {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    json.members().forEach((k, v) -> {
      if (!KNOWN.contains(k)) {
        out.put(k, v);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /**
   * The {@code custom} object: exactly the parsed one, or the one the builder assembled.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    return json;
  }

  /**
   * {@code target} with this value as its {@code custom} (absent when this is {@link #EMPTY}).
   *
   * @param target a Targets entry
   * @return a copy of {@code target} with this custom value
   */
  public TargetFile applyTo(TargetFile target) {
    return new TargetFile(target.path(), target.length(), target.hashes(),
        json.members().isEmpty() ? Optional.empty() : Optional.of(json),
        target.unrecognizedFields());
  }

  /**
   * A builder with no members.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this value's members.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    json.members().forEach((k, v) -> {
      if (!k.equals(ECU_IDENTIFIERS)) {
        b.members.put(k, v);
      }
    });
    ecuIdentifiers.ifPresent(m -> {
      b.ecus = new LinkedHashMap<>(m);
    });
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UptaneTargetCustom other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "UptaneTargetCustom" + json.members();
  }

  private static void requireIdentifier(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }

  /** Assembles a {@code custom} value; every setter validates as {@link #parse} does. */
  public static final class Builder {
    private final Map<String, JsonValue> members = new LinkedHashMap<>();
    private Map<String, EcuIdentifier> ecus; // null: no ecuIdentifiers member

    private Builder() {}

    /**
     * Adds an {@code ecuIdentifiers} entry: the Director orders ECU {@code ecuSerial}.
     *
     * @param ecuSerial the ECU's serial
     * @param hardwareId its hardware identifier
     * @return this builder
     */
    public Builder ecuIdentifier(String ecuSerial, String hardwareId) {
      return ecuIdentifier(ecuSerial, EcuIdentifier.of(hardwareId));
    }

    /**
     * Adds an {@code ecuIdentifiers} entry with members beyond the hardware identifier.
     *
     * @param ecuSerial the ECU's serial
     * @param identifier the entry
     * @return this builder
     */
    public Builder ecuIdentifier(String ecuSerial, EcuIdentifier identifier) {
      requireIdentifier(ecuSerial, "ecuSerial");
      Objects.requireNonNull(identifier, "identifier");
      if (ecus == null) {
        ecus = new LinkedHashMap<>();
      }
      ecus.put(ecuSerial, identifier);
      if (ecus.size() > MAX_ENTRIES) {
        throw new IllegalArgumentException("more than " + MAX_ENTRIES + " ECU identifiers");
      }
      return this;
    }

    /**
     * Sets {@code hardwareIds}: the hardware the image is for.
     *
     * @param hardwareIds the identifiers, at most {@link #MAX_ENTRIES}
     * @return this builder
     * @throws IllegalArgumentException when there are too many or one is empty
     */
    public Builder hardwareIds(List<String> hardwareIds) {
      List<String> copy = List.copyOf(hardwareIds);
      if (copy.size() > MAX_ENTRIES) {
        throw new IllegalArgumentException("more than " + MAX_ENTRIES + " hardware ids");
      }
      List<JsonValue> out = new ArrayList<>(copy.size());
      for (String id : copy) {
        requireIdentifier(id, "hardware id");
        out.add(new JsonString(id));
      }
      members.put(HARDWARE_IDS, new JsonArray(out));
      return this;
    }

    /**
     * Sets {@code releaseCounter}.
     *
     * @param releaseCounter the counter, not negative
     * @return this builder
     * @throws IllegalArgumentException when the counter is negative
     */
    public Builder releaseCounter(long releaseCounter) {
      if (releaseCounter < 0) {
        throw new IllegalArgumentException("releaseCounter must not be negative, got "
            + releaseCounter);
      }
      members.put(RELEASE_COUNTER, new JsonNumber(releaseCounter));
      return this;
    }

    /**
     * Sets {@code uri}, the download URL.
     *
     * @param uri the URL
     * @return this builder
     */
    public Builder uri(String uri) {
      members.put(URI, new JsonString(Objects.requireNonNull(uri, "uri")));
      return this;
    }

    /**
     * Any other member; the four Uptane members have their own setters.
     *
     * @param name the member's name
     * @param value its value
     * @return this builder
     */
    public Builder otherField(String name, JsonValue value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (KNOWN.contains(name)) {
        throw new IllegalArgumentException("\"" + name + "\" has its own setter");
      }
      members.put(name, value);
      return this;
    }

    /** {@return the custom value with the members set so far} */
    public UptaneTargetCustom build() {
      Map<String, JsonValue> all = new LinkedHashMap<>(members);
      if (ecus != null) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        ecus.forEach((serial, id) -> out.put(serial, id.toJson()));
        all.put(ECU_IDENTIFIERS, new JsonObject(out));
      }
      try {
        return parse(new JsonObject(all));
      } catch (MalformedMetadataException e) {
        // unreachable: every setter validates as parse() does
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }
}
