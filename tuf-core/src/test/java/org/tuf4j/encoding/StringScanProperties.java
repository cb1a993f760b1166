package org.tuf4j.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The string scan's eight-bytes-at-a-time test ({@code JsonLexer.specialBytes}) finds the same
 * first byte as a byte-by-byte scan: a quote, a backslash or a byte of a multi-byte character
 * (RFC 8259 §7), whatever the other bytes are.
 */
class StringScanProperties {
  private static boolean special(int b) {
    return b == '"' || b == '\\' || b >= 0x80;
  }

  /** Words whose bytes are mostly the interesting ones and their neighbours. */
  @Provide
  Arbitrary<byte[]> words() {
    Arbitrary<Byte> interesting = Arbitraries.of((byte) '"', (byte) '\\', (byte) 0x80,
        (byte) 0xff, (byte) 0x00, (byte) 0x01, (byte) 0x21, (byte) 0x23, (byte) 0x5b,
        (byte) 0x5d, (byte) 0x7f, (byte) 'a', (byte) '0');
    return Arbitraries.oneOf(interesting, Arbitraries.bytes()).array(byte[].class).ofSize(8);
  }

  @Property(tries = 5000)
  void theFirstSpecialByteOfAWordIsFoundExactly(@ForAll("words") byte[] bytes) {
    long word = 0;
    for (int i = 7; i >= 0; i--) {
      word = word << 8 | (bytes[i] & 0xff);
    }
    int expected = 8;
    for (int i = 0; i < 8; i++) {
      if (special(bytes[i] & 0xff)) {
        expected = i;
        break;
      }
    }
    long found = JsonLexer.specialBytes(word);
    assertEquals(expected, found == 0 ? 8 : Long.numberOfTrailingZeros(found) >>> 3);
  }

  @Property(tries = 2000)
  void stringsReadBackWhateverTheirLengthAndContent(@ForAll String text) throws Exception {
    JsonValue.JsonString value;
    try {
      value = new JsonValue.JsonString(text);
    } catch (IllegalArgumentException loneSurrogate) {
      return;
    }
    byte[] bytes = CanonicalJson.encode(value);
    JsonReader reader = JsonReader.of(bytes, 0, bytes.length, JsonLimits.DEFAULT);
    reader.next();
    assertEquals(value, reader.readValue());
  }
}
