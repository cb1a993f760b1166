package org.tuf4j;

/**
 * Metadata has a version other than the one required: root N+1 during rotation (§5.3.5), or
 * the version listed by the referring metadata (§5.5.4, §5.6.2; mix-and-match defence).
 */
public final class BadVersionException extends VerificationException {
  /** The role whose metadata has the unexpected version. */
  private final String role;
  /** The version the trusted metadata or the request called for. */
  private final long expectedVersion;
  /** The version the received metadata states. */
  private final long actualVersion;

  /**
   * @param role the role whose metadata has the unexpected version
   * @param expectedVersion the version the trusted metadata or the request called for
   * @param actualVersion the version the received metadata states
   */
  public BadVersionException(String role, long expectedVersion, long actualVersion) {
    super(role + ": expected version " + expectedVersion + ", got version " + actualVersion);
    this.role = role;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  /** {@return the role whose metadata has the unexpected version} */
  public String role() {
    return role;
  }

  /** {@return the version the trusted metadata or the request called for} */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** {@return the version the received metadata states} */
  public long actualVersion() {
    return actualVersion;
  }
}
