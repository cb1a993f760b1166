package org.tuf4j;

/**
 * Well-formed metadata or data that must not be trusted: a security check failed. Subtypes name
 * the check; each corresponds to an attack the TUF specification (§1.5.2) defends against. The
 * checks of a layer built on TUF (Uptane's) are {@link ProfileVerificationException}s, defined in
 * that layer's package.
 */
public abstract sealed class VerificationException extends TufException
    permits BadSignatureException, ThresholdNotMetException, ExpiredMetadataException,
        RollbackException, BadVersionException, WrongRoleTypeException, LengthMismatchException,
        HashMismatchException,
        RoleNotListedException, ProfileVerificationException {

  VerificationException(String message) {
    super(message);
  }

  VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
