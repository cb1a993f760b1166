package org.tuf4j.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
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
   * only say "not deterministic somewhere"; CborReader says which rule broke and where.
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
    CborReader reader = new CborReader(cbor, limits, topLevelMembers);
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
}
