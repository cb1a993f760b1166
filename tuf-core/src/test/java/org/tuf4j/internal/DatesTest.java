package org.tuf4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.MalformedMetadataException;

/**
 * The spec's date form (TUF §4.2.1), and the client state's instants, read and written by hand,
 * as the JDK's formatters do.
 */
class DatesTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** Every second of years 0000 to 9999 is written as the JDK writes it, and read back. */
  @Property(tries = 2000)
  void writtenAsTheJdkWritesItAndReadBack(
      @ForAll @LongRange(min = -62167219200L, max = 253402300799L) long epochSecond)
      throws Exception {
    Instant t = Instant.ofEpochSecond(epochSecond);
    String text = Dates.format(t);
    assertEquals(REFERENCE.format(t), text);
    assertEquals(t, Dates.parse(text, "expires"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2030-02-30T00:00:00Z", "2030-13-01T00:00:00Z", "2030-01-01T24:00:00Z",
      "2030-01-01T00:60:00Z", "2030-1-01T00:00:00Z", "2030-01-01T00:00:00", "2030-01-01 00:00:00Z",
      "2030-01-01T00:00:00.5Z", "2030-01-01T00:00:00+00:00", "\uff12030-01-01T00:00:00Z",
      "+2030-01-01T00:00:00Z", "", "2030-01-01T00:00:00ZZ"})
  void anythingElseIsMalformed(String text) {
    assertThrows(MalformedMetadataException.class, () -> Dates.parse(text, "expires"));
  }

  /** Instants as {@link Instant#toString} writes and {@link Instant#parse} reads them. */
  @Property(tries = 3000)
  void instantsAreWrittenAndReadAsTheJdkDoes(
      @ForAll @LongRange(min = -62167219300L, max = 253402300899L) long epochSecond,
      @ForAll("nanos") int nano) {
    Instant t = Instant.ofEpochSecond(epochSecond, nano);
    assertEquals(t.toString(), Dates.formatInstant(t));
    assertEquals(t, Dates.parseInstant(t.toString()));
  }

  /** Any fraction of one to nine digits is read as the JDK reads it. */
  @Property(tries = 1000)
  void fractionsOfAnyLengthAreReadAsTheJdkReadsThem(
      @ForAll @IntRange(min = 1, max = 9) int digits, @ForAll("nanos") int nano) {
    String text = "2026-12-07T18:30:05." + String.format("%09d", nano).substring(0, digits) + "Z";
    assertEquals(Instant.parse(text), Dates.parseInstant(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2030-02-30T00:00:00Z", "2030-01-01T00:00Z",
      "2030-01-01T00:00:00.1234567890Z", "2030-01-01T00:00:00.5", "x", ""})
  void instantsTheJdkRefusesAreRefused(String text) {
    assertThrows(java.time.DateTimeException.class, () -> Instant.parse(text));
    assertThrows(java.time.DateTimeException.class, () -> Dates.parseInstant(text));
  }

  @Provide
  Arbitrary<Integer> nanos() {
    return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999)
        .map(ms -> ms * 1_000_000), Arbitraries.integers().between(0, 999_999).map(us -> us * 1000),
        Arbitraries.integers().between(0, 999_999_999));
  }
}
