package org.tuf4j;

/**
 * Well-formed input that uses something tuf4j does not support: a {@code spec_version} with a
 * major version other than 1 (TUF spec §4.3), or a key type / signature scheme without an
 * implementation. Keys of unsupported types are skipped, not fatal, during threshold counting.
 */
public final class UnsupportedFeatureException extends TufException {
  public UnsupportedFeatureException(String message) {
    super(message);
  }

  public UnsupportedFeatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
