package org.tuf4j;

import java.util.OptionalLong;

/**
 * New metadata has a lower version than the trusted one, or no longer lists a role the trusted
 * metadata listed: the defence against rollback attacks (TUF spec §1.5.2, §5.4.3, §5.5.5).
 */
public final class RollbackException extends VerificationException {
  private final String role;
  private final long trustedVersion;
  private final OptionalLong newVersion;

  public RollbackException(String role, long trustedVersion, long newVersion) {
    super(role + ": version " + newVersion + " is lower than the trusted version "
        + trustedVersion);
    this.role = role;
    this.trustedVersion = trustedVersion;
    this.newVersion = OptionalLong.of(newVersion);
  }

  private RollbackException(String role, long trustedVersion, String message) {
    super(message);
    this.role = role;
    this.trustedVersion = trustedVersion;
    this.newVersion = OptionalLong.empty();
  }

  /** {@code role} was listed at {@code trustedVersion} by trusted metadata and is now missing. */
  public static RollbackException removed(String role, String listedBy, long trustedVersion) {
    return new RollbackException(role, trustedVersion, role + ": listed at version "
        + trustedVersion + " by the trusted " + listedBy + " but missing from the new one");
  }

  public String role() {
    return role;
  }

  public long trustedVersion() {
    return trustedVersion;
  }

  /** The new version, or empty when the new metadata no longer lists the role at all. */
  public OptionalLong newVersion() {
    return newVersion;
  }
}
