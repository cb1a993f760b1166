package org.tuf4j.uptane;

import org.tuf4j.ProfileVerificationException;

/**
 * An Uptane check failed (Uptane Standard #full_verification, #partial_verification and the
 * Director's manifest checks, #director_repository): well-formed metadata, a manifest or an image
 * that must not be trusted. Sealed: each subtype is one failure a caller may handle, and a
 * {@code switch} over them is exhaustive.
 */
public abstract sealed class UptaneVerificationException extends ProfileVerificationException
    permits DirectorTargetsException, EcuSerialMismatchException, EcuSignatureException,
        ImageMismatchException, ImageNotInImageRepositoryException, IncompatibleHardwareException,
        InvalidImageNameException, MissingEcuException, ReleaseCounterRollbackException, ReplayedReportException,
        ReportTimeException, UnknownEcuException, VehicleMismatchException {

  UptaneVerificationException(String message) {
    super(message);
  }

  UptaneVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
