package org.tuf4j;

/**
 * Metadata for a role was offered that trusted metadata does not list: snapshot metadata has no
 * entry for a targets role (TUF spec §5.6.2), or no delegator delegates to it (§5.6.7). Such a
 * file cannot be tied to a version, so it is never trusted (extraneous dependencies, mix-and-match).
 */
public final class RoleNotListedException extends VerificationException {
  /** The role that was offered. */
  private final String role;
  /** Which trusted metadata should have listed the role. */
  private final String listing;

  /**
   * @param role the role that was offered
   * @param listing which trusted metadata should have listed it, for example {@code "snapshot"}
   */
  public RoleNotListedException(String role, String listing) {
    super(role + " is not listed in the trusted " + listing);
    this.role = role;
    this.listing = listing;
  }

  /**
   * The role that was offered.
   *
   * @return the name of the role that was offered
   */
  public String role() {
    return role;
  }

  /**
   * Which trusted metadata should have listed it, for example {@code "snapshot"}.
   *
   * @return the name of the trusted metadata that does not list the role
   */
  public String listing() {
    return listing;
  }
}
