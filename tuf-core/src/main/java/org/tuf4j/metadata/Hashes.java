package org.tuf4j.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/** HASHES objects: algorithm name to hex digest (TUF spec §4.4). */
final class Hashes {
  private Hashes() {}

  static Map<String, String> copyOf(Map<String, String> hashes, boolean requireNonEmpty) {
    if (requireNonEmpty && hashes.isEmpty()) {
      throw new IllegalArgumentException("hashes must list at least one digest");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    hashes.forEach((alg, hex) -> copy.put(java.util.Objects.requireNonNull(alg),
        java.util.Objects.requireNonNull(hex)));
    return Collections.unmodifiableMap(copy);
  }

  static void requireValidLength(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative, got " + length);
    }
  }

  static Map<String, String> fromJson(JsonFields parent, String member)
      throws MalformedMetadataException {
    return parent.map(member, (alg, v, path) -> JsonFields.asString(v, path));
  }

  static JsonObject toJson(Map<String, String> hashes) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    hashes.forEach((alg, hex) -> out.put(alg, new JsonString(hex)));
    return new JsonObject(out);
  }
}
