package org.tuf4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The client's clock reads earlier than a reference time it has already used, by more than the
 * configured tolerance: the clock was turned back (a device whose real-time clock lost power
 * boots in 1970 or at its build date, or an attacker sets it back so that expired metadata looks
 * fresh, a freeze attack, TUF spec §1.5.2). A direct subtype of {@link TufException}, not a
 * {@link VerificationException}: no metadata failed a check; the reference time that every
 * expiry check of TUF spec §5.1 depends on cannot be trusted, so no refresh starts. The
 * client's time floor is the highest reference time any refresh has used, persisted with its
 * trusted metadata.
 */
public final class ClockRollbackException extends TufException {
  /** What the clock read. */
  private final Instant clockReading;
  /** The highest reference time a previous refresh used. */
  private final Instant floor;
  /** How far below the floor the clock may read before it is refused. */
  private final Duration tolerance;

  /**
   * @param clockReading what the clock read
   * @param floor the highest reference time a previous refresh used
   * @param tolerance how far below the floor the clock may read before it is refused
   */
  public ClockRollbackException(Instant clockReading, Instant floor, Duration tolerance) {
    super("the clock reads " + clockReading + ", earlier than the time floor " + floor
        + " (the latest reference time already used) by more than " + tolerance
        + "; set the clock, or configure the updater to use the floor");
    this.clockReading = Objects.requireNonNull(clockReading, "clockReading");
    this.floor = Objects.requireNonNull(floor, "floor");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
  }

  /** {@return what the clock read} */
  public Instant clockReading() {
    return clockReading;
  }

  /** {@return the highest reference time a previous refresh used} */
  public Instant floor() {
    return floor;
  }

  /** {@return how far below the floor the clock may read before it is refused} */
  public Duration tolerance() {
    return tolerance;
  }
}
