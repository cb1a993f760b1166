package org.tuf4j.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tuf4j.TufException;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/** jqwik properties of canonical JSON (TUF spec §4.1). */
class CanonicalJsonProperties {

  @Property(tries = 500)
  void canonicalOutputParsesBackToAnEqualValue(@ForAll("values") JsonValue value) throws Exception {
    byte[] encoded = CanonicalJson.encode(value);
    JsonValue parsed = CanonicalJson.parse(encoded);
    assertEquals(value, parsed);
    assertArrayEquals(encoded, CanonicalJson.encode(parsed));
  }

  /**
   * A file as tuf4j writes it (standard JSON, RFC 8259 §7: control characters escaped) gives
   * back the exact canonical bytes a signature covers, by the reader's copy-without-re-encoding.
   */
  @Property(tries = 500)
  void fileFormUnescapesToTheCanonicalForm_rfc8259_7(@ForAll("values") JsonValue value)
      throws Exception {
    byte[] file = CanonicalJson.encodeForFile(value);
    for (byte b : file) {
      if (b >= 0 && b < 0x20) {
        throw new AssertionError("raw control character in " + new String(file,
            java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    JsonReader reader = JsonReader.of(file, JsonLimits.DEFAULT);
    reader.next();
    assertEquals(value, reader.readValue());
    assertEquals(reader.deviations(), reader.controlEscapes());
    assertArrayEquals(CanonicalJson.encode(value),
        CanonicalJson.unescapeControls(file, 0, file.length));
  }

  @Property(tries = 2000)
  void randomBytesOnlyEverThrowTufExceptions(@ForAll byte[] input) {
    parseExpectingOnlyTufExceptions(input);
  }

  @Property(tries = 2000)
  void mutatedJsonOnlyEverThrowsTufExceptions(@ForAll("values") JsonValue value,
      @ForAll int position, @ForAll byte replacement) {
    byte[] bytes = CanonicalJson.encode(value);
    bytes[Math.floorMod(position, bytes.length)] = replacement;
    parseExpectingOnlyTufExceptions(bytes);
  }

  private static void parseExpectingOnlyTufExceptions(byte[] input) {
    try {
      CanonicalJson.parse(input, new JsonLimits(4096, 16, 1024));
    } catch (TufException expected) {
      // the only acceptable failure; any other throwable fails the property
    }
  }

  @Provide
  Arbitrary<JsonValue> values() {
    // Bounded depth: jqwik's lazy recursion can otherwise generate without end.
    return Arbitraries.recursive(this::leaves, this::containersOf, 0, 4);
  }

  private Arbitrary<JsonValue> leaves() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).filter(CanonicalJson::isWellFormedUnicode)
            .map(JsonString::new),
        // control characters, quotes and backslashes, as in PEM keys and custom strings
        Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("\"\\/ab")
            .ofMaxLength(12).map(JsonString::new),
        Arbitraries.longs().map(JsonNumber::new),
        Arbitraries.of(JsonBoolean.TRUE, JsonBoolean.FALSE, JsonNull.INSTANCE));
  }

  private Arbitrary<JsonValue> containersOf(Arbitrary<JsonValue> inner) {
    Arbitrary<String> names =
        Arbitraries.strings().ofMaxLength(8).filter(CanonicalJson::isWellFormedUnicode);
    Arbitrary<JsonValue> arrays =
        inner.list().ofMaxSize(4).map(l -> new JsonArray(new ArrayList<>(l)));
    Arbitrary<JsonValue> objects = Arbitraries.maps(names, inner).ofMaxSize(4)
        .map(m -> new JsonObject(new LinkedHashMap<String, JsonValue>(m)));
    return Arbitraries.oneOf(inner, arrays, objects);
  }
}
