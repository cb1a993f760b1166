package org.tuf4j;

import java.util.Set;

/**
 * Fewer distinct keys than the role's threshold produced valid signatures (TUF spec §5.3.4,
 * §5.4.2, §5.5.3, §5.6.3). Carries which keys did sign, so a repository tool can say which
 * signatures are still missing.
 */
public final class ThresholdNotMetException extends VerificationException {
  /** The role whose metadata lacks signatures. */
  private final String role;
  /** The version of that metadata. */
  private final long version;
  /** The number of distinct keys that must sign. */
  private final int threshold;
  /** Key ids whose signatures verified (one per distinct key). */
  private final Set<String> signedBy;

  /**
   * @param role the role whose metadata lacks signatures
   * @param version the version of that metadata
   * @param threshold the number of distinct keys that must sign
   * @param signedBy the key ids whose signatures verified, one per distinct key
   * @param detail what else was found (for example signatures by unknown keys); empty when nothing
   */
  public ThresholdNotMetException(String role, long version, int threshold, Set<String> signedBy,
      String detail) {
    super(role + " v" + version + ": signed by " + signedBy.size() + " distinct key(s) of the "
        + threshold + " required" + (detail.isEmpty() ? "" : " (" + detail + ")"));
    this.role = role;
    this.version = version;
    this.threshold = threshold;
    this.signedBy = Set.copyOf(signedBy);
  }

  /**
   * The role whose metadata lacks signatures.
   *
   * @return the role's name
   */
  public String role() {
    return role;
  }

  /**
   * The version of the metadata that lacks signatures.
   *
   * @return the metadata's version
   */
  public long version() {
    return version;
  }

  /**
   * The number of distinct keys that must sign (the role's threshold).
   *
   * @return the threshold, greater than the size of {@link #signedBy()}
   */
  public int threshold() {
    return threshold;
  }

  /**
   * Key ids whose signatures verified (one per distinct key).
   *
   * @return the key ids, fewer than {@link #threshold()}
   */
  public Set<String> signedBy() {
    return signedBy;
  }
}
