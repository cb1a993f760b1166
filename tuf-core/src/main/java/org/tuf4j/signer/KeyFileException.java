package org.tuf4j.signer;

import java.security.GeneralSecurityException;

/**
 * A private key file that cannot be turned into a signer. {@link #reason()} says why, so that a
 * tool can, for example, ask for the password again only when it was wrong.
 *
 * <p>This is a {@link GeneralSecurityException} rather than an {@code org.tuf4j.TufException}:
 * it is about local key management, not about repository metadata.
 */
public final class KeyFileException extends GeneralSecurityException {
  /** Why a key file was refused. */
  public enum Reason {
    /** The key is encrypted and the password does not decrypt it (or the file is corrupt). */
    WRONG_PASSWORD,
    /** The key is encrypted and no password was given. */
    PASSWORD_REQUIRED,
    /** Not one well-formed PKCS#8 PEM block. */
    MALFORMED,
    /** Well-formed, but a key type, curve or encryption tuf4j does not support. */
    UNSUPPORTED_KEY
  }

  /** Why the key file was refused. */
  private final Reason reason;

  /**
   * @param reason why the key file was refused
   * @param message which file, and what was found
   */
  public KeyFileException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * @param reason why the key file was refused
   * @param message which file, and what was found
   * @param cause the decoder's or decryptor's failure
   */
  public KeyFileException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** {@return why the key file was refused} */
  public Reason reason() {
    return reason;
  }
}
