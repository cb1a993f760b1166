package org.tuf4j;

import java.util.OptionalLong;

/**
 * New metadata has a lower version than the trusted one, or no longer lists a role the trusted
 * metadata listed: the defence against rollback attacks (TUF spec §1.5.2, §5.4.3, §5.5.5).
 */
public final class RollbackException extends VerificationException {
  /** The role whose version went back or disappeared. */
  private final String role;
  /** The version the trusted metadata lists. */
  private final long trustedVersion;
  /** The new version, or empty when the new metadata no longer lists the role at all. */
  private final OptionalLong newVersion;

  /**
   * @param role the role whose version went back
   * @param trustedVersion the version the trusted metadata lists
   * @param newVersion the lower version the new metadata lists
   */
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

  /**
   * {@code role} was listed at {@code trustedVersion} by trusted metadata and is now missing.
   *
   * @param role the role that is no longer listed
   * @param listedBy the new metadata that no longer lists it, for the message
   * @param trustedVersion the version the trusted metadata listed
   * @return the exception, with an empty {@link #newVersion()}
   */
  public static RollbackException removed(String role, String listedBy, long trustedVersion) {
    return new RollbackException(role, trustedVersion, role + ": listed at version "
        + trustedVersion + " by the trusted " + listedBy + " but missing from the new one");
  }

  /**
   * The role whose version went back or disappeared.
   *
   * @return the role's name (a metadata file name such as {@code targets.json} for snapshot checks)
   */
  public String role() {
    return role;
  }

  /**
   * The version the trusted metadata lists for the role.
   *
   * @return the trusted version, higher than {@link #newVersion()} when that is present
   */
  public long trustedVersion() {
    return trustedVersion;
  }

  /**
   * The new version, or empty when the new metadata no longer lists the role at all.
   *
   * @return the new version, if the role is still listed
   */
  public OptionalLong newVersion() {
    return newVersion;
  }
}
