package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tuf4j.metadata.MetadataEncoding;

/**
 * The client's stored names ({@link StoreNames}): top-level and delegated roles in separate
 * namespaces, every name lower-case ASCII, so that no two roles or targets share a file on a
 * case-insensitive or Unicode-normalising file system (macOS, Windows, FAT/exFAT).
 */
class StoreNamesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "root|root.json",
      "targets|targets.json",
      "Root|d-%52oot.json",
      "ROOT|d-%52%4f%4f%54.json",
      "role1|d-role1.json",
      "docs|d-docs.json",
      "Docs|d-%44ocs.json",
      "../x|d-%2e.%2fx.json",
      "a.|d-a%2e.json",
      "bin-0f|d-bin-0f.json",
      "\u00e9|d-%c3%a9.json",
      "e\u0301|d-e%cc%81.json",
  })
  void rolesHaveOneLowerCaseAsciiNameEach_caseInsensitiveFileSystems(String role, String file) {
    assertEquals(file, StoreNames.metadata(role, MetadataEncoding.JSON));
  }

  @Test
  void delegatedRolesNeverNameATopLevelFile_caseFoldingAttack() {
    for (String role : List.of("Root", "ROOT", "rOOT", "Timestamp", "SNAPSHOT", "Targets",
        "\u017Fnapshot", "root ", "root.", "root\u0000")) {
      String name = StoreNames.metadata(role, MetadataEncoding.JSON);
      assertTrue(name.startsWith(StoreNames.DELEGATED_PREFIX), name);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "A.bin|%41.bin",
      "a.bin|a.bin",
      "fw/app.bin|fw%2fapp.bin",
      "../../admin/x|%2e.%2f..%2fadmin%2fx",
      "con|%63on",
      "nul.txt|%6eul.txt",
      "com1.bin|%63om1.bin",
      "console|console",
      "100%|100%25",
  })
  void targetsHaveOneLowerCaseAsciiNameEach_caseInsensitiveFileSystems(String path, String file) {
    assertEquals(file, StoreNames.target(path));
    MetadataStore.checkName(file);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "fw/app-1.bin|fw/app-1.bin",
      "a.bin|a.bin",
      "fw/App.bin|fw/%41pp.bin",
      "Fw/app.bin|%46w/app.bin",
      "a/con/x.bin|a/%63on/x.bin",
      "a/b c/d|a/b%20c/d",
      "/abs.bin|%2fabs.bin",
      "a//b|a%2f%2fb",
      "dir/|dir%2f",
      "../x|%2e%2e/x",
      "a/.hidden|a/%2ehidden",
  })
  void targetCachePathsKeepTheirDirectoriesReadable(String path, String cached) {
    assertEquals(cached, StoreNames.targetPath(path));
  }

  @Test
  void veryLongTargetPathsAreKeptAsOneName() {
    String deep = "d/".repeat(StoreNames.MAX_TARGET_PATH) + "x";
    assertEquals(StoreNames.target(deep), StoreNames.targetPath(deep));
    assertFalse(StoreNames.targetPath(deep).contains("/"));
  }

  @Test
  void emptyNamesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> StoreNames.target(""));
    assertThrows(IllegalArgumentException.class, () -> StoreNames.targetPath(""));
    assertThrows(IllegalArgumentException.class,
        () -> StoreNames.metadata("", MetadataEncoding.JSON));
  }

  @Test
  void longNamesEndInTheirDigestAndFitEveryFileSystem_255Bytes() {
    String a = "x".repeat(300) + "a";
    String b = "x".repeat(300) + "b";
    String nameA = StoreNames.metadata(a, MetadataEncoding.CBOR);
    assertNotEquals(nameA, StoreNames.metadata(b, MetadataEncoding.CBOR));
    assertTrue(nameA.contains("~"), nameA);
    MetadataStore.checkName(StoreNames.versioned(Long.MAX_VALUE, nameA));
    String unicode = "\u00e9".repeat(300);
    String escaped = StoreNames.target(unicode);
    assertTrue(escaped.length() <= StoreNames.MAX_ESCAPED, escaped);
    assertFalse(escaped.matches(".*%.?~.*"), "an escape is never cut: " + escaped);
  }

  /**
   * Every string of up to three characters over an alphabet of troublesome characters (case
   * variants, a precomposed and a decomposed accent, both halves of a surrogate pair on their
   * own) gets its own name, and stays distinct after case folding and NFC/NFD normalisation, as
   * macOS and Windows apply them.
   */
  @Test
  void namesStayDistinctUnderCaseFoldingAndNormalisation_exhaustiveShortNames() {
    char[] alphabet = {'.', '/', '%', '2', 'E', 'e', 'a', 'A', '~', '\0', '\u00e9', '\u0301',
        '\uD83D', '\uDE00'};
    List<String> all = new ArrayList<>();
    List<String> previous = List.of("");
    for (int length = 1; length <= 3; length++) {
      List<String> next = new ArrayList<>();
      for (String prefix : previous) {
        for (char c : alphabet) {
          next.add(prefix + c);
        }
      }
      all.addAll(next);
      previous = next;
    }
    Map<String, String> seen = new HashMap<>();
    for (String name : all) {
      String file = StoreNames.target(name);
      MetadataStore.checkName(file);
      String folded = fold(file);
      String clash = seen.put(folded, name);
      assertEquals(null, clash, () -> "'" + name + "' and another name share " + folded);
    }
    assertEquals(all.size(), seen.size());
  }

  /** What a case-insensitive, normalising file system compares. */
  static String fold(String name) {
    return Normalizer.normalize(Normalizer.normalize(name, Normalizer.Form.NFD)
        .toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  @Test
  void storesOfTheEarlierSchemeKeepTheirTopLevelFilesOnly_migration() {
    for (String kept : List.of("root.json", "timestamp.json", "snapshot.cbor", "targets.json",
        "3.root.json", "d-role1.json", "7.d-%52oot.json")) {
      assertTrue(StoreNames.isMetadataName(kept), kept);
    }
    for (String dropped : List.of("role1.json", "Root.json", "a%2Fb.json", "%2Efoo.json",
        "notes.txt", "d-.json", "d-Upper.json")) {
      assertFalse(StoreNames.isMetadataName(dropped), dropped);
    }
  }

  /** The written-out check says what the regular expression it replaced said, on every stem. */
  @Test
  void windowsDeviceNamesAreRecognisedAsTheRegularExpressionDid() {
    java.util.regex.Pattern oracle =
        java.util.regex.Pattern.compile("(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");
    String letters = "abcilmnoprtux019.%";
    List<String> names = new ArrayList<>(List.of("", ".", "con", "con.", "con.txt", "nul.a.b",
        "com1", "com10", "lpt9.bin", "lpta", "co", "conx", "xcon", "%43on", "com\u0661"));
    for (char a : letters.toCharArray()) {
      for (char b : letters.toCharArray()) {
        for (char c : letters.toCharArray()) {
          names.add("" + a + b + c);
          names.add("" + a + b + c + '1');
          names.add("" + a + b + c + ".x");
        }
      }
    }
    for (String name : names) {
      assertEquals(oracle.matcher(name).matches(), StoreNames.isWindowsDevice(name), name);
    }
  }
}
