package org.tuf4j.metadata;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;

/**
 * A top-level role's key assignment in root metadata: which keys may sign it and how many must
 * (TUF spec §4.3). Key ids are unique and the threshold is at least 1, by construction.
 */
public record Role(List<String> keyIds, int threshold, Map<String, JsonValue> unrecognizedFields) {

  private static final Set<String> KNOWN = Set.of("keyids", "threshold");

  /**
   * Checks that key ids are unique and the threshold at least 1, and copies the members.
   *
   * @param keyIds the ids of the keys that may sign for the role
   * @param threshold how many of those keys must sign
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when a key id repeats or the threshold is below 1
   */
  public Role {
    keyIds = requireUniqueKeyIds(keyIds);
    requireValidThreshold(threshold);
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * A role without unrecognized members.
   *
   * @param keyIds the ids of the keys that may sign for the role
   * @param threshold how many of those keys must sign
   */
  public Role(List<String> keyIds, int threshold) {
    this(keyIds, threshold, Map.of());
  }

  /**
   * The role object as written in root's {@code roles} (TUF spec §4.3), unrecognized members
   * included.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    return new JsonWriter(unrecognizedFields).put("keyids", keyIds)
        .put("threshold", threshold).build();
  }

  static Role fromJson(JsonValue value, String path) throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    List<String> keyIds = f.stringList("keyids");
    long threshold = f.integer("threshold");
    return f.build(() -> new Role(keyIds, checkedThreshold(threshold), f.unrecognized()));
  }

  static List<String> requireUniqueKeyIds(List<String> keyIds) {
    List<String> copy = List.copyOf(keyIds);
    if (new HashSet<>(copy).size() != copy.size()) {
      throw new IllegalArgumentException("keyids lists the same key id more than once");
    }
    return copy;
  }

  static void requireValidThreshold(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
  }

  /** Narrows a parsed threshold; values beyond int range are refused rather than truncated. */
  static int checkedThreshold(long threshold) {
    if (threshold < 1 || threshold > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("threshold must be between 1 and " + Integer.MAX_VALUE
          + ", got " + threshold);
    }
    return (int) threshold;
  }
}
