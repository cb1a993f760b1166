package org.tuf4j;

/** Text from attacker-controlled input, bounded before it goes into an exception message. */
final class Messages {
  private static final int MAX = 80;

  private Messages() {}

  /** {@code text}, or its first characters and "..." when it is longer than 80 characters. */
  static String bounded(String text) {
    return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
  }
}
