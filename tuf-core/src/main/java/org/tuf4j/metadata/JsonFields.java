package org.tuf4j.metadata;

import java.util.ArrayList;
import java.util.Collections;
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
 * Typed access to the members of one JSON object being read as metadata. Every error names the
 * member's path (for example {@code signed.roles.root.threshold}) and is a {@link
 * MalformedMetadataException}; fields nobody asked for are the unrecognized ones the spec says
 * must be preserved (§4 "Document formats").
 */
final class JsonFields {
  private final JsonObject object;
  private final String path;
  private final java.util.HashSet<String> read = new java.util.HashSet<>();

  private JsonFields(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  static JsonFields of(JsonValue value, String path) throws MalformedMetadataException {
    if (!(value instanceof JsonObject o)) {
      throw schema(path, "an object");
    }
    return new JsonFields(o, path);
  }

  String path() {
    return path;
  }

  String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
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

  boolean has(String name) {
    return object.has(name);
  }

  String string(String name) throws MalformedMetadataException {
    return asString(required(name, "a string"), child(name));
  }

  Optional<String> optionalString(String name) throws MalformedMetadataException {
    return has(name) ? Optional.of(string(name)) : markRead(name);
  }

  long integer(String name) throws MalformedMetadataException {
    if (required(name, "an integer") instanceof JsonNumber n) {
      return n.value();
    }
    throw schema(child(name), "an integer");
  }

  boolean bool(String name) throws MalformedMetadataException {
    if (required(name, "a boolean") instanceof JsonBoolean b) {
      return b.value();
    }
    throw schema(child(name), "a boolean");
  }

  Optional<Boolean> optionalBool(String name) throws MalformedMetadataException {
    return has(name) ? Optional.of(bool(name)) : markRead(name);
  }

  JsonValue value(String name) throws MalformedMetadataException {
    return required(name, "a value");
  }

  Optional<JsonValue> optionalValue(String name) {
    read.add(name);
    return Optional.ofNullable(object.get(name));
  }

  JsonFields object(String name) throws MalformedMetadataException {
    return of(required(name, "an object"), child(name));
  }

  /** Members of the named object, each passed to {@code reader} with its path. */
  <T> Map<String, T> map(String name, EntryReader<T> reader) throws MalformedMetadataException {
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

  List<JsonValue> array(String name) throws MalformedMetadataException {
    if (required(name, "an array") instanceof JsonArray a) {
      return a.elements();
    }
    throw schema(child(name), "an array");
  }

  List<String> stringList(String name) throws MalformedMetadataException {
    List<JsonValue> elements = array(name);
    List<String> out = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      out.add(asString(elements.get(i), child(name) + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  Optional<List<String>> optionalStringList(String name) throws MalformedMetadataException {
    return has(name) ? Optional.of(stringList(name)) : markRead(name);
  }

  /** Members not read so far: preserved verbatim so re-serialising gives the same metadata. */
  Map<String, JsonValue> unrecognized() {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.members().entrySet()) {
      if (!read.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Runs a validating constructor, turning its IllegalArgumentException into a parse error. */
  <T> T build(Supplier<T> constructor) throws MalformedMetadataException {
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

  static String asString(JsonValue v, String path) throws MalformedMetadataException {
    if (v instanceof JsonString s) {
      return s.value();
    }
    throw schema(path, "a string");
  }

  static MalformedMetadataException schema(String path, String expected) {
    return new MalformedMetadataException(Reason.SCHEMA, path + ": expected " + expected);
  }

  /** Reads one member of a JSON object into a model value. */
  @FunctionalInterface
  interface EntryReader<T> {
    T read(String name, JsonValue value, String path) throws MalformedMetadataException;
  }

  // ---- writing ----

  /** Builds a JSON object: known members plus the preserved unrecognized ones. */
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

    Writer put(String name, boolean value) {
      return put(name, JsonBoolean.of(value));
    }

    Writer put(String name, List<String> strings) {
      return put(name, JsonValue.ofStrings(strings));
    }

    JsonObject build() {
      return new JsonObject(members);
    }
  }

  static Map<String, JsonValue> copyUnrecognized(Map<String, JsonValue> fields,
      Set<String> known) {
    for (String name : fields.keySet()) {
      if (known.contains(name)) {
        throw new IllegalArgumentException("\"" + name + "\" is not an unrecognized field");
      }
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }
}
