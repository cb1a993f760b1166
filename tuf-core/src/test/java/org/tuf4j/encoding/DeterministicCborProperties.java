package org.tuf4j.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.JacksonReader;
import org.tuf4j.testing.LaxCborEncoder;

/** jqwik properties of deterministic CBOR (RFC 8949 §4.2.1) over the JSON data model. */
class DeterministicCborProperties {

  private static final JsonLimits SMALL = new JsonLimits(4096, 16, 1024);

  @Property(tries = 1000)
  void parseOfEncodeIsTheIdentity_rfc8949_4_2_1(@ForAll("values") JsonValue value)
      throws Exception {
    byte[] cbor = DeterministicCbor.encode(value);
    JsonValue parsed = DeterministicCbor.parse(cbor);
    assertEquals(value, parsed);
    assertArrayEquals(cbor, DeterministicCbor.encode(parsed));
  }

  @Property(tries = 1000)
  void jsonToCborToJsonIsTheIdentity(@ForAll("values") JsonValue value) throws Exception {
    JsonValue viaCbor = DeterministicCbor.parse(DeterministicCbor.encode(value));
    assertEquals(value, CanonicalJson.parse(CanonicalJson.encode(viaCbor)));
  }

  /** Member insertion order and list identity do not reach the bytes: one value, one encoding. */
  @Property(tries = 500)
  void equalValuesEncodeToIdenticalBytes_rfc8949_4_2(@ForAll("values") JsonValue value) {
    JsonValue rebuilt = rebuiltInReverse(value);
    assertEquals(value, rebuilt);
    assertArrayEquals(DeterministicCbor.encode(value), DeterministicCbor.encode(rebuilt));
  }

  /** And the converse: different values never share an encoding. */
  @Property(tries = 500)
  void valuesAreEqualExactlyWhenTheirEncodingsAre(@ForAll("values") JsonValue a,
      @ForAll("values") JsonValue b) {
    assertEquals(a.equals(b), Arrays.equals(DeterministicCbor.encode(a),
        DeterministicCbor.encode(b)));
  }

