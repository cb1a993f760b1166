package org.tuf4j.crypto;

import org.tuf4j.BadSignatureException;

/**
 * Verifies signatures under one public key and one scheme (TUF spec §4.2 "Key objects").
 * {@link #verify} throws instead of returning a boolean a caller could forget to check.
 * Implementations are immutable and thread-safe.
 */
public interface SignatureVerifier {

  /** Returns normally only when {@code signature} is valid over {@code message}. */
  default void verify(byte[] message, byte[] signature) throws BadSignatureException {
    verify(message, 0, message.length, signature);
  }

  /**
   * Returns normally only when {@code signature} is valid over {@code message[offset, offset +
   * length)}: verification over part of a received file without copying it (the {@code signed}
   * value of a metadata file, TUF spec §4.2).
   */
  void verify(byte[] message, int offset, int length, byte[] signature)
      throws BadSignatureException;

  /**
   * The key's SubjectPublicKeyInfo DER: equal for equal key material however it was written
   * (hex point or PEM), so threshold counting can count each key once.
   */
  byte[] publicKeyIdentity();
}
