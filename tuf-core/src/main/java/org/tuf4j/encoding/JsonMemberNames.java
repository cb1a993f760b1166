package org.tuf4j.encoding;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;

/**
 * The member names of each object a {@link JsonReader} has open: unique within their object
 * (TUF spec §4.1 canonical JSON, and RFC 8259 §4 "names ... SHOULD be unique", which the spec's
 * parsers require) and, for canonical form, sorted by code point. Names are kept as spans of the
 * input, decoded only when one is escaped or out of order.
 */
final class JsonMemberNames {

  /** Names seen so far in one open object; a set only once they are found out of order. */
  private static final class Frame {
    int lastStart = -1;
    int lastEnd;
    boolean lastEscaped;
    int[] spans = new int[16];
    int count;
    Set<String> keys;

    void reset() {
      lastStart = -1;
      count = 0;
      keys = null;
    }
  }

  private final byte[] buf;
  // One frame per open container, indexed by depth; made when its first name is read.
  private Frame[] frames = new Frame[8];

  JsonMemberNames(byte[] buf) {
    this.buf = buf;
  }

  /** Forgets the names of the container that was open at {@code depth} before this one. */
  void open(int depth) {
    if (depth == frames.length) {
      frames = Arrays.copyOf(frames, depth * 2);
    }
    if (frames[depth] != null) {
      frames[depth].reset();
    }
  }

  /** Whether every name read so far in the object open at {@code depth} was in order. */
  boolean inOrder(int depth) {
    return frames[depth].keys == null;
  }

  /**
   * Adds the name token {@code buf[s, e)} to the object open at {@code depth}. Canonical order
   * (by code point) is checked against the previous name; while names ascend, a duplicate can
   * only be the previous one. The first name out of order turns on a set of every name in the
   * object, so duplicates are still found in any order.
   *
   * @return true when this name is the first out of order in its object (one deviation)
   * @throws MalformedMetadataException when the object already has this name
   */
  boolean add(int depth, int s, int e, boolean escaped) throws MalformedMetadataException {
    Frame f = frames[depth];
    if (f == null) {
      f = frames[depth] = new Frame();
    }
    boolean firstOutOfOrder = false;
    if (f.keys != null) {
      if (!f.keys.add(JsonLexer.decode(buf, s, e, escaped))) {
        throw duplicate(s, e);
      }
    } else if (f.lastStart >= 0) {
      int cmp = compareNames(f.lastStart, f.lastEnd, f.lastEscaped, s, e, escaped);
      if (cmp == 0) {
        throw duplicate(s, e);
      }
      if (cmp > 0) {
        firstOutOfOrder = true;
        f.keys = namesSoFar(f, s, e, escaped);
      }
    }
    if (f.keys == null) {
      if (2 * f.count + 2 > f.spans.length) {
        f.spans = Arrays.copyOf(f.spans, f.spans.length * 2);
      }
      f.spans[2 * f.count] = s;
      f.spans[2 * f.count + 1] = e;
      f.count++;
    }
    f.lastStart = s;
    f.lastEnd = e;
    f.lastEscaped = escaped;
    return firstOutOfOrder;
  }

  /** The set of the names in {@code f} and the name {@code buf[s, e)}, refusing a duplicate. */
  private Set<String> namesSoFar(Frame f, int s, int e, boolean escaped)
      throws MalformedMetadataException {
    Set<String> keys = new HashSet<>(f.count * 2 + 2);
    for (int i = 0; i < f.count; i++) {
      keys.add(JsonLexer.decode(buf, f.spans[2 * i], f.spans[2 * i + 1], true));
    }
    if (!keys.add(JsonLexer.decode(buf, s, e, escaped))) {
      throw duplicate(s, e);
    }
    return keys;
  }

  private int compareNames(int s1, int e1, boolean esc1, int s2, int e2, boolean esc2) {
    if (!esc1 && !esc2) {
      // Raw UTF-8 between the quotes: byte order is code point order.
      return Arrays.compareUnsigned(buf, s1 + 1, e1 - 1, buf, s2 + 1, e2 - 1);
    }
    return CanonicalJson.KEY_ORDER.compare(JsonLexer.decode(buf, s1, e1, esc1),
        JsonLexer.decode(buf, s2, e2, esc2));
  }

  private MalformedMetadataException duplicate(int s, int e) {
    return new MalformedMetadataException(Reason.DUPLICATE_KEY, "duplicate member name \""
        + JsonLexer.abbreviate(JsonLexer.decode(buf, s, e, true))
        + "\" in a JSON object at byte offset " + s);
  }
}
