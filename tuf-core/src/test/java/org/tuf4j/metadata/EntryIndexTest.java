package org.tuf4j.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonReader;

/**
 * The index of a targets object (TUF spec §4.5 {@code targets}): lookups by decoded path, canonical
 * iteration, and a table whose work stays linear for names an attacker crafted to collide.
 */
class EntryIndexTest {
  private static final String ENTRY =
      "{\"length\":1,\"hashes\":{\"sha256\":\"" + "ab".repeat(32) + "\"}}";

  private static EntryIndex<TargetFile> index(List<String> jsonNames) throws Exception {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < jsonNames.size(); i++) {
      sb.append(i > 0 ? "," : "").append('"').append(jsonNames.get(i)).append("\":").append(ENTRY);
    }
    byte[] bytes = sb.append('}').toString().getBytes(UTF_8);
    JsonLimits limits = JsonLimits.DEFAULT.withMaxBytes(1L << 30);
    JsonReader reader = JsonReader.of(bytes, limits);
    reader.next();
    EntryIndex<TargetFile> index = EntryIndex.targets(reader, bytes, limits, "signed.targets");
    index.validateUnusualEntries();
    return index;
  }

  /**
   * 2^17 names made of the blocks "Aa" and "BB", which have the same {@code String.hashCode} and
   * the same value under any fixed base-31 polynomial hash of their bytes: with such a hash every
   * name lands in one chain, and building and looking up all of them takes about n²/2 probes.
   */
  private static List<String> collidingNames() {
    List<String> names = new ArrayList<>();
    int blocks = 17;
    for (int bits = 0; bits < 1 << blocks; bits++) {
      StringBuilder sb = new StringBuilder();
      for (int b = blocks - 1; b >= 0; b--) {
        sb.append((bits >>> b & 1) == 0 ? "Aa" : "BB");
      }
      names.add(sb.toString());
    }
    return names;
  }

  @Test
  void namesCollidingUnderStringHashCodeStayLinearToIndexAndLookUp() throws Exception {
    List<String> names = collidingNames();
    assertEquals(1, names.stream().map(String::hashCode).distinct().count());
    EntryIndex<TargetFile> index = index(names);
    long probes = index.buildProbes();
    for (String name : names) {
      probes += index.probes(name);
      assertTrue(index.containsKey(name));
    }
    int n = names.size();
    // At most half full with a keyed hash: about 2.5 probes per insert and 1.5 per lookup.
    assertTrue(probes < 8L * n, "probes " + probes + " for " + n + " names");
    assertEquals(n, index.size());
  }

  @Test
  void collidingNamesInShuffledOrderAreSortedAndStayLinear() throws Exception {
    List<String> names = collidingNames().subList(0, 1 << 14);
    List<String> shuffled = new ArrayList<>(names);
    Collections.shuffle(shuffled, new Random(7));
    EntryIndex<TargetFile> index = index(shuffled);
    assertEquals(names, new ArrayList<>(index.keySet()));
    long probes = index.buildProbes();
    for (String name : names) {
      probes += index.probes(name);
    }
    assertTrue(probes < 8L * names.size(), "probes " + probes);
  }

  @Test
  void escapedNamesAreFoundByTheirDecodedPath() throws Exception {
    EntryIndex<TargetFile> index = index(List.of("\\u0041b", "a\\/b", "c\\\"d", "\\u00e9t\\u00e9",
        "\\ud83d\\ude00"));
    assertTrue(index.containsKey("Ab"));
    assertTrue(index.containsKey("a/b"));
    assertTrue(index.containsKey("c\"d"));
    assertTrue(index.containsKey("\u00e9t\u00e9"));
    assertTrue(index.containsKey("\uD83D\uDE00"));
    assertFalse(index.containsKey("\\u0041b"));
    assertEquals("a/b", index.get("a/b").path());
    assertEquals(List.of("Ab", "a/b", "c\"d", "\u00e9t\u00e9", "\uD83D\uDE00"),
        new ArrayList<>(index.keySet()));
  }

  @Test
  void lookupsOfAbsentKeysOrOtherTypesFindNothing() throws Exception {
    EntryIndex<TargetFile> index = index(List.of("a?", "b"));
    assertNull(index.get("c"));
    assertNull(index.get(7));
    assertNull(index.get(null));
    // getBytes would turn the lone surrogate into '?', which must not find "a?".
    assertNull(index.get("a\uD800"));
    assertFalse(index.containsKey("a\uDC00"));
    assertFalse(index.keySet().contains(new Object()));
  }

  @Test
  void aNameWrittenTwiceWithDifferentEscapesIsADuplicate() {
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> index(List.of("A", "\\u0041")));
    assertEquals(MalformedMetadataException.Reason.DUPLICATE_KEY, e.reason());
  }

  @Property(tries = 500)
  void aPathIsPlainOnItsBytesExactlyWhenItIsPlainAsAString(@ForAll("paths") String path) {
    byte[] utf8 = ("xx" + path + "yy").getBytes(UTF_8);
    int from = 2;
    int to = utf8.length - 2;
    assertEquals(TargetFile.isPlainPath(path), EntryIndex.isPlainPath(utf8, from, to), path);
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings().withChars("./a\u00e9\u2024").ofMaxLength(8);
  }

  @Test
  void sipHashMatchesTheReferenceVectors() {
    // SipHash-2-4 paper, appendix A, and the reference implementation's vectors (key 00..0f).
    SipHash h = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
    byte[] message = new byte[15];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) i;
    }
    assertEquals(0xa129ca6149be45e5L, h.hash(message, 0, 15));
    assertEquals(0x726fdb47dd0e0e31L, h.hash(message, 0, 0));
  }
}
