package org.tuf4j.client;

import java.io.InputStream;
import java.util.Objects;

/**
 * The answer to {@link Fetcher#fetchIfModified}: the file has not changed since the validators
 * were received, or here it is with its own validators.
 */
public sealed interface ConditionalFetch {
  /** The repository answered that the file is unchanged ({@code 304 Not Modified}). */
  record NotModified() implements ConditionalFetch {}

  /**
   * The file, as {@link Fetcher#fetch} returns it, and its validators for the next request.
   *
   * @param body the file's bytes; the caller reads them within its bound and closes the stream
   * @param validators the response's validators, {@link CacheValidators#NONE} when it had none
   */
  record Modified(InputStream body, CacheValidators validators) implements ConditionalFetch {
    /**
     * Checks the fields.
     *
     * @param body the file's bytes
     * @param validators the response's validators
     */
    public Modified {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(validators, "validators");
    }
  }
}
