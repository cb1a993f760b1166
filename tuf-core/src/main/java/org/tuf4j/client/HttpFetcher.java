package org.tuf4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.SlowRetrievalException;
import org.tuf4j.TooLargeException;

/**
 * Downloads {@code http:} and {@code https:} URIs with {@link HttpClient} (TUF spec §5,
 * "download"), defending against the endless data and slow retrieval attacks (§1.5.2).
 *
 * <ul>
 *   <li>Status 200 returns the body; 403, 404 and 410 throw {@link NotFoundException}; any other
 *       status throws {@link FetchException}.
 *   <li>A {@code Content-Length} above {@code maxLength} throws {@link TooLargeException} before
 *       the body is read.
 *   <li>The body is pulled from the connection only as the caller reads it, never buffered
 *       beyond a few of the client's buffers, and ends (EOF) after {@code maxLength + 1} bytes
 *       whatever the server sends. Closing the stream cancels the transfer.
 *   <li>A read throws an {@link IOException} whose cause is a {@link SlowRetrievalException}
 *       when no byte arrives within the read timeout, or when, after the grace period, the
 *       average rate is below the minimum.
 *   <li>Redirects are followed except from {@code https} to {@code http}
 *       ({@link HttpClient.Redirect#NORMAL}).
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads; each holds one
 * {@link HttpClient}.
 */
public final class HttpFetcher implements Fetcher {
  /** The default connect timeout: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** The default read timeout: 30 s. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** The default minimum average transfer rate: 1024 bytes per second. */
  public static final long DEFAULT_MIN_BYTES_PER_SECOND = 1024;
  /** The default time before the minimum rate applies: 5 s. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(5);
  /** The default {@code User-Agent}: {@code tuf4j/<version>}, or {@code tuf4j} if unknown. */
  public static final String DEFAULT_USER_AGENT = defaultUserAgent();

  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final long minBytesPerSecond;
  private final Duration gracePeriod;
  private final String userAgent;

  private HttpFetcher(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.minBytesPerSecond = b.minBytesPerSecond;
    this.gracePeriod = b.gracePeriod;
    this.userAgent = b.userAgent;
    this.client = HttpClient.newBuilder()
        // HTTP/1.1 so that flow control is TCP's: an HTTP/2 stream window lets the server push
        // megabytes ahead of the reader.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(b.followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * A fetcher with the defaults (see the {@code DEFAULT_} constants).
   *
   * @return a fetcher with the default timeouts, minimum rate and {@code User-Agent}
   */
  public static HttpFetcher create() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a GET of {@code uri} (TUF spec §5, "download") and returns its body once the response
   * headers have arrived. See the class description for the limits the stream enforces.
   *
   * @param maxLength the most bytes the caller accepts; the stream ends after
   *     {@code maxLength + 1} bytes so that the caller can tell the file was too large
   * @throws NotFoundException on status 403, 404 or 410
   * @throws SlowRetrievalException when the response headers take longer than the read timeout
   * @throws TooLargeException when {@code Content-Length} exceeds {@code maxLength}
   * @throws FetchException on any other status, a connection failure or a non-HTTP URI
   * @throws IllegalArgumentException when {@code maxLength} is negative
   */
  @Override
  public InputStream fetch(URI uri, long maxLength) throws FetchException, TooLargeException {
    Objects.requireNonNull(uri, "uri");
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new FetchException(uri, "not an http or https URI");
    }
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(uri)
          .GET()
          // Bounds the wait for the response headers, connection set-up included.
          .timeout(readTimeout)
          .header("User-Agent", userAgent)
          .build();
    } catch (IllegalArgumentException e) {
      throw new FetchException(uri, "invalid HTTP URI: " + e.getMessage(), e);
    }

