package org.tuf4j.client;

import java.time.Clock;
import java.util.Objects;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;

/**
 * Every security bound of a client in one place, with safe defaults (TUF spec §5: the values W,
 * X, Y, Z and the maximum number of roles visited that the spec leaves to the application).
 *
 * @param maxRootRotations most root versions fetched in one refresh (§5.3.3, "Y"); default 256
 * @param maxDelegations most delegated roles visited in one target search (§5.6.7.1); default 32
 * @param rootMaxLength most bytes read for a root file, whose size is unknown (§5.3.3, "W")
 * @param timestampMaxLength most bytes read for timestamp.json (§5.4.1, "X")
 * @param snapshotMaxLength most bytes read for a snapshot whose length the timestamp does not
 *     list (§5.5.1, "Y")
 * @param targetsMaxLength most bytes read for targets metadata whose length the snapshot does
 *     not list (§5.6.1, "Z")
 * @param maxJsonDepth deepest JSON nesting accepted in any metadata file
 * @param clock where the reference time of each refresh is read from, once (§5.1)
 * @param keepVersionedCopies also keep every accepted metadata file as {@code N.<role>.json} in
 *     the metadata directory (an audit trail); the client itself only reads {@code <role>.json}
 * @param prefixTargetsWithHash with consistent snapshots, fetch targets as {@code <hash>.<name>}
 *     (§5.7.3); turn off only for repositories that do not store targets that way
 */
public record UpdaterConfig(int maxRootRotations, int maxDelegations, long rootMaxLength,
    long timestampMaxLength, long snapshotMaxLength, long targetsMaxLength, int maxJsonDepth,
    Clock clock, boolean keepVersionedCopies, boolean prefixTargetsWithHash) {

  /**
   * Checks every bound: the counts and lengths must be positive and {@code maxJsonDepth} between 4
   * and {@link CanonicalJson#MAX_SUPPORTED_DEPTH}.
   *
   * @param maxRootRotations most root versions fetched in one refresh (§5.3.3)
   * @param maxDelegations most delegated roles visited in one target search (§5.6.7.1)
   * @param rootMaxLength most bytes read for a root file (§5.3.3)
   * @param timestampMaxLength most bytes read for timestamp.json (§5.4.1)
   * @param snapshotMaxLength most bytes read for a snapshot of unlisted length (§5.5.1)
   * @param targetsMaxLength most bytes read for targets metadata of unlisted length (§5.6.1)
   * @param maxJsonDepth deepest JSON nesting accepted in any metadata file
   * @param clock where the reference time of each refresh is read from (§5.1)
   * @param keepVersionedCopies also keep every accepted file as {@code N.<role>.json}
   * @param prefixTargetsWithHash with consistent snapshots, fetch targets as {@code <hash>.<name>}
   * @throws IllegalArgumentException when a bound is out of range
   */
  public UpdaterConfig {
    positive("maxRootRotations", maxRootRotations);
    positive("maxDelegations", maxDelegations);
    positive("rootMaxLength", rootMaxLength);
    positive("timestampMaxLength", timestampMaxLength);
    positive("snapshotMaxLength", snapshotMaxLength);
    positive("targetsMaxLength", targetsMaxLength);
    if (maxJsonDepth < 4 || maxJsonDepth > CanonicalJson.MAX_SUPPORTED_DEPTH) {
      throw new IllegalArgumentException("maxJsonDepth must be between 4 and "
          + CanonicalJson.MAX_SUPPORTED_DEPTH + ", got " + maxJsonDepth);
    }
    Objects.requireNonNull(clock, "clock");
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
    b.prefixTargetsWithHash = prefixTargetsWithHash;
    return b;
  }

  /** JSON parsing limits for a file of at most {@code maxBytes}. */
  JsonLimits jsonLimits(long maxBytes) {
    return new JsonLimits(maxBytes, maxJsonDepth, JsonLimits.DEFAULT.maxStringLength());
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
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
    private boolean prefixTargetsWithHash = true;

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
     * @return the configuration
     * @throws IllegalArgumentException if a bound is not positive
     */
    public UpdaterConfig build() {
      return new UpdaterConfig(maxRootRotations, maxDelegations, rootMaxLength,
          timestampMaxLength, snapshotMaxLength, targetsMaxLength, maxJsonDepth, clock,
          keepVersionedCopies, prefixTargetsWithHash);
    }
  }
}
