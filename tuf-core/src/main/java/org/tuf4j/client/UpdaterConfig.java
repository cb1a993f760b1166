package org.tuf4j.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;

/**
 * Every security bound of a client in one place, with safe defaults (TUF spec §5: the values W,
 * X, Y, Z and the maximum number of roles visited that the spec leaves to the application).
 * The freshness policy is here too: {@link #maxAge()} (off by default), {@link
 * #offlineFallback()} (off by default) and the clock floor's {@link #clockRollbackTolerance()}
 * and {@link #clockRollbackPolicy()}. Immutable; made by {@link #builder()} (or {@link #defaults()}, or {@link #toBuilder()} from
 * another configuration), so that a bound added later changes no caller.
 *
 * <pre>{@code
 * UpdaterConfig config = UpdaterConfig.builder().maxDelegations(64).clock(clock).build();
 * }</pre>
 */
public final class UpdaterConfig {
  private final int maxRootRotations;
  private final int maxDelegations;
  private final long rootMaxLength;
  private final long timestampMaxLength;
  private final long snapshotMaxLength;
  private final long targetsMaxLength;
  private final int maxJsonDepth;
  private final Clock clock;
  private final boolean keepVersionedCopies;
  private final boolean syncWrites;
  private final boolean prefixTargetsWithHash;
  private final LockPolicy lockPolicy;
  private final Duration maxAge;
  private final boolean offlineFallback;
  private final boolean unsafeOfflineExpiredMetadata;
  private final Duration clockRollbackTolerance;
  private final ClockRollbackPolicy clockRollbackPolicy;

  /**
   * Checks every bound: counts and lengths positive, {@code maxJsonDepth} from 4 to the max,
   * durations not negative.
   */
  private UpdaterConfig(Builder b) {
    positive("maxRootRotations", b.maxRootRotations);
    positive("maxDelegations", b.maxDelegations);
    positive("rootMaxLength", b.rootMaxLength);
    positive("timestampMaxLength", b.timestampMaxLength);
    positive("snapshotMaxLength", b.snapshotMaxLength);
    positive("targetsMaxLength", b.targetsMaxLength);
    if (b.maxJsonDepth < 4 || b.maxJsonDepth > CanonicalJson.MAX_SUPPORTED_DEPTH) {
      throw new IllegalArgumentException("maxJsonDepth must be between 4 and "
          + CanonicalJson.MAX_SUPPORTED_DEPTH + ", got " + b.maxJsonDepth);
    }
    this.maxRootRotations = b.maxRootRotations;
    this.maxDelegations = b.maxDelegations;
    this.rootMaxLength = b.rootMaxLength;
    this.timestampMaxLength = b.timestampMaxLength;
    this.snapshotMaxLength = b.snapshotMaxLength;
    this.targetsMaxLength = b.targetsMaxLength;
    this.maxJsonDepth = b.maxJsonDepth;
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.keepVersionedCopies = b.keepVersionedCopies;
    this.syncWrites = b.syncWrites;
    this.prefixTargetsWithHash = b.prefixTargetsWithHash;
    this.lockPolicy = Objects.requireNonNull(b.lockPolicy, "lockPolicy");
    this.maxAge = notNegative("maxAge", b.maxAge);
    this.offlineFallback = b.offlineFallback;
    if (b.unsafeOfflineExpiredMetadata && !b.offlineFallback) {
      throw new IllegalArgumentException("unsafeOfflineExpiredMetadata needs offlineFallback");
    }
    this.unsafeOfflineExpiredMetadata = b.unsafeOfflineExpiredMetadata;
    this.clockRollbackTolerance = notNegative("clockRollbackTolerance",
        b.clockRollbackTolerance);
    this.clockRollbackPolicy = Objects.requireNonNull(b.clockRollbackPolicy,
        "clockRollbackPolicy");
  }

  /**
   * Most root versions fetched in one refresh (§5.3.3, "Y"); default 256.
   *
   * @return the bound
   */
  public int maxRootRotations() {
    return maxRootRotations;
  }

