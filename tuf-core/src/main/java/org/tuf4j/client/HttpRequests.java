package org.tuf4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.SlowRetrievalException;
import org.tuf4j.TooLargeException;

/**
 * The requests of an {@link HttpFetcher}: one GET with its headers, retried with exponential
 * backoff and jitter after a connection failure or a 5xx status, and a body that resumes with
 * {@code Range} after a dropped connection. Moves bytes only; decides nothing about trust.
 */
final class HttpRequests {
  /** Headers the fetcher sets itself, or that the HTTP client owns. */
  static final Set<String> RESERVED_HEADERS = Set.of("host", "connection", "content-length",
      "expect", "upgrade", "user-agent", "range", "if-range", "if-none-match",
      "if-modified-since", "accept-encoding");

  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final long minBytesPerSecond;
  private final Duration gracePeriod;
  private final String userAgent;
  private final Map<String, String> headers;
  private final Supplier<Map<String, String>> headerSupplier;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;

  HttpRequests(HttpClient client, Duration connectTimeout, Duration readTimeout,
      long minBytesPerSecond, Duration gracePeriod, String userAgent, Map<String, String> headers,
      Supplier<Map<String, String>> headerSupplier, int maxRetries, Duration retryBaseDelay,
      Duration retryMaxDelay) {
    this.client = client;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.minBytesPerSecond = minBytesPerSecond;
    this.gracePeriod = gracePeriod;
    this.userAgent = userAgent;
    this.headers = Map.copyOf(headers);
    this.headerSupplier = headerSupplier;
    this.maxRetries = maxRetries;
    this.retryBaseDelay = retryBaseDelay;
    this.retryMaxDelay = retryMaxDelay;
  }

  /** A failure after which another attempt may succeed: connection failure, 5xx, dropped body. */
  private static final class Retryable extends Exception {
    final FetchException failure;

    Retryable(FetchException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }

  /** The retry budget and deadline of one fetch, shared by its resumed transfers. */
  private final class Attempts {
    private long start = System.nanoTime();
    private int retries;

    /** The repository's silence starts now: a transfer that was delivering data dropped. */
    void dropped() {
      start = System.nanoTime();
    }

    /**
     * Waits before the next attempt, or rethrows {@code r}'s failure when the retries are spent
     * or the wait would end past the read timeout counted from the first attempt (or from the
     * drop of a transfer being resumed): retries never stretch the wait for the repository beyond
     * the bound on waiting (slow retrieval, §1.5.2).
     */
    void backOff(Retryable r) throws FetchException {
      if (retries >= maxRetries) {
        throw r.failure;
      }
      long ceiling = retryBaseDelay.toNanos() << Math.min(retries, 30);
      ceiling = Math.min(ceiling < 0 ? Long.MAX_VALUE : ceiling, retryMaxDelay.toNanos());
      // "Equal jitter": half the delay fixed, half random, so clients that failed together
      // spread out without any retrying at once.
      long delay = ceiling / 2 + (ceiling > 1 ? ThreadLocalRandom.current().nextLong(
          ceiling - ceiling / 2 + 1) : ceiling);
      if (System.nanoTime() - start + delay >= readTimeout.toNanos()) {
        throw r.failure;
      }
      retries++;
      try {
        Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FetchException(r.failure.uri(), "interrupted while waiting to retry", e);
      }
    }
  }

  /** A GET, retried as the builder allows; see {@link HttpFetcher#fetchIfModified}. */
  ConditionalFetch open(URI uri, long maxLength, CacheValidators cached)
      throws FetchException, TooLargeException {
    Objects.requireNonNull(uri, "uri");
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new FetchException(uri, "not an http or https URI");
    }
    Attempts attempts = new Attempts();
    while (true) {
      HttpRequest.Builder request = request(uri);
      cached.etag().ifPresent(v -> request.header("If-None-Match", v));
      cached.lastModified().ifPresent(v -> request.header("If-Modified-Since", v));
      try {
        HttpResponse<HttpBodyStream> response = send(uri, request.build(), maxLength);
        HttpBodyStream body = response.body();
        int status = response.statusCode();
        if (status == 304 && !cached.isEmpty()) {
          body.close();
          return new ConditionalFetch.NotModified();
        }
        checkStatus(uri, status, 200, body);
        checkLength(uri, response.headers(), maxLength, body);
        CacheValidators validators = CacheValidators.of(
            response.headers().firstValue("ETag"),
            response.headers().firstValue("Last-Modified"));
        return new ConditionalFetch.Modified(
            new Resuming(uri, maxLength, validators, attempts, body), validators);
      } catch (Retryable r) {
        attempts.backOff(r);
      }
    }
  }

