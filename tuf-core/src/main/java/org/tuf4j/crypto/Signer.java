package org.tuf4j.crypto;

import java.security.GeneralSecurityException;

/**
 * Makes signatures with a private key that stays inside the implementation (TUF spec §4.2).
 * The repository writer signs through this; file, PKCS#11 and offline signers implement it.
 */
public interface Signer {
  /**
   * {@code keytype} of the matching public key object.
   *
   * @return the key type, such as {@code ed25519}
   */
  String keyType();

  /**
   * {@code scheme} of the matching public key object.
   *
   * @return the signature scheme, such as {@code rsassa-pss-sha256}
   */
  String scheme();

  /**
   * {@code keyval.public} of the matching public key object.
   *
   * @return the public key as TUF writes it (hex for ed25519, PEM otherwise)
   */
  String publicValue();

  /**
   * A signature over {@code message} in the scheme's TUF encoding (DER for ECDSA).
   *
   * @param message the bytes to sign: the canonical form of a metadata file's {@code signed} value
   * @return the signature bytes
   * @throws GeneralSecurityException when the key or its token cannot sign
   */
  byte[] sign(byte[] message) throws GeneralSecurityException;
}
