package org.tuf4j.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.tuf4j.FetchException;

/**
 * What {@link Updater#refresh()} trusts now and where it came from: the repository, or the
 * stored metadata (young enough under {@link UpdaterConfig#maxAge()}, or the repository could
 * not be reached under {@link UpdaterConfig#offlineFallback()}). Whatever the source, every
 * top-level role passed every check of TUF spec §5 at {@link #referenceTime()}, expiry included,
 * except for {@link Source#OFFLINE_EXPIRED}, the unsafe mode an application must opt into.
 * Immutable.
 */
public final class RefreshOutcome {

  /** Where the trusted metadata of a refresh came from. */
  public enum Source {
    /** The repository: a complete refresh (§5.1–§5.6.6). */
    REPOSITORY,
    /**
     * The stored metadata, without a request: the last complete refresh is younger than {@link
     * UpdaterConfig#maxAge()}.
     */
    STORED_WITHIN_MAX_AGE,
    /**
     * The stored metadata, because the repository could not be reached ({@link
     * RefreshOutcome#offlineCause()}); reported as an {@link UpdateEvent.OfflineAnswer}.
     */
    OFFLINE,
    /**
     * As {@link #OFFLINE}, but some of the stored metadata has expired and was used anyway,
     * under {@link UpdaterConfig#unsafeOfflineExpiredMetadata()}; each expired role was reported
     * as an {@link UpdateEvent.ExpiredMetadataUsed}. Not a safe answer: an attacker who cut the
     * network may be freezing the device on old metadata.
     */
    OFFLINE_EXPIRED
  }

  private final Source source;
  private final Instant referenceTime;
  private final Instant lastCompleteRefresh;
  private final FetchException offlineCause;

  private RefreshOutcome(Source source, Instant referenceTime, Instant lastCompleteRefresh,
      FetchException offlineCause) {
    this.source = source;
    this.referenceTime = Objects.requireNonNull(referenceTime, "referenceTime");
    this.lastCompleteRefresh = Objects.requireNonNull(lastCompleteRefresh,
        "lastCompleteRefresh");
    this.offlineCause = offlineCause;
  }

  static RefreshOutcome fromRepository(Instant referenceTime) {
    return new RefreshOutcome(Source.REPOSITORY, referenceTime, referenceTime, null);
  }

  static RefreshOutcome withinMaxAge(Instant referenceTime, Instant lastCompleteRefresh) {
    return new RefreshOutcome(Source.STORED_WITHIN_MAX_AGE, referenceTime, lastCompleteRefresh,
        null);
  }

  static RefreshOutcome offline(Instant referenceTime, Instant lastCompleteRefresh,
      FetchException cause, boolean expired) {
    return new RefreshOutcome(expired ? Source.OFFLINE_EXPIRED : Source.OFFLINE, referenceTime,
        lastCompleteRefresh, Objects.requireNonNull(cause, "cause"));
  }

  /**
   * Where the trusted metadata came from.
   *
   * @return the source
   */
  public Source source() {
    return source;
  }

  /**
   * Whether the repository was asked and answered: false for an answer from stored metadata.
   *
   * @return true for {@link Source#REPOSITORY}
   */
  public boolean fromRepository() {
    return source == Source.REPOSITORY;
  }

  /**
   * The reference time every check of this refresh used (§5.1): the clock's reading, or the time
   * floor under {@link ClockRollbackPolicy#USE_FLOOR}.
   *
   * @return the reference time
   */
  public Instant referenceTime() {
    return referenceTime;
  }

  /**
   * The reference time of the last complete refresh from the repository: {@link
   * #referenceTime()} for {@link Source#REPOSITORY}, earlier otherwise.
   *
   * @return when the trusted metadata was last fetched
   */
  public Instant lastCompleteRefresh() {
    return lastCompleteRefresh;
  }

  /**
   * Why the repository could not be reached, for {@link Source#OFFLINE} and {@link
   * Source#OFFLINE_EXPIRED}.
   *
   * @return the fetch failure, or empty for the other sources
   */
  public Optional<FetchException> offlineCause() {
    return Optional.ofNullable(offlineCause);
  }

  @Override
  public String toString() {
    return "RefreshOutcome[" + source + ", referenceTime=" + referenceTime
        + ", lastCompleteRefresh=" + lastCompleteRefresh
        + (offlineCause == null ? "" : ", offlineCause=" + offlineCause.getMessage()) + "]";
  }
}