  /** A GET of {@code uri} with the configured headers. */
  private HttpRequest.Builder request(URI uri) throws FetchException {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(uri)
          .GET()
          // HTTP/1.1 so that flow control is TCP's: an HTTP/2 stream window lets the server
          // push megabytes ahead of the reader.
          .version(HttpClient.Version.HTTP_1_1)
          // Bounds the wait for the response headers, connection set-up included.
          .timeout(readTimeout)
          .header("User-Agent", userAgent);
    } catch (IllegalArgumentException e) {
      throw new FetchException(uri, "invalid HTTP URI: " + e.getMessage(), e);
    }
    headers.forEach(b::header);
    if (headerSupplier != null) {
      Map<String, String> supplied;
      try {
        supplied = Objects.requireNonNull(headerSupplier.get(), "the header supplier gave null");
        supplied.forEach(HttpRequests::checkHeader);
      } catch (RuntimeException e) {
        throw new FetchException(uri, "header supplier failed: " + e.getMessage(), e);
      }
      supplied.forEach(b::header);
    }
    return b;
  }

  private HttpResponse<HttpBodyStream> send(URI uri, HttpRequest request, long maxLength)
      throws FetchException, Retryable {
    long start = System.nanoTime();
    try {
      return client.send(request, info -> new HttpBodyStream(uri, maxLength, readTimeout,
          minBytesPerSecond, gracePeriod, System.nanoTime() - start).subscriber());
    } catch (HttpConnectTimeoutException e) {
      throw new Retryable(new FetchException(uri, "no connection within "
          + connectTimeout.toMillis() + " ms", e));
    } catch (HttpTimeoutException e) {
      SlowRetrievalException slow = new SlowRetrievalException(uri, 0,
          Duration.ofNanos(System.nanoTime() - start),
          "no response headers within " + readTimeout.toMillis() + " ms");
      slow.initCause(e);
      throw slow; // never retried: the bound on waiting has been reached
    } catch (IOException e) {
      throw new Retryable(new FetchException(uri, "request failed: " + e, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(uri, "interrupted", e);
    }
  }

  private static void checkStatus(URI uri, int status, int expected, InputStream body)
      throws FetchException, Retryable {
    if (status == expected) {
      return;
    }
    try {
      body.close();
    } catch (IOException e) {
      // closing only cancels the transfer
    }
    if (status == 403 || status == 404 || status == 410) {
      throw new NotFoundException(uri, "HTTP " + status);
    }
    FetchException failure = new FetchException(uri, "unexpected HTTP status " + status);
    if (status >= 500 && status <= 599) {
      throw new Retryable(failure);
    }
    throw failure;
  }

  private static void checkLength(URI uri, HttpHeaders headers, long maxLength,
      InputStream body) throws FetchException, TooLargeException {
    OptionalLong contentLength;
    try {
      contentLength = headers.firstValueAsLong("Content-Length");
    } catch (NumberFormatException e) {
      closeQuietly(body);
      throw new FetchException(uri, "malformed Content-Length", e);
    }
    if (contentLength.isPresent() && contentLength.getAsLong() > maxLength) {
      closeQuietly(body);
      throw new TooLargeException(uri.toString(), maxLength);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closing only cancels the transfer
    }
  }

  /**
   * Checks a header the application adds: a token name that the fetcher does not set itself,
   * and a value of printable ASCII (no line breaks, so no header injection).
   *
   * @throws IllegalArgumentException with the reason
   */
  static void checkHeader(String name, String value) {
    Objects.requireNonNull(name, "header name");
    Objects.requireNonNull(value, "header value");
    if (name.isEmpty() || !name.chars().allMatch(HttpRequests::isTokenChar)) {
      throw new IllegalArgumentException("not a valid header name: \"" + name + "\"");
    }
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("header " + name + " is set by the fetcher itself");
    }
    if (!value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("header " + name + " has a value that is not "
          + "printable ASCII");
    }
  }

  private static boolean isTokenChar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * A body that, when its connection drops, asks for the rest with {@code Range: bytes=N-} (and
   * {@code If-Range} when the first response had a validator) and carries on, within the fetch's
   * retry budget. A slow transfer is never resumed, and a server that answers anything but the
   * requested rest ends the transfer with the original failure. The caller still checks the
   * length and hashes over the whole file.
   */
  private final class Resuming extends InputStream {
    private final URI uri;
    private final long maxLength;
    private final CacheValidators validators;
    private final Attempts attempts;
    private HttpBodyStream current;
    private long delivered;

    Resuming(URI uri, long maxLength, CacheValidators validators, Attempts attempts,
        HttpBodyStream first) {
      this.uri = uri;
      this.maxLength = maxLength;
      this.validators = validators;
      this.attempts = attempts;
      this.current = first;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        try {
          int n = current.read(b, off, len);
          if (n > 0) {
            delivered += n;
          }
          return n;
        } catch (IOException e) {
          if (!(e.getCause() instanceof FetchException cause)
              || cause instanceof SlowRetrievalException || delivered > maxLength) {
            throw e;
          }
          resume(e, cause);
        }
      }
    }

    private void resume(IOException dropped, FetchException cause) throws IOException {
      current.close();
      attempts.dropped();
      Retryable last = new Retryable(cause);
      try {
        while (true) {
          attempts.backOff(last);
          HttpRequest.Builder request = request(uri)
              .header("Range", "bytes=" + delivered + "-");
          validators.etag().or(validators::lastModified)
              .ifPresent(v -> request.header("If-Range", v));
          try {
            HttpResponse<HttpBodyStream> response = send(uri, request.build(),
                maxLength - delivered);
            checkStatus(uri, response.statusCode(), 206, response.body());
            String range = response.headers().firstValue("Content-Range").orElse("");
            if (!range.startsWith("bytes " + delivered + "-")) {
              response.body().close();
              throw dropped; // not the rest of the same file
            }
            current = response.body();
            return;
          } catch (Retryable r) {
            last = r;
          }
        }
      } catch (FetchException e) {
        if (e != cause) {
          dropped.addSuppressed(e);
        }
        throw dropped;
      }
    }

    @Override
    public void close() {
      current.close();
    }
  }
}
