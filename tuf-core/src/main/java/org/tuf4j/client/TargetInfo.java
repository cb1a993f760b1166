package org.tuf4j.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tuf4j.metadata.TargetFile;

/**
 * A target as trusted metadata describes it (TUF spec §5.7.1), with the role that listed it and
 * the delegation chain the search followed to that role ({@code targets} first).
 *
 * <p>Only an {@link Updater}'s lookups make one ({@link Updater#getTargetInfo(String)}), and
 * that updater's downloads accept only those it made: what is downloaded and checked is always
 * what its own verified metadata lists. Two instances are equal when they describe the same
 * target, role and chain, whichever updater found them.
 */
public final class TargetInfo {
  private final TargetFile target;
  private final String signingRole;
  private final List<String> delegationChain;
  private final Object issuer;

  /**
   * A target found by a lookup.
   *
   * @param issuer the lookup's identity, which the same updater's downloads ask for
   */
  TargetInfo(TargetFile target, String signingRole, List<String> delegationChain,
      Object issuer) {
    this.target = Objects.requireNonNull(target, "target");
    this.signingRole = Objects.requireNonNull(signingRole, "signingRole");
    this.delegationChain = List.copyOf(delegationChain);
    this.issuer = Objects.requireNonNull(issuer, "issuer");
  }

  /** Whether this target was found by the lookup {@code issuer} identifies. */
  boolean issuedBy(Object issuer) {
    return this.issuer == issuer;
  }

  /**
   * The target's path, length, hashes and custom value as the signing role lists it.
   *
   * @return the trusted target entry
   */
  public TargetFile target() {
    return target;
  }

  /**
   * The role whose metadata lists the target.
   *
   * @return the signing role's name
   */
  public String signingRole() {
    return signingRole;
  }

  /**
   * The roles followed from {@code targets} to {@link #signingRole()}, both included.
   *
   * @return the delegation chain, {@code targets} first
   */
  public List<String> delegationChain() {
    return delegationChain;
  }

  /**
   * The target path, for example {@code firmware/ecu-1.2.bin}.
   *
   * @return the target path
   */
  public String path() {
    return target.path();
  }

  /**
   * The trusted length in bytes.
   *
   * @return the length the signing role lists
   */
  public long length() {
    return target.length();
  }

  /**
   * The trusted digests, algorithm name to lowercase hex.
   *
   * @return the hashes the signing role lists
   */
  public Map<String, String> hashes() {
    return target.hashes();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetInfo other && target.equals(other.target)
        && signingRole.equals(other.signingRole)
        && delegationChain.equals(other.delegationChain);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, signingRole, delegationChain);
  }

  @Override
  public String toString() {
    return "TargetInfo[target=" + target + ", signingRole=" + signingRole
        + ", delegationChain=" + delegationChain + "]";
  }
}
