package org.tuf4j.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * The table-driven hex check decides as the plain definition does (TUF spec §4.2: digests are
 * hex strings; tuf4j requires lower case, as python-tuf writes them).
 */
class LowerHexProperties {
  private static boolean byDefinition(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  @Property(tries = 2000)
  void mostlyHexStringsAreJudgedAsByDefinition(
      @ForAll @StringLength(max = 130) @Chars({'0', '9', 'a', 'f', 'A', 'F', 'g', '/', ':', '`'})
      @CharRange(from = '0', to = 'f') String s) {
    assertEquals(byDefinition(s), LowerHex.isLowerHex(s), s);
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(byDefinition(s), LowerHex.isLowerHex(bytes, 0, bytes.length), s);
  }

  @Property(tries = 2000)
  void anyStringIsJudgedAsByDefinition(@ForAll @StringLength(max = 64) String s) {
    assertEquals(byDefinition(s), LowerHex.isLowerHex(s), s);
  }

  @Property(tries = 500)
  void anyBytesAreJudgedAsByDefinition(@ForAll byte[] bytes) {
    assertEquals(byDefinition(new String(bytes, StandardCharsets.ISO_8859_1)),
        LowerHex.isLowerHex(bytes, 0, bytes.length));
  }

  @Example
  void aCharWhoseLowByteIsAHexDigitIsNotOne() {
    // U+0130 and U+0161 end in the bytes of '0' and 'a'.
    assertFalse(LowerHex.isLowerHex("ab\u0130"));
    assertFalse(LowerHex.isLowerHex("\u0161"));
    assertFalse(LowerHex.isLowerHex(new byte[] {'a', (byte) 0xb0}, 0, 2));
  }
}
