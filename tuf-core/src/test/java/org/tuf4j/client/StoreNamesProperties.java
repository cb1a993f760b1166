package org.tuf4j.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * jqwik properties of {@link StoreNames}: whatever a role or target name contains, it is stored
 * as one plain lower-case ASCII file name inside the store directory, no longer than file
 * systems allow, and no two names share a file even where case is folded and Unicode normalised.
 */
class StoreNamesProperties {

  private static final Path DIR = Path.of("/client/metadata");

  @Property(tries = 1000)
  void namesAreSinglePlainLowerCaseAsciiFileNames(@ForAll("names") String name) {
    for (String file : new String[] {StoreNames.target(name),
        StoreNames.versioned(Long.MAX_VALUE, StoreNames.metadata(name,
            org.tuf4j.metadata.MetadataEncoding.JSON))}) {
      assertTrue(file.matches("[a-z0-9._~%-]+"), file);
      MetadataStore.checkName(file);
      assertEquals(DIR, DIR.resolve(file).getParent());
      assertEquals(file, StoreNamesTest.fold(file));
    }
  }

  @Property(tries = 2000)
  void differentNamesAreStoredDifferently(@ForAll("names") String a, @ForAll("names") String b) {
    assertEquals(a.equals(b), StoreNames.target(a).equals(StoreNames.target(b)),
        () -> "'" + a + "' and '" + b + "'");
    assertEquals(a.equals(b), StoreNames.metadata(a, org.tuf4j.metadata.MetadataEncoding.JSON)
        .equals(StoreNames.metadata(b, org.tuf4j.metadata.MetadataEncoding.JSON)));
  }

  /**
   * Target cache paths keep the target's directories: every segment is a plain lower-case ASCII
   * name, the whole stays inside the target directory, and no two targets share a path even
   * where case is folded and Unicode normalised.
   */
  @Property(tries = 2000)
  void targetCachePathsStayInsideAndApart(@ForAll("names") String a, @ForAll("names") String b) {
    for (String path : new String[] {StoreNames.targetPath(a), StoreNames.targetPath(b)}) {
      for (String segment : path.split("/", -1)) {
        assertTrue(segment.matches("[a-z0-9._~%-]+"), path);
        MetadataStore.checkName(segment);
      }
      assertTrue(DIR.resolve(path).normalize().startsWith(DIR), path);
      assertEquals(path, StoreNamesTest.fold(path));
    }
    assertEquals(a.equals(b), StoreNames.targetPath(a).equals(StoreNames.targetPath(b)),
        () -> "'" + a + "' and '" + b + "'");
  }

  @Property(tries = 1000)
  void shortNamesDecodeBackToTheirUtf8Bytes(@ForAll("names") String name) {
    String escaped = StoreNames.escape(name);
    if (!name.equals(new String(name.getBytes(UTF_8), UTF_8)) || escaped.contains("~")) {
      return; // unpaired surrogates have no UTF-8 form; long names end in a digest
    }
    assertArrayEquals(name.getBytes(UTF_8), percentDecode(escaped));
  }

  @Provide
  Arbitrary<String> names() {
    // Short strings over the characters that matter collide often enough to test injectivity;
    // long arbitrary ones cover the rest of Unicode and the length limit.
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("./\\%2EeaA~\0 \u00e9\u0301\uD83D\uDE00")
            .ofMinLength(1).ofMaxLength(4),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300));
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
