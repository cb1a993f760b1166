package org.tuf4j.encoding;

/**
 * Bounds applied while parsing attacker-controlled JSON. Every parse takes one; the defaults
 * suit TUF metadata, and clients tighten {@link #maxBytes()} per role (the spec's "endless data"
 * defence, §1.5.2).
 *
 * @param maxBytes largest accepted input, in bytes
 * @param maxDepth deepest accepted nesting of objects and arrays (the top-level value is depth 1)
 * @param maxStringLength longest accepted string or object member name, in chars
 */
public record JsonLimits(long maxBytes, int maxDepth, int maxStringLength) {

  /** 32 MiB, depth 64, strings up to 1 MiB: large enough for a 100k-target targets.json. */
  public static final JsonLimits DEFAULT = new JsonLimits(32L << 20, 64, 1 << 20);

  /**
   * Checks that every bound is positive.
   *
   * @param maxBytes largest accepted input, in bytes
   * @param maxDepth deepest accepted nesting of objects and arrays
   * @param maxStringLength longest accepted string or member name, in chars
   * @throws IllegalArgumentException when a bound is not positive
   */
  public JsonLimits {
    if (maxBytes < 1 || maxDepth < 1 || maxStringLength < 1) {
      throw new IllegalArgumentException("JSON limits must be positive");
    }
  }

  /**
   * These limits with a different byte bound.
   *
   * @param bytes the new {@link #maxBytes()}
   * @return limits with {@code bytes} and these depth and string bounds
   */
  public JsonLimits withMaxBytes(long bytes) {
    return new JsonLimits(bytes, maxDepth, maxStringLength);
  }
}
