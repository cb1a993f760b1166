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
  private final URI uri;

  public FetchException(URI uri, String message) {
    super(uri + ": " + message);
    this.uri = uri;
  }

  public FetchException(URI uri, String message, Throwable cause) {
    super(uri + ": " + message, cause);
    this.uri = uri;
  }

  /** What was being fetched. */
  public URI uri() {
    return uri;
  }
}
