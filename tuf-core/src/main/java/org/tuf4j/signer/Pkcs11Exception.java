package org.tuf4j.signer;

import java.security.GeneralSecurityException;

/**
 * A PKCS#11 token, or a key on it, that cannot be used for signing. {@link #reason()} says why.
 * Like {@link KeyFileException}, this is about local key management and so not an
 * {@code org.tuf4j.TufException}.
 */
public final class Pkcs11Exception extends GeneralSecurityException {
  /** Why a token or key was refused. */
  public enum Reason {
    /** The JDK has no SunPKCS11 provider, or the module (the .so/.dll) cannot be loaded. */
    PROVIDER_UNAVAILABLE,
    /** The slot does not exist or holds no usable token. */
    TOKEN_UNAVAILABLE,
    /** The token refused the PIN (wrong, or locked after too many wrong PINs). */
    WRONG_PIN,
    /** No private key with a certificate under that label. */
    KEY_NOT_FOUND,
    /** A key generation asked for a label that is already taken. */
    LABEL_IN_USE,
    /** The key under that label is not a key of the requested scheme. */
    KEY_MISMATCH,
    /** A scheme this signer cannot use on a token (ed25519, or not a TUF scheme). */
    UNSUPPORTED_SCHEME,
    /** The token failed an operation for another reason; see the cause. */
    TOKEN_ERROR
  }

  /** Why the token or key was refused. */
  private final Reason reason;

  /**
   * @param reason why the token or key was refused
   * @param message which token, slot or key label, and what happened
   */
  public Pkcs11Exception(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * @param reason why the token or key was refused
   * @param message which token, slot or key label, and what happened
   * @param cause the provider's failure
   */
  public Pkcs11Exception(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** {@return why the token or key was refused} */
  public Reason reason() {
    return reason;
  }
}
