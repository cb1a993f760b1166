package org.tuf4j;

/**
 * New metadata has a lower version than the trusted one: the defence against rollback attacks
 * (TUF spec §1.5.2, §5.4.3, §5.5.5).
 */
public final class RollbackException extends VerificationException {
  private final String role;
  private final long trustedVersion;
  private final long newVersion;

  public RollbackException(String role, long trustedVersion, long newVersion) {
    super(role + ": version " + newVersion + " is lower than the trusted version "
        + trustedVersion);
    this.role = role;
    this.trustedVersion = trustedVersion;
    this.newVersion = newVersion;
  }

  public String role() {
    return role;
  }

  public long trustedVersion() {
    return trustedVersion;
  }

  public long newVersion() {
    return newVersion;
  }
}
