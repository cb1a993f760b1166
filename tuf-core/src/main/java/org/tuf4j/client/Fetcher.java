package org.tuf4j.client;

import java.io.InputStream;
import java.net.URI;
import org.tuf4j.FetchException;
import org.tuf4j.TooLargeException;

/**
 * Fetches repository files (TUF spec §5, "download"). Implementations move bytes only: nothing
 * they return is trusted before the {@link TrustedMetadataSet} or the target hash check accepts
 * it. {@link Fetchers#standard()} handles {@code http}, {@code https} and {@code file} URIs.
 *
 * <p>The {@link Updater} never reads more than {@code maxLength + 1} bytes from the returned
 * stream and fails with {@link TooLargeException} beyond {@code maxLength} whatever the fetcher
 * does (endless data attack, §1.5.2); a fetcher should also refuse early when it knows the size.
 * A read from the stream may throw an {@link java.io.IOException} whose cause is a
 * {@link FetchException} (for example {@link org.tuf4j.SlowRetrievalException}); the Updater
 * reports that cause.
 */
@FunctionalInterface
public interface Fetcher {
  /**
   * Opens {@code uri} for reading.
   *
   * @param uri the file to read: a metadata or target URL of the repository
   * @param maxLength the most bytes the caller will accept
   * @return the file's bytes; the caller reads at most {@code maxLength} of them and closes it
   * @throws org.tuf4j.NotFoundException when the repository says the file does not exist
   * @throws TooLargeException when the file is known to be larger than {@code maxLength}
   * @throws FetchException on any other failure to start the transfer
   */
  InputStream fetch(URI uri, long maxLength) throws FetchException, TooLargeException;

  /**
   * Opens {@code uri} for reading unless it is unchanged since {@code cached} were received (an
   * HTTP conditional request). Used for the files fetched under a fixed name, such as {@code
   * timestamp.json}. The default ignores {@code cached} and always fetches, with no validators.
   *
   * @param uri the file to read
   * @param maxLength the most bytes the caller will accept
   * @param cached the validators received with the copy the caller keeps; {@link
   *     CacheValidators#NONE} for an unconditional request
   * @return {@link ConditionalFetch.NotModified} (only when {@code cached} is not empty), or the
   *     file and its validators
   * @throws org.tuf4j.NotFoundException when the repository says the file does not exist
   * @throws TooLargeException when the file is known to be larger than {@code maxLength}
   * @throws FetchException on any other failure to start the transfer
   */
  default ConditionalFetch fetchIfModified(URI uri, long maxLength, CacheValidators cached)
      throws FetchException, TooLargeException {
    return new ConditionalFetch.Modified(fetch(uri, maxLength), CacheValidators.NONE);
  }
}
