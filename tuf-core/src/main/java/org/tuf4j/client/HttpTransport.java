package org.tuf4j.client;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * How an {@link HttpFetcher} sends one GET: {@link UrlConnectionTransport} by default, on {@link
 * java.net.HttpURLConnection}, or {@link HttpClientTransport} with an injected {@link
 * java.net.http.HttpClient}. A transport connects, sends, follows redirects and hands the body's
 * bytes to an {@link HttpBodyStream}; the statuses, retries, resumed transfers and the limits on
 * size and speed are {@link HttpRequests}', the same whichever transport moves the bytes.
 *
 * <p>Nothing here names a {@code java.net.http} type, so that a process on the default transport
 * never loads that module's classes.
 */
interface HttpTransport {
  /**
   * Sends a GET and returns once the headers of the final response (after the redirects the
   * transport follows) have arrived, no later than the read timeout after the call, connection
   * set-up included.
   *
   * @param uri an {@code http} or {@code https} URI
   * @param headers the request headers, in order; a name may repeat
   * @param body makes the response's body stream, given how long the headers took (ns)
   * @return the final response
   * @throws IllegalArgumentException when the URI cannot be requested (no host, say)
   * @throws ConnectTimedOut when no connection was made within the connect timeout
   * @throws TimedOut when the response headers did not arrive within the read timeout
   * @throws IOException on any other failure of the exchange
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  Response send(URI uri, List<Map.Entry<String, String>> headers, LongFunction<HttpBodyStream> body)
      throws IOException, InterruptedException;

  /**
   * The final response of a GET.
   *
   * @param status the status code
   * @param headers the first value of a header, by case-insensitive name
   * @param body the body, read as the caller reads it
   */
  record Response(int status, Function<String, Optional<String>> headers, HttpBodyStream body) {
    /** The first value of the header {@code name} (case-insensitive), if any. */
    Optional<String> header(String name) {
      return headers.apply(name);
    }
  }

  /** The response headers, or the next bytes of a body, took longer than the read timeout. */
  final class TimedOut extends IOException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** No connection was made within the connect timeout. */
  final class ConnectTimedOut extends IOException {
    private static final long serialVersionUID = 1L;

    ConnectTimedOut(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
