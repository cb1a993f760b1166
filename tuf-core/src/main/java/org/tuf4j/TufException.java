package org.tuf4j;

/**
 * Root of every failure tuf4j reports. The hierarchy is sealed so that a caller can handle each
 * kind of failure exhaustively; each subtype is one thing a caller may want to react to.
 *
 * <ul>
 *   <li>{@link MalformedMetadataException} — the bytes are not valid metadata (syntax, schema,
 *       duplicate keys, non-integer numbers, nesting, bad dates).
 *   <li>{@link TooLargeException} — input exceeded a configured size bound.
 *   <li>{@link UnsupportedFeatureException} — valid but not supported here (spec version, key type).
 *   <li>{@link VerificationException} — well-formed metadata that must not be trusted.
 *   <li>{@link FetchException} — a file could not be fetched from the repository (not found,
 *       too slow, network failure).
 *   <li>{@link InvalidRepositoryException} — the repository writer refused an edit or a publish
 *       that clients would have to reject.
 *   <li>{@link UnusableTrustedStateException} — the client's stored trusted root cannot be used;
 *       recovering from the bootstrap root is the application's decision.
 *   <li>{@link ClockRollbackException} — the client's clock reads earlier than a reference time
 *       it already used (its persisted time floor): no refresh can start with that clock.
 * </ul>
 */
public abstract sealed class TufException extends Exception
    permits MalformedMetadataException, TooLargeException, UnsupportedFeatureException,
        VerificationException, FetchException,
        InvalidRepositoryException, UnusableTrustedStateException, ClockRollbackException {

  TufException(String message) {
    super(message);
  }

  TufException(String message, Throwable cause) {
    super(message, cause);
  }
}
