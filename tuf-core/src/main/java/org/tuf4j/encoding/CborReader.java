package org.tuf4j.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.encoding.DeterministicCbor.EncodedMember;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * The decoder of {@link DeterministicCbor}: a recursive-descent reader over the whole input that
 * accepts only the deterministic encoding (RFC 8949 §4.2.1 "Core Deterministic Encoding
 * Requirements") of a {@link JsonValue}, and says which rule broke and where. Recursion depth is
 * {@code limits.maxDepth()}, checked before recursing; no allocation is sized by a declared length
 * or count before the bytes it declares are known to exist.
 */
final class CborReader {
  private static final int MAJOR_UNSIGNED = 0;
  private static final int MAJOR_NEGATIVE = 1;
  private static final int MAJOR_BYTES = 2;
  private static final int MAJOR_TEXT = 3;
  private static final int MAJOR_ARRAY = 4;
  private static final int MAJOR_MAP = 5;
  private static final int MAJOR_TAG = 6;
  private static final int MAJOR_SIMPLE = 7;
  private static final int INDEFINITE = 31;

  private final byte[] in;
  private final JsonLimits limits;
  // Where each member value of the outermost map lies, when the caller asked (else null).
  private final Map<String, EncodedMember> topLevelMembers;
  int pos;

  CborReader(byte[] in, JsonLimits limits, Map<String, EncodedMember> topLevelMembers) {
    this.in = in;
    this.limits = limits;
    this.topLevelMembers = topLevelMembers;
  }

  JsonValue item(int depth) throws MalformedMetadataException {
    int start = pos;
    int initial = readByte("a data item");
    int major = initial >>> 5;
    int info = initial & 0x1f;
    switch (major) {
      case MAJOR_UNSIGNED: {
        long n = argument(start, major, info);
        if (n < 0) { // above 2^63 - 1 as an unsigned 64-bit value
          throw new MalformedMetadataException(Reason.INTEGER_OUT_OF_RANGE, "unsigned integer "
              + Long.toUnsignedString(n) + " above the signed 64-bit range at byte offset "
              + start);
        }
        return new JsonNumber(n);
      }
      case MAJOR_NEGATIVE: {
        long n = argument(start, major, info);
        if (n < 0) { // the value -1 - n is below -2^63; CBOR goes down to -2^64
          throw new MalformedMetadataException(Reason.INTEGER_OUT_OF_RANGE, "negative integer "
              + BigInteger.ONE.negate().subtract(new BigInteger(Long.toUnsignedString(n)))
              + " below the signed 64-bit range at byte offset " + start);
        }
        return new JsonNumber(-1 - n);
      }
      case MAJOR_BYTES:
        throw new MalformedMetadataException(Reason.SYNTAX, "byte string at byte offset "
            + start + ": JSON has no byte strings");
      case MAJOR_TEXT:
        return new JsonString(text(start, info, "string"));
      case MAJOR_ARRAY:
        return array(start, info, depth);
      case MAJOR_MAP:
        return map(start, info, depth);
      case MAJOR_TAG:
        throw new MalformedMetadataException(Reason.SYNTAX, "tag (major type 6) at byte offset "
            + start + ": tags are not part of the JSON data model");
      default:
        return simple(start, info);
    }
  }

  private JsonValue simple(int start, int info) throws MalformedMetadataException {
    switch (info) {
      case 20:
        return JsonBoolean.FALSE;
      case 21:
        return JsonBoolean.TRUE;
      case 22:
        return JsonNull.INSTANCE;
      case 23:
        throw new MalformedMetadataException(Reason.SYNTAX, "undefined (0xf7) at byte offset "
            + start + ": JSON has no undefined");
      case 24: {
        int simple = readByte("a simple value");
        if (simple < 32) {
          // RFC 8949 §3.3: 0xf8 followed by a value below 32 is not well-formed.
          throw new MalformedMetadataException(Reason.SYNTAX, "two-byte simple value " + simple
              + " (below 32) is not well-formed CBOR, at byte offset " + start);
        }
        throw new MalformedMetadataException(Reason.SYNTAX, "simple value " + simple
            + " at byte offset " + start + ": only false, true and null are JSON values");
      }
      case 25:
      case 26:
      case 27:
        if (remaining() < 1 << (info - 24)) { // a float cut short is not even well-formed
          throw truncated("the rest of the floating-point number at byte offset " + start);
        }
        throw new MalformedMetadataException(Reason.NOT_AN_INTEGER, "floating-point number"
            + " (major type 7, additional information " + info + ") at byte offset " + start
            + ": the metadata has integers only");
      case 28:
      case 29:
      case 30:
        throw new MalformedMetadataException(Reason.SYNTAX, "reserved additional information "
            + info + " at byte offset " + start + " is not well-formed CBOR");
      case INDEFINITE:
        throw new MalformedMetadataException(Reason.SYNTAX, "\"break\" (0xff) outside an"
            + " indefinite-length item at byte offset " + start);
      default:
        throw new MalformedMetadataException(Reason.SYNTAX, "simple value " + info
            + " at byte offset " + start + ": only false, true and null are JSON values");
    }
  }

  private JsonArray array(int start, int info, int depth) throws MalformedMetadataException {
    checkDepth(start, depth);
    long count = argument(start, MAJOR_ARRAY, info);
    // Each element takes at least one byte: a count beyond the rest of the input is forged.
    if (Long.compareUnsigned(count, remaining()) > 0) {
      throw new MalformedMetadataException(Reason.SYNTAX, "array at byte offset " + start
          + " declares " + Long.toUnsignedString(count) + " elements but only " + remaining()
          + " bytes follow");
    }
    List<JsonValue> elements = new ArrayList<>((int) Math.min(count, 16));
    for (long i = 0; i < count; i++) {
      elements.add(item(depth + 1));
    }
    return new JsonArray(elements);
  }

  private JsonObject map(int start, int info, int depth) throws MalformedMetadataException {
    checkDepth(start, depth);
    long count = argument(start, MAJOR_MAP, info);
    // Each entry takes at least two bytes (key and value).
    if (Long.compareUnsigned(count, remaining() / 2) > 0) {
      throw new MalformedMetadataException(Reason.SYNTAX, "map at byte offset " + start
          + " declares " + Long.toUnsignedString(count) + " entries but only " + remaining()
          + " bytes follow");
    }
    Map<String, JsonValue> members = new HashMap<>();
    int previousKeyStart = -1;
    int previousKeyEnd = -1;
    for (long i = 0; i < count; i++) {
      int keyStart = pos;
      int initial = readByte("a map key");
      if (initial >>> 5 != MAJOR_TEXT) {
        throw new MalformedMetadataException(Reason.SYNTAX, "map key at byte offset " + keyStart
            + " is " + describe(initial) + ", not a text string (JSON member names are"
            + " strings)");
      }
      String key = text(keyStart, initial & 0x1f, "member name");
      if (previousKeyStart >= 0) {
        // §4.2.1: keys sorted by the bytes of their encodings. The key bytes read so far are
        // already known to be shortest form, so comparing raw input compares encodings.
        int order = Arrays.compareUnsigned(in, previousKeyStart, previousKeyEnd, in, keyStart,
            pos);
        if (order >= 0) {
          if (members.containsKey(key)) {
            throw new MalformedMetadataException(Reason.DUPLICATE_KEY, "duplicate map key \""
                + JsonLexer.abbreviate(key) + "\" at byte offset " + keyStart);
          }
          throw new MalformedMetadataException(Reason.NOT_DETERMINISTIC, "map key \""
              + JsonLexer.abbreviate(key) + "\" at byte offset " + keyStart
              + " is not after the previous"
              + " key in the bytewise order of their encodings (RFC 8949 §4.2.1)");
        }
      }
      previousKeyStart = keyStart;
      previousKeyEnd = pos;
      int valueStart = pos;
      JsonValue value = item(depth + 1);
      members.put(key, value);
      if (depth == 1 && topLevelMembers != null) {
        topLevelMembers.put(key, new EncodedMember(value, valueStart, pos - valueStart));
      }
    }
    return new JsonObject(members);
  }

  /** A text string's content; {@code info} is the additional information of its header. */
  private String text(int start, int info, String what) throws MalformedMetadataException {
    long length = argument(start, MAJOR_TEXT, info);
    if (Long.compareUnsigned(length, remaining()) > 0) {
      throw new MalformedMetadataException(Reason.SYNTAX, what + " at byte offset " + start
          + " declares " + Long.toUnsignedString(length) + " bytes but only " + remaining()
          + " follow");
    }
    int from = pos;
    int to = from + (int) length;
    int chars = utf16Length(from, to, what);
    if (chars > limits.maxStringLength()) {
      throw new MalformedMetadataException(Reason.STRING_TOO_LONG, what + " of " + chars
          + " chars is longer than the limit of " + limits.maxStringLength()
          + " at byte offset " + start);
    }
    pos = to;
    // Validated above, so the JDK's decoder (which would substitute U+FFFD) sees valid UTF-8.
    return new String(in, from, to - from, UTF_8);
  }

  /**
   * Validates strict UTF-8 (RFC 3629: no overlong forms, no encoded surrogates, nothing above
   * U+10FFFF; RFC 8949 §3.1 requires valid UTF-8 in text strings) and counts the UTF-16 chars.
   * Rejecting encoded surrogates is what guarantees the string has no unpaired surrogate.
   */
  private int utf16Length(int from, int to, String what) throws MalformedMetadataException {
    int chars = 0;
    int i = from;
    while (i < to) {
      int b = in[i] & 0xff;
      if (b < 0x80) {
        i++;
        chars++;
        continue;
      }
      int size;
      int lo = 0x80; // allowed range of the second byte
      int hi = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        size = 2;
      } else if (b >= 0xE0 && b <= 0xEF) {
        size = 3;
        if (b == 0xE0) {
          lo = 0xA0; // overlong below U+0800
        } else if (b == 0xED) {
          hi = 0x9F; // U+D800..U+DFFF: surrogates
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        size = 4;
        if (b == 0xF0) {
          lo = 0x90; // overlong below U+10000
        } else if (b == 0xF4) {
          hi = 0x8F; // above U+10FFFF
        }
      } else {
        throw invalidUtf8(what, i);
      }
      if (to - i < size) {
        throw invalidUtf8(what, i);
      }
      int second = in[i + 1] & 0xff;
      if (second < lo || second > hi) {
        throw invalidUtf8(what, i);
      }
      for (int k = 2; k < size; k++) {
        if ((in[i + k] & 0xC0) != 0x80) {
          throw invalidUtf8(what, i);
        }
      }
      i += size;
      chars += size == 4 ? 2 : 1; // supplementary characters are surrogate pairs in UTF-16
    }
    return chars;
  }

  private static MalformedMetadataException invalidUtf8(String what, int offset) {
    return new MalformedMetadataException(Reason.SYNTAX, what + " is not valid UTF-8 at byte"
        + " offset " + offset);
  }

  /**
   * The argument of a header for major types 0 to 5 (RFC 8949 §3), as an unsigned 64-bit value,
   * refusing indefinite lengths and arguments longer than needed (§4.2.1).
   */
  private long argument(int start, int major, int info) throws MalformedMetadataException {
    if (info < 24) {
      return info;
    }
    if (info == INDEFINITE) {
      if (major >= MAJOR_BYTES && major <= MAJOR_MAP) {
        throw new MalformedMetadataException(Reason.NOT_DETERMINISTIC, "indefinite-length "
            + typeName(major) + " at byte offset " + start + " (RFC 8949 §4.2.1 requires"
            + " definite lengths)");
      }
      throw new MalformedMetadataException(Reason.SYNTAX, "additional information 31 on "
          + typeName(major) + " at byte offset " + start + " is not well-formed CBOR");
    }
    if (info > 27) {
      throw new MalformedMetadataException(Reason.SYNTAX, "reserved additional information "
          + info + " at byte offset " + start + " is not well-formed CBOR");
    }
    int size = 1 << (info - 24); // 1, 2, 4 or 8 bytes follow
    if (remaining() < size) {
      throw truncated("a " + size + "-byte argument of the " + typeName(major) + " at byte"
          + " offset " + start);
    }
    long value = 0;
    for (int k = 0; k < size; k++) {
      value = (value << 8) | (in[pos++] & 0xff);
    }
    long smallest = size == 1 ? 24 : 1L << (4 * size); // 24, 2^8, 2^16, 2^32
    if (Long.compareUnsigned(value, smallest) < 0) {
      throw new MalformedMetadataException(Reason.NOT_DETERMINISTIC, "argument "
          + Long.toUnsignedString(value) + " of the " + typeName(major) + " at byte offset "
          + start + " is encoded in " + size + " byte(s) where fewer suffice (RFC 8949 §4.2.1"
          + " requires the shortest form)");
    }
    return value;
  }

  private int readByte(String what) throws MalformedMetadataException {
    if (pos >= in.length) {
      throw truncated(what);
    }
    return in[pos++] & 0xff;
  }

  private MalformedMetadataException truncated(String what) {
    return new MalformedMetadataException(Reason.SYNTAX, "truncated CBOR: input ends at byte"
        + " offset " + in.length + " where " + what + " was expected");
  }

  private int remaining() {
    return in.length - pos;
  }

  private void checkDepth(int start, int depth) throws MalformedMetadataException {
    if (depth > limits.maxDepth()) {
      throw new MalformedMetadataException(Reason.TOO_DEEP, "CBOR nesting deeper than "
          + limits.maxDepth() + " at byte offset " + start);
    }
  }

  private static String describe(int initial) {
    int major = initial >>> 5;
    if (major == MAJOR_SIMPLE) {
      int info = initial & 0x1f;
      return info >= 25 && info <= 27 ? "a floating-point number" : "a simple value";
    }
    return "a " + typeName(major);
  }

  private static String typeName(int major) {
    switch (major) {
      case MAJOR_UNSIGNED:
        return "unsigned integer";
      case MAJOR_NEGATIVE:
        return "negative integer";
      case MAJOR_BYTES:
        return "byte string";
      case MAJOR_TEXT:
        return "text string";
      case MAJOR_ARRAY:
        return "array";
      case MAJOR_MAP:
        return "map";
      case MAJOR_TAG:
        return "tag";
      default:
        return "simple value";
    }
  }
}
