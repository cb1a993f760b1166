package org.tuf4j.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.TypeConversionException;

/** Option values picocli cannot convert with a message a person can act on. */
final class Values {
  private Values() {}

  /** {@code 2030-01-31T12:00:00Z}, or a date {@code 2030-01-31} (its start, UTC). */
  static Instant instant(String text) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + text + "' is not a time; use ISO-8601 UTC such "
          + "as 2030-01-31T12:00:00Z (or a date, 2030-01-31)");
    }
  }

  /** ISO-8601 ({@code P30D}, {@code PT6H}) or a number with a unit: {@code 30d}, {@code 6h}. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d{1,9}[smhdw]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> Duration.ofDays(7 * n);
        };
      }
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + text + "' is not a duration; use ISO-8601 such as "
          + "P30D or PT6H, or a number and a unit: 30d, 6h, 90m");
    }
  }

  static String lowerFirst(String s) {
    if (s == null || s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
      return s;
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
