package org.tuf4j.encoding;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TooLargeException;
import org.tuf4j.testing.Fixtures;

/** TUF spec §4.1 "Metaformat": OLPC canonical JSON and the strict parser. */
class CanonicalJsonTest {

  private static JsonValue parse(String json) throws Exception {
    return CanonicalJson.parse(json.getBytes(UTF_8));
  }

  private static String canonical(String json) throws Exception {
    return new String(CanonicalJson.encode(parse(json)), UTF_8);
  }

  private static Reason reasonFor(String json) {
    return assertThrows(MalformedMetadataException.class, () -> parse(json)).reason();
  }

  @Test
  void canonicalFormSortsMembersAndDropsWhitespace_spec4_1() throws Exception {
    assertEquals("{\"a\":[1,true,null,\"x\"],\"b\":{\"c\":-5,\"d\":false}}",
        canonical("{ \"b\": {\"d\": false, \"c\": -5},\n \"a\": [1, true, null, \"x\"] }"));
  }

  @Test
  void canonicalStringsEscapeOnlyQuoteAndBackslash_spec4_1() throws Exception {
    // \n and \u00e9 are written raw (as UTF-8), as securesystemslib does.
    assertArrayEquals("\"a\\\"b\\\\c\nd\u00e9\"".getBytes(UTF_8),
        CanonicalJson.encode(parse("\"a\\\"b\\\\c\\nd\\u00e9\"")));
  }

  @Test
  void otaTufFormEscapesOnlyControlCharactersBeyondCanonicalJson_uptane_interop()
      throws Exception {
    JsonValue v = parse("{\"k\": \"-----BEGIN\\nX\\t\\u0001\\u00e9\\\"\\\\\", \"a\": 1}");
    assertArrayEquals("{\"a\":1,\"k\":\"-----BEGIN\\nX\\t\\u0001\u00e9\\\"\\\\\"}"
        .getBytes(UTF_8), CanonicalJson.encodeEscapingControls(v));
    JsonValue plain = parse("{\"b\": [\"x\u00e9\", 2], \"a\": null}");
    assertArrayEquals(CanonicalJson.encode(plain), CanonicalJson.encodeEscapingControls(plain));
  }

  @Test
  void membersSortByCodePointNotUtf16_spec4_1() throws Exception {
    // U+FF21 (BMP) sorts before U+1F600 (supplementary) in code point order, after it in UTF-16.
    assertEquals("{\"\uFF21\":1,\"\uD83D\uDE00\":2}",
        canonical("{\"\\ud83d\\ude00\": 2, \"\\uff21\": 1}"));
  }

  @Test
  void negativeZeroCanonicalisesToZero() throws Exception {
    assertEquals("0", canonical("-0"));
  }

  @Test
  void rejectsDuplicateMemberNames() {
    assertEquals(Reason.DUPLICATE_KEY, reasonFor("{\"a\":1,\"b\":2,\"a\":1}"));
  }

  @Test
  void rejectsNumbersThatAreNotIntegers() {
    assertEquals(Reason.NOT_AN_INTEGER, reasonFor("{\"version\": 1.0}"));
    assertEquals(Reason.NOT_AN_INTEGER, reasonFor("[1e3]"));
  }

  @Test
  void rejectsIntegersBeyond64Bits() {
    assertEquals(Reason.INTEGER_OUT_OF_RANGE, reasonFor("[9223372036854775808]"));
  }

  @Test
  void rejectsNestingDeeperThanTheBound() throws Exception {
    String deep = "[".repeat(65) + "]".repeat(65);
    assertEquals(Reason.TOO_DEEP, reasonFor(deep));
    String ok = "[".repeat(64) + "]".repeat(64);
    assertEquals(ok, canonical(ok));
  }

  @Test
  void rejectsInputLargerThanTheCallersLimit() {
    byte[] json = "[1,2,3,4,5]".getBytes(UTF_8);
    TooLargeException e = assertThrows(TooLargeException.class,
        () -> CanonicalJson.parse(json, JsonLimits.DEFAULT.withMaxBytes(10)));
    assertEquals(10, e.limit());
  }

  @Test
  void rejectsStringsLongerThanTheBound() {
    assertThrows(MalformedMetadataException.class, () -> CanonicalJson.parse(
        "[\"abcdef\"]".getBytes(UTF_8), new JsonLimits(100, 8, 5)));
  }

  @Test
  void rejectsSyntaxErrorsTrailingContentBomAndUnpairedSurrogates() {
    for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{} {}", "[1] x", "\"\\ud800\"",
        "{\"a\":1,}", "[01]", "[NaN]", "\uFEFF{}")) {
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> parse(bad), () -> "accepted " + bad);
      assertEquals(Reason.SYNTAX, e.reason(), bad);
    }
  }

  /** Regression: such a name used to reach the encoder, which failed or wrote invalid UTF-8. */
  @Test
  void memberNamesWithUnpairedSurrogatesAreRefusedLikeStrings_spec4_1() {
    for (String name : List.of("\uD800", "\uDC00", "\uD800x")) {
      assertThrows(IllegalArgumentException.class,
          () -> new JsonValue.JsonObject(java.util.Map.of(name, JsonValue.JsonNull.INSTANCE)));
      assertThrows(IllegalArgumentException.class, () -> new JsonValue.JsonString(name));
    }
  }

  @Test
  void acceptsRawControlCharactersBecauseCanonicalOutputContainsThem() throws Exception {
    assertEquals("\"a\nb\"", canonical("\"a\nb\""));
  }

  @Test
  void rejectsUtf16Input() {
    assertThrows(MalformedMetadataException.class,
        () -> CanonicalJson.parse("{}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE)));
  }

  @Test
  void rejectsInvalidUtf8() {
    assertThrows(MalformedMetadataException.class,
        () -> CanonicalJson.parse(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}));
  }

  /** Interop: every JSON file written by other implementations parses and re-encodes stably. */
  @Test
  void everyFixtureJsonFileParsesAndItsCanonicalFormIsAFixedPoint() throws Exception {
    List<Path> files = Fixtures.jsonFiles();
    assertEquals(true, files.size() > 40, "fixtures not found under " + Fixtures.root());
    for (Path file : files) {
      byte[] canonical = CanonicalJson.encode(CanonicalJson.parse(read(file)));
      assertArrayEquals(canonical, CanonicalJson.encode(CanonicalJson.parse(canonical)),
          file.toString());
    }
  }

  private static byte[] read(Path file) throws IOException {
    return Files.readAllBytes(file);
  }
}
