package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a Primary forwards to its Secondaries for partial verification (Uptane Standard
 * #send_metadata_primary, "at a minimum, it includes only the Targets metadata file from the
 * Director repository"; #partial_verification): the Director's targets metadata exactly as the
 * Primary received and verified them, and the Director root versions the Primary trusted in the
 * same refresh, oldest first, so that a Secondary can follow a rotation of the Director's keys.
 * Byte arrays are copied in and out.
 */
public final class DirectorMetadata {
  private final byte[] targets;
  private final List<byte[]> rootChain;

  /**
   * @param targets the Director's targets metadata file as received
   * @param rootChain Director root files, oldest first; may be empty
   */
  public DirectorMetadata(byte[] targets, List<byte[]> rootChain) {
    this.targets = Objects.requireNonNull(targets, "targets").clone();
    List<byte[]> copy = new ArrayList<>(rootChain.size());
    rootChain.forEach(r -> copy.add(Objects.requireNonNull(r, "root").clone()));
    this.rootChain = List.copyOf(copy);
  }

  /** The Director's targets metadata file, byte for byte as the Primary received it. */
  public byte[] targets() {
    return targets.clone();
  }

  /** Director root files, oldest first. */
  public List<byte[]> rootChain() {
    List<byte[]> out = new ArrayList<>(rootChain.size());
    rootChain.forEach(r -> out.add(r.clone()));
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "DirectorMetadata[targets " + targets.length + " bytes, " + rootChain.size()
        + " root version(s)]";
  }
}