  /**
   * Any other valid CBOR encoding of a value (longer arguments, indefinite lengths, other key
   * orders, in any mix) is refused as NOT_DETERMINISTIC; only the deterministic bytes parse.
   */
  @Property(tries = 1000)
  void otherEncodingsOfTheSameValueAreNotDeterministic_rfc8949_4_2_1(
      @ForAll("values") JsonValue value, @ForAll long seed, @ForAll Deviation deviation,
      @ForAll @IntRange(min = 1, max = 50) int percent) throws Exception {
    // One kind of deviation at a time as well as all together: the parser stops at the first
    // one it meets, so a missed check would be hidden behind another kind of deviation.
    boolean all = deviation == Deviation.ALL;
    byte[] lax = new LaxCborEncoder(new Random(seed),
        all || deviation == Deviation.LONGER_ARGUMENTS ? percent : 0,
        all || deviation == Deviation.INDEFINITE_LENGTHS ? percent : 0,
        all || deviation == Deviation.SHUFFLED_KEYS ? percent : 0).encode(value);
    if (Arrays.equals(lax, DeterministicCbor.encode(value))) {
      assertEquals(value, DeterministicCbor.parse(lax)); // every random choice was the strict one
    } else {
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> DeterministicCbor.parse(lax));
      assertEquals(Reason.NOT_DETERMINISTIC, e.reason(), e.getMessage());
    }
  }

  enum Deviation { LONGER_ARGUMENTS, INDEFINITE_LENGTHS, SHUFFLED_KEYS, ALL }

  /**
   * Robustness: a mutated encoding either is the deterministic encoding of what it parses to,
   * or fails with a TufException; never any other exception.
   */
  @Property(tries = 3000)
  void mutatedEncodingsParseOnlyToThemselvesOrFailCleanly(@ForAll("values") JsonValue value,
      @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll int position, @ForAll byte b) {
    byte[] bytes = DeterministicCbor.encode(value);
    int at = Math.floorMod(position, bytes.length);
    byte[] mutated;
    switch (kind) {
      case 0: // replace a byte
        mutated = bytes.clone();
        mutated[at] = b;
        break;
      case 1: // flip one bit
        mutated = bytes.clone();
        mutated[at] ^= (byte) (1 << Math.floorMod(b, 8));
        break;
      case 2: // insert a byte
        mutated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, mutated, 0, at);
        mutated[at] = b;
        System.arraycopy(bytes, at, mutated, at + 1, bytes.length - at);
        break;
      default: // delete a byte
        mutated = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, mutated, 0, at);
        System.arraycopy(bytes, at + 1, mutated, at, bytes.length - at - 1);
        break;
    }
    parseExpectingItselfOrTufException(mutated);
  }

  @Property(tries = 3000)
  void randomBytesParseOnlyToThemselvesOrFailCleanly(@ForAll byte[] input) {
    parseExpectingItselfOrTufException(input);
  }

  private static void parseExpectingItselfOrTufException(byte[] input) {
    JsonValue parsed;
    try {
      parsed = DeterministicCbor.parse(input, SMALL);
    } catch (MalformedMetadataException | TooLargeException expected) {
      return; // the only acceptable failures; any other throwable fails the property
    }
    assertArrayEquals(input, DeterministicCbor.encode(parsed));
  }

  /** An independent decoder (Jackson's CBORParser) reads the bytes as the same value. */
  @Property(tries = 300)
  void jacksonReadsTheSameValue(@ForAll("values") JsonValue value) throws Exception {
    assertEquals(value, JacksonReader.readCbor(DeterministicCbor.encode(value)));
  }

  private static JsonValue rebuiltInReverse(JsonValue v) {
    if (v instanceof JsonObject o) {
      List<Map.Entry<String, JsonValue>> entries = new ArrayList<>(o.members().entrySet());
      Collections.reverse(entries);
      Map<String, JsonValue> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> e : entries) {
        m.put(new String(e.getKey().toCharArray()), rebuiltInReverse(e.getValue()));
      }
      return new JsonObject(m);
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> l = new ArrayList<>();
      for (JsonValue e : a.elements()) {
        l.add(rebuiltInReverse(e));
      }
      return new JsonArray(l);
    }
    if (v instanceof JsonString s) {
      return new JsonString(new String(s.value().toCharArray()));
    }
    if (v instanceof JsonNumber n) {
      return new JsonNumber(n.value());
    }
    return v;
  }

  // ---- generators ----

  @Provide
  Arbitrary<JsonValue> values() {
    // The canonical JSON generator, and one aimed at CBOR: UTF-8 lengths of every size class,
    // keys that collide in length, integers at the argument-width boundaries.
    return Arbitraries.oneOf(new CanonicalJsonProperties().values(),
        Arbitraries.recursive(this::leaves, this::containersOf, 0, 4));
  }

  private Arbitrary<JsonValue> leaves() {
    return Arbitraries.oneOf(
        strings(30).map(JsonString::new),
        Arbitraries.strings().withCharRange('a', 'c').ofMinLength(20).ofMaxLength(260)
            .map(JsonString::new), // around the 23/24 and 255/256 header boundaries
        Arbitraries.longs().map(JsonNumber::new),
        Arbitraries.of(0L, 23L, 24L, 255L, 256L, 65535L, 65536L, 0xffffffffL, 0x100000000L,
            Long.MAX_VALUE, -1L, -24L, -25L, -256L, -257L, -65536L, -65537L, -0x100000000L,
            -0x100000001L, Long.MIN_VALUE).map(JsonNumber::new),
        Arbitraries.of(JsonBoolean.TRUE, JsonBoolean.FALSE, JsonNull.INSTANCE));
  }

  private Arbitrary<JsonValue> containersOf(Arbitrary<JsonValue> inner) {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of("", "a", "b", "z", "aa", "ab", "b0", "\u00e9", "\u00ff", "aaa", "\uFF21",
            "\uD83D\uDE00", "keyid", "keyids", "sig", "sigs"),
        strings(6));
    Arbitrary<JsonValue> arrays =
        inner.list().ofMaxSize(5).map(l -> new JsonArray(new ArrayList<>(l)));
    Arbitrary<JsonValue> objects = Arbitraries.maps(names, inner).ofMaxSize(6)
        .map(m -> new JsonObject(new LinkedHashMap<String, JsonValue>(m)));
    return Arbitraries.oneOf(inner, arrays, objects);
  }

  /** Well-formed strings of 1-, 2-, 3- and 4-byte UTF-8 characters, control characters too. */
  private static Arbitrary<String> strings(int maxCodePoints) {
    Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0, 0x7F)),
        Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
        Tuple.of(2, Arbitraries.integers().between(0x800, 0xFFFF)
            .filter(c -> c < 0xD800 || c > 0xDFFF)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    return codePoints.list().ofMaxSize(maxCodePoints).map(l -> {
      StringBuilder sb = new StringBuilder();
      l.forEach(sb::appendCodePoint);
      return sb.toString();
    });
  }
}
