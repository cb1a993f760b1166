package org.tuf4j.metadata;

import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonReader;
import org.tuf4j.encoding.JsonValue;

/**
 * Reads again, as a tree, one value of a file the streaming parser has already read: the parts
 * it kept as byte ranges ({@link EntryIndex}, {@code signed} itself).
 */
final class Subtrees {
  private Subtrees() {}

  /** The value in {@code source[start, end)}, which was read as part of a whole within limits. */
  static JsonValue read(byte[] source, int start, int end, JsonLimits limits)
      throws MalformedMetadataException {
    try {
      JsonReader r = JsonReader.of(source, start, end - start, limits);
      r.next();
      return r.readValue();
    } catch (TooLargeException e) {
      throw new IllegalStateException("a part is never larger than the whole", e);
    }
  }
}
