package org.tuf4j.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What a refresh does when another process holds the metadata directory's lock ({@code
 * .tuf4j-lock}): wait for it at most a bounded time, or fail at once. Either way a refresh
 * that does not get the lock fails with {@link MetadataDirectoryLockedException} naming the
 * holder, and changes nothing. Set with {@link UpdaterConfig.Builder#lockPolicy}.
 */
public final class LockPolicy {
  private static final LockPolicy FAIL = new LockPolicy(Duration.ZERO);

  private final Duration maxWait;

  private LockPolicy(Duration maxWait) {
    this.maxWait = maxWait;
  }

  /**
   * Fails at once when another process holds the lock: for a process that would rather skip a
   * poll than queue behind another.
   *
   * @return the policy
   */
  public static LockPolicy fail() {
    return FAIL;
  }

  /**
   * Waits until the lock is free, at most {@code maxWait}, then fails.
   *
   * @param maxWait the longest wait; {@link Duration#ZERO} is {@link #fail()}
   * @return the policy
   * @throws IllegalArgumentException if {@code maxWait} is negative
   */
  public static LockPolicy waitAtMost(Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
    }
    return maxWait.isZero() ? FAIL : new LockPolicy(maxWait);
  }

  /**
   * The longest a refresh waits for the lock.
   *
   * @return the bound; zero to fail at once
   */
  public Duration maxWait() {
    return maxWait;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LockPolicy p && maxWait.equals(p.maxWait);
  }

  @Override
  public int hashCode() {
    return maxWait.hashCode();
  }

  @Override
  public String toString() {
    return maxWait.isZero() ? "LockPolicy[fail]" : "LockPolicy[waitAtMost=" + maxWait + "]";
  }
}
