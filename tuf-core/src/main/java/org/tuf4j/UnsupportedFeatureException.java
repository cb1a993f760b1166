package org.tuf4j;

/**
 * Well-formed input that uses something tuf4j does not support: a {@code spec_version} with a
 * major version other than 1 (TUF spec §4.3), or a key type / signature scheme without an
 * implementation. Keys of unsupported types are skipped, not fatal, during threshold counting.
 */
public final class UnsupportedFeatureException extends TufException {
  /**
   * @param message the feature and where it was found
   */
  public UnsupportedFeatureException(String message) {
    super(message);
  }

  /**
   * @param message the feature and where it was found
   * @param cause the failure that revealed it, such as the JDK lacking an algorithm
   */
  public UnsupportedFeatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
