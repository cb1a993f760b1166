package org.tuf4j.uptane;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An ECU version report reuses a report counter the Director already accepted from that ECU (or
 * an older one), or drops the counter an earlier report carried: a replay of an old report
 * (Uptane Standard #version_report, "a nonce or counter to prevent a replay of the ECU version
 * report"; #director_repository, "if the nonce or counter is reused the Director SHOULD drop the
 * request").
 */
public final class ReplayedReportException extends UptaneVerificationException {
  /** The ECU the refused report is from. */
  private final String ecuSerial;
  /** The counter the refused report carries, or empty when it carries none. */
  private final OptionalLong counter;
  /** The highest counter accepted from this ECU so far. */
  private final long lastAccepted;

  /**
   * @param ecuSerial the ECU the refused report is from
   * @param counter the counter the refused report carries, or empty when it carries none
   * @param lastAccepted the highest counter accepted from this ECU so far
   */
  public ReplayedReportException(String ecuSerial, OptionalLong counter, long lastAccepted) {
    super("ECU " + ecuSerial + ": " + (counter.isPresent()
        ? "report counter " + counter.getAsLong() + " is not above the last accepted counter "
            + lastAccepted
        : "report carries no counter, but counter " + lastAccepted
            + " was accepted from this ECU before")
        + " (replayed ECU version report)");
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
    this.counter = Objects.requireNonNull(counter);
    this.lastAccepted = lastAccepted;
  }

  /**
   * The ECU the refused report is from.
   *
   * @return the ECU's serial
   */
  public String ecuSerial() {
    return ecuSerial;
  }

  /**
   * The counter the refused report carries, or empty when it carries none.
   *
   * @return the report's counter, if it carries one
   */
  public OptionalLong counter() {
    return counter;
  }

  /**
   * The highest counter accepted from this ECU so far.
   *
   * @return the last accepted counter
   */
  public long lastAccepted() {
    return lastAccepted;
  }
}
