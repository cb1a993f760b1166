package org.tuf4j.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * Builds a JSON object as metadata is written: the preserved unrecognized members plus the known
 * ones (TUF spec §4 "Document formats"), read back by {@link JsonFields}. Internal to tuf4j: the
 * module does not export this package.
 */
public final class JsonWriter {
  private final Map<String, JsonValue> members = new LinkedHashMap<>();

  /**
   * A writer starting from the preserved unrecognized members.
   *
   * @param unrecognized members to keep as they were read
   */
  public JsonWriter(Map<String, JsonValue> unrecognized) {
    members.putAll(unrecognized);
  }

  /**
   * Sets a member.
   *
   * @param name the member's name
   * @param value its value
   * @return this writer
   */
  public JsonWriter put(String name, JsonValue value) {
    members.put(name, value);
    return this;
  }

  /**
   * Sets a string member.
   *
   * @param name the member's name
   * @param value its value
   * @return this writer
   */
  public JsonWriter put(String name, String value) {
    return put(name, new JsonString(value));
  }

  /**
   * Sets an integer member.
   *
   * @param name the member's name
   * @param value its value
   * @return this writer
   */
  public JsonWriter put(String name, long value) {
    return put(name, new JsonNumber(value));
  }

  /**
   * Sets a boolean member.
   *
   * @param name the member's name
   * @param value its value
   * @return this writer
   */
  public JsonWriter put(String name, boolean value) {
    return put(name, JsonBoolean.of(value));
  }

  /**
   * Sets a member that is an array of strings.
   *
   * @param name the member's name
   * @param strings its elements
   * @return this writer
   */
  public JsonWriter put(String name, List<String> strings) {
    return put(name, JsonValue.ofStrings(strings));
  }

  /**
   * The object written.
   *
   * @return the object
   */
  public JsonObject build() {
    return new JsonObject(members);
  }
}