    long start = System.nanoTime();
    HttpResponse<HttpBodyStream> response;
    try {
      response = client.send(request, info -> new HttpBodyStream(uri, maxLength, readTimeout,
          minBytesPerSecond, gracePeriod, System.nanoTime() - start).subscriber());
    } catch (HttpConnectTimeoutException e) {
      throw new FetchException(uri, "no connection within " + connectTimeout.toMillis() + " ms",
          e);
    } catch (HttpTimeoutException e) {
      SlowRetrievalException slow = new SlowRetrievalException(uri, 0,
          Duration.ofNanos(System.nanoTime() - start),
          "no response headers within " + readTimeout.toMillis() + " ms");
      slow.initCause(e);
      throw slow;
    } catch (IOException e) {
      throw new FetchException(uri, "request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(uri, "interrupted", e);
    }

    HttpBodyStream body = response.body();
    int status = response.statusCode();
    if (status != 200) {
      body.close();
      if (status == 403 || status == 404 || status == 410) {
        throw new NotFoundException(uri, "HTTP " + status);
      }
      throw new FetchException(uri, "unexpected HTTP status " + status);
    }
    OptionalLong contentLength;
    try {
      contentLength = response.headers().firstValueAsLong("Content-Length");
    } catch (NumberFormatException e) {
      body.close();
      throw new FetchException(uri, "malformed Content-Length", e);
    }
    if (contentLength.isPresent() && contentLength.getAsLong() > maxLength) {
      body.close();
      throw new TooLargeException(uri.toString(), maxLength);
    }
    return body;
  }

  /**
   * The connect timeout.
   *
   * @return the longest time to establish a connection
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * The longest wait for the response headers or for the next bytes of the body.
   *
   * @return the read timeout
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * The minimum average transfer rate after the grace period; 0 when not enforced.
   *
   * @return the minimum rate in bytes per second, or 0
   */
  public long minBytesPerSecond() {
    return minBytesPerSecond;
  }

  /**
   * How long a transfer runs before the minimum rate applies.
   *
   * @return the grace period
   */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /**
   * The {@code User-Agent} sent with each request.
   *
   * @return the header value
   */
  public String userAgent() {
    return userAgent;
  }

  private static String defaultUserAgent() {
    String version = HttpFetcher.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "tuf4j" : "tuf4j/" + version;
  }

  /**
   * Configures an {@link HttpFetcher}; the timeouts and the minimum rate are the slow retrieval
   * defence (TUF spec §1.5.2). Setters validate their argument and throw
   * {@link IllegalArgumentException} with the reason. Not thread-safe.
   */
  public static final class Builder {
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private long minBytesPerSecond = DEFAULT_MIN_BYTES_PER_SECOND;
    private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
    private String userAgent = DEFAULT_USER_AGENT;
    private boolean followRedirects = true;

    private Builder() {}

    /**
     * The longest time to establish a connection (default 10 s); must be positive.
     *
     * @param timeout the connect timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * The longest time with no bytes arriving, including the wait for the response headers
     * (default 30 s); must be positive.
     *
     * @param timeout the read timeout
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /**
     * The minimum average transfer rate once the grace period is over (default 1024); 0
     * disables the check.
     *
     * @param bytesPerSecond the minimum rate, or 0
     * @return this builder
     */
    public Builder minBytesPerSecond(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException(
            "minBytesPerSecond must not be negative: " + bytesPerSecond);
      }
      this.minBytesPerSecond = bytesPerSecond;
      return this;
    }

    /**
     * How long a transfer may run before the minimum rate applies (default 5 s).
     *
     * @param gracePeriod the time before the minimum rate is enforced
     * @return this builder
     */
    public Builder gracePeriod(Duration gracePeriod) {
      Objects.requireNonNull(gracePeriod, "gracePeriod");
      if (gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * The {@code User-Agent} header (default {@link #DEFAULT_USER_AGENT}).
     *
     * @param userAgent the header value
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      Objects.requireNonNull(userAgent, "userAgent");
      if (userAgent.isBlank()) {
        throw new IllegalArgumentException("userAgent must not be blank");
      }
      for (int i = 0; i < userAgent.length(); i++) {
        char c = userAgent.charAt(i);
        if (c < 0x20 || c >= 0x7f) {
          throw new IllegalArgumentException(
              "userAgent must be printable ASCII; found U+" + String.format("%04X", (int) c));
        }
      }
      this.userAgent = userAgent;
      return this;
    }

    /**
     * Whether to follow redirects (default true). Redirects from {@code https} to {@code http}
     * are never followed.
     *
     * @param follow whether to follow redirects
     * @return this builder
     */
    public Builder followRedirects(boolean follow) {
      this.followRedirects = follow;
      return this;
    }

    /**
     * A fetcher with this configuration.
     *
     * @return a new, immutable fetcher
     */
    public HttpFetcher build() {
      return new HttpFetcher(this);
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
