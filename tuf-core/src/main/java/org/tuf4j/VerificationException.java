package org.tuf4j;

/**
 * Well-formed metadata or data that must not be trusted: a security check failed. Subtypes name
 * the check; each corresponds to an attack the TUF specification (§1.5.2) defends against.
 */
public abstract sealed class VerificationException extends TufException
    permits BadSignatureException, ThresholdNotMetException, ExpiredMetadataException,
        RollbackException, BadVersionException, WrongRoleTypeException, LengthMismatchException,
        HashMismatchException,
        RoleNotListedException,
        EcuSignatureException, ReplayedReportException, MissingEcuException, UnknownEcuException,
        EcuSerialMismatchException, ReportTimeException, VehicleMismatchException,
        ImageNotInImageRepositoryException, ImageMismatchException,
        ReleaseCounterRollbackException, IncompatibleHardwareException, DirectorTargetsException {

  VerificationException(String message) {
    super(message);
  }

  VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
