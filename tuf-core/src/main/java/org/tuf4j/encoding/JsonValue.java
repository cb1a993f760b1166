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
    /** The object without members. */
    public static final JsonObject EMPTY = new JsonObject(SortedMembers.EMPTY);

    /**
     * Copies the members into canonical order of their names.
     *
     * @param members the members by name
     */
    public JsonObject {
      members = SortedMembers.copyOf(members);
    }

    /**
     * The member named {@code name}, or {@code null} when absent (package-internal use).
     *
     * @param name the member name
     * @return the member's value, or {@code null}
     */
    public JsonValue get(String name) {
      return members.get(name);
    }

    /**
     * Whether this object has a member named {@code name}.
     *
     * @param name the member name
     * @return true when the member is present, whatever its value (a JSON {@code null} included)
     */
    public boolean has(String name) {
      return members.containsKey(name);
    }
  }

  /** A JSON array. */
  record JsonArray(List<JsonValue> elements) implements JsonValue {
    /**
     * Copies the elements.
     *
     * @param elements the elements, in order
     */
    public JsonArray {
      elements = List.copyOf(elements);
    }
  }

  /** A JSON string; never contains an unpaired surrogate, so it always has a UTF-8 form. */
  record JsonString(String value) implements JsonValue {
    /**
     * Checks that {@code value} is present and has no unpaired surrogate.
     *
     * @param value the string
     * @throws IllegalArgumentException when {@code value} contains an unpaired surrogate
     */
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
    /** The value {@code true}. */
    public static final JsonBoolean TRUE = new JsonBoolean(true);
    /** The value {@code false}. */
    public static final JsonBoolean FALSE = new JsonBoolean(false);

    /**
     * The shared instance for {@code value}.
     *
     * @param value the boolean
     * @return {@link #TRUE} or {@link #FALSE}
     */
    public static JsonBoolean of(boolean value) {
      return value ? TRUE : FALSE;
    }
  }

  /** {@code null}. */
  enum JsonNull implements JsonValue {
    /** The only instance. */
    INSTANCE
  }

  /**
   * A JSON string.
   *
   * @param value the string, without unpaired surrogates
   * @return the value
   */
  static JsonString of(String value) {
    return new JsonString(value);
  }

  /**
   * A JSON integer.
   *
   * @param value the integer
   * @return the value
   */
  static JsonNumber of(long value) {
    return new JsonNumber(value);
  }

  /**
   * A JSON array of strings.
   *
   * @param values the strings, in order
   * @return the array
   */
  static JsonArray ofStrings(List<String> values) {
    List<JsonValue> out = new ArrayList<>(values.size());
    for (String v : values) {
      out.add(new JsonString(v));
    }
    return new JsonArray(out);
  }
}
