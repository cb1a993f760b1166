package org.tuf4j;

import java.time.Instant;

/**
 * Metadata whose {@code expires} is not after the reference time: the defence against the
 * indefinite freeze attack (TUF spec §1.5.2, §5.3.10, §5.4.4, §5.5.6, §5.6.4).
 */
public final class ExpiredMetadataException extends VerificationException {
  private final String role;
  private final long version;
  private final Instant expires;
  private final Instant referenceTime;

  public ExpiredMetadataException(String role, long version, Instant expires,
      Instant referenceTime) {
    super(role + " v" + version + " expired at " + expires + " (reference time " + referenceTime
        + ")");
    this.role = role;
    this.version = version;
    this.expires = expires;
    this.referenceTime = referenceTime;
  }

  public String role() {
    return role;
  }

  public long version() {
    return version;
  }

  public Instant expires() {
    return expires;
  }

  public Instant referenceTime() {
    return referenceTime;
  }
}
