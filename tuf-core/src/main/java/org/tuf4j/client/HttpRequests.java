package org.tuf4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * {@code Range} after a dropped connection; the same whichever {@link HttpTransport} sends them.
 * Moves bytes only; decides nothing about trust.
 */
final class HttpRequests {
  /**
   * Headers the fetcher sets itself, or that an HTTP client owns ({@link java.net.HttpURLConnection}
   * silently drops several of these, {@link java.net.http.HttpClient} refuses others).
   */
  static final Set<String> RESERVED_HEADERS = Set.of("host", "connection", "content-length",
      "expect", "upgrade", "user-agent", "range", "if-range", "if-none-match",
      "if-modified-since", "accept-encoding", "keep-alive", "te", "trailer", "transfer-encoding",
      "via", "origin", "content-transfer-encoding", "access-control-request-headers",
      "access-control-request-method");

  private final HttpTransport transport;
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

  HttpRequests(HttpTransport transport, Duration connectTimeout, Duration readTimeout,
      long minBytesPerSecond, Duration gracePeriod, String userAgent, Map<String, String> headers,
      Supplier<Map<String, String>> headerSupplier, int maxRetries, Duration retryBaseDelay,
      Duration retryMaxDelay) {
    this.transport = transport;
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
      List<Map.Entry<String, String>> headers = headers(uri);
      cached.etag().ifPresent(v -> headers.add(Map.entry("If-None-Match", v)));
      cached.lastModified().ifPresent(v -> headers.add(Map.entry("If-Modified-Since", v)));
      try {
        HttpTransport.Response response = send(uri, headers, maxLength);
        HttpBodyStream body = response.body();
        int status = response.status();
        if (status == 304 && !cached.isEmpty()) {
          body.close();
          return new ConditionalFetch.NotModified();
        }
        checkStatus(uri, status, 200, body);
        OptionalLong length = contentLength(uri, response, body);
        if (length.isPresent() && length.getAsLong() > maxLength) {
          body.close();
          throw new TooLargeException(uri.toString(), maxLength);
        }
        CacheValidators validators = CacheValidators.of(response.header("ETag"),
            response.header("Last-Modified"));
        return new ConditionalFetch.Modified(
            new Resuming(uri, maxLength, length, validators, attempts, body), validators);
      } catch (Retryable r) {
        attempts.backOff(r);
      }
    }
  }

  /** The headers of a GET of {@code uri}: the fetcher's, then the supplier's. */
  private List<Map.Entry<String, String>> headers(URI uri) throws FetchException {
    List<Map.Entry<String, String>> all = new ArrayList<>();
    all.add(Map.entry("User-Agent", userAgent));
    all.addAll(headers.entrySet());
    if (headerSupplier != null) {
      Map<String, String> supplied;
      try {
        supplied = Objects.requireNonNull(headerSupplier.get(), "the header supplier gave null");
        supplied.forEach(HttpRequests::checkHeader);
      } catch (RuntimeException e) {
        throw new FetchException(uri, "header supplier failed: " + e.getMessage(), e);
      }
      all.addAll(supplied.entrySet());
    }
    return all;
  }

  private HttpTransport.Response send(URI uri, List<Map.Entry<String, String>> headers,
      long maxLength) throws FetchException, Retryable {
    long start = System.nanoTime();
    try {
      return transport.send(uri, headers, headerWait -> new HttpBodyStream(uri, maxLength,
          readTimeout, minBytesPerSecond, gracePeriod, headerWait));
    } catch (IllegalArgumentException e) {
      throw new FetchException(uri, "invalid HTTP URI: " + e.getMessage(), e);
    } catch (HttpTransport.ConnectTimedOut e) {
      throw new Retryable(new FetchException(uri, "no connection within "
          + connectTimeout.toMillis() + " ms", e));
    } catch (HttpTransport.TimedOut e) {
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

  /** The response's {@code Content-Length}, if it has one. */
  private static OptionalLong contentLength(URI uri, HttpTransport.Response response,
      InputStream body) throws FetchException {
    Optional<String> value = response.header("Content-Length");
    try {
      return value.isEmpty() ? OptionalLong.empty()
          : OptionalLong.of(Long.parseLong(value.get()));
    } catch (NumberFormatException e) {
      closeQuietly(body);
      throw new FetchException(uri, "malformed Content-Length", e);
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
    if (name.isEmpty() || !Chars.all(name, HttpRequests::isTokenChar)) {
      throw new IllegalArgumentException("not a valid header name: \"" + name + "\"");
    }
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("header " + name + " is set by the fetcher itself");
    }
    if (!Chars.all(value, c -> c == '\t' || c >= 0x20 && c < 0x7f)) {
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
   * retry budget; nothing delivered yet, it asks for the whole file again. A slow transfer is
   * never resumed, and a server that answers anything but the requested rest ({@code 200}, the
   * whole file, included: bytes already delivered cannot be taken back) ends the transfer with
   * the original failure. The caller still checks the length and hashes over the whole file.
   */
  private final class Resuming extends InputStream {
    private final URI uri;
    private final long maxLength;
    private final OptionalLong length;
    private final CacheValidators validators;
    private final Attempts attempts;
    private HttpBodyStream current;
    private long delivered;

    Resuming(URI uri, long maxLength, OptionalLong length, CacheValidators validators,
        Attempts attempts, HttpBodyStream first) {
      this.uri = uri;
      this.maxLength = maxLength;
      this.length = length;
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
          List<Map.Entry<String, String>> headers = headers(uri);
          if (delivered > 0) {
            headers.add(Map.entry("Range", "bytes=" + delivered + "-"));
            validators.etag().or(validators::lastModified)
                .ifPresent(v -> headers.add(Map.entry("If-Range", v)));
          }
          try {
            current = rest(send(uri, headers, maxLength - delivered), dropped);
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

    /** The body of {@code response} when it is the rest of the file; else throws. */
    private HttpBodyStream rest(HttpTransport.Response response, IOException dropped)
        throws IOException, FetchException, Retryable {
      HttpBodyStream body = response.body();
      checkStatus(uri, response.status(), delivered == 0 ? 200 : 206, body);
      OptionalLong restLength = contentLength(uri, response, body);
      boolean rest = delivered == 0
          ? restLength.orElse(0) <= maxLength
          : isRest(response.header("Content-Range").orElse(""), restLength);
      if (!rest) {
        body.close();
        throw dropped;
      }
      return body;
    }

    /**
     * Whether a {@code 206}'s {@code Content-Range} is {@code bytes delivered-last/complete} up
     * to the file's last byte, the file as long as the first response said (if it did), and
     * {@code Content-Length}, if any, the length of that range.
     */
    private boolean isRest(String contentRange, OptionalLong restLength) {
      String range = contentRange.trim();
      int dash = range.indexOf('-');
      int slash = range.indexOf('/');
      if (!range.regionMatches(true, 0, "bytes ", 0, 6) || dash < 0 || slash < dash) {
        return false;
      }
      long first = digits(range, 6, dash);
      long last = digits(range, dash + 1, slash);
      long complete = range.endsWith("/*") ? -1 : digits(range, slash + 1, range.length());
      if (first != delivered || last < first || complete < -1) {
        return false;
      }
      if (complete >= 0 && length.isPresent() && complete != length.getAsLong()) {
        return false; // another file
      }
      long end = complete >= 0 ? complete : length.orElse(-1);
      return (end < 0 || last == end - 1)
          && (restLength.isEmpty() || restLength.getAsLong() == last - first + 1);
    }

    @Override
    public void close() {
      current.close();
    }
  }

  /** The decimal number {@code s[from, to)}, or -2 when it is not one. */
  private static long digits(String s, int from, int to) {
    if (from >= to || to - from > 18) {
      return -2;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -2;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
