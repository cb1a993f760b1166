package org.tuf4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

/**
 * The default transport of an {@link HttpFetcher}: {@link HttpURLConnection}, which a fresh JVM
 * loads and starts several times faster than {@link java.net.http.HttpClient} (far fewer
 * classes, no selector thread), with the JDK's default proxy selection and keep-alive cache.
 *
 * <p>Each exchange runs on a daemon thread of its own ({@code tuf4j-http}) that connects, sends
 * the request, follows redirects, and then reads the body one buffer at a time, only when the
 * {@link HttpBodyStream} asks for more. The caller waits for that thread with its own deadlines,
 * which is what keeps the slow retrieval defence whole: {@link HttpURLConnection#setReadTimeout}
 * bounds each single read only, so a server that trickles its headers or its body a byte at a
 * time would otherwise hold the caller for as long as it likes, and a read blocked in one thread
 * is not woken by closing the stream from another. The caller gives up at the deadline whatever
 * the thread is doing: waiting for headers, the connection is closed at once
 * ({@link HttpURLConnection#disconnect}); in the middle of a body read, the thread notices at the
 * end of that read, which the connection's read timeout bounds.
 *
 * <p>Redirects are followed here, since {@link HttpURLConnection}'s own following never changes
 * scheme: at most {@value #MAX_REDIRECTS}, to the same scheme or to {@code https}, never from
 * {@code https} to {@code http} (as {@link java.net.http.HttpClient.Redirect#NORMAL}); a redirect
 * not followed is the final response. {@code https} uses the JDK's default TLS context, taken at
 * a fetcher's first {@code https} connection, with host names verified ({@link HttpsSockets}).
 * No credentials of a default {@link Authenticator} are ever sent. A cancelled transfer's
 * connection is closed, except that the JDK may drain and keep the rest of a response of at most
 * 512 KB in all (its keep-alive cleaner, in the background, within its own time limits).
 */
final class UrlConnectionTransport implements HttpTransport {
  /** The most redirects followed for one request. */
  static final int MAX_REDIRECTS = 5;
  private static final int BUFFER_SIZE = 16 * 1024;
  /** Answers no request for credentials, so that a default authenticator is never consulted. */
  private static final Authenticator NO_CREDENTIALS = new Authenticator() {};
  /** Whether this JVM's URL stream handlers were looked up ahead already. */
  private static final AtomicBoolean URL_HANDLERS_LOOKED_UP = new AtomicBoolean();

  private final int connectMillis;
  private final int readMillis;
  private final Duration readTimeout;
  private final boolean followRedirects;
  // Made at the first https connection (a race makes two, each the default context's).
  private volatile HttpsSockets tls;

  UrlConnectionTransport(Duration connectTimeout, Duration readTimeout, boolean followRedirects) {
    this.connectMillis = millis(connectTimeout);
    this.readMillis = millis(readTimeout);
    this.readTimeout = readTimeout;
    this.followRedirects = followRedirects;
    lookUpUrlHandlersAhead();
  }

  /**
   * A JVM's first {@code http} and {@code https} URLs look for {@code URLStreamHandlerProvider}s
   * on the whole class path, which opens every jar on it, and a signed jar reads its whole
   * manifest (BouncyCastle's are 1 MB): some 45 ms before a fresh JVM's first request, 15 ms of
   * them without BouncyCastle on the class path. Started with the first transport, on a daemon
   * thread, the look-up runs on another core while the client reads and verifies its trusted
   * root; a first request that comes sooner waits for it inside the JDK, and the JDK keeps what
   * it found, so nothing is looked up twice.
   */
  private static void lookUpUrlHandlersAhead() {
    if (URL_HANDLERS_LOOKED_UP.compareAndSet(false, true)) {
      Thread lookUp = new Thread(() -> {
        try {
          URI.create("http://localhost/").toURL();
          URI.create("https://localhost/").toURL();
        } catch (MalformedURLException e) {
          // Not for these URLs; the first request would report it.
        }
      }, "tuf4j-url-handlers");
      lookUp.setDaemon(true);
      lookUp.start();
    }
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  @Override
  public Response send(URI uri, List<Map.Entry<String, String>> headers,
      LongFunction<HttpBodyStream> body) throws IOException, InterruptedException {
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("no host");
    }
    Exchange exchange = new Exchange(uri, headers, body);
    Thread thread = new Thread(exchange, "tuf4j-http");
    thread.setDaemon(true);
    thread.start();
    return exchange.awaitResponse();
  }

