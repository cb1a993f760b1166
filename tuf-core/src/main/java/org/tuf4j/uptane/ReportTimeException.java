package org.tuf4j.uptane;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest verifiable time in an ECU version report is not plausible: later than the
 * Director's clock allows, or earlier than the time of a report already accepted from the same
 * ECU, which marks a stale or replayed report (Uptane Standard #director_repository, "the time
 * sent in the ECU version report"; #version_report, "the latest time the ECU can verify").
 */
public final class ReportTimeException extends UptaneVerificationException {

  /** Which bound the time broke. */
  public enum Reason {
    /** Later than the Director's current time plus the allowed clock skew. */
    IN_THE_FUTURE,
    /** Earlier than the time of the last report accepted from this ECU. */
    OLDER_THAN_ACCEPTED
  }

  /** The ECU the refused report is from. */
  private final String ecuSerial;
  /** Which bound the reported time broke. */
  private final Reason reason;
  /** The time the report states. */
  private final Instant reported;
  /** The bound it broke: the latest acceptable time, or the last accepted report's time. */
  private final Instant bound;

  /**
   * @param ecuSerial the ECU the refused report is from
   * @param reason which bound the reported time broke
   * @param reported the time the report states
   * @param bound the bound it broke: the latest acceptable time ({@code IN_THE_FUTURE}), or the
   *     time of a report already accepted from this ECU
   */
  public ReportTimeException(String ecuSerial, Reason reason, Instant reported, Instant bound) {
    super("ECU " + ecuSerial + ": reported time " + reported + (reason == Reason.IN_THE_FUTURE
        ? " is later than the latest acceptable time " + bound + " (report from the future)"
        : " is earlier than the time " + bound + " of a report already accepted (stale report)"));
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
    this.reason = Objects.requireNonNull(reason);
    this.reported = Objects.requireNonNull(reported);
    this.bound = Objects.requireNonNull(bound);
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
   * Which bound the reported time broke.
   *
   * @return whether the report is from the future or older than one already accepted
   */
  public Reason reason() {
    return reason;
  }

  /**
   * The time the report states.
   *
   * @return the reported time
   */
  public Instant reported() {
    return reported;
  }

  /**
   * The bound it broke: the latest acceptable time, or the last accepted report's time.
   *
   * @return the bound the reported time broke
   */
  public Instant bound() {
    return bound;
  }
}
