package org.tuf4j.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link PathPatterns#overlap} against brute force: for small patterns over {@code a b / * ?},
 * some path matches a pattern of every list exactly when one of length up to 8 over {@code a b
 * /} does (a witness, when one exists, is no longer than the patterns' literals and one
 * character per wildcard).
 */
class PathPatternsOverlapProperties {

  @Property(tries = 400)
  void overlapAgreesWithExhaustiveSearch_spec4_5(@ForAll("levels") List<List<String>> levels) {
    assertEquals(bruteForce(levels), PathPatterns.overlap(levels), levels::toString);
  }

  @Provide
  Arbitrary<List<List<String>>> levels() {
    Arbitrary<String> pattern = Arbitraries.strings().withChars("ab/*?").ofMinLength(0)
        .ofMaxLength(3);
    return pattern.list().ofMinSize(1).ofMaxSize(2).list().ofMinSize(1).ofMaxSize(3);
  }

  private static boolean bruteForce(List<List<String>> levels) {
    List<String> paths = new ArrayList<>(List.of(""));
    for (int length = 0; length <= 8; length++) {
      List<String> next = new ArrayList<>();
      for (String p : paths) {
        if (matchesAll(levels, p)) {
          return true;
        }
        for (char c : new char[] {'a', 'b', '/'}) {
          next.add(p + c);
        }
      }
      paths = next;
    }
    return false;
  }

  private static boolean matchesAll(List<List<String>> levels, String path) {
    for (List<String> level : levels) {
      if (level.stream().noneMatch(pattern -> PathPatterns.matches(pattern, path))) {
        return false;
      }
    }
    return true;
  }
}
