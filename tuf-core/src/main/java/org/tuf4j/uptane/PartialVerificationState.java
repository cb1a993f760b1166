package org.tuf4j.uptane;

import java.util.Objects;
import java.util.Optional;

/**
 * What a partial-verification Secondary keeps between update cycles (Uptane Standard
 * #partial_verification; #build-time prerequisites, "Partial verification Secondary ECUs SHALL
 * have the Root and Targets metadata from the Director repository";
 * #send_metadata_primary, "Each Secondary SHALL store the latest copy of all metadata required
 * for its own verification"): the Director root it trusts and the Director targets it last
 * accepted, as exact files. The caller stores it; {@link PartialVerifier#verify} returns the
 * next one only when a whole verification succeeds, so after a failure the previous one stays
 * (#download_image step 4: "the ECU SHALL retain its previous Targets metadata"). Byte arrays
 * are copied in and out.
 */
public final class PartialVerificationState {
  private final byte[] directorRoot;
  private final byte[] directorTargets; // null before the first accepted targets

  private PartialVerificationState(byte[] directorRoot, byte[] directorTargets) {
    this.directorRoot = Objects.requireNonNull(directorRoot, "directorRoot").clone();
    this.directorTargets = directorTargets == null ? null : directorTargets.clone();
  }

  /**
   * The state of a Secondary provisioned with a Director root and no targets yet.
   *
   * @param directorRoot the Director root file the Secondary was provisioned with
   * @return the state
   */
  public static PartialVerificationState initial(byte[] directorRoot) {
    return new PartialVerificationState(directorRoot, null);
  }

  /**
   * A stored state: the trusted Director root and the last accepted Director targets.
   *
   * @param directorRoot the trusted Director root file
   * @param directorTargets the last accepted Director targets file, or empty
   * @return the state
   */
  public static PartialVerificationState of(byte[] directorRoot,
      Optional<byte[]> directorTargets) {
    return new PartialVerificationState(directorRoot, directorTargets.orElse(null));
  }

  /**
   * The Director root file the Secondary trusts.
   *
   * @return a copy of the file's bytes
   */
  public byte[] directorRoot() {
    return directorRoot.clone();
  }

  /**
   * The Director targets file last accepted: the rollback floor of the next one.
   *
   * @return a copy of the file's bytes, or empty before any was accepted
   */
  public Optional<byte[]> directorTargets() {
    return Optional.ofNullable(directorTargets).map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "PartialVerificationState[root " + directorRoot.length + " bytes, targets "
        + (directorTargets == null ? "none" : directorTargets.length + " bytes") + "]";
  }
}
