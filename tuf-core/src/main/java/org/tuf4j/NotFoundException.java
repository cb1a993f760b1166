package org.tuf4j;

import java.net.URI;

/**
 * The repository says the file does not exist (HTTP 403/404/410, or no such local file). Only
 * this failure ends the search for the next root version (TUF spec §5.3.3); any other fetch
 * failure aborts the update.
 */
public final class NotFoundException extends FetchException {
  /**
   * @param uri the file the repository does not have
   * @param detail how the absence was seen, for example the HTTP status
   */
  public NotFoundException(URI uri, String detail) {
    super(uri, "not found (" + detail + ")");
  }
}
