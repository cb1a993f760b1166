package org.tuf4j.client;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.tuf4j.FetchException;

/**
 * The standard {@link Fetcher}s (TUF spec §5, "download"), chosen by URI scheme. The size and
 * rate limits that defend against the endless data and slow retrieval attacks (§1.5.2) are the
 * chosen fetcher's.
 */
public final class Fetchers {
  private Fetchers() {}

  /**
   * A fetcher for {@code http:}/{@code https:} ({@link HttpFetcher} with its defaults) and
   * {@code file:} ({@link FileFetcher}) URIs; any other scheme is refused with a
   * {@link FetchException}. One shared instance: fetchers are immutable, and sharing keeps one
   * HTTP connection pool for every updater that uses the defaults.
   *
   * @return the shared standard fetcher
   */
  public static Fetcher standard() {
    return Standard.INSTANCE;
  }

  /** Created on first use, so that loading this class starts no HTTP client. */
  private static final class Standard {
    static final Fetcher INSTANCE = byScheme(HttpFetcher.create(), FileFetcher.create());
  }

  /**
   * Routes {@code http}/{@code https} URIs to {@code http} and {@code file} URIs to {@code file},
   * ignoring the scheme's case; any other scheme, or none, is refused with a
   * {@link FetchException}.
   *
   * @param http the fetcher for {@code http:} and {@code https:} URIs
   * @param file the fetcher for {@code file:} URIs
   * @return a fetcher that delegates by scheme
   */
  public static Fetcher byScheme(Fetcher http, Fetcher file) {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(file, "file");
    return new Fetcher() {
      @Override
      public java.io.InputStream fetch(URI uri, long maxLength)
          throws FetchException, org.tuf4j.TooLargeException {
        return route(uri).fetch(uri, maxLength);
      }

      @Override
      public ConditionalFetch fetchIfModified(URI uri, long maxLength, CacheValidators cached)
          throws FetchException, org.tuf4j.TooLargeException {
        return route(uri).fetchIfModified(uri, maxLength, cached);
      }

      private Fetcher route(URI uri) throws FetchException {
        String scheme = scheme(uri);
        return switch (scheme) {
          case "http", "https" -> http;
          case "file" -> file;
          default -> throw new FetchException(uri, "unsupported URI scheme \"" + scheme
              + "\" (http, https and file are supported)");
        };
      }
    };
  }

  private static String scheme(URI uri) {
    Objects.requireNonNull(uri, "uri");
    return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
  }
}
