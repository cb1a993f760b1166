package org.tuf4j.metadata;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;

/** The one date-time form TUF metadata uses: {@code YYYY-MM-DDTHH:MM:SSZ} (TUF spec §4.2.1). */
final class Dates {
  private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Dates() {}

  static Instant parse(String text, String path) throws MalformedMetadataException {
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

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  /** Expiry instants must be representable in the spec's form: whole seconds, years 0-9999. */
  static Instant requireRepresentable(Instant expires) {
    if (expires.getNano() != 0) {
      throw new IllegalArgumentException("expires must be a whole second: " + expires);
    }
    if (expires.isBefore(Instant.parse("0000-01-01T00:00:00Z"))
        || expires.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
      throw new IllegalArgumentException("expires outside years 0000-9999: " + expires);
    }
    return expires.truncatedTo(ChronoUnit.SECONDS);
  }
}