  private HttpURLConnection open(URI uri, List<Map.Entry<String, String>> headers)
      throws IOException {
    HttpURLConnection c;
    try {
      c = (HttpURLConnection) uri.toURL().openConnection();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IOException("cannot request " + uri + ": " + e.getMessage(), e);
    }
    if (uri.getScheme().equalsIgnoreCase("https")) {
      HttpsSockets sockets = tls;
      if (sockets == null) {
        sockets = new HttpsSockets();
        tls = sockets;
      }
      HttpsSockets.secure(c, sockets);
    }
    c.setConnectTimeout(connectMillis);
    c.setReadTimeout(readMillis);
    c.setInstanceFollowRedirects(false);
    c.setAuthenticator(NO_CREDENTIALS);
    boolean accept = false;
    for (Map.Entry<String, String> h : headers) {
      c.addRequestProperty(h.getKey(), h.getValue());
      accept |= h.getKey().equalsIgnoreCase("Accept");
    }
    if (!accept) {
      // Instead of HttpURLConnection's default, a list of image types.
      c.setRequestProperty("Accept", "*/*");
    }
    return c;
  }

  /** Where a redirect leads, or null when it is not followed. */
  private URI redirect(URI from, HttpURLConnection c, int status) {
    if (!followRedirects || status < 300 || status > 399 || status == 304) {
      return null;
    }
    String location = c.getHeaderField("Location");
    if (location == null) {
      return null;
    }
    URI to;
    try {
      to = from.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    boolean allowed = scheme.equals("https")
        || scheme.equals("http") && from.getScheme().equalsIgnoreCase("http");
    return allowed && to.getHost() != null ? to : null;
  }

  /** The first value of header {@code name} of {@code c}'s response, or null. */
  private static String firstHeader(HttpURLConnection c, String name) {
    String value;
    // Index 0 is the status line, whose key is null.
    for (int i = 0; (value = c.getHeaderField(i)) != null; i++) {
      if (name.equalsIgnoreCase(c.getHeaderFieldKey(i))) {
        return value;
      }
    }
    return null;
  }

  /** Closes a response not wanted: what is left of an error's body may keep the connection. */
  private static void discard(HttpURLConnection c, InputStream in, int status) {
    if (status / 100 == 2 || in == null) {
      c.disconnect();
      return;
    }
    try {
      in.close();
    } catch (IOException e) {
      c.disconnect();
    }
  }

  /**
   * One GET on a thread of its own ({@link #run}); the caller waits in {@link #awaitResponse},
   * then the body stream drives the rest as a {@link Flow.Subscription}. Fields are guarded by
   * this object's monitor, which both threads wait on.
   */
  private final class Exchange implements Runnable, Flow.Subscription {
    private final URI first;
    private final List<Map.Entry<String, String>> headers;
    private final LongFunction<HttpBodyStream> bodies;
    private final long start = System.nanoTime();
    private HttpURLConnection connection; // the current hop's
    private Object outcome; // the Response or the IOException, once the headers are in
    private boolean abandoned; // the caller stopped waiting for the headers
    private boolean cancelled; // the body is not wanted any more
    private long demand;

    Exchange(URI first, List<Map.Entry<String, String>> headers,
        LongFunction<HttpBodyStream> bodies) {
      this.first = first;
      this.headers = headers;
      this.bodies = bodies;
    }

    /** The response, once its headers are in, or a failure; gives up at the read timeout. */
    Response awaitResponse() throws IOException, InterruptedException {
      InterruptedException interrupted = null;
      Object result;
      HttpURLConnection hop;
      synchronized (this) {
        try {
          long deadline = start + readTimeout.toNanos();
          for (long left; outcome == null && (left = deadline - System.nanoTime()) > 0; ) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
        } catch (InterruptedException e) {
          interrupted = e;
        }
        result = outcome;
        if (interrupted == null && result instanceof Response response) {
          return response;
        }
        if (interrupted == null && result instanceof IOException failure) {
          throw failure;
        }
        abandoned = true;
        cancelled = true;
        hop = connection;
        notifyAll();
      }
      if (result instanceof Response response) {
        response.body().close();
      }
      if (hop != null) {
        // Were the thread to connect again before it sees that it is abandoned, the new
        // connection would not wait long.
        hop.setConnectTimeout(1);
        hop.setReadTimeout(1);
        hop.disconnect();
      }
      if (interrupted != null) {
        throw interrupted;
      }
      throw new TimedOut("no response headers within " + readTimeout.toMillis() + " ms", null);
    }

    @Override
    public void run() {
      HttpURLConnection c = null;
      InputStream in;
      Response response;
      try {
        c = exchange();
        int status = c.getResponseCode();
        in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        HttpURLConnection last = c;
        response = new Response(status, name -> Optional.ofNullable(firstHeader(last, name)),
            bodies.apply(System.nanoTime() - start));
        response.body().subscriber().onSubscribe(this);
      } catch (IOException | RuntimeException e) {
        if (c != null) {
          c.disconnect();
        }
        publish(e instanceof IOException io ? io : new IOException(e.toString(), e));
        return;
      }
      if (!publish(response)) {
        c.disconnect();
        return;
      }
      pump(c, in, response.status(), response.body().subscriber());
    }

    /** Sends the request, and again to where redirects lead; returns the final connection. */
    private HttpURLConnection exchange() throws IOException {
      URI uri = first;
      for (int redirects = 0; ; redirects++) {
        HttpURLConnection c = open(uri, headers);
        hop(c);
        try {
          c.connect();
        } catch (SocketTimeoutException e) {
          throw new ConnectTimedOut(e);
        }
        // The caller's disconnect does nothing to a connection still being made.
        hop(c);
        int status;
        try {
          status = c.getResponseCode();
        } catch (SocketTimeoutException e) {
          throw new TimedOut("no response headers within " + readTimeout.toMillis() + " ms", e);
        }
        if (status < 0) {
          throw new IOException("not an HTTP response");
        }
        URI next = redirects < MAX_REDIRECTS ? redirect(uri, c, status) : null;
        if (next == null) {
          return c;
        }
        discard(c, c.getInputStream(), status);
        uri = next;
      }
    }

    /** Makes {@code c} the connection the caller closes if it gives up; fails if it has. */
    private synchronized void hop(HttpURLConnection c) throws IOException {
      if (abandoned) {
        c.disconnect();
        throw new IOException("abandoned");
      }
      connection = c;
    }

    /** Hands the result to the caller; false when it has stopped waiting. */
    private synchronized boolean publish(Object result) {
      if (abandoned) {
        return false;
      }
      outcome = result;
      notifyAll();
      return true;
    }

    /** Reads the body into one buffer as the stream asks, until the end, a failure or cancel. */
    private void pump(HttpURLConnection c, InputStream in, int status,
        Flow.Subscriber<List<ByteBuffer>> body) {
      // Without a body, or before one is read: the JDK's end-of-stream check is its own.
      long length = status == 200 || status == 206 ? c.getContentLengthLong() : -1;
      byte[] buffer = new byte[BUFFER_SIZE];
      long received = 0;
      try {
        while (awaitDemand()) {
          int n = in == null ? -1 : in.read(buffer);
          if (n < 0) {
            if (received < length) {
              // HttpURLConnection ends a body cut short without a word.
              throw new IOException("connection closed after " + received + " of " + length
                  + " bytes");
            }
            if (in != null) {
              in.close(); // the connection goes back to the keep-alive cache
            }
            body.onComplete();
            return;
          }
          received += n;
          // The stream has taken the previous buffer's bytes before it asks for more.
          body.onNext(List.of(ByteBuffer.wrap(buffer, 0, n)));
        }
        discard(c, in, status);
      } catch (IOException | RuntimeException e) {
        c.disconnect();
        body.onError(e instanceof SocketTimeoutException
            ? new TimedOut("no data for " + readTimeout.toMillis() + " ms", e) : e);
      }
    }

    /** Waits until the stream asks for more (true) or cancels (false). */
    private synchronized boolean awaitDemand() {
      while (demand == 0 && !cancelled) {
        try {
          wait();
        } catch (InterruptedException e) {
          cancelled = true; // nothing interrupts this thread but a shutdown
        }
      }
      if (cancelled) {
        return false;
      }
      demand--;
      return true;
    }

    @Override
    public synchronized void request(long n) {
      if (n > 0) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        notifyAll();
      }
    }

    @Override
    public synchronized void cancel() {
      cancelled = true;
      notifyAll();
    }
  }
}
