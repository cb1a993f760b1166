package org.tuf4j.client;

import java.util.function.IntPredicate;

/**
 * Checks on the characters of names and header values, as a loop: {@code chars().allMatch}
 * loads the stream machinery, milliseconds of a cold process that refreshes once.
 */
final class Chars {
  private Chars() {}

  /** Whether every character of {@code s} passes {@code test} (true when empty). */
  static boolean all(String s, IntPredicate test) {
    for (int i = 0; i < s.length(); i++) {
      if (!test.test(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
