package org.tuf4j;

/**
 * Metadata has a version other than the one required: root N+1 during rotation (§5.3.5), or
 * the version listed by the referring metadata (§5.5.4, §5.6.2; mix-and-match defence).
 */
public final class BadVersionException extends VerificationException {
  private final String role;
  private final long expectedVersion;
  private final long actualVersion;

  public BadVersionException(String role, long expectedVersion, long actualVersion) {
    super(role + ": expected version " + expectedVersion + ", got version " + actualVersion);
    this.role = role;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  public String role() {
    return role;
  }

  public long expectedVersion() {
    return expectedVersion;
  }

  public long actualVersion() {
    return actualVersion;
  }
}
