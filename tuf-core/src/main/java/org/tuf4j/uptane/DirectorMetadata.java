package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tuf4j.metadata.MetadataEncoding;

/**
 * What a Primary forwards to its Secondaries for partial verification (Uptane Standard
 * #send_metadata_primary, "at a minimum, it includes only the Targets metadata file from the
 * Director repository"; #partial_verification): the Director's targets metadata exactly as the
 * Primary received and verified them, and the Director root versions the Primary trusted in the
 * same refresh, oldest first, so that a Secondary can follow a rotation of the Director's keys.
 * Byte arrays are copied in and out.
 *
 * <p>The files are in the Director's {@link MetadataEncoding} as the Primary reads it
 * (#meta_structures): {@link FullVerifier} sets {@link #encoding()} from the metadata it
 * verified. A Secondary is configured with the encoding it reads ({@link
 * PartialVerifier.Builder#encoding}); code that rebuilds this value from what arrives over the
 * vehicle's network names that configured encoding, never one taken from the message. A value
 * of another encoding than the verifier's is refused, and bytes of another encoding than
 * declared never parse as metadata.
 */
public final class DirectorMetadata {
  private final byte[] targets;
  private final List<byte[]> rootChain;
  private final MetadataEncoding encoding;

  /**
   * Director metadata in canonical JSON.
   *
   * @param targets the Director's targets metadata file as received
   * @param rootChain Director root files, oldest first; may be empty
   */
  public DirectorMetadata(byte[] targets, List<byte[]> rootChain) {
    this(targets, rootChain, MetadataEncoding.JSON);
  }

  /**
   * Director metadata in {@code encoding}.
   *
   * @param targets the Director's targets metadata file as received
   * @param rootChain Director root files, oldest first; may be empty
   * @param encoding the encoding of every file here
   */
  public DirectorMetadata(byte[] targets, List<byte[]> rootChain, MetadataEncoding encoding) {
    this.targets = Objects.requireNonNull(targets, "targets").clone();
    List<byte[]> copy = new ArrayList<>(rootChain.size());
    rootChain.forEach(r -> copy.add(Objects.requireNonNull(r, "root").clone()));
    this.rootChain = List.copyOf(copy);
    this.encoding = Objects.requireNonNull(encoding, "encoding");
  }

  /**
   * The Director's targets metadata file, byte for byte as the Primary received it.
   *
   * @return a copy of the file's bytes
   */
  public byte[] targets() {
    return targets.clone();
  }

  /**
   * Director root files, oldest first.
   *
   * @return copies of the root files
   */
  public List<byte[]> rootChain() {
    List<byte[]> out = new ArrayList<>(rootChain.size());
    rootChain.forEach(r -> out.add(r.clone()));
    return List.copyOf(out);
  }

  /**
   * The encoding of {@link #targets()} and of every root file.
   *
   * @return JSON or deterministic CBOR
   */
  public MetadataEncoding encoding() {
    return encoding;
  }

  @Override
  public String toString() {
    return "DirectorMetadata[" + encoding + ", targets " + targets.length + " bytes, "
        + rootChain.size() + " root version(s)]";
  }
}
