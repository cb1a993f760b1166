package org.tuf4j;

/**
 * One signature did not verify under one key. Threshold counting treats this as "that key did
 * not sign"; it reaches callers directly only from single-key verification.
 */
public final class BadSignatureException extends VerificationException {
  /**
   * @param message which signature and key, for the exception message
   */
  public BadSignatureException(String message) {
    super(message);
  }

  /**
   * @param message which signature and key, for the exception message
   * @param cause the verifier's failure, such as a malformed signature encoding
   */
  public BadSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