  /**
   * Most delegated roles visited in one target search (§5.6.7.1); default 32.
   *
   * @return the bound
   */
  public int maxDelegations() {
    return maxDelegations;
  }

  /**
   * Most bytes read for a root file, whose size is unknown (§5.3.3, "W").
   *
   * @return the bound in bytes
   */
  public long rootMaxLength() {
    return rootMaxLength;
  }

  /**
   * Most bytes read for timestamp.json (§5.4.1, "X").
   *
   * @return the bound in bytes
   */
  public long timestampMaxLength() {
    return timestampMaxLength;
  }

  /**
   * Most bytes read for a snapshot whose length the timestamp does not list (§5.5.1, "Y").
   *
   * @return the bound in bytes
   */
  public long snapshotMaxLength() {
    return snapshotMaxLength;
  }

  /**
   * Most bytes read for targets metadata whose length the snapshot does not list (§5.6.1, "Z").
   *
   * @return the bound in bytes
   */
  public long targetsMaxLength() {
    return targetsMaxLength;
  }

  /**
   * Deepest JSON nesting accepted in any metadata file.
   *
   * @return the depth
   */
  public int maxJsonDepth() {
    return maxJsonDepth;
  }

  /**
   * Where the reference time of each refresh is read from, once (§5.1).
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Whether every accepted metadata file is also kept as {@code N.<role>.json} in the metadata
   * directory (an audit trail); the client itself only reads {@code <role>.json}.
   *
   * @return true when the versioned copies are kept
   */
  public boolean keepVersionedCopies() {
    return keepVersionedCopies;
  }

  /**
   * Whether what the client writes to its metadata directory is forced to stable storage before
   * the client relies on it (true by default), so that after a power loss the directory holds
   * the old trusted metadata or the new, never a torn file.
   *
   * @return false only for a directory that no later process trusts
   */
  public boolean syncWrites() {
    return syncWrites;
  }

  /**
   * Whether, with consistent snapshots, targets are fetched as {@code <hash>.<name>} (§5.7.3);
   * off only for repositories that do not store targets that way.
   *
   * @return true when target file names are prefixed with their hash
   */
  public boolean prefixTargetsWithHash() {
    return prefixTargetsWithHash;
  }

  /**
   * What a refresh does when another process holds the metadata directory's lock; default
   * {@link LockPolicy#waitAtMost waitAtMost(1 minute)}.
   *
   * @return the policy
   */
  public LockPolicy lockPolicy() {
    return lockPolicy;
  }

  /**
   * How young the last complete refresh must be for {@link Updater#refresh()} to skip the
   * network: when it is younger than this at the reference time and the stored metadata passes
   * every check of TUF spec §5 at the reference time (signatures, versions, hashes, expiry of
   * every top-level role), the stored metadata is trusted without a request. {@link
   * Duration#ZERO}, the default, turns this off: every refresh asks the repository.
   *
   * @return the age, zero when off
   */
  public Duration maxAge() {
    return maxAge;
  }

  /**
   * Whether {@link Updater#refresh()} answers from the stored metadata when the repository
   * cannot be reached (a {@link org.tuf4j.FetchException} other than {@link
   * org.tuf4j.NotFoundException}: connection refused, timeout, unknown host, a server error, a
   * transfer too slow), provided that metadata passes every check of TUF spec §5 at the reference
   * time, expiry included. Such an answer is a {@link RefreshOutcome.Source#OFFLINE} outcome and
   * an {@link UpdateEvent.OfflineAnswer}; a verification failure is never answered this way.
   * Default false: the refresh fails as the specification says (§5.4.1).
   *
   * @return true when offline answers are allowed
   */
  public boolean offlineFallback() {
    return offlineFallback;
  }

  /**
   * The unsafe mode: whether an offline answer ({@link #offlineFallback()}) may use stored
   * metadata that has expired at the reference time. Every other check of TUF spec §5 still
   * applies (signatures, versions, lengths, hashes); every expired role used is reported as an
   * {@link UpdateEvent.ExpiredMetadataUsed}, and the outcome is {@link
   * RefreshOutcome.Source#OFFLINE_EXPIRED}. Expired metadata may be an indefinite freeze attack
   * (§1.5.2); only for devices that must keep working through long offline periods. Default
   * false; needs {@link #offlineFallback()}.
   *
   * @return true when expired metadata may be used offline
   */
  public boolean unsafeOfflineExpiredMetadata() {
    return unsafeOfflineExpiredMetadata;
  }

