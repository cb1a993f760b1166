package org.tuf4j.internal;

/**
 * Text from attacker-controlled input, bounded before it goes into an exception message. Internal
 * to tuf4j: the module does not export this package.
 */
public final class Messages {
  private static final int MAX = 80;

  private Messages() {}

  /**
   * {@code text}, or its first characters and "..." when it is longer than 80 characters.
   *
   * @param text text that may come from an attacker
   * @return at most 80 characters of it
   */
  public static String bounded(String text) {
    return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
  }
}
