package org.tuf4j;

import java.net.URI;

/**
 * A file could not be fetched from the repository. Nothing fetched is trusted before it is
 * verified, so this never means an attack succeeded; subtypes say why when a caller may react
 * differently: {@link NotFoundException} (which ends the root rotation loop, TUF spec §5.3.3) and
 * {@link SlowRetrievalException} (slow retrieval attack, §1.5.2).
 */
public sealed class FetchException extends TufException
    permits NotFoundException, SlowRetrievalException {
  /** What was being fetched. */
  private final URI uri;

  /**
   * @param uri what was being fetched
   * @param message why it could not be fetched
   */
  public FetchException(URI uri, String message) {
    super(uri + ": " + message);
    this.uri = uri;
  }

  /**
   * @param uri what was being fetched
   * @param message why it could not be fetched
   * @param cause the underlying I/O or HTTP failure
   */
  public FetchException(URI uri, String message, Throwable cause) {
    super(uri + ": " + message, cause);
    this.uri = uri;
  }

  /**
   * What was being fetched.
   *
   * @return the URI of the file that could not be fetched
   */
  public URI uri() {
    return uri;
  }
}
