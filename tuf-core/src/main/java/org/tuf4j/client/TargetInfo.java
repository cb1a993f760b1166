package org.tuf4j.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tuf4j.metadata.TargetFile;

/**
 * A target as trusted metadata describes it (TUF spec §5.7.1), with the role that listed it and
 * the delegation chain the search followed to that role ({@code targets} first).
 */
public record TargetInfo(TargetFile target, String signingRole, List<String> delegationChain) {

  /**
   * Checks that {@code target} and {@code signingRole} are present and copies the chain.
   *
   * @param target the target's path, length, hashes and custom value as the signing role lists it
   * @param signingRole the role whose metadata lists the target
   * @param delegationChain the roles followed from {@code targets} to {@code signingRole}
   */
  public TargetInfo {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(signingRole, "signingRole");
    delegationChain = List.copyOf(delegationChain);
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
}
