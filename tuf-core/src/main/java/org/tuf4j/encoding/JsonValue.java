package org.tuf4j.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable JSON value restricted to what TUF metadata may contain (TUF spec §4.1
 * "Metaformat": the JSON subset without floating-point numbers).
 *
 * <p>Every value has exactly one canonical encoding ({@link CanonicalJson#encode}); two values
 * are {@code equals} exactly when their canonical encodings are identical.
 */
public sealed interface JsonValue
    permits JsonValue.JsonObject, JsonValue.JsonArray, JsonValue.JsonString, JsonValue.JsonNumber,
        JsonValue.JsonBoolean, JsonValue.JsonNull {

  /** A JSON object; members are kept in canonical (code point) order of their names. */
  record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public static final JsonObject EMPTY = new JsonObject(SortedMembers.EMPTY);

    public JsonObject {
      members = SortedMembers.copyOf(members);
    }

    /** The member named {@code name}, or {@code null} when absent (package-internal use). */
    public JsonValue get(String name) {
      return members.get(name);
    }

    public boolean has(String name) {
      return members.containsKey(name);
    }
  }

  /** A JSON array. */
  record JsonArray(List<JsonValue> elements) implements JsonValue {
    public JsonArray {
      elements = List.copyOf(elements);
    }
  }

  /** A JSON string; never contains an unpaired surrogate, so it always has a UTF-8 form. */
  record JsonString(String value) implements JsonValue {
    public JsonString {
      Objects.requireNonNull(value, "value");
      if (!CanonicalJson.isWellFormedUnicode(value)) {
        throw new IllegalArgumentException("string contains an unpaired surrogate");
      }
    }
  }

  /** A JSON integer. TUF metadata has no floating-point numbers (§4.1). */
  record JsonNumber(long value) implements JsonValue {}

  /** {@code true} or {@code false}. */
  record JsonBoolean(boolean value) implements JsonValue {
    public static final JsonBoolean TRUE = new JsonBoolean(true);
    public static final JsonBoolean FALSE = new JsonBoolean(false);

    public static JsonBoolean of(boolean value) {
      return value ? TRUE : FALSE;
    }
  }

  /** {@code null}. */
  enum JsonNull implements JsonValue {
    INSTANCE
  }

  static JsonString of(String value) {
    return new JsonString(value);
  }

  static JsonNumber of(long value) {
    return new JsonNumber(value);
  }

  static JsonArray ofStrings(List<String> values) {
    List<JsonValue> out = new ArrayList<>(values.size());
    for (String v : values) {
      out.add(new JsonString(v));
    }
    return new JsonArray(out);
  }
}
