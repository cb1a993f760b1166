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

  public TargetInfo {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(signingRole, "signingRole");
    delegationChain = List.copyOf(delegationChain);
  }

  /** The target path, for example {@code firmware/ecu-1.2.bin}. */
  public String path() {
    return target.path();
  }

  /** The trusted length in bytes. */
  public long length() {
    return target.length();
  }

  /** The trusted digests, algorithm name to lowercase hex. */
  public Map<String, String> hashes() {
    return target.hashes();
  }
}