  /**
   * How far the clock may read below the time floor (the highest reference time used before)
   * before {@link #clockRollbackPolicy()} applies; default five minutes. Within the tolerance the
   * clock's reading is used as it is.
   *
   * @return the tolerance, not negative
   */
  public Duration clockRollbackTolerance() {
    return clockRollbackTolerance;
  }

  /**
   * What a refresh does when the clock reads below the time floor by more than {@link
   * #clockRollbackTolerance()}; default {@link ClockRollbackPolicy#FAIL}.
   *
   * @return the policy
   */
  public ClockRollbackPolicy clockRollbackPolicy() {
    return clockRollbackPolicy;
  }

  /**
   * The defaults: python-tuf's bounds, the system UTC clock, no versioned copies.
   *
   * @return the default configuration
   */
  public static UpdaterConfig defaults() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults ({@link #defaults()}).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these values.
   *
   * @return a builder that {@link Builder#build()}s an equal configuration until changed
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxRootRotations = maxRootRotations;
    b.maxDelegations = maxDelegations;
    b.rootMaxLength = rootMaxLength;
    b.timestampMaxLength = timestampMaxLength;
    b.snapshotMaxLength = snapshotMaxLength;
    b.targetsMaxLength = targetsMaxLength;
    b.maxJsonDepth = maxJsonDepth;
    b.clock = clock;
    b.keepVersionedCopies = keepVersionedCopies;
    b.syncWrites = syncWrites;
    b.prefixTargetsWithHash = prefixTargetsWithHash;
    b.lockPolicy = lockPolicy;
    b.maxAge = maxAge;
    b.offlineFallback = offlineFallback;
    b.unsafeOfflineExpiredMetadata = unsafeOfflineExpiredMetadata;
    b.clockRollbackTolerance = clockRollbackTolerance;
    b.clockRollbackPolicy = clockRollbackPolicy;
    return b;
  }

  /** JSON parsing limits for a file of at most {@code maxBytes}. */
  JsonLimits jsonLimits(long maxBytes) {
    return new JsonLimits(maxBytes, maxJsonDepth, JsonLimits.DEFAULT.maxStringLength());
  }

  private static Duration notNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdaterConfig c && maxRootRotations == c.maxRootRotations
        && maxDelegations == c.maxDelegations && rootMaxLength == c.rootMaxLength
        && timestampMaxLength == c.timestampMaxLength
        && snapshotMaxLength == c.snapshotMaxLength && targetsMaxLength == c.targetsMaxLength
        && maxJsonDepth == c.maxJsonDepth && clock.equals(c.clock)
        && keepVersionedCopies == c.keepVersionedCopies && syncWrites == c.syncWrites
        && prefixTargetsWithHash == c.prefixTargetsWithHash
        && lockPolicy.equals(c.lockPolicy)
        && maxAge.equals(c.maxAge)
        && offlineFallback == c.offlineFallback
        && unsafeOfflineExpiredMetadata == c.unsafeOfflineExpiredMetadata
        && clockRollbackTolerance.equals(c.clockRollbackTolerance)
        && clockRollbackPolicy == c.clockRollbackPolicy;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRootRotations, maxDelegations, rootMaxLength, timestampMaxLength,
        snapshotMaxLength, targetsMaxLength, maxJsonDepth, clock, keepVersionedCopies,
        syncWrites, prefixTargetsWithHash, lockPolicy,
        maxAge, offlineFallback, unsafeOfflineExpiredMetadata,
        clockRollbackTolerance,
        clockRollbackPolicy);
  }

