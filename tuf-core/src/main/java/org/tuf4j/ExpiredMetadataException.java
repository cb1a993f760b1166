package org.tuf4j;

import java.time.Instant;

/**
 * Metadata whose {@code expires} is not after the reference time: the defence against the
 * indefinite freeze attack (TUF spec §1.5.2, §5.3.10, §5.4.4, §5.5.6, §5.6.4).
 */
public final class ExpiredMetadataException extends VerificationException {
  /** The role whose metadata expired. */
  private final String role;
  /** The version of the expired metadata. */
  private final long version;
  /** The metadata's {@code expires} time. */
  private final Instant expires;
  /** The time the expiry was checked against (TUF spec §5.1, the fixed update start time). */
  private final Instant referenceTime;

  /**
   * @param role the role whose metadata expired
   * @param version the version of the expired metadata
   * @param expires the metadata's {@code expires} time
   * @param referenceTime the time the expiry was checked against (TUF spec §5.1)
   */
  public ExpiredMetadataException(String role, long version, Instant expires,
      Instant referenceTime) {
    super(role + " v" + version + " expired at " + expires + " (reference time " + referenceTime
        + ")");
    this.role = role;
    this.version = version;
    this.expires = expires;
    this.referenceTime = referenceTime;
  }

  /** {@return the role whose metadata expired} */
  public String role() {
    return role;
  }

  /** {@return the version of the expired metadata} */
  public long version() {
    return version;
  }

  /** {@return the metadata's {@code expires} time, not after {@link #referenceTime()}} */
  public Instant expires() {
    return expires;
  }

  /**
   * {@return the time the expiry was checked against: the update's fixed start time (TUF spec
   * §5.1)}
   */
  public Instant referenceTime() {
    return referenceTime;
  }
}
