package org.tuf4j.repository;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * A {@link Release}'s metadata files in one {@link MetadataEncoding}, from {@link
 * Release#files}: the roles it writes (TUF spec §4.3–§4.6), the exact bytes a signature over
 * each must cover (§4.2: the canonical encoding of its {@code signed}, in this encoding), and the
 * detached signatures key holders send back, each verified before it counts. A signature made
 * over another encoding's bytes is refused here.
 */
public final class ReleaseFiles {
  private final Release release;
  private final MetadataEncoding encoding;

  ReleaseFiles(Release release, MetadataEncoding encoding) {
    this.release = release;
    this.encoding = encoding;
  }

  /**
   * The encoding of these files.
   *
   * @return one of the release's {@link Release#encodings()}
   */
  public MetadataEncoding encoding() {
    return encoding;
  }

  /**
   * The new root, if this release rotates root (or completes, in this encoding, a root an
   * interrupted publish left behind).
   *
   * @return the new root, or empty when root does not change
   */
  public Optional<Signed<Root>> root() {
    return Optional.ofNullable(files().root);
  }

  /**
   * Changed targets roles, by name.
   *
   * @return the changed targets metadata, by role name
   */
  public Map<String, Signed<Targets>> targets() {
    return Map.copyOf(files().targets);
  }

  /**
   * The new snapshot, unless no targets role changed.
   *
   * @return the new snapshot, or empty when the release keeps the published one
   */
  public Optional<Signed<Snapshot>> snapshot() {
    return Optional.ofNullable(files().snapshot);
  }

  /**
   * The new timestamp.
   *
   * @return the timestamp every release publishes
   */
  public Signed<Timestamp> timestamp() {
    return files().timestamp;
  }

  /**
   * The exact bytes a signature for {@code role}'s file in this encoding must cover: the
   * canonical encoding of its {@code signed} (TUF spec §4.2).
   *
   * @param role a role of {@link Release#roles()}
   * @return the bytes to sign
   * @throws IllegalArgumentException when the release does not sign {@code role} in this encoding
   */
  public byte[] bytesToSign(String role) {
    return release.metadata(role, encoding).canonicalSigned();
  }

  /**
   * The role's metadata file as it would be written now, with the signatures so far: for a key
   * holder who signs the file and sends it back ({@link #importSignatures}).
   *
   * @param role a role of {@link Release#roles()}
   * @return the file's bytes
   * @throws IllegalArgumentException when the release does not sign {@code role} in this encoding
   */
  public byte[] export(String role) {
    return release.metadata(role, encoding).toBytes();
  }

  /**
   * A signature by {@code signer} over {@code role}'s file, under the key id the role lists for
   * its key, without adding it: for a key holder who sends the signature back (detached
   * signing).
   *
   * @param role a role of {@link Release#roles()}
   * @param signer the key holder
   * @return the signature, to pass to {@link #addSignature}
   * @throws TufException when the role does not trust the signer's key ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the signer's token fails
   */
  public Signature detachedSignature(String role, Signer signer)
      throws TufException, IOException {
    byte[] identity = KeyIdentity.of(signer);
    for (Map.Entry<String, Key> trusted : keysFor(role).entrySet()) {
      if (identity.length > 0 && Arrays.equals(identity, KeyIdentity.of(trusted.getValue()))) {
        return signWith(signer, trusted.getKey(), role);
      }
    }
    throw new InvalidRepositoryException(role + " does not trust this key");
  }

  /**
   * Adds a detached signature made elsewhere (offline, another process, a hardware token) after
   * checking it: the key id must be one the role trusts and the signature must verify over
   * {@link #bytesToSign}. A signature by a key already counted replaces the old one.
   *
   * @param role a role of {@link Release#roles()}
   * @param signature the detached signature
   * @throws TufException when the key is not trusted for the role ({@link
   *     InvalidRepositoryException}) or the signature does not verify ({@link
   *     org.tuf4j.BadSignatureException})
   * @throws IOException when the release cannot be read back from storage
   * @throws IllegalStateException when the release is already published
   */
  public void addSignature(String role, Signature signature) throws TufException, IOException {
    release.requireNotPublished();
    Key key = keysFor(role).get(signature.keyId());
    if (key == null) {
      throw new InvalidRepositoryException(role + " does not trust key " + signature.keyId());
    }
    byte[] sig = signature.bytes().orElseThrow(() -> new InvalidRepositoryException(
        "signature by " + signature.keyId() + " is not hex"));
    try {
      CryptoBackends.defaultBackend().verifier(key.keyType(), key.scheme(),
          key.publicValue().orElseThrow()).verify(bytesToSign(role), sig);
    } catch (TufException e) {
      throw new InvalidRepositoryException("signature by " + signature.keyId() + " over "
          + role + release.label(encoding) + " is not valid: " + e.getMessage(), e);
    }
    Signed<?> current = release.metadata(role, encoding);
    List<Signature> sigs = new ArrayList<>();
    for (Signature s : current.signatures()) {
      if (!s.keyId().equals(signature.keyId())) {
        sigs.add(s);
      }
    }
    sigs.add(signature);
    release.replace(role, encoding, current.withSignatures(sigs));
  }

  /**
   * Adds the valid signatures of a partially signed copy of {@code role}'s file in this encoding
   * (as {@link #export} wrote it and another key holder signed it); its {@code signed} part must
   * be byte-identical.
   *
   * @param role a role of {@link Release#roles()}
   * @param signedFile the signed copy
   * @return how many signatures were added
   * @throws TufException when the copy cannot be parsed or its {@code signed} part differs
   * @throws IOException when the release cannot be read back from storage
   */
  public int importSignatures(String role, byte[] signedFile) throws TufException, IOException {
    Signed<RoleMetadata> other = Signed.parseAny(signedFile,
        ParseOptions.DEFAULT.withEncoding(encoding));
    if (!Arrays.equals(other.canonicalSigned(), bytesToSign(role))) {
      throw new InvalidRepositoryException("the file is not this release's " + role
          + release.label(encoding) + " (its signed content differs)");
    }
    int added = 0;
    for (Signature s : other.signatures()) {
      if (keysFor(role).containsKey(s.keyId())) {
        addSignature(role, s);
        added++;
      }
    }
    return added;
  }

  /** Signs {@code role}'s file if the role trusts {@code signer}'s key. */
  void signIn(Signer signer, String role) throws TufException, IOException {
    byte[] identity = KeyIdentity.of(signer);
    for (Map.Entry<String, Key> trusted : keysFor(role).entrySet()) {
      // Compare key material, not spelling: one PEM key can be written several ways.
      if (identity.length > 0 && Arrays.equals(identity, KeyIdentity.of(trusted.getValue()))) {
        addSignature(role, signWith(signer, trusted.getKey(), role));
      }
    }
  }

  private Signature signWith(Signer signer, String keyId, String role)
      throws InvalidRepositoryException {
    try {
      return Signature.of(keyId, signer.sign(bytesToSign(role)));
    } catch (GeneralSecurityException e) {
      throw new InvalidRepositoryException("signing " + role + " failed: " + e.getMessage(), e);
    }
  }

  private Map<String, Key> keysFor(String role) throws TufException, IOException {
    return release.trust().keysFor(role, encoding);
  }

  private FileSet files() {
    return release.fileSet(encoding);
  }
}