  @Override
  public String toString() {
    return "UpdaterConfig[maxRootRotations=" + maxRootRotations + ", maxDelegations="
        + maxDelegations + ", rootMaxLength=" + rootMaxLength + ", timestampMaxLength="
        + timestampMaxLength + ", snapshotMaxLength=" + snapshotMaxLength
        + ", targetsMaxLength=" + targetsMaxLength + ", maxJsonDepth=" + maxJsonDepth
        + ", clock=" + clock + ", keepVersionedCopies=" + keepVersionedCopies
        + ", syncWrites=" + syncWrites
        + ", prefixTargetsWithHash=" + prefixTargetsWithHash + ", lockPolicy=" + lockPolicy
        + ", maxAge=" + maxAge
        + ", offlineFallback=" + offlineFallback + ", unsafeOfflineExpiredMetadata="
        + unsafeOfflineExpiredMetadata + ", clockRollbackTolerance="
        + clockRollbackTolerance + ", clockRollbackPolicy=" + clockRollbackPolicy + "]";
  }

  /** Builds an {@link UpdaterConfig}; unset values keep their defaults. */
  public static final class Builder {
    private int maxRootRotations = 256;
    private int maxDelegations = 32;
    private long rootMaxLength = 512_000;
    private long timestampMaxLength = 16_384;
    private long snapshotMaxLength = 2_000_000;
    private long targetsMaxLength = 5_000_000;
    private int maxJsonDepth = JsonLimits.DEFAULT.maxDepth();
    private Clock clock = Clock.systemUTC();
    private boolean keepVersionedCopies;
    private boolean syncWrites = true;
    private boolean prefixTargetsWithHash = true;
    private LockPolicy lockPolicy = LockPolicy.waitAtMost(Duration.ofMinutes(1));
    private Duration maxAge = Duration.ZERO;
    private boolean offlineFallback;
    private boolean unsafeOfflineExpiredMetadata;
    private Duration clockRollbackTolerance = Duration.ofMinutes(5);
    private ClockRollbackPolicy clockRollbackPolicy = ClockRollbackPolicy.FAIL;

    private Builder() {}

    /**
     * Most root versions fetched in one refresh (§5.3.3); default 256.
     *
     * @param value the bound, positive
     * @return this builder
     */
    public Builder maxRootRotations(int value) {
      this.maxRootRotations = value;
      return this;
    }

    /**
     * Most delegated roles visited in one target search (§5.6.7.1); default 32.
     *
     * @param value the bound, positive
     * @return this builder
     */
    public Builder maxDelegations(int value) {
      this.maxDelegations = value;
      return this;
    }

    /**
     * Most bytes read for a root file (§5.3.3); default 512,000.
     *
     * @param value the bound in bytes, positive
     * @return this builder
     */
    public Builder rootMaxLength(long value) {
      this.rootMaxLength = value;
      return this;
    }

    /**
     * Most bytes read for timestamp.json (§5.4.1); default 16,384.
     *
     * @param value the bound in bytes, positive
     * @return this builder
     */
    public Builder timestampMaxLength(long value) {
      this.timestampMaxLength = value;
      return this;
    }

    /**
     * Most bytes read for a snapshot whose length the timestamp does not list (§5.5.1); default
     * 2,000,000.
     *
     * @param value the bound in bytes, positive
     * @return this builder
     */
    public Builder snapshotMaxLength(long value) {
      this.snapshotMaxLength = value;
      return this;
    }

    /**
     * Most bytes read for targets metadata whose length the snapshot does not list (§5.6.1);
     * default 5,000,000.
     *
     * @param value the bound in bytes, positive
     * @return this builder
     */
    public Builder targetsMaxLength(long value) {
      this.targetsMaxLength = value;
      return this;
    }

    /**
     * Deepest JSON nesting accepted in any metadata file; default {@link JsonLimits#DEFAULT}'s.
     *
     * @param value the depth, from 4 to {@link CanonicalJson#MAX_SUPPORTED_DEPTH}
     * @return this builder
     */
    public Builder maxJsonDepth(int value) {
      this.maxJsonDepth = value;
      return this;
    }

    /**
     * Where the reference time of each refresh is read from (§5.1); default the system UTC clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Whether to keep every accepted metadata file as {@code N.<role>.json} too; default false.
     *
     * @param value true to keep the versioned copies
     * @return this builder
     */
    public Builder keepVersionedCopies(boolean value) {
      this.keepVersionedCopies = value;
      return this;
    }

