package org.tuf4j;

import java.util.Set;

/**
 * Fewer distinct keys than the role's threshold produced valid signatures (TUF spec §5.3.4,
 * §5.4.2, §5.5.3, §5.6.3). Carries which keys did sign, so a repository tool can say which
 * signatures are still missing.
 */
public final class ThresholdNotMetException extends VerificationException {
  private final String role;
  private final long version;
  private final int threshold;
  private final Set<String> signedBy;

  public ThresholdNotMetException(String role, long version, int threshold, Set<String> signedBy,
      String detail) {
    super(role + " v" + version + ": signed by " + signedBy.size() + " distinct key(s) of the "
        + threshold + " required" + (detail.isEmpty() ? "" : " (" + detail + ")"));
    this.role = role;
    this.version = version;
    this.threshold = threshold;
    this.signedBy = Set.copyOf(signedBy);
  }

  public String role() {
    return role;
  }

  public long version() {
    return version;
  }

  public int threshold() {
    return threshold;
  }

  /** Key ids whose signatures verified (one per distinct key). */
  public Set<String> signedBy() {
    return signedBy;
  }
}
