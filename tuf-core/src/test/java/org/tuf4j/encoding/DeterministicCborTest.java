package org.tuf4j.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.testing.JacksonReader;

/** RFC 8949 §4.2.1 deterministic CBOR of the JSON data model, and its strict parser. */
class DeterministicCborTest {

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Asserts both directions: encode gives exactly {@code hex}, and parse gives back value. */
  private static void assertVector(String hex, JsonValue value) throws Exception {
    assertEquals(hex.replace(" ", ""), hex(DeterministicCbor.encode(value)), value.toString());
    assertEquals(value, DeterministicCbor.parse(hex(hex)), hex);
  }

  private static Reason reasonFor(String hex) {
    return reasonFor(hex(hex), JsonLimits.DEFAULT);
  }

  private static Reason reasonFor(byte[] cbor, JsonLimits limits) {
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> DeterministicCbor.parse(cbor, limits), () -> "accepted " + hex(cbor));
    // Every message says where: the byte offset of the offending item.
    assertTrue(e.getMessage().contains("offset"), e.getMessage());
    return e.reason();
  }

  private static JsonObject object(Object... namesAndValues) {
    Map<String, JsonValue> members = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      members.put((String) namesAndValues[i], (JsonValue) namesAndValues[i + 1]);
    }
    return new JsonObject(members);
  }

  private static JsonArray array(JsonValue... elements) {
    return new JsonArray(List.of(elements));
  }

  private static JsonNumber num(long n) {
    return new JsonNumber(n);
  }

  private static JsonString str(String s) {
    return new JsonString(s);
  }

  // ---- RFC 8949 Appendix A, the examples within the JSON data model ----

  @Test
  void integersMatchAppendixA_rfc8949_appendixA() throws Exception {
    assertVector("00", num(0));
    assertVector("01", num(1));
    assertVector("0a", num(10));
    assertVector("17", num(23));
    assertVector("1818", num(24));
    assertVector("1819", num(25));
    assertVector("1864", num(100));
    assertVector("1903e8", num(1000));
    assertVector("1a000f4240", num(1000000));
    assertVector("1b000000e8d4a51000", num(1000000000000L));
    assertVector("20", num(-1));
    assertVector("29", num(-10));
    assertVector("3863", num(-100));
    assertVector("3903e7", num(-1000));
  }

  @Test
  void simpleValuesMatchAppendixA_rfc8949_appendixA() throws Exception {
    assertVector("f4", JsonBoolean.FALSE);
    assertVector("f5", JsonBoolean.TRUE);
    assertVector("f6", JsonNull.INSTANCE);
  }

  @Test
  void textStringsMatchAppendixA_rfc8949_appendixA() throws Exception {
    assertVector("60", str(""));
    assertVector("6161", str("a"));
    assertVector("6449455446", str("IETF"));
    assertVector("62225c", str("\"\\"));
    assertVector("62c3bc", str("\u00fc"));
    assertVector("63e6b0b4", str("\u6c34"));
    assertVector("64f0908591", str("\ud800\udd51"));
  }

  @Test
  void arraysAndMapsMatchAppendixA_rfc8949_appendixA() throws Exception {
    assertVector("80", array());
    assertVector("83010203", array(num(1), num(2), num(3)));
    assertVector("8301820203820405",
        array(num(1), array(num(2), num(3)), array(num(4), num(5))));
    List<JsonValue> oneTo25 = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      oneTo25.add(num(i));
    }
    assertVector("98190102030405060708090a0b0c0d0e0f101112131415161718181819",
        new JsonArray(oneTo25));
    assertVector("a0", JsonObject.EMPTY);
    assertVector("a26161016162820203", object("a", num(1), "b", array(num(2), num(3))));
    assertVector("826161a161626163", array(str("a"), object("b", str("c"))));
    assertVector("a56161614161626142616361436164614461656145", object("e", str("E"),
        "d", str("D"), "c", str("C"), "b", str("B"), "a", str("A")));
  }

  @Test
  void appendixAExamplesOutsideTheJsonModelAreRejected_rfc8949_appendixA() {
    // Integers beyond 64 bits, plain or as bignum tags.
    assertEquals(Reason.INTEGER_OUT_OF_RANGE, reasonFor("1bffffffffffffffff"));
    assertEquals(Reason.INTEGER_OUT_OF_RANGE, reasonFor("3bffffffffffffffff"));
    assertEquals(Reason.SYNTAX, reasonFor("c249010000000000000000"));
    assertEquals(Reason.SYNTAX, reasonFor("c349010000000000000000"));
    // Floating point, integral values included.
    for (String f : List.of("f90000", "f98000", "f93c00", "fb3ff199999999999a", "f93e00",
        "f97bff", "fa47c35000", "fa7f7fffff", "fb7e37e43c8800759c", "f90001", "f90400",
        "f9c400", "fbc010666666666666", "f97c00", "f97e00", "f9fc00", "fa7f800000",
        "fb7ff0000000000000")) {
      assertEquals(Reason.NOT_AN_INTEGER, reasonFor(f), f);
    }
    // undefined, simple values, tags, byte strings, integer map keys.
    for (String s : List.of("f7", "f0", "f8ff", "c074323031332d30332d32315432303a30343a30305a",
        "c11a514b67b0", "c1fb41d452d9ec200000", "d74401020304", "d818456449455446",
        "d82076687474703a2f2f7777772e6578616d706c652e636f6d", "40", "4401020304",
        "a201020304")) {
      assertEquals(Reason.SYNTAX, reasonFor(s), s);
    }
    // Indefinite-length forms of JSON values: valid CBOR, but not the deterministic form.
    for (String s : List.of("7f657374726561646d696e67ff", "9fff", "9f018202039f0405ffff",
        "9f01820203820405ff", "83018202039f0405ff", "83019f0203ff820405",
        "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff",
        "bf61610161629f0203ffff", "826161bf61626163ff", "bf6346756ef563416d7421ff")) {
      assertEquals(Reason.NOT_DETERMINISTIC, reasonFor(s), s);
    }
  }

  /**
   * Every example of RFC 8949 Appendix F (not well-formed CBOR) is refused. Indefinite-length
   * text strings, arrays and maps are refused at their first header as NOT_DETERMINISTIC, before
   * the missing "break" would be noticed; all others (byte strings included) as SYNTAX.
   */
  @Test
  void appendixFNotWellFormedExamplesAreRejected_rfc8949_appendixF() {
    List<String> notWellFormed = List.of(
        // end of input in a head
        "18", "19", "1a", "1b", "1901", "1a0102", "1b01020304050607", "38", "58", "78", "98",
        "9a01ff00", "b8", "d8", "f8", "f900", "fa0000", "fb000000",
        // definite-length strings with short data
        "41", "61", "5affffffff00", "5bffffffffffffffff010203", "7affffffff00",
        "7b7fffffffffffffff010203",
        // definite-length maps and arrays without enough items
        "81", "818181818181818181", "8200", "a1", "a20102", "a100", "a2000000",
        // a tag without content
        "c0",
        // indefinite-length strings, arrays and maps without a "break"
        "5f4100", "7f6100", "9f", "9f0102", "bf", "bf01020102", "819f", "9f8000",
        "9f9f9f9f9fffffffff", "9f819f819f9fffffff",
        // reserved additional information values
        "1c", "1d", "1e", "3c", "3d", "3e", "5c", "5d", "5e", "7c", "7d", "7e", "9c", "9d", "9e",
        "bc", "bd", "be", "dc", "dd", "de", "fc", "fd", "fe",
        // reserved two-byte encodings of simple values
        "f800", "f801", "f818", "f81f",
        // indefinite-length string chunks of the wrong type or not definite
        "5f00ff", "5f21ff", "5f6100ff", "5f80ff", "5fa0ff", "5fc000ff", "5fe0ff", "7f4100ff",
        "5f5f4100ffff", "7f7f6100ffff",
        // "break" outside an indefinite-length item, or in a value position
        "ff", "81ff", "8200ff", "a1ff", "a1ff00", "a100ff", "a20000ff", "9f81ff",
        "9f829f819f9fffffffff", "bf00ff", "bf000000ff",
        // additional information 31 on major types 0, 1 and 6
        "1f", "3f", "df");
    for (String s : notWellFormed) {
      Reason reason = reasonFor(s);
      boolean indefinite = s.matches("^(81)*(7f|9f|bf).*");
      assertEquals(indefinite ? Reason.NOT_DETERMINISTIC : Reason.SYNTAX, reason, s);
    }
  }

  // ---- §4.2.1: shortest arguments ----

  @Test
  void integerBoundariesUseTheShortestArgument_rfc8949_4_2_1() throws Exception {
    assertVector("17", num(23));
    assertVector("18ff", num(255));
    assertVector("190100", num(256));
    assertVector("19ffff", num(65535));
    assertVector("1a00010000", num(65536));
    assertVector("1affffffff", num(0xffffffffL));
    assertVector("1b0000000100000000", num(0x100000000L));
    assertVector("1b7fffffffffffffff", num(Long.MAX_VALUE));
    assertVector("37", num(-24));
    assertVector("3818", num(-25));
    assertVector("38ff", num(-256));
    assertVector("390100", num(-257));
    assertVector("39ffff", num(-65536));
    assertVector("3a00010000", num(-65537));
    assertVector("3affffffff", num(-0x100000000L));
    assertVector("3b0000000100000000", num(-0x100000001L));
    assertVector("3b7fffffffffffffff", num(Long.MIN_VALUE));
  }

  @Test
  void nonShortestIntegersAreRejected_rfc8949_4_2_1() {
    for (String s : List.of("1800", "1817", "1900ff", "190017", "1a0000ffff", "1a00000001",
        "1b00000000ffffffff", "1b0000000000000000", "3817", "3900ff", "3a0000ffff",
        "3b00000000ffffffff", "811817")) {
      assertEquals(Reason.NOT_DETERMINISTIC, reasonFor(s), s);
    }
  }

  @Test
  void nonShortestLengthsAndCountsAreRejected_rfc8949_4_2_1() {
    // "a" with a 1-, 2-, 4- and 8-byte length; [] and {} with long counts; a long map key.
    for (String s : List.of("780161", "79000161", "7a0000000161", "7b000000000000000161",
        "9800", "990000", "9a00000000", "9b0000000000000000", "b800", "b90000",
        "a1780161f6", "817817" + "61".repeat(23))) {
      assertEquals(Reason.NOT_DETERMINISTIC, reasonFor(s), s);
    }
  }

  @Test
  void longStringsGetDefiniteLengthHeaders_rfc8949_4_2_1() throws Exception {
    // Jackson's writeString(String) would chunk these into an indefinite-length string.
    for (int length : new int[] {23, 24, 255, 256, 3996, 3997, 65535, 65536, 100_000}) {
      String s = "x".repeat(length);
      byte[] cbor = DeterministicCbor.encode(str(s));
      String header = length < 24 ? String.format("%02x", 0x60 + length)
          : length < 0x100 ? String.format("78%02x", length)
          : length < 0x10000 ? String.format("79%04x", length)
          : String.format("7a%08x", length);
      assertEquals(header, hex(cbor).substring(0, header.length()), "length " + length);
      assertEquals(header.length() / 2 + length, cbor.length);
      assertEquals(str(s), DeterministicCbor.parse(cbor));
    }
    // Multi-byte characters: the header counts UTF-8 bytes, not chars.
    String euros = "\u20ac".repeat(2000);
    assertEquals("791770", hex(DeterministicCbor.encode(str(euros))).substring(0, 6));
  }

  @Test
  void largeArraysAndMapsGetDefiniteLengthHeaders_rfc8949_4_2_1() throws Exception {
    List<JsonValue> elements = new ArrayList<>();
    Map<String, JsonValue> members = new LinkedHashMap<>();
    for (int i = 0; i < 70_000; i++) {
      elements.add(JsonNull.INSTANCE);
      members.put(Integer.toString(i), JsonNull.INSTANCE);
    }
    byte[] a = DeterministicCbor.encode(new JsonArray(elements));
    assertEquals("9a00011170", hex(a).substring(0, 10));
    assertEquals(new JsonArray(elements), DeterministicCbor.parse(a));
    byte[] m = DeterministicCbor.encode(new JsonObject(members));
    assertEquals("ba00011170", hex(m).substring(0, 10));
    assertEquals(new JsonObject(members), DeterministicCbor.parse(m));
  }

  // ---- §4.2.1: definite lengths ----

  @Test
  void indefiniteLengthItemsAreRejected_rfc8949_4_2_1() {
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("7fff"));
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("7f6161ff"));
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("9f01ff"));
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("bf6161f6ff"));
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("a17f6161fff6")); // as a map key
    // Additional information 31 on integers and tags is not even well-formed (§3.2.4).
    assertEquals(Reason.SYNTAX, reasonFor("1f"));
    assertEquals(Reason.SYNTAX, reasonFor("3f"));
    assertEquals(Reason.SYNTAX, reasonFor("ff")); // a lone "break"
    assertEquals(Reason.SYNTAX, reasonFor("5f4101ff")); // byte strings are refused anyway
  }

  // ---- §4.2.1: map key order ----

  @Test
  void mapKeysSortShorterFirstUnlikeCanonicalJson_rfc8949_4_2_1() throws Exception {
    JsonObject o = object("aa", num(3), "b", num(2), "a", num(1));
    // Canonical JSON: a, aa, b. Deterministic CBOR: a, b, aa (header 0x61 < 0x62).
    assertEquals("{\"a\":1,\"aa\":3,\"b\":2}", new String(CanonicalJson.encode(o),
        java.nio.charset.StandardCharsets.UTF_8));
    assertVector("a3 6161 01 6162 02 626161 03", o);
  }

  @Test
  void mapKeysSortByUtf8BytesNotUtf16_rfc8949_4_2_1() throws Exception {
    // By encoded length: "z" (1), "aa" (2), "é" (2, 0xc3 > 0x61), "aaa" (3), "Ａ" U+FF21 (3,
    // 0xef), "😀" U+1F600 (4). In UTF-16 U+FF21 would sort after the surrogate pair.
    JsonObject o = object("\uD83D\uDE00", num(6), "\uFF21", num(5), "aaa", num(4),
        "\u00e9", num(3), "aa", num(2), "z", num(1));
    assertVector("a6 617a 01 626161 02 62c3a9 03 63616161 04 63efbca1 05 64f09f9880 06", o);
  }

  @Test
  void mapKeysOutOfOrderAreRejected_rfc8949_4_2_1() {
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("a2 6162 01 6161 02")); // b, a
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("a2 626161 01 6162 02")); // aa, b: JSON order
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("a2 63efbca1 01 63616161 02"));
    // Nested maps are checked too.
    assertEquals(Reason.NOT_DETERMINISTIC, reasonFor("81 a2 6162 01 6161 02"));
  }

  @Test
  void duplicateMapKeysAreRejected_rfc8949_5_6() {
    assertEquals(Reason.DUPLICATE_KEY, reasonFor("a2 6161 01 6161 02"));
    // Not adjacent: out of order as well, but the duplicate is what matters.
    assertEquals(Reason.DUPLICATE_KEY, reasonFor("a3 6161 01 6162 02 6161 03"));
  }

  @Test
  void mapKeysThatAreNotTextStringsAreRejected_rfc8949_4_2_1() {
    for (String s : List.of("a10102", "a12001", "a14161f6", "a1f4f6", "a1f6f6", "a180f6",
        "a1a0f6", "a1c16161f6", "a1f93c00f6")) {
      assertEquals(Reason.SYNTAX, reasonFor(s), s);
    }
  }

  // ---- items outside the JSON data model ----

  @Test
  void floatsAreNotIntegers_rfc8949_3_3() {
    assertEquals(Reason.NOT_AN_INTEGER, reasonFor("f93c00")); // 1.0
    assertEquals(Reason.NOT_AN_INTEGER, reasonFor("fa3f800000")); // 1.0f
    assertEquals(Reason.NOT_AN_INTEGER, reasonFor("fb3ff0000000000000")); // 1.0d
    assertEquals(Reason.NOT_AN_INTEGER, reasonFor("a16161f90000"));
  }

  @Test
  void integersOutsideSigned64BitsAreRejected_rfc8949_3_1() {
    assertEquals(Reason.INTEGER_OUT_OF_RANGE, reasonFor("1b8000000000000000")); // 2^63
    assertEquals(Reason.INTEGER_OUT_OF_RANGE, reasonFor("3b8000000000000000")); // -2^63 - 1
    assertEquals(Reason.INTEGER_OUT_OF_RANGE, reasonFor("3bffffffffffffffff")); // -2^64
  }

  @Test
  void byteStringsTagsUndefinedAndOtherSimpleValuesAreRejected_rfc8949_3_3() {
    for (String s : List.of("40", "4161", "c000", "d9d9f7f6", "dbffffffffffffffff00", "f7",
        "e0", "f3", "f820", "f8ff", "a16161f7")) {
      assertEquals(Reason.SYNTAX, reasonFor(s), s);
    }
  }

  @Test
  void malformedSimpleValuesAndReservedHeadersAreRejected_rfc8949_3() {
    // 0xf8 followed by a value below 32 is not well-formed (§3.3); 28..30 are reserved (§3).
    for (String s : List.of("f800", "f814", "f818", "f81f", "1c", "1d", "1e", "3c", "7c",
        "9c", "bc", "dc", "fc", "fd", "fe")) {
      assertEquals(Reason.SYNTAX, reasonFor(s), s);
    }
  }

  @Test
  void invalidUtf8IsRejected_rfc8949_3_1() {
    for (String s : List.of(
        "61ff", "6180", "61c3", "62c328", "62c0af", "62c1bf", "63e08080", "63e09fbf",
        "63eda080", // U+D800 encoded: an unpaired surrogate cannot come from valid UTF-8
        "63edbfbf", // U+DFFF
        "66eda0bdedb880", // CESU-8 surrogate pair for U+1F600
        "64f08f8080", // overlong U+FFFF
        "64f4908080", // above U+10FFFF
        "64f5808080", "62e282", "a162c328f6")) {
      assertEquals(Reason.SYNTAX, reasonFor(s), s);
    }
  }

  // ---- bounds and framing ----

  @Test
  void forgedLengthsFailFastWithoutAllocation_rfc8949_3() {
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      for (String s : List.of("9b1000000000000000", "bb1000000000000000",
          "7b1000000000000000", "9bffffffffffffffff", "bbffffffffffffffff", "7bffffffffffffffff",
          "9a7fffffff", "ba7fffffff", "7a7fffffff", "8300", "a16161", "a2616101", "6461")) {
        assertEquals(Reason.SYNTAX, reasonFor(s), s);
      }
    });
    // A count is refused as soon as it exceeds what the remaining bytes could hold.
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> DeterministicCbor.parse(hex("9b1000000000000000")));
    assertTrue(e.getMessage().contains("1152921504606846976 elements"), e.getMessage());
    assertTrue(e.getMessage().contains("byte offset 0"), e.getMessage());
  }

  @Test
  void nestingDeeperThanTheBoundIsRejected() throws Exception {
    byte[] ok = new byte[64];
    java.util.Arrays.fill(ok, (byte) 0x81);
    ok[63] = (byte) 0x80; // 64 nested arrays, the innermost empty
    assertEquals(64, depth(DeterministicCbor.parse(ok)));
    byte[] deep = new byte[65];
    java.util.Arrays.fill(deep, (byte) 0x81);
    deep[64] = (byte) 0x80;
    assertEquals(Reason.TOO_DEEP, reasonFor(deep, JsonLimits.DEFAULT));
    // Maps count as well.
    assertEquals(Reason.TOO_DEEP, reasonFor(hex("a16161a16161f6"), new JsonLimits(100, 1, 10)));
  }

  @Test
  void deepInputCannotOverflowTheStack() throws Exception {
    byte[] veryDeep = new byte[1_000_000];
    java.util.Arrays.fill(veryDeep, (byte) 0x81);
    assertEquals(Reason.TOO_DEEP, reasonFor(veryDeep, JsonLimits.DEFAULT));
    JsonLimits deepest = new JsonLimits(1 << 20, CanonicalJson.MAX_SUPPORTED_DEPTH, 10);
    byte[] max = new byte[CanonicalJson.MAX_SUPPORTED_DEPTH];
    java.util.Arrays.fill(max, (byte) 0x81);
    max[max.length - 1] = (byte) 0xa0; // 511 arrays around an empty map
    assertEquals(CanonicalJson.MAX_SUPPORTED_DEPTH, depth(DeterministicCbor.parse(max, deepest)));
    assertThrows(IllegalArgumentException.class, () -> DeterministicCbor.parse(max,
        new JsonLimits(1 << 20, CanonicalJson.MAX_SUPPORTED_DEPTH + 1, 10)));
  }

  private static int depth(JsonValue v) {
    if (v instanceof JsonArray a) {
      return 1 + a.elements().stream().mapToInt(DeterministicCborTest::depth).max().orElse(0);
    }
    if (v instanceof JsonObject o) {
      return 1 + o.members().values().stream().mapToInt(DeterministicCborTest::depth).max()
          .orElse(0);
    }
    return 0;
  }

  @Test
  void stringsAndMemberNamesLongerThanTheBoundAreRejected() throws Exception {
    JsonLimits five = new JsonLimits(1000, 8, 5);
    assertEquals(str("abcde"), DeterministicCbor.parse(hex("656162636465"), five));
    assertEquals(Reason.STRING_TOO_LONG, reasonFor(hex("66616263646566"), five));
    assertEquals(Reason.STRING_TOO_LONG, reasonFor(hex("a166616263646566f6"), five));
    // The bound is in chars, as for JSON: five 3-byte chars fit, three emoji (6 chars) do not.
    String fiveEuros = "\u20ac".repeat(5);
    assertEquals(str(fiveEuros), DeterministicCbor.parse(DeterministicCbor.encode(
        str(fiveEuros)), five));
    assertEquals(Reason.STRING_TOO_LONG, reasonFor(DeterministicCbor.encode(
        str("\uD83D\uDE00".repeat(3))), five));
  }

  @Test
  void inputLargerThanTheLimitIsRefusedBeforeParsing() {
    // Not even valid CBOR: the size check comes first.
    byte[] cbor = hex("ffffffffffffffffffffff");
    TooLargeException e = assertThrows(TooLargeException.class,
        () -> DeterministicCbor.parse(cbor, JsonLimits.DEFAULT.withMaxBytes(10)));
    assertEquals(10, e.limit());
  }

  @Test
  void trailingBytesAreRejected() {
    for (String s : List.of("0000", "f6f6", "80ff", "a000", "616100")) {
      assertEquals(Reason.SYNTAX, reasonFor(s), s);
    }
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> DeterministicCbor.parse(hex("8101f6f6")));
    assertTrue(e.getMessage().contains("2 trailing byte(s)"), e.getMessage());
    assertTrue(e.getMessage().contains("byte offset 2"), e.getMessage());
  }

  @Test
  void emptyInputIsRejected() {
    assertEquals(Reason.SYNTAX, assertThrows(MalformedMetadataException.class,
        () -> DeterministicCbor.parse(new byte[0])).reason());
  }

  @Test
  void everyProperPrefixOfAValidDocumentFailsCleanly() throws Exception {
    byte[] cbor = DeterministicCbor.encode(CanonicalJson.parse(
        Fixtures.read("python-tuf-basic/metadata/1.targets.json")));
    for (int n = 0; n < cbor.length; n++) {
      byte[] prefix = java.util.Arrays.copyOf(cbor, n);
      try {
        DeterministicCbor.parse(prefix);
        throw new AssertionError("accepted a prefix of " + n + " bytes");
      } catch (MalformedMetadataException expected) {
        assertEquals(Reason.SYNTAX, expected.reason(), expected.getMessage());
      }
    }
  }

  @Test
  void errorMessagesNameTheRuleAndTheOffset() {
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> DeterministicCbor.parse(hex("a2 6161 1801 6162 02")));
    assertEquals(Reason.NOT_DETERMINISTIC, e.reason());
    assertTrue(e.getMessage().contains("unsigned integer at byte offset 3"), e.getMessage());
    assertTrue(e.getMessage().contains("shortest"), e.getMessage());
    e = assertThrows(MalformedMetadataException.class,
        () -> DeterministicCbor.parse(hex("a2 6162 01 6161 02")));
    assertTrue(e.getMessage().contains("\"a\" at byte offset 4"), e.getMessage());
  }

  // ---- encoder edges ----

  @Test
  void memberNamesWithUnpairedSurrogatesCannotBeEncoded() {
    // JsonString refuses them; JsonObject member names are not checked, so encode() must be.
    assertThrows(IllegalArgumentException.class,
        () -> DeterministicCbor.encode(object("\uD800", JsonNull.INSTANCE)));
    assertThrows(IllegalArgumentException.class,
        () -> DeterministicCbor.encode(object("a\uDC00b", JsonNull.INSTANCE)));
  }

  @Test
  void controlCharactersAndNulAreWrittenRaw() throws Exception {
    assertVector("6400010a7f", str("\u0000\u0001\n\u007f"));
  }

  // ---- interop and real metadata ----

  @Test
  void jacksonsCborParserReadsTheSameValue() throws Exception {
    // An independent decoder agrees on what the bytes mean.
    for (Path file : Fixtures.tufMetadataFiles()) {
      JsonValue value = CanonicalJson.parse(Files.readAllBytes(file));
      assertEquals(value, JacksonReader.readCbor(DeterministicCbor.encode(value)), file.toString());
    }
  }

  /** Every JSON file of the interop fixtures: TUF and Uptane metadata, keys, target files. */
  private static List<Path> fixtureJsonFiles() throws Exception {
    List<Path> files = Fixtures.jsonFiles();
    assertTrue(files.size() > 40, "fixtures not found under " + Fixtures.root());
    return files;
  }

  /** Interop data: JSON → JsonValue → CBOR → JsonValue is the identity on real metadata. */
  @Test
  void everyFixtureJsonFileRoundTripsThroughCbor() throws Exception {
    for (Path file : fixtureJsonFiles()) {
      JsonValue value = CanonicalJson.parse(Files.readAllBytes(file));
      byte[] cbor = DeterministicCbor.encode(value);
      JsonValue back = DeterministicCbor.parse(cbor);
      assertEquals(value, back, file.toString());
      assertArrayEquals(CanonicalJson.encode(value), CanonicalJson.encode(back), file.toString());
      assertArrayEquals(cbor, DeterministicCbor.encode(back), file.toString());
    }
  }

  /**
   * Size: deterministic CBOR of every fixture file is smaller than its canonical JSON (no quotes,
   * commas or colons; one-byte headers for short strings and small integers). Only by 2-17%:
   * hashes, key ids and signatures stay hex text, as the JSON data model has them.
   */
  @Test
  void cborOfFixtureMetadataIsSmallerThanCanonicalJson() throws Exception {
    for (Path file : fixtureJsonFiles()) {
      JsonValue value = CanonicalJson.parse(Files.readAllBytes(file));
      int json = CanonicalJson.encode(value).length;
      int cbor = DeterministicCbor.encode(value).length;
      assertTrue(cbor < json, () -> file + ": CBOR " + cbor + " bytes, JSON " + json);
    }
  }
}
