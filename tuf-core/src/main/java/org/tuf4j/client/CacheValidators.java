package org.tuf4j.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP cache validators of a fetched file (RFC 9110 §8.8): its {@code ETag} and {@code
 * Last-Modified} header values, sent back as {@code If-None-Match} and {@code If-Modified-Since}
 * so that an unchanged file costs a {@code 304 Not Modified} instead of its bytes. Validators
 * only save bytes: a file kept because of them is verified exactly as a downloaded one.
 *
 * @param etag the {@code ETag} value as received, quotes included
 * @param lastModified the {@code Last-Modified} value as received
 */
public record CacheValidators(Optional<String> etag, Optional<String> lastModified) {
  /** The longest validator value kept, in characters. */
  public static final int MAX_LENGTH = 256;

  /** No validators: the request is unconditional. */
  public static final CacheValidators NONE = new CacheValidators(Optional.empty(),
      Optional.empty());

  /**
   * Checks the values.
   *
   * @param etag the {@code ETag} value as received, quotes included
   * @param lastModified the {@code Last-Modified} value as received
   * @throws IllegalArgumentException when a value is empty, longer than {@link #MAX_LENGTH} or
   *     not printable ASCII
   */
  public CacheValidators {
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
    etag.ifPresent(v -> check("etag", v));
    lastModified.ifPresent(v -> check("lastModified", v));
  }

  /**
   * The validators of a response's header values, each kept only when it is usable (present,
   * not too long, printable ASCII): an unusable one is simply not sent back.
   *
   * @param etag the {@code ETag} header value, if any
   * @param lastModified the {@code Last-Modified} header value, if any
   * @return the usable validators, possibly {@link #NONE}
   */
  public static CacheValidators of(Optional<String> etag, Optional<String> lastModified) {
    return new CacheValidators(etag.filter(CacheValidators::usable),
        lastModified.filter(CacheValidators::usable));
  }

  /**
   * Whether there is no validator.
   *
   * @return true when neither value is present
   */
  public boolean isEmpty() {
    return etag.isEmpty() && lastModified.isEmpty();
  }

  private static boolean usable(String value) {
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    return Chars.all(value, c -> c >= 0x20 && c < 0x7f);
  }

  private static void check(String name, String value) {
    if (!usable(value)) {
      throw new IllegalArgumentException(name + " must be 1 to " + MAX_LENGTH
          + " printable ASCII characters");
    }
  }
}
