package org.tuf4j.crypto;

import org.tuf4j.BadSignatureException;

/**
 * Verifies signatures under one public key and one scheme (TUF spec §4.2 "Key objects").
 * {@link #verify} throws instead of returning a boolean a caller could forget to check.
 * Implementations are immutable and thread-safe.
 */
public interface SignatureVerifier {

  /**
   * Returns normally only when {@code signature} is valid over {@code message}.
   *
   * @param message the signed bytes
   * @param signature the signature, in the scheme's TUF encoding
   * @throws BadSignatureException when the signature is malformed or does not verify
   */
  default void verify(byte[] message, byte[] signature) throws BadSignatureException {
    verify(message, 0, message.length, signature);
  }

  /**
   * Returns normally only when {@code signature} is valid over {@code message[offset, offset +
   * length)}: verification over part of a received file without copying it (the {@code signed}
   * value of a metadata file, TUF spec §4.2).
   *
   * @param message the array holding the signed bytes
   * @param offset where the signed bytes start in {@code message}
   * @param length how many bytes are signed
   * @param signature the signature, in the scheme's TUF encoding
   * @throws BadSignatureException when the signature is malformed or does not verify
   */
  void verify(byte[] message, int offset, int length, byte[] signature)
      throws BadSignatureException;

  /**
   * The key's SubjectPublicKeyInfo DER: equal for equal key material however it was written
   * (hex point or PEM), so threshold counting can count each key once.
   *
   * @return a fresh copy of the DER bytes
   */
  byte[] publicKeyIdentity();
}
