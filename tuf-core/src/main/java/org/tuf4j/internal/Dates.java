package org.tuf4j.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;

/**
 * The one date-time form TUF metadata uses, {@code YYYY-MM-DDTHH:MM:SSZ} (TUF spec §4.2.1), which
 * Uptane's metadata uses too (#common_metadata): read, written, and the instants it can hold.
 * Internal to tuf4j: the module does not export this package.
 */
public final class Dates {
  // By hand, not with a regular expression and DateTimeFormatter: the one fixed form needs
  // neither, and loading them is tens of milliseconds of a cold process.
  private static final Instant MIN = LocalDateTime.of(0, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
  private static final Instant MAX =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59).toInstant(ZoneOffset.UTC);

  private Dates() {}

  /**
   * Reads a date in the spec's form, {@code YYYY-MM-DDTHH:MM:SSZ}.
   *
   * @param text the text read
   * @param path where it is, for messages
   * @return the instant
   * @throws MalformedMetadataException when it is not of that form or not a valid date-time
   */
  public static Instant parse(String text, String path) throws MalformedMetadataException {
    if (text.length() != 20 || !hasSecondsForm(text) || text.charAt(19) != 'Z') {
      throw new MalformedMetadataException(Reason.INVALID_VALUE, path + ": \"" + text
          + "\" is not in the YYYY-MM-DDTHH:MM:SSZ form (TUF spec §4.2.1)");
    }
    try {
      return instant(text, 0);
    } catch (DateTimeException e) {
      throw new MalformedMetadataException(Reason.INVALID_VALUE, path + ": \"" + text
          + "\" is not a valid date-time", e);
    }
  }

  /**
   * Writes a date in the spec's form; see {@link #require}.
   *
   * @param instant a whole second within years 0000-9999
   * @return the text
   */
  public static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(20);
    pad(out, t.getYear(), 4).append('-');
    pad(out, t.getMonthValue(), 2).append('-');
    pad(out, t.getDayOfMonth(), 2).append('T');
    pad(out, t.getHour(), 2).append(':');
    pad(out, t.getMinute(), 2).append(':');
    return pad(out, t.getSecond(), 2).append('Z').toString();
  }

  /**
   * {@code instant} as {@link Instant#toString} writes it (ISO-8601 in UTC, a fraction of the
   * second in groups of three digits, none when zero), without the DateTimeFormatter machinery,
   * which is milliseconds of class loading in a cold process.
   *
   * @param instant the instant
   * @return the same text as {@code instant.toString()}
   */
  public static String formatInstant(Instant instant) {
    if (instant.isBefore(MIN) || !instant.isBefore(MAX.plusSeconds(1))) {
      return instant.toString(); // a sign and more than four year digits: the JDK's own form
    }
    String seconds = format(Instant.ofEpochSecond(instant.getEpochSecond()));
    int nano = instant.getNano();
    if (nano == 0) {
      return seconds;
    }
    int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
    int fraction = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
    StringBuilder out = new StringBuilder(seconds.length() + 10)
        .append(seconds, 0, seconds.length() - 1).append('.');
    return pad(out, fraction, digits).append('Z').toString();
  }

  /**
   * Reads what {@link #formatInstant} and {@link Instant#toString} write: the form {@code
   * DDDD-DD-DDTDD:DD:DD[.D...]Z} by hand, anything else as {@link Instant#parse} reads it.
   *
   * @param text the text
   * @return the instant
   * @throws DateTimeException when it is not an instant in {@link Instant#parse}'s form
   */
  public static Instant parseInstant(String text) {
    int digits = text.length() - 21; // of the fraction, when there is one
    boolean plain = hasSecondsForm(text) && text.endsWith("Z") && (digits == -1
        || digits >= 1 && digits <= 9 && text.charAt(19) == '.' && isDigits(text, 20, 20 + digits));
    if (plain) {
      try {
        int nano = 0;
        if (digits > 0) {
          nano = number(text, 20, digits);
          for (int i = digits; i < 9; i++) {
            nano *= 10;
          }
        }
        return instant(text, nano);
      } catch (DateTimeException e) {
        // 24:00, a leap second or an invalid date: decided by the JDK's reader below
      }
    }
    return Instant.parse(text);
  }

  private static boolean isDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The instant of {@code text}'s first 19 characters, {@code DDDD-DD-DDTDD:DD:DD}, in UTC. */
  private static Instant instant(String text, int nano) {
    return LocalDateTime.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2),
        number(text, 11, 2), number(text, 14, 2), number(text, 17, 2), nano)
        .toInstant(ZoneOffset.UTC);
  }

  /** Whether {@code text} begins {@code DDDD-DD-DDTDD:DD:DD} with ASCII digits D. */
  private static boolean hasSecondsForm(String text) {
    String form = "dddd-dd-ddTdd:dd:dd";
    if (text.length() < form.length()) {
      return false;
    }
    for (int i = 0; i < form.length(); i++) {
      char c = text.charAt(i);
      if (form.charAt(i) == 'd' ? c < '0' || c > '9' : c != form.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int number(String text, int from, int digits) {
    int n = 0;
    for (int i = from; i < from + digits; i++) {
      n = n * 10 + (text.charAt(i) - '0');
    }
    return n;
  }

  private static StringBuilder pad(StringBuilder out, int value, int digits) {
    String v = Integer.toString(value);
    for (int i = v.length(); i < digits; i++) {
      out.append('0');
    }
    return out.append(v);
  }

  /**
   * {@code instant}, which must be representable in the spec's form: whole seconds within years
   * 0000-9999.
   *
   * @param instant the instant
   * @param what its name, for the message
   * @return {@code instant}
   * @throws IllegalArgumentException when it is not representable
   */
  public static Instant require(Instant instant, String what) {
    Objects.requireNonNull(instant, what);
    if (instant.getNano() != 0) {
      throw new IllegalArgumentException(what + " must be a whole second: " + instant);
    }
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException(what + " outside years 0000-9999: " + instant);
    }
    return instant;
  }
}
