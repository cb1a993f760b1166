package org.tuf4j.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * jqwik properties of {@link MetadataStore#encodeName}: whatever a role or target name contains,
 * its encoding is one file name inside the store directory, and no two names share a file.
 */
class MetadataStoreProperties {

  private static final Path DIR = Path.of("/client/metadata");

  @Property(tries = 1000)
  void encodedNamesAreSinglePlainFileNames(@ForAll("names") String name) {
    String encoded = MetadataStore.encodeName(name);
    assertFalse(encoded.isEmpty());
    assertFalse(encoded.startsWith("."), encoded);
    assertFalse(encoded.contains("/"), encoded);
    assertTrue(encoded.matches("([A-Za-z0-9._~-]|%[0-9A-F]{2})+"), encoded);
    assertEquals(DIR, DIR.resolve(encoded).getParent());
  }

  @Property(tries = 1000)
  void storeAcceptsEncodedNamesUnlessTooLong(@ForAll("names") String name) throws Exception {
    String encoded = MetadataStore.encodeName(name + ".json");
    MetadataStore store = MetadataStore.open(DIR, new SimulatedDisk());
    byte[] data = name.getBytes(UTF_8);
    if (encoded.length() > MetadataStore.MAX_NAME_BYTES) {
      assertThrows(IllegalArgumentException.class, () -> store.write(encoded, data));
    } else {
      store.write(encoded, data);
      assertArrayEquals(data, store.read(encoded, data.length).orElseThrow());
    }
  }

  @Property(tries = 2000)
  void differentNamesEncodeDifferently(@ForAll("names") String a, @ForAll("names") String b) {
    assertEquals(a.equals(b), MetadataStore.encodeName(a).equals(MetadataStore.encodeName(b)),
        () -> "'" + a + "' and '" + b + "'");
  }

  @Property(tries = 1000)
  void wellFormedNamesDecodeBackToTheirUtf8Bytes(@ForAll("names") String name) {
    if (!name.equals(new String(name.getBytes(UTF_8), UTF_8))) {
      return; // unpaired surrogates have no UTF-8 form; the exhaustive example test covers them
    }
    assertArrayEquals(name.getBytes(UTF_8), percentDecode(MetadataStore.encodeName(name)));
  }

  @Provide
  Arbitrary<String> names() {
    // Short strings over the characters that matter collide often enough to test injectivity;
    // long arbitrary ones cover the rest of Unicode and the length limit.
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("./\\%2Ea~\0 \u00e9\uD83D\uDE00")
            .ofMinLength(1).ofMaxLength(4),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(120));
  }

  private static byte[] percentDecode(String encoded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }
}
