package org.tuf4j;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest verifiable time in an ECU version report is not plausible: later than the
 * Director's clock allows, or earlier than the time of a report already accepted from the same
 * ECU, which marks a stale or replayed report (Uptane Standard #director_repository, "the time
 * sent in the ECU version report"; #version_report, "the latest time the ECU can verify").
 */
public final class ReportTimeException extends VerificationException {

  /** Which bound the time broke. */
  public enum Reason {
    /** Later than the Director's current time plus the allowed clock skew. */
    IN_THE_FUTURE,
    /** Earlier than the time of the last report accepted from this ECU. */
    OLDER_THAN_ACCEPTED
  }

  private final String ecuSerial;
  private final Reason reason;
  private final Instant reported;
  private final Instant bound;

  public ReportTimeException(String ecuSerial, Reason reason, Instant reported, Instant bound) {
    super("ECU " + ecuSerial + ": reported time " + reported + (reason == Reason.IN_THE_FUTURE
        ? " is later than the latest acceptable time " + bound + " (report from the future)"
        : " is earlier than the time " + bound + " of a report already accepted (stale report)"));
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
    this.reason = Objects.requireNonNull(reason);
    this.reported = Objects.requireNonNull(reported);
    this.bound = Objects.requireNonNull(bound);
  }

  public String ecuSerial() {
    return ecuSerial;
  }

  public Reason reason() {
    return reason;
  }

  /** The time the report states. */
  public Instant reported() {
    return reported;
  }

  /** The bound it broke: the latest acceptable time, or the last accepted report's time. */
  public Instant bound() {
    return bound;
  }
}
