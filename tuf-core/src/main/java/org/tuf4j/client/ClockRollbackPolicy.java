package org.tuf4j.client;

/**
 * What a refresh does when the clock reads earlier than the client's time floor (the highest
 * reference time any refresh has used, persisted with the trusted metadata) by more than {@link
 * UpdaterConfig#clockRollbackTolerance()}. Either way an {@link
 * UpdateEvent.ClockRollbackDetected} is reported.
 */
public enum ClockRollbackPolicy {
  /** The refresh fails with a {@link org.tuf4j.ClockRollbackException}; the default. */
  FAIL,
  /**
   * The refresh goes on with the floor as its reference time: expiry is checked against the
   * latest time the client knows has passed, never an earlier one. For devices whose clock is
   * often lost (no battery-backed clock) and that must keep updating.
   */
  USE_FLOOR
}