    /**
     * Whether to force what the client writes to its metadata directory to stable storage
     * (fsync) before relying on it; default true. Without it a crash or power loss can leave
     * the directory's trusted metadata torn or missing, and the next process refuses to start
     * from it. Turn it off only for a directory no later process trusts: a temporary one,
     * deleted when this process ends, as {@code tuf verify} uses.
     *
     * @param value false only for a throwaway metadata directory
     * @return this builder
     */
    public Builder syncWrites(boolean value) {
      this.syncWrites = value;
      return this;
    }

    /**
     * Whether to fetch targets as {@code <hash>.<name>} when the root sets consistent snapshots
     * (§5.7.3); default true.
     *
     * @param value false only for repositories that do not store targets that way
     * @return this builder
     */
    public Builder prefixTargetsWithHash(boolean value) {
      this.prefixTargetsWithHash = value;
      return this;
    }

    /**
     * What a refresh does when another process holds the metadata directory's lock (the file
     * {@code .tuf4j-lock} in it): wait at most a bounded time, or fail at once; either way it then
     * fails with {@link MetadataDirectoryLockedException}. Default {@link LockPolicy#waitAtMost
     * waitAtMost(1 minute)}.
     * How young the last complete refresh must be to skip the network ({@link
     * UpdaterConfig#maxAge()}); default {@link Duration#ZERO}, off.
     *
     * @param value the age, not negative; zero turns it off
     * @return this builder
     */
    public Builder maxAge(Duration value) {
      this.maxAge = Objects.requireNonNull(value, "maxAge");
      return this;
    }

    /**
     * Whether to answer from unexpired stored metadata when the repository cannot be reached
     * ({@link UpdaterConfig#offlineFallback()}); default false.
     *
     * @param value true to allow offline answers
     * @return this builder
     */
    public Builder offlineFallback(boolean value) {
      this.offlineFallback = value;
      return this;
    }

    /**
     * The unsafe mode: whether offline answers may use expired metadata, each use reported
     * ({@link UpdaterConfig#unsafeOfflineExpiredMetadata()}); default false. Needs {@link
     * #offlineFallback}.
     *
     * @param value true to allow expired metadata in offline answers
     * @return this builder
     */
    public Builder unsafeOfflineExpiredMetadata(boolean value) {
      this.unsafeOfflineExpiredMetadata = value;
      return this;
    }

    /**
     * How far the clock may read below the time floor before {@link #clockRollbackPolicy} applies
     * ({@link UpdaterConfig#clockRollbackTolerance()}); default five minutes.
     *
     * @param value the tolerance, not negative
     * @return this builder
     */
    public Builder clockRollbackTolerance(Duration value) {
      this.clockRollbackTolerance = Objects.requireNonNull(value, "clockRollbackTolerance");
      return this;
    }

    /**
     * What a refresh does when another process holds the metadata directory's lock (the file
     * {@code .tuf4j-lock} in it): wait at most a bounded time, or fail at once; either way it then
     * fails with {@link MetadataDirectoryLockedException}. Default {@link LockPolicy#waitAtMost
     * waitAtMost(1 minute)}.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder lockPolicy(LockPolicy value) {
      this.lockPolicy = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * What a refresh does when the clock was turned back ({@link
     * UpdaterConfig#clockRollbackPolicy()}); default {@link ClockRollbackPolicy#FAIL}.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder clockRollbackPolicy(ClockRollbackPolicy value) {
      this.clockRollbackPolicy = Objects.requireNonNull(value, "clockRollbackPolicy");
      return this;
    }

    /**
     * Checks every bound: the counts and lengths must be positive and {@code maxJsonDepth}
     * between 4 and {@link CanonicalJson#MAX_SUPPORTED_DEPTH}, the durations not negative, and
     * {@code unsafeOfflineExpiredMetadata} only with {@code offlineFallback}.
     *
     * @return the configuration
     * @throws IllegalArgumentException when a bound is out of range
     */
    public UpdaterConfig build() {
      return new UpdaterConfig(this);
    }
  }
}
