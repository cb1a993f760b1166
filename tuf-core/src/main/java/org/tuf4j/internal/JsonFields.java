package org.tuf4j.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * Typed access to the members of one JSON object being read as TUF or Uptane metadata, and the
 * {@link JsonWriter} that builds one. Every error names the member's path (for example {@code
 * signed.roles.root.threshold}) and is a {@link MalformedMetadataException}; members nobody asked
 * for are the unrecognized ones the spec says must be preserved (TUF spec §4 "Document formats").
 * Dates are read in the one form of {@link Dates}; the checks model constructors share are
 * in {@link ModelChecks}.
 *
 * <p>Internal to tuf4j: the module does not export this package. A reader is not thread-safe: it
 * records which members were read.
 */
public final class JsonFields {
  private final JsonObject object;
  private final String path;
  private final Set<String> read = new HashSet<>();

  private JsonFields(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  /**
   * A reader of {@code value}, which must be an object.
   *
   * @param value the value read
   * @param path where it is, for messages (empty at the top)
   * @return the reader
   * @throws MalformedMetadataException when the value is not an object
   */
  public static JsonFields of(JsonValue value, String path) throws MalformedMetadataException {
    if (!(value instanceof JsonObject o)) {
      throw schema(path, "an object");
    }
    return new JsonFields(o, path);
  }

  /**
   * Where the object is, for messages.
   *
   * @return its path, empty at the top
   */
  public String path() {
    return path;
  }

  /**
   * The path of a member, for messages.
   *
   * @param name the member's name
   * @return {@code path.name}, or {@code name} at the top
   */
  public String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /**
   * Whether the object has the member (without marking it read).
   *
   * @param name the member's name
   * @return true when present
   */
  public boolean has(String name) {
    return object.has(name);
  }

  private JsonValue required(String name, String expected) throws MalformedMetadataException {
    read.add(name);
    JsonValue v = object.get(name);
    if (v == null) {
      throw new MalformedMetadataException(Reason.SCHEMA,
          child(name) + ": required member is missing (expected " + expected + ")");
    }
    return v;
  }

  /**
   * A required member of any type.
   *
   * @param name the member's name
   * @return its value
   * @throws MalformedMetadataException when it is missing
   */
  public JsonValue value(String name) throws MalformedMetadataException {
    return required(name, "a value");
  }

  /**
   * An optional member of any type.
   *
   * @param name the member's name
   * @return its value, or empty when absent
   */
  public Optional<JsonValue> optionalValue(String name) {
    read.add(name);
    return Optional.ofNullable(object.get(name));
  }

  /**
   * A required string.
   *
   * @param name the member's name
   * @return the string
   * @throws MalformedMetadataException when it is missing or not a string
   */
  public String string(String name) throws MalformedMetadataException {
    return asString(required(name, "a string"), child(name));
  }

  /**
   * A required string that must not be empty: identifiers such as ECU serials.
   *
   * @param name the member's name
   * @return the string
   * @throws MalformedMetadataException when it is missing, not a string, or empty
   */
  public String identifier(String name) throws MalformedMetadataException {
    String s = string(name);
    if (s.isEmpty()) {
      throw invalid(child(name), "must not be empty");
    }
    return s;
  }

  /**
   * An optional string.
   *
   * @param name the member's name
   * @return the string, or empty when absent
   * @throws MalformedMetadataException when present but not a string
   */
  public Optional<String> optionalString(String name) throws MalformedMetadataException {
    return has(name) ? Optional.of(string(name)) : markRead(name);
  }

  /**
   * A required integer.
   *
   * @param name the member's name
   * @return the integer
   * @throws MalformedMetadataException when it is missing or not an integer
   */
  public long integer(String name) throws MalformedMetadataException {
    if (required(name, "an integer") instanceof JsonNumber n) {
      return n.value();
    }
    throw schema(child(name), "an integer");
  }

  /**
   * A required integer that must not be negative.
   *
   * @param name the member's name
   * @return the integer
   * @throws MalformedMetadataException when it is missing, not an integer, or negative
   */
  public long nonNegative(String name) throws MalformedMetadataException {
    long v = integer(name);
    if (v < 0) {
      throw invalid(child(name), "must not be negative, got " + v);
    }
    return v;
  }

  /**
   * A required boolean.
   *
   * @param name the member's name
   * @return the boolean
   * @throws MalformedMetadataException when it is missing or not a boolean
   */
  public boolean bool(String name) throws MalformedMetadataException {
    if (required(name, "a boolean") instanceof JsonBoolean b) {
      return b.value();
    }
    throw schema(child(name), "a boolean");
  }

  /**
   * An optional boolean.
   *
   * @param name the member's name
   * @return the boolean, or empty when absent
   * @throws MalformedMetadataException when present but not a boolean
   */
  public Optional<Boolean> optionalBool(String name) throws MalformedMetadataException {
    return has(name) ? Optional.of(bool(name)) : markRead(name);
  }

  /**
   * A reader of a required object member.
   *
   * @param name the member's name
   * @return a reader of the object, with its path
   * @throws MalformedMetadataException when it is missing or not an object
   */
  public JsonFields object(String name) throws MalformedMetadataException {
    return of(required(name, "an object"), child(name));
  }

  /**
   * A required object member as it is.
   *
   * @param name the member's name
   * @return the object
   * @throws MalformedMetadataException when it is missing or not an object
   */
  public JsonObject rawObject(String name) throws MalformedMetadataException {
    if (required(name, "an object") instanceof JsonObject o) {
      return o;
    }
    throw schema(child(name), "an object");
  }

  /**
   * The members of a required object member, each passed to {@code reader} with its path.
   *
   * @param <T> what each member is read into
   * @param name the member's name
   * @param reader reads one member
   * @return the values read, in the object's order
   * @throws MalformedMetadataException when it is missing, not an object, or a member is refused
   */
  public <T> Map<String, T> map(String name, EntryReader<T> reader)
      throws MalformedMetadataException {
    JsonValue v = required(name, "an object");
    if (!(v instanceof JsonObject o)) {
      throw schema(child(name), "an object");
    }
    Map<String, T> out = new LinkedHashMap<>(Math.max(4, o.members().size() * 4 / 3 + 1));
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      out.put(e.getKey(), reader.read(e.getKey(), e.getValue(), child(name) + "[\"" + e.getKey()
          + "\"]"));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * A required array.
   *
   * @param name the member's name
   * @return its elements
   * @throws MalformedMetadataException when it is missing or not an array
   */
  public List<JsonValue> array(String name) throws MalformedMetadataException {
    if (required(name, "an array") instanceof JsonArray a) {
      return a.elements();
    }
    throw schema(child(name), "an array");
  }

  /**
   * A required array of at most {@code maxElements} elements.
   *
   * @param name the member's name
   * @param maxElements the most elements allowed
   * @return its elements
   * @throws MalformedMetadataException when it is missing, not an array, or too long
   */
  public List<JsonValue> array(String name, int maxElements) throws MalformedMetadataException {
    List<JsonValue> elements = array(name);
    requireAtMost(child(name), elements.size(), maxElements, "elements");
    return elements;
  }

  /**
   * A required array of strings.
   *
   * @param name the member's name
   * @return the strings
   * @throws MalformedMetadataException when it is missing, not an array, or not all strings
   */
  public List<String> stringList(String name) throws MalformedMetadataException {
    return strings(name, array(name));
  }

  /**
   * A required array of at most {@code maxElements} strings.
   *
   * @param name the member's name
   * @param maxElements the most elements allowed
   * @return the strings
   * @throws MalformedMetadataException when it is missing, not an array of strings, or too long
   */
  public List<String> stringList(String name, int maxElements)
      throws MalformedMetadataException {
    return strings(name, array(name, maxElements));
  }

  private List<String> strings(String name, List<JsonValue> elements)
      throws MalformedMetadataException {
    List<String> out = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      out.add(asString(elements.get(i), child(name) + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  /**
   * An optional array of strings.
   *
   * @param name the member's name
   * @return the strings, or empty when absent
   * @throws MalformedMetadataException when present but not an array of strings
   */
  public Optional<List<String>> optionalStringList(String name)
      throws MalformedMetadataException {
    return has(name) ? Optional.of(stringList(name)) : markRead(name);
  }

  /**
   * A required date.
   *
   * @param name the member's name
   * @return the instant
   * @throws MalformedMetadataException when it is missing or not a date in the spec's form
   */
  public Instant date(String name) throws MalformedMetadataException {
    return Dates.parse(string(name), child(name));
  }

  /**
   * An optional date.
   *
   * @param name the member's name
   * @return the instant, or empty when absent
   * @throws MalformedMetadataException when present but not a date in the spec's form
   */
  public Optional<Instant> optionalDate(String name) throws MalformedMetadataException {
    return has(name) ? Optional.of(date(name)) : markRead(name);
  }

  /**
   * Members not read so far: preserved verbatim so re-serialising gives the same metadata.
   *
   * @return the members, in the object's order
   */
  public Map<String, JsonValue> unrecognized() {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.members().entrySet()) {
      if (!read.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Runs a validating constructor, turning its IllegalArgumentException into a parse error.
   *
   * @param <T> what is built
   * @param constructor builds the value from what was read
   * @return the value
   * @throws MalformedMetadataException when the constructor refuses what was read
   */
  public <T> T build(Supplier<T> constructor) throws MalformedMetadataException {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new MalformedMetadataException(Reason.INVALID_VALUE,
          (path.isEmpty() ? "" : path + ": ") + e.getMessage(), e);
    }
  }

  private <T> Optional<T> markRead(String name) {
    read.add(name);
    return Optional.empty();
  }

  // ---- static helpers ----

  /**
   * {@code v}, which must be a string.
   *
   * @param v the value
   * @param path where it is, for messages
   * @return the string
   * @throws MalformedMetadataException when it is not a string
   */
  public static String asString(JsonValue v, String path) throws MalformedMetadataException {
    if (v instanceof JsonString s) {
      return s.value();
    }
    throw schema(path, "a string");
  }

  /**
   * The error for a value of the wrong type.
   *
   * @param path where the value is
   * @param expected what it should be, such as "an object"
   * @return the exception, to throw
   */
  public static MalformedMetadataException schema(String path, String expected) {
    return new MalformedMetadataException(Reason.SCHEMA, path + ": expected " + expected);
  }

  /**
   * The error for a value of the right type that breaks a rule.
   *
   * @param path where the value is, or empty
   * @param message what is wrong with it
   * @return the exception, to throw
   */
  public static MalformedMetadataException invalid(String path, String message) {
    return new MalformedMetadataException(Reason.INVALID_VALUE,
        (path.isEmpty() ? "" : path + ": ") + message);
  }

  /**
   * Refuses a count above its limit.
   *
   * @param path where the counted things are
   * @param count how many there are
   * @param max the limit
   * @param what what is counted, for the message
   * @throws MalformedMetadataException when {@code count} is above {@code max}
   */
  public static void requireAtMost(String path, int count, int max, String what)
      throws MalformedMetadataException {
    if (count > max) {
      throw invalid(path, "has " + count + " " + what + ", more than the limit of " + max);
    }
  }

  /**
   * Reads one member of a JSON object into a model value.
   *
   * @param <T> the model value
   */
  @FunctionalInterface
  public interface EntryReader<T> {
    /**
     * Reads one member.
     *
     * @param name the member's name
     * @param value its value
     * @param path where it is, for messages
     * @return the model value
     * @throws MalformedMetadataException when the member is refused
     */
    T read(String name, JsonValue value, String path) throws MalformedMetadataException;
  }
}
