package org.tuf4j;

/**
 * A repository edit or publish was refused because clients would have to reject the result:
 * expired on publish, a version that does not increase, a threshold that cannot be reached, a
 * delegation cycle, a root the previous root does not accept, signatures still missing (TUF spec
 * §5, applied by the writer before anything is written). Nothing was written.
 */
public final class InvalidRepositoryException extends TufException {
  /**
   * @param message what is wrong with the repository
   */
  public InvalidRepositoryException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong with the repository
   * @param cause the failure that revealed it
   */
  public InvalidRepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
