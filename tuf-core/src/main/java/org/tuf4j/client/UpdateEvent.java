package org.tuf4j.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What an {@link Updater} did that a fleet's security telemetry should know: immutable values
 * delivered in order, synchronously, to the {@link UpdateEventListener} given to {@link
 * Updater.Builder#eventListener}. Events describe; they never decide: every check of TUF spec §5
 * runs the same with or without a listener, and a listener that throws changes no outcome.
 *
 * <p>Sealed, so that a {@code switch} over the kinds is exhaustive.
 */
public sealed interface UpdateEvent {

  /**
   * The reference time of the refresh (§5.1), or the updater's clock for events outside one.
   *
   * @return when, by the updater's clock, the event happened
   */
  Instant at();

  /**
   * A refresh began (§5.1).
   *
   * @param at its reference time
   */
  record RefreshStarted(Instant at) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at its reference time
     */
    public RefreshStarted {
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A refresh completed: every top-level role is verified and trusted (§5.6.6).
   *
   * @param at its reference time
   * @param unchanged whether the repository had nothing new since the previous refresh
   */
  record RefreshSucceeded(Instant at, boolean unchanged) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at its reference time
     * @param unchanged whether the repository had nothing new since the previous refresh
     */
    public RefreshSucceeded {
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A refresh failed and nothing it fetched after the failure is trusted (§5.4.4 and the like).
   *
   * @param at its reference time
   * @param cause the failure, as the caller of the refresh receives it
   */
  record RefreshFailed(Instant at, Exception cause) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at its reference time
     * @param cause the failure, as the caller of the refresh receives it
     */
    public RefreshFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * A new root was trusted (§5.3.4–§5.3.9).
   *
   * @param at the reference time of the refresh
   * @param fromVersion the version trusted before
   * @param toVersion the version now trusted
   * @param keysAdded ids of keys the new root names for any role that the old one did not
   * @param keysRemoved ids of keys the old root named that the new one does not
   */
  record RootRotated(Instant at, long fromVersion, long toVersion, Set<String> keysAdded,
      Set<String> keysRemoved) implements UpdateEvent {
    /**
     * Checks and copies the fields.
     *
     * @param at the reference time of the refresh
     * @param fromVersion the version trusted before
     * @param toVersion the version now trusted
     * @param keysAdded ids of keys the new root names for any role that the old one did not
     * @param keysRemoved ids of keys the old root named that the new one does not
     */
    public RootRotated {
      Objects.requireNonNull(at, "at");
      keysAdded = Set.copyOf(keysAdded);
      keysRemoved = Set.copyOf(keysRemoved);
    }
  }

  /**
   * The new root changed the keys of timestamp or snapshot, so the stored timestamp and snapshot
   * were deleted and are fetched again without their rollback floor (§5.3.11, the fast-forward
   * attack recovery).
   *
   * @param at the reference time of the refresh
   * @param rootVersion the root version that rotated the keys
   */
  record FastForwardRecovery(Instant at, long rootVersion) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the reference time of the refresh
     * @param rootVersion the root version that rotated the keys
     */
    public FastForwardRecovery {
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Metadata older than the trusted version was offered and refused (§5.4.3, §5.5.5, §5.5.6: a
   * rollback attack, or a stale mirror).
   *
   * @param at the reference time of the refresh
   * @param role the role
   * @param trustedVersion the version trusted
   * @param offeredVersion the version offered, when known
   */
  record RollbackRefused(Instant at, String role, long trustedVersion,
      OptionalLong offeredVersion) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the reference time of the refresh
     * @param role the role
     * @param trustedVersion the version trusted
     * @param offeredVersion the version offered, when known
     */
    public RollbackRefused {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(offeredVersion, "offeredVersion");
    }
  }

  /**
   * Metadata the repository serves has expired at the reference time (§5.3.10, §5.4.5, §5.5.7,
   * §5.6.4: a freeze attack, or a repository that stopped signing).
   *
   * @param at the reference time of the refresh
   * @param role the role
   * @param version its version
   * @param expires when it expired
   * @param staleBy how long before the reference time it expired
   */
  record FreezeDetected(Instant at, String role, long version, Instant expires,
      Duration staleBy) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the reference time of the refresh
     * @param role the role
     * @param version its version
     * @param expires when it expired
     * @param staleBy how long before the reference time it expired
     */
    public FreezeDetected {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(expires, "expires");
      Objects.requireNonNull(staleBy, "staleBy");
    }
  }

  /**
   * The clock reads earlier than a time this client has already used as a reference time, by
   * more than the configured tolerance: the clock was turned back (a dead RTC battery, or an
   * attacker making expired metadata look fresh).
   *
   * @param at the clock's reading
   * @param floor the highest reference time a previous refresh used
   * @param usedFloor whether the refresh went on with the floor as its reference time (by
   *     policy) rather than failing
   */
  record ClockRollbackDetected(Instant at, Instant floor, boolean usedFloor)
      implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the clock's reading
     * @param floor the highest reference time a previous refresh used
     * @param usedFloor whether the refresh went on with the floor as its reference time (by
     *     policy) rather than failing
     */
    public ClockRollbackDetected {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(floor, "floor");
    }
  }

  /**
   * A mirror failed or served something that did not verify, and the next one was tried (the
   * specification's malicious mirrors, §1.5.2).
   *
   * @param at the reference time of the refresh, or the clock's reading
   * @param mirror the base URL skipped
   * @param file the file that failed
   * @param cause why
   */
  record MirrorSkipped(Instant at, URI mirror, String file, Exception cause)
      implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the reference time of the refresh, or the clock's reading
     * @param mirror the base URL skipped
     * @param file the file that failed
     * @param cause why
     */
    public MirrorSkipped {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(mirror, "mirror");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * The repository could not be reached, and an answer came from trusted metadata that is
   * unexpired at the reference time.
   *
   * @param at the reference time
   * @param lastRefresh when the trusted metadata was last completely refreshed
   * @param cause the failure to reach the repository
   */
  record OfflineAnswer(Instant at, Instant lastRefresh, Exception cause) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the reference time
     * @param lastRefresh when the trusted metadata was last completely refreshed
     * @param cause the failure to reach the repository
     */
    public OfflineAnswer {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(lastRefresh, "lastRefresh");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * Expired metadata was used because the application opted into the unsafe offline mode that
   * allows it. Every use is reported.
   *
   * @param at the reference time
   * @param role the expired role
   * @param expires when it expired
   */
  record ExpiredMetadataUsed(Instant at, String role, Instant expires) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the reference time
     * @param role the expired role
     * @param expires when it expired
     */
    public ExpiredMetadataUsed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(expires, "expires");
    }
  }

  /**
   * A lookup failed after the refresh it relied on succeeded: a delegated targets role it had to
   * visit could not be fetched or did not verify (§5.6.7). A rollback or a freeze of that role is
   * reported first as {@link RollbackRefused} or {@link FreezeDetected}.
   *
   * @param at the reference time of the refresh the lookup relied on
   * @param targetPath the target looked up
   * @param cause why
   */
  record LookupFailed(Instant at, String targetPath, Exception cause) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the reference time of the refresh the lookup relied on
     * @param targetPath the target looked up
     * @param cause why
     */
    public LookupFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(targetPath, "targetPath");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * A target download failed (§5.7): no mirror served it within its trusted length, with every
   * trusted hash and fast enough (a {@link org.tuf4j.LengthMismatchException} or {@link
   * org.tuf4j.HashMismatchException} here is an arbitrary-installation or endless-data attempt),
   * or it could not be written. Nothing unverified was kept.
   *
   * @param at the updater's clock when the download gave up
   * @param targetPath the target
   * @param cause why
   */
  record DownloadFailed(Instant at, String targetPath, Exception cause) implements UpdateEvent {
    /**
     * Checks the fields.
     *
     * @param at the updater's clock when the download gave up
     * @param targetPath the target
     * @param cause why
     */
    public DownloadFailed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(targetPath, "targetPath");
      Objects.requireNonNull(cause, "cause");
    }
  }
}
