package org.tuf4j.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * Deterministically encoded CBOR (RFC 8949 §4.2.1 "Core Deterministic Encoding Requirements")
 * of the {@link JsonValue} data model: the compact encoding of TUF/Uptane metadata for
 * constrained devices, with signatures over these exact bytes.
 *
 * <p>The mapping: object → definite-length map (major type 5) with text-string keys; array →
 * definite-length array (4); string → definite-length UTF-8 text string (3); integer → unsigned
 * (0) or negative (1) integer; {@code false}/{@code true}/{@code null} → simple values 20/21/22.
 * Every argument (integer value, string length, element count) has its shortest form (§4.2.1
 * requires preferred serialization, §4.1; its float rules never apply, there are no floats), no
 * item has an indefinite length, and map keys are sorted by the bytewise lexicographic order of
 * their deterministic encodings, which for text strings is: shorter UTF-8 first, then bytewise
 * UTF-8. Unlike canonical JSON, {@code "b"} therefore sorts before {@code "aa"}.
 *
 * <p>{@link #parse} accepts exactly the bytes {@link #encode} produces for some value, nothing
 * else: every other encoding of the same value is {@link Reason#NOT_DETERMINISTIC}, so one value
 * has one signed form.
 */
public final class DeterministicCbor {

  /*
   * Encoding goes through Jackson's CBORGenerator, restricted to the calls whose output 2.18.2
   * emits in the shortest definite form (checked in its source, pinned by exact-byte tests):
   * writeNumber(long) with WRITE_MINIMAL_INTS, writeStartArray/writeStartObject with an element
   * count, and text through writeFieldName(SerializableString) and writeUTF8String(byte[]),
   * which write a minimal length header and the bytes. Never writeString(String): above 3,996
   * chars it switches to an indefinite-length chunked string, which §4.2.1 forbids.
   * Key order is ours: Jackson writes members in the order it is given them.
   *
   * Decoding is a small hand-written reader, not CBORParser: CBORParser accepts non-shortest
   * arguments and indefinite lengths without saying so, turns integer map keys into names,
   * reads tags past the value (decoding bignums into integers) and reports simple values as
   * numbers. Telling those apart afterwards would need a re-encode-and-compare pass that can
   * only say "not deterministic somewhere"; the reader below says which rule broke and where.
   */

  private static final CBORFactory FACTORY = CBORFactory.builder()
      .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
      .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER) // no self-describe tag 55799
      .disable(CBORGenerator.Feature.STRINGREF) // no tag 25/256 string references
      .disable(CBORGenerator.Feature.LENIENT_UTF_ENCODING)
      // encode() bounds depth no more than CanonicalJson.encode does; parse() bounds it.
      .streamWriteConstraints(StreamWriteConstraints.builder()
          .maxNestingDepth(Integer.MAX_VALUE).build())
      .build();

  private DeterministicCbor() {}

  /**
   * The deterministic CBOR encoding of {@code value} (RFC 8949 §4.2.1): the exact bytes a
   * signature over CBOR metadata covers.
   *
   * @param value the value to encode
   * @return the CBOR bytes
   * @throws IllegalArgumentException when an object member name contains an unpaired surrogate
   *     (it has no UTF-8 form)
   */
  public static byte[] encode(JsonValue value) {
    Objects.requireNonNull(value, "value");
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (CBORGenerator gen = FACTORY.createGenerator(out)) {
      write(value, gen);
    } catch (IOException e) {
      // Writing to memory cannot fail; a generator error here is a bug in write().
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses deterministic CBOR under {@link JsonLimits#DEFAULT}.
   *
   * @param cbor the input
   * @return the decoded value
   * @throws MalformedMetadataException when the input is not exactly one deterministically encoded
   *     item of the JSON data model
   * @throws TooLargeException when the input exceeds the default byte bound
   */
  public static JsonValue parse(byte[] cbor) throws MalformedMetadataException, TooLargeException {
    return parse(cbor, JsonLimits.DEFAULT);
  }

  /**
   * Parses exactly one data item that is the deterministic encoding (RFC 8949 §4.2.1) of a
   * {@link JsonValue}. For attacker-controlled input: each byte is looked at a bounded number of
   * times (building the sorted members of each {@link JsonObject} adds its usual n log n), depth
   * is bounded before recursing, and no allocation is sized by a declared length or count before
   * the bytes it declares are known to exist.
   *
   * @param cbor the input
   * @param limits the size, depth and string length bounds
   * @return the decoded value
   * @throws TooLargeException when the input is longer than {@code limits.maxBytes()}, before it
   *     is looked at
   * @throws MalformedMetadataException with reason {@link Reason#NOT_DETERMINISTIC} for valid
   *     CBOR of a JSON value in a non-deterministic form (non-shortest argument, indefinite
   *     length, map keys out of order); {@link Reason#DUPLICATE_KEY}; {@link
   *     Reason#NOT_AN_INTEGER} for floating-point numbers; {@link Reason#INTEGER_OUT_OF_RANGE}
   *     outside the signed 64-bit range; {@link Reason#TOO_DEEP} and {@link
   *     Reason#STRING_TOO_LONG} beyond the limits; {@link Reason#SYNTAX} for input that is not
   *     well-formed CBOR (truncated, trailing bytes, invalid UTF-8, reserved values) or has no
   *     JSON counterpart (byte strings, tags, non-text map keys, undefined, other simple values).
   *     The message names the rule and the byte offset.
   * @throws IllegalArgumentException when {@code limits.maxDepth()} is above {@link
   *     CanonicalJson#MAX_SUPPORTED_DEPTH}
   */
  public static JsonValue parse(byte[] cbor, JsonLimits limits)
      throws MalformedMetadataException, TooLargeException {
    return read(cbor, limits, null);
  }

  /**
   * One member of the map read by {@link #parseMembers}: its value, and where the value's
   * deterministic encoding (RFC 8949 §4.2.1) lies in the input ({@code length} bytes from {@code
   * offset}).
   */
  public record EncodedMember(JsonValue value, int offset, int length) {}

  /**
   * Parses, exactly as {@link #parse(byte[], JsonLimits)} does, an input that must be a map,
   * and says where each member's value lies in it: a signature over one member (TUF's {@code
   * signed}) is then checked over the received bytes without encoding the value again. Those
   * bytes are the deterministic encoding of the value: every item inside a deterministic
   * encoding is itself deterministic (§4.2.1's rules hold item by item).
   *
   * @param cbor the input
   * @param limits the size, depth and string length bounds
   * @return the map's members by name
   * @throws MalformedMetadataException as {@link #parse(byte[], JsonLimits)} does, or with
   *     reason {@link Reason#SCHEMA} when the input is well-formed but not a map
   * @throws TooLargeException when the input exceeds {@code limits.maxBytes()}
   */
  public static Map<String, EncodedMember> parseMembers(byte[] cbor, JsonLimits limits)
      throws MalformedMetadataException, TooLargeException {
    Map<String, EncodedMember> members = new HashMap<>();
    JsonValue value = read(cbor, limits, members);
    if (!(value instanceof JsonObject)) {
      throw new MalformedMetadataException(Reason.SCHEMA, "the CBOR data item is not a map");
    }
    return members;
  }

  private static JsonValue read(byte[] cbor, JsonLimits limits,
      Map<String, EncodedMember> topLevelMembers)
      throws MalformedMetadataException, TooLargeException {
    Objects.requireNonNull(cbor, "cbor");
    if (cbor.length > limits.maxBytes()) {
      throw new TooLargeException("CBOR input of " + cbor.length + " bytes", limits.maxBytes());
    }
    if (limits.maxDepth() > CanonicalJson.MAX_SUPPORTED_DEPTH) {
      // The reader recurses once per nesting level.
      throw new IllegalArgumentException("maxDepth above " + CanonicalJson.MAX_SUPPORTED_DEPTH);
    }
    if (cbor.length == 0) {
      throw new MalformedMetadataException(Reason.SYNTAX, "empty CBOR input");
    }
    Reader reader = new Reader(cbor, limits, topLevelMembers);
    JsonValue value = reader.item(1);
    if (reader.pos != cbor.length) {
      // One data item, as for JSON: a CBOR sequence (RFC 8742) is not metadata.
      throw new MalformedMetadataException(Reason.SYNTAX, (cbor.length - reader.pos)
          + " trailing byte(s) after the CBOR data item, at byte offset " + reader.pos);
    }
    return value;
  }

  // ---- writer ----

  private static void write(JsonValue value, CBORGenerator gen) throws IOException {
    if (value instanceof JsonObject o) {
      List<SortableMember> members = new ArrayList<>(o.members().size());
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        members.add(new SortableMember(e.getKey(), utf8Length(e.getKey()), e.getValue()));
      }
      // §4.2.1 orders keys by their encoded bytes: the text-string header grows with the length,
      // so shorter keys first, and among equal lengths bytewise UTF-8, which is the code point
      // order the members already have (CanonicalJson.KEY_ORDER). A stable sort by length alone
      // therefore gives the full order.
      members.sort((a, b) -> Integer.compare(a.utf8Length, b.utf8Length));
      gen.writeStartObject(o, members.size());
      for (SortableMember m : members) {
        gen.writeFieldName(new SerializedString(m.name));
        write(m.value, gen);
      }
      gen.writeEndObject();
    } else if (value instanceof JsonArray a) {
      List<JsonValue> elements = a.elements();
      gen.writeStartArray(a, elements.size());
      for (JsonValue element : elements) {
        write(element, gen);
      }
      gen.writeEndArray();
    } else if (value instanceof JsonString s) {
      byte[] utf8 = s.value().getBytes(UTF_8); // exact: JsonString has no unpaired surrogate
      gen.writeUTF8String(utf8, 0, utf8.length);
    } else if (value instanceof JsonNumber n) {
      gen.writeNumber(n.value());
    } else if (value instanceof JsonBoolean b) {
      gen.writeBoolean(b.value());
    } else {
      gen.writeNull();
    }
  }

  private record SortableMember(String name, int utf8Length, JsonValue value) {}

  /** Length of the UTF-8 form of {@code s}; refuses unpaired surrogates, which have none. */
  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (!Character.isSurrogate(c)) {
        n += 3;
      } else if (Character.isHighSurrogate(c) && i + 1 < len
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        throw new IllegalArgumentException("object member name contains an unpaired surrogate");
      }
    }
    return n;
  }

  // ---- reader ----

  /** A recursive-descent reader over the whole input; recursion depth is limits.maxDepth(). */
  private static final class Reader {
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

    Reader(byte[] in, JsonLimits limits, Map<String, EncodedMember> topLevelMembers) {
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
                  + abbreviate(key) + "\" at byte offset " + keyStart);
            }
            throw new MalformedMetadataException(Reason.NOT_DETERMINISTIC, "map key \""
                + abbreviate(key) + "\" at byte offset " + keyStart + " is not after the previous"
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

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
