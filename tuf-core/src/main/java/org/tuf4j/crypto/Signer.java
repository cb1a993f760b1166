package org.tuf4j.crypto;

import java.security.GeneralSecurityException;

/**
 * Makes signatures with a private key that stays inside the implementation (TUF spec §4.2).
 * The repository writer signs through this; file, PKCS#11 and offline signers implement it.
 */
public interface Signer {
  /** {@code keytype} of the matching public key object. */
  String keyType();

  /** {@code scheme} of the matching public key object. */
  String scheme();

  /** {@code keyval.public} of the matching public key object. */
  String publicValue();

  /** A signature over {@code message} in the scheme's TUF encoding (DER for ECDSA). */
  byte[] sign(byte[] message) throws GeneralSecurityException;
}
