package org.tuf4j.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.internal.JsonFields;

/**
 * HASHES objects: algorithm name to hex digest (TUF spec §4.4). A digest is lower-case hex, as
 * {@code hexdigest()} writes it, of its algorithm's length where the algorithm is known: a
 * digest becomes part of a URL and a file name (consistent snapshots, §5.7.3), so anything else
 * is refused before it can be used ({@code ../../x?y#} was requested once).
 */
final class Hashes {
  /** Hex length of the digests of algorithms clients use. */
  private static final Map<String, Integer> HEX_LENGTHS = Map.ofEntries(
      Map.entry("sha224", 56), Map.entry("sha256", 64), Map.entry("sha384", 96),
      Map.entry("sha512", 128), Map.entry("sha512_224", 56), Map.entry("sha512_256", 64),
      Map.entry("sha3_224", 56), Map.entry("sha3_256", 64), Map.entry("sha3_384", 96),
      Map.entry("sha3_512", 128), Map.entry("blake2s", 64), Map.entry("blake2b", 128),
      Map.entry("blake2b-256", 64));
  /** The longest digest of an algorithm not listed above. */
  private static final int MAX_HEX = 256;

  private Hashes() {}

  static Map<String, String> copyOf(Map<String, String> hashes, boolean requireNonEmpty) {
    if (requireNonEmpty && hashes.isEmpty()) {
      throw new IllegalArgumentException("hashes must list at least one digest");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    hashes.forEach((alg, hex) -> copy.put(java.util.Objects.requireNonNull(alg),
        requireDigest(alg, java.util.Objects.requireNonNull(hex))));
    return Collections.unmodifiableMap(copy);
  }

  private static String requireDigest(String algorithm, String hex) {
    Integer expected = HEX_LENGTHS.get(algorithm);
    boolean lengthOk = expected != null ? hex.length() == expected
        : hex.length() >= 2 && hex.length() <= MAX_HEX && hex.length() % 2 == 0;
    if (!lengthOk || !LowerHex.isLowerHex(hex)) {
      String shown = hex.length() > 40 ? hex.substring(0, 40) + "..." : hex;
      throw new IllegalArgumentException("hashes." + algorithm + " is not "
          + (expected != null ? expected + " " : "") + "lower-case hex digits: \"" + shown + "\"");
    }
    return hex;
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
