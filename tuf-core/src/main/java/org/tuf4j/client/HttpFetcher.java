package org.tuf4j.client;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.SlowRetrievalException;
import org.tuf4j.TooLargeException;

/**
 * Downloads {@code http:} and {@code https:} URIs (TUF spec §5, "download"), defending against the
 * endless data and slow retrieval attacks (§1.5.2), with {@link java.net.HttpURLConnection}, or
 * with an {@link HttpClient} the application injects ({@link Builder#httpClient}).
 *
 * <ul>
 *   <li>Status 200 returns the body; 403, 404 and 410 throw {@link NotFoundException}; any other
 *       status throws {@link FetchException}, a 5xx status after the retries.
 *   <li>A connection failure or a 5xx status is retried (default twice) after a delay that
 *       doubles each time, with jitter; a transfer whose connection drops mid-body is resumed
 *       with {@code Range} from where it stopped, within the same retry budget. Nothing slow is
 *       ever retried or resumed, and no retry starts later than the read timeout after the
 *       first attempt (see {@link Builder#maxRetries}).
 *   <li>{@link #fetchIfModified} sends {@code If-None-Match}/{@code If-Modified-Since} and
 *       reports {@code 304 Not Modified}.
 *   <li>Headers of the application's (authentication such as a bearer token, from a supplier
 *       asked before each request) go with every request; an injected {@link HttpClient}
 *       carries the TLS context and proxy.
 *   <li>A {@code Content-Length} above {@code maxLength} throws {@link TooLargeException} before
 *       the body is read.
 *   <li>The body is pulled from the connection only as the caller reads it, never buffered
 *       beyond a few of the client's buffers, and ends (EOF) after {@code maxLength + 1} bytes
 *       whatever the server sends. Closing the stream cancels the transfer.
 *   <li>A read throws an {@link java.io.IOException} whose cause is a {@link SlowRetrievalException}
 *       when no byte arrives within the read timeout, or when, after the grace period, the
 *       average rate is below the minimum.
 *   <li>Redirects are followed except from {@code https} to {@code http}
 *       ({@link HttpClient.Redirect#NORMAL}).
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads; each holds one
 * {@link HttpClient}, its own or the injected one. A header supplier is called from the threads
 * that fetch.
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

  /** The default number of retries of a fetch: 2. */
  public static final int DEFAULT_MAX_RETRIES = 2;
  /** The default delay before the first retry, doubled for each next one: 250 ms. */
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(250);
  /** The default longest delay between retries: 5 s. */
  public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(5);

  private final HttpRequests requests;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final long minBytesPerSecond;
  private final Duration gracePeriod;
  private final String userAgent;
  private final int maxRetries;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;

  private HttpFetcher(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.minBytesPerSecond = b.minBytesPerSecond;
    this.gracePeriod = b.gracePeriod;
    this.userAgent = b.userAgent;
    this.maxRetries = b.maxRetries;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    // java.net.http is named only on the injected client's side of this choice.
    HttpTransport transport = b.client != null
        ? new HttpClientTransport(b.client, readTimeout)
        : new UrlConnectionTransport(connectTimeout, readTimeout, b.followRedirects);
    this.requests = new HttpRequests(transport, connectTimeout, readTimeout, minBytesPerSecond,
        gracePeriod, userAgent, b.headers, b.headerSupplier, maxRetries, retryBaseDelay,
        retryMaxDelay);
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
   * headers have arrived. See the class description for the limits the stream enforces and for
   * retries.
   *
   * @param maxLength the most bytes the caller accepts; the stream ends after
   *     {@code maxLength + 1} bytes so that the caller can tell the file was too large
   * @throws NotFoundException on status 403, 404 or 410
   * @throws SlowRetrievalException when the response headers take longer than the read timeout
   * @throws TooLargeException when {@code Content-Length} exceeds {@code maxLength}
   * @throws FetchException on any other status, a connection failure (once the retries are
   *     spent), a header supplier failure or a non-HTTP URI
   * @throws IllegalArgumentException when {@code maxLength} is negative
   */
  @Override
  public InputStream fetch(URI uri, long maxLength) throws FetchException, TooLargeException {
    return ((ConditionalFetch.Modified) requests.open(uri, maxLength, CacheValidators.NONE))
        .body();
  }

  /**
   * A conditional GET: as {@link #fetch}, with {@code If-None-Match} and {@code
   * If-Modified-Since} from {@code cached}; {@code 304} is {@link ConditionalFetch.NotModified}.
   *
   * @param maxLength the most bytes the caller accepts
   * @param cached the validators of the caller's copy, or {@link CacheValidators#NONE}
   * @throws NotFoundException on status 403, 404 or 410
   * @throws SlowRetrievalException when the response headers take longer than the read timeout
   * @throws TooLargeException when {@code Content-Length} exceeds {@code maxLength}
   * @throws FetchException on any other status (304 to an unconditional request included), a
   *     connection failure (once the retries are spent) or a non-HTTP URI
   * @throws IllegalArgumentException when {@code maxLength} is negative
   */
  @Override
  public ConditionalFetch fetchIfModified(URI uri, long maxLength, CacheValidators cached)
      throws FetchException, TooLargeException {
    return requests.open(uri, maxLength, Objects.requireNonNull(cached, "cached"));
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

  /**
   * How many times a fetch is retried after a connection failure, a 5xx status or a dropped
   * transfer.
   *
   * @return the most retries of one fetch
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The delay before the first retry; each next one doubles it, up to {@link #retryMaxDelay()}.
   *
   * @return the base delay
   */
  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  /**
   * The longest delay between two attempts.
   *
   * @return the maximum delay
   */
  public Duration retryMaxDelay() {
    return retryMaxDelay;
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
    private boolean clientSettingsChanged;
    private HttpClient client;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Supplier<Map<String, String>> headerSupplier;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
    private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;

    private Builder() {}

    /**
     * The {@link HttpClient} to send requests with, for its TLS context, proxy, authenticator,
     * connect timeout and redirect policy; by default the fetcher sends them with {@link
     * java.net.HttpURLConnection}, configured by {@link #connectTimeout} and {@link
     * #followRedirects}, which cannot be combined with this. Requests
     * are sent as HTTP/1.1 whatever the client's preferred version, so that the slow-retrieval
     * and endless-data defences keep TCP's flow control. A client that follows redirects from
     * {@code https} to {@code http} ({@link HttpClient.Redirect#ALWAYS}) is refused.
     *
     * @param client the client
     * @return this builder
     * @throws IllegalArgumentException when the client follows every redirect
     */
    public Builder httpClient(HttpClient client) {
      Objects.requireNonNull(client, "client");
      if (client.followRedirects() == HttpClient.Redirect.ALWAYS) {
        throw new IllegalArgumentException("a client that follows redirects from https to http "
            + "(Redirect.ALWAYS) is not safe for repository downloads; use NORMAL or NEVER");
      }
      this.client = client;
      return this;
    }

    /**
     * A header sent with every request, such as a fixed API key; a second call with the same
     * name adds another value. Names the fetcher sets itself ({@code User-Agent}, {@code Range},
     * the conditional headers, and those the HTTP client owns) are refused.
     *
     * @param name the header name, an RFC 9110 token
     * @param value the value, printable ASCII
     * @return this builder
     * @throws IllegalArgumentException when the name or value is not allowed
     */
    public Builder header(String name, String value) {
      HttpRequests.checkHeader(name, value);
      headers.put(name, value);
      return this;
    }

    /**
     * Headers computed for each request (each attempt, retries and resumed transfers included),
     * such as {@code Authorization: Bearer <token>} with a token that is refreshed. The rules of
     * {@link #header} apply to what it returns; a supplier that throws, returns null or returns a
     * header that is not allowed fails the fetch with a {@link FetchException}, without a retry.
     *
     * @param supplier the headers for the next request
     * @return this builder
     */
    public Builder headerSupplier(Supplier<Map<String, String>> supplier) {
      this.headerSupplier = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    /**
     * How many times a fetch is retried (default 2; 0 disables retries) after a connection
     * failure, a 5xx status, or a transfer dropped mid-body (resumed with {@code Range}). A
     * response that is slow (the read timeout or minimum rate), any other status, and anything
     * the caller finds wrong with the bytes are never retried here, and retries stop once the
     * next one would start later than the read timeout after the first attempt (for a resumed
     * transfer, after its connection dropped).
     *
     * @param retries the most retries, 0 to 10
     * @return this builder
     */
    public Builder maxRetries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("maxRetries must be 0 to 10: " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /**
     * The delay before the first retry (default 250 ms), doubled for each next one and capped
     * by {@link #retryMaxDelay}; each delay is drawn between half and all of that (jitter), so
     * that a fleet does not retry in step.
     *
     * @param delay the base delay, not negative
     * @return this builder
     */
    public Builder retryBaseDelay(Duration delay) {
      this.retryBaseDelay = notNegative("retryBaseDelay", delay);
      return this;
    }

    /**
     * The longest delay between two attempts (default 5 s).
     *
     * @param delay the maximum delay, not negative
     * @return this builder
     */
    public Builder retryMaxDelay(Duration delay) {
      this.retryMaxDelay = notNegative("retryMaxDelay", delay);
      return this;
    }

    /**
     * The longest time to establish a connection (default 10 s); must be positive.
     *
     * @param timeout the connect timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      clientSettingsChanged = true;
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
      clientSettingsChanged = true;
      this.followRedirects = follow;
      return this;
    }

    /**
     * A fetcher with this configuration.
     *
     * @return a new, immutable fetcher
     * @throws IllegalStateException when an injected client is combined with {@link
     *     #connectTimeout} or {@link #followRedirects}, or the maximum retry delay is shorter
     *     than the base delay
     */
    public HttpFetcher build() {
      if (client != null && clientSettingsChanged) {
        throw new IllegalStateException("connectTimeout and followRedirects configure the "
            + "fetcher's own connections; set them on the injected HttpClient instead");
      }
      if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
        throw new IllegalStateException("retryMaxDelay (" + retryMaxDelay
            + ") is shorter than retryBaseDelay (" + retryBaseDelay + ")");
      }
      return new HttpFetcher(this);
    }

    private static Duration notNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
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
