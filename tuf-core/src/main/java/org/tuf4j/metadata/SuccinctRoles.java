package org.tuf4j.metadata;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;
import org.tuf4j.internal.Sha256;

/**
 * Succinct hash-bin delegation (TAP 15): 2^{@code bitLength} non-terminating bins named
 * {@code namePrefix-<hex>} (zero-padded), all with the same keys and threshold; a target belongs
 * to the bin given by the first {@code bitLength} bits of the SHA-256 of its path.
 */
public record SuccinctRoles(List<String> keyIds, int threshold, int bitLength, String namePrefix,
    Map<String, JsonValue> unrecognizedFields) {

  private static final Set<String> KNOWN =
      Set.of("keyids", "threshold", "bit_length", "name_prefix");

  /**
   * Checks the members: key ids unique, threshold at least 1, bit length from 1 to 32.
   *
   * @param keyIds the ids of the keys every bin shares
   * @param threshold how many of those keys must sign each bin
   * @param bitLength how many leading bits of a target path's SHA-256 select its bin
   * @param namePrefix the bins' name prefix; bin names are it, a dash and the bin number in hex
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when a key id repeats, the threshold is below 1, or the bit
   *     length is out of range
   */
  public SuccinctRoles {
    keyIds = Role.requireUniqueKeyIds(keyIds);
    Role.requireValidThreshold(threshold);
    if (bitLength < 1 || bitLength > 32) {
      throw new IllegalArgumentException("bit_length must be between 1 and 32, got " + bitLength);
    }
    Objects.requireNonNull(namePrefix, "namePrefix");
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * The key assignment shared by every bin, for threshold verification.
   *
   * @return a role with the bins' key ids and threshold
   */
  public Role role() {
    return new Role(keyIds, threshold);
  }

  /**
   * How many bins the delegation defines: 2 to the power of {@code bit_length}.
   *
   * @return the number of bins
   */
  public long numberOfBins() {
    return 1L << bitLength;
  }

  /** Hex digits in a bin number: enough for the largest bin. */
  private int suffixLength() {
    return (bitLength + 3) / 4;
  }

  /**
   * The name of bin {@code index}, for example {@code bin-0a}.
   *
   * @param index the bin number, from 0 to {@link #numberOfBins()} − 1
   * @return the bin's role name, its number in zero-padded lower-case hex
   */
  public String roleName(long index) {
    if (index < 0 || index >= numberOfBins()) {
      throw new IllegalArgumentException("bin index " + index + " out of range");
    }
    String hex = Long.toHexString(index);
    return namePrefix + "-" + "0".repeat(suffixLength() - hex.length()) + hex;
  }

  /**
   * The bin responsible for {@code targetPath}.
   *
   * @param targetPath a target path
   * @return the name of the bin the path's SHA-256 selects
   */
  public String roleNameFor(String targetPath) {
    byte[] digest = Sha256.digest(targetPath.getBytes(StandardCharsets.UTF_8));
    long first32 = ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16)
        | ((digest[2] & 0xffL) << 8) | (digest[3] & 0xffL);
    return roleName(first32 >>> (32 - bitLength));
  }

  /**
   * Whether {@code roleName} is one of the bins (exact spelling, zero padding included).
   *
   * @param roleName a role name
   * @return true when {@code roleName} names a bin of this delegation
   */
  public boolean isDelegatedRole(String roleName) {
    String prefix = namePrefix + "-";
    if (!roleName.startsWith(prefix) || roleName.length() != prefix.length() + suffixLength()) {
      return false;
    }
    String suffix = roleName.substring(prefix.length());
    for (int i = 0; i < suffix.length(); i++) {
      if (Character.digit(suffix.charAt(i), 16) < 0 || Character.isUpperCase(suffix.charAt(i))) {
        return false;
      }
    }
    return Long.parseLong(suffix, 16) < numberOfBins();
  }

  /**
   * The {@code succinct_roles} object as written in delegations (TAP 15), unrecognized members
   * included.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    return new JsonWriter(unrecognizedFields).put("keyids", keyIds)
        .put("threshold", threshold).put("bit_length", bitLength).put("name_prefix", namePrefix)
        .build();
  }

  static SuccinctRoles fromJson(JsonValue value, String path) throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    List<String> keyIds = f.stringList("keyids");
    long threshold = f.integer("threshold");
    long bitLength = f.integer("bit_length");
    String prefix = f.string("name_prefix");
    return f.build(() -> new SuccinctRoles(keyIds, Role.checkedThreshold(threshold),
        (int) Math.max(Math.min(bitLength, 33), 0), prefix, f.unrecognized()));
  }
}
