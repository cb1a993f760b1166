package org.tuf4j.repository;

import java.util.NoSuchElementException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;

/**
 * Which key a signer holds, compared by key material rather than spelling: one key can be written
 * several ways (TUF spec §4.2 key objects; a PEM key has several encodings), so a role's key and a
 * signer's are the same when their public key identities are.
 */
final class KeyIdentity {
  private KeyIdentity() {
  }

  /** The key's public key identity; empty for a key tuf4j cannot use, which matches nothing. */
  static byte[] of(Key key) {
    try {
      return CryptoBackends.defaultBackend().verifier(key.keyType(), key.scheme(),
          key.publicValue().orElseThrow()).publicKeyIdentity();
    } catch (TufException | NoSuchElementException e) {
      return new byte[0]; // a key tuf4j cannot use never matches a signer
    }
  }

  /** The identity of the key {@code signer} holds. */
  static byte[] of(Signer signer) {
    return of(Key.of(signer.keyType(), signer.scheme(), signer.publicValue()));
  }
}
