package org.tuf4j.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;

/**
 * The one date-time form TUF metadata uses, {@code YYYY-MM-DDTHH:MM:SSZ} (TUF spec §4.2.1), which
 * Uptane's metadata uses too (#common_metadata): read, written, and the instants it can hold.
 * Internal to tuf4j: the module does not export this package.
 */
public final class Dates {
  private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

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
    if (!FORM.matcher(text).matches()) {
      throw new MalformedMetadataException(Reason.INVALID_VALUE, path + ": \"" + text
          + "\" is not in the YYYY-MM-DDTHH:MM:SSZ form (TUF spec §4.2.1)");
    }
    try {
      return LocalDateTime.parse(text.substring(0, 19)).toInstant(ZoneOffset.UTC);
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
    return FORMAT.format(instant);
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
