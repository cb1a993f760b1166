package org.tuf4j.uptane;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * Typed reading of one JSON object of Uptane data. Every error is a {@link
 * MalformedMetadataException} naming the member's path; members never read are the unrecognized
 * ones, kept verbatim. The uptane package's own small equivalent of the metadata package's
 * reader, which is package-private there.
 */
final class Fields {
  private static final Pattern DATE_FORM =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final DateTimeFormatter DATE_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  static final Instant MIN_DATE = Instant.parse("0000-01-01T00:00:00Z");
  static final Instant MAX_DATE = Instant.parse("9999-12-31T23:59:59Z");

  private final JsonObject object;
  private final String path;
  private final Set<String> read = new HashSet<>();

  private Fields(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  static Fields of(JsonValue value, String path) throws MalformedMetadataException {
    if (!(value instanceof JsonObject o)) {
      throw schema(path, "an object");
    }
    return new Fields(o, path);
  }

  String path() {
    return path;
  }

  String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    return object.has(name);
  }

  JsonValue value(String name) throws MalformedMetadataException {
    read.add(name);
    JsonValue v = object.get(name);
    if (v == null) {
      throw new MalformedMetadataException(Reason.SCHEMA, child(name)
          + ": required member is missing");
    }
    return v;
  }

  Optional<JsonValue> optionalValue(String name) {
    read.add(name);
    return Optional.ofNullable(object.get(name));
  }

  String string(String name) throws MalformedMetadataException {
    return asString(value(name), child(name));
  }

  /** A string that must not be empty: identifiers such as ECU serials. */
  String identifier(String name) throws MalformedMetadataException {
    String s = string(name);
    if (s.isEmpty()) {
      throw invalid(child(name), "must not be empty");
    }
    return s;
  }

  Optional<String> optionalString(String name) throws MalformedMetadataException {
    return has(name) ? Optional.of(string(name)) : markRead(name);
  }

  long integer(String name) throws MalformedMetadataException {
    if (value(name) instanceof JsonNumber n) {
      return n.value();
    }
    throw schema(child(name), "an integer");
  }

  long nonNegative(String name) throws MalformedMetadataException {
    long v = integer(name);
    if (v < 0) {
      throw invalid(child(name), "must not be negative, got " + v);
    }
    return v;
  }

  boolean bool(String name) throws MalformedMetadataException {
    if (value(name) instanceof JsonBoolean b) {
      return b.value();
    }
    throw schema(child(name), "a boolean");
  }

  Fields object(String name) throws MalformedMetadataException {
    return of(value(name), child(name));
  }

  JsonObject rawObject(String name) throws MalformedMetadataException {
    if (value(name) instanceof JsonObject o) {
      return o;
    }
    throw schema(child(name), "an object");
  }

  List<JsonValue> array(String name, int maxElements) throws MalformedMetadataException {
    if (value(name) instanceof JsonArray a) {
      requireAtMost(child(name), a.elements().size(), maxElements, "elements");
      return a.elements();
    }
    throw schema(child(name), "an array");
  }

  List<String> stringList(String name, int maxElements) throws MalformedMetadataException {
    List<JsonValue> elements = array(name, maxElements);
    List<String> out = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      out.add(asString(elements.get(i), child(name) + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  Instant date(String name) throws MalformedMetadataException {
    return parseDate(string(name), child(name));
  }

  Optional<Instant> optionalDate(String name) throws MalformedMetadataException {
    return has(name) ? Optional.of(date(name)) : markRead(name);
  }

  /** Members not read so far, preserved verbatim. */
  Map<String, JsonValue> unrecognized() {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.members().entrySet()) {
      if (!read.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private <T> Optional<T> markRead(String name) {
    read.add(name);
    return Optional.empty();
  }

  // ---- static helpers ----

  /** {@code value}, which must be a non-empty identifier. */
  static String requireIdentifier(String value, String what) {
    java.util.Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }

  static String asString(JsonValue v, String path) throws MalformedMetadataException {
    if (v instanceof JsonString s) {
      return s.value();
    }
    throw schema(path, "a string");
  }

  static void requireAtMost(String path, int count, int max, String what)
      throws MalformedMetadataException {
    if (count > max) {
      throw invalid(path, "has " + count + " " + what + ", more than the limit of " + max);
    }
  }

  static Instant parseDate(String text, String path) throws MalformedMetadataException {
    if (!DATE_FORM.matcher(text).matches()) {
      throw invalid(path, "\"" + text + "\" is not in the YYYY-MM-DDTHH:MM:SSZ form");
    }
    try {
      return LocalDateTime.parse(text.substring(0, 19)).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new MalformedMetadataException(Reason.INVALID_VALUE, path + ": \"" + text
          + "\" is not a valid date-time", e);
    }
  }

  static String formatDate(Instant instant) {
    return DATE_FORMAT.format(instant);
  }

  /** Instants written as dates must be whole seconds within years 0000-9999. */
  static Instant requireDate(Instant instant, String what) {
    java.util.Objects.requireNonNull(instant, what);
    if (instant.getNano() != 0) {
      throw new IllegalArgumentException(what + " must be a whole second: " + instant);
    }
    if (instant.isBefore(MIN_DATE) || instant.isAfter(MAX_DATE)) {
      throw new IllegalArgumentException(what + " outside years 0000-9999: " + instant);
    }
    return instant;
  }

  static MalformedMetadataException schema(String path, String expected) {
    return new MalformedMetadataException(Reason.SCHEMA, path + ": expected " + expected);
  }

  static MalformedMetadataException invalid(String path, String message) {
    return new MalformedMetadataException(Reason.INVALID_VALUE,
        (path.isEmpty() ? "" : path + ": ") + message);
  }

  static Map<String, JsonValue> copyUnrecognized(Map<String, JsonValue> fields,
      Set<String> known) {
    Map<String, JsonValue> copy = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : fields.entrySet()) {
      if (known.contains(e.getKey())) {
        throw new IllegalArgumentException("\"" + e.getKey() + "\" is not an unrecognized field");
      }
      copy.put(java.util.Objects.requireNonNull(e.getKey()),
          java.util.Objects.requireNonNull(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** Builds a JSON object from the preserved unrecognized members plus the known ones. */
  static final class Writer {
    private final Map<String, JsonValue> members = new LinkedHashMap<>();

    Writer(Map<String, JsonValue> unrecognized) {
      members.putAll(unrecognized);
    }

    Writer put(String name, JsonValue value) {
      members.put(name, value);
      return this;
    }

    Writer put(String name, String value) {
      return put(name, new JsonString(value));
    }

    Writer put(String name, long value) {
      return put(name, new JsonNumber(value));
    }

    JsonObject build() {
      return new JsonObject(members);
    }
  }
}
