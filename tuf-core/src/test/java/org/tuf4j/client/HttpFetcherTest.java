package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.SlowRetrievalException;
import org.tuf4j.TooLargeException;

/**
 * {@link HttpFetcher} against a local server, including the endless data and slow retrieval
 * attacks of TUF spec §1.5.2: on its own transport ({@link java.net.HttpURLConnection}) here, and
 * with an injected {@link java.net.http.HttpClient} in {@link HttpFetcherInjectedClientTest}.
 */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class HttpFetcherTest {
  private static final byte[] BODY = "{\"signed\":{}}\n".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private ExecutorService executor;
  // Released at teardown so that handlers that stall forever return.
  private final CountDownLatch teardown = new CountDownLatch(1);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-http-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
  }

  @AfterEach
  void stopServer() {
    teardown.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  /** The fetcher under test, before what each test sets. */
  HttpFetcher.Builder fetcher() {
    return HttpFetcher.builder();
  }

  /** A fetcher under test that follows no redirect. */
  HttpFetcher.Builder notFollowingRedirects() {
    return HttpFetcher.builder().followRedirects(false);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void handle(String path, HttpHandler handler) {
    server.createContext(path, exchange -> {
      try {
        handler.handle(exchange);
      } finally {
        exchange.close();
      }
    });
  }

  /** Serves {@code path} as a body of one byte every {@code millis}, forever. */
  private void drip(String path, long millis) {
    handle(path, exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      while (true) {
        out.write('x');
        out.flush();
        sleep(millis);
      }
    });
  }

  private void status(String path, int code) {
    handle(path, exchange -> exchange.sendResponseHeaders(code, -1));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  /** Asserts that {@code in} fails with a slow retrieval within {@code bound} and returns it. */
  private static SlowRetrievalException assertSlowRetrieval(InputStream in, Duration bound) {
    long start = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> readAll(in));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(bound) < 0, "failed only after " + took);
    return assertInstanceOf(SlowRetrievalException.class, e.getCause());
  }

  @Test
  void okBodyIsReturnedExactly() throws Exception {
    handle("/1.root.json", exchange -> {
      exchange.sendResponseHeaders(200, BODY.length);
      exchange.getResponseBody().write(BODY);
    });
    try (InputStream in = fetcher().build().fetch(uri("/1.root.json"), BODY.length)) {
      assertArrayEquals(BODY, readAll(in));
    }
  }

  @Test
  void userAgentIsSent() throws Exception {
    AtomicReference<String> agent = new AtomicReference<>();
    handle("/f", exchange -> {
      agent.set(exchange.getRequestHeaders().getFirst("User-Agent"));
      exchange.sendResponseHeaders(200, -1);
    });
    HttpFetcher fetcher = fetcher().userAgent("tuf4j-test/1").build();
    try (InputStream in = fetcher.fetch(uri("/f"), 10)) {
      assertEquals(0, readAll(in).length);
    }
    assertEquals("tuf4j-test/1", agent.get());
    assertTrue(HttpFetcher.DEFAULT_USER_AGENT.startsWith("tuf4j"));
  }

  @Test
  void notFoundForbiddenAndGoneAreNotFound_spec5_3_3() {
    HttpFetcher fetcher = fetcher().build();
    for (int code : new int[] {403, 404, 410}) {
      status("/" + code, code);
      NotFoundException e = assertThrows(NotFoundException.class,
          () -> fetcher.fetch(uri("/" + code), 100));
      assertTrue(e.getMessage().contains(String.valueOf(code)), e.getMessage());
    }
  }

  @Test
  void serverErrorIsAFetchFailureNotNotFound() {
    status("/500", 500);
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher().build().fetch(uri("/500"), 100));
    assertFalse(e instanceof NotFoundException);
    assertTrue(e.getMessage().contains("500"), e.getMessage());
  }

  @Test
  void contentLengthOverTheLimitIsRefusedBeforeReading_endlessDataAttack() {
    AtomicLong written = new AtomicLong();
    handle("/big", exchange -> {
      long length = 1L << 30;
      exchange.sendResponseHeaders(200, length);
      byte[] chunk = new byte[64 * 1024];
      OutputStream out = exchange.getResponseBody();
      for (long n = 0; n < length; n += chunk.length) {
        out.write(chunk);
        written.addAndGet(chunk.length);
      }
    });
    long start = System.nanoTime();
    TooLargeException e = assertThrows(TooLargeException.class,
        () -> fetcher().build().fetch(uri("/big"), 1000));
    assertEquals(1000, e.limit());
    assertEquals(uri("/big").toString(), e.what());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 2);
    // Far less than the gigabyte announced: only socket buffers' worth was ever sent.
    assertTrue(written.get() < 64L << 20, "server wrote " + written.get());
  }

  @Test
  void bodyWithoutContentLengthEndsOneByteAfterTheLimit_endlessDataAttack() throws Exception {
    handle("/chunked", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      exchange.getResponseBody().write(new byte[5000]);
    });
    try (InputStream in = fetcher().build().fetch(uri("/chunked"), 1000)) {
      assertEquals(1001, readAll(in).length);
    }
    // The same cap for single-byte reads.
    try (InputStream in = fetcher().build().fetch(uri("/chunked"), 1000)) {
      int n = 0;
      while (in.read() >= 0) {
        n++;
      }
      assertEquals(1001, n);
    }
  }

  @Test
  void endlessDataIsCutAtTheLimit_endlessDataAttack() throws Exception {
    CountDownLatch serverStopped = new CountDownLatch(1);
    AtomicLong written = new AtomicLong();
    handle("/endless", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[16 * 1024];
      OutputStream out = exchange.getResponseBody();
      try {
        while (true) {
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } finally {
        serverStopped.countDown();
      }
    });
    long maxLength = 100_000;
    InputStream in = fetcher().build().fetch(uri("/endless"), maxLength);
    // Reading to EOF terminates only because the stream ends after maxLength + 1 bytes.
    assertEquals(maxLength + 1, readAll(in).length);
    in.close();
    // Closing cancelled the transfer: the server's next writes fail.
    assertTrue(serverStopped.await(5, TimeUnit.SECONDS), "server still writing");
    assertTrue(written.get() < 64L << 20, "server wrote " + written.get());
  }

  @Test
  void bodyIsPulledOnlyAsTheCallerReadsAndCloseStopsIt_endlessDataAttack() throws Exception {
    CountDownLatch serverStopped = new CountDownLatch(1);
    AtomicLong written = new AtomicLong();
    handle("/endless", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[16 * 1024];
      OutputStream out = exchange.getResponseBody();
      try {
        while (true) {
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } finally {
        serverStopped.countDown();
      }
    });
    try (InputStream in = fetcher().build().fetch(uri("/endless"), Long.MAX_VALUE)) {
      assertTrue(in.read() >= 0);
      Thread.sleep(1000);
      long afterPause = written.get();
      Thread.sleep(200);
      // A client buffering the body would have taken gigabytes by now over loopback.
      assertTrue(afterPause < 64L << 20, "server wrote " + afterPause);
      assertEquals(afterPause, written.get(), "server kept writing while nobody read");
    }
    // Closed long before the limit: the transfer is cancelled and the server's writes fail.
    assertTrue(serverStopped.await(2, TimeUnit.SECONDS), "server still writing");
  }

  @Test
  void slowDripFailsTheMinimumRate_slowRetrievalAttack() throws Exception {
    drip("/drip", 200);
    HttpFetcher fetcher = fetcher()
        .minBytesPerSecond(100)
        .gracePeriod(Duration.ofMillis(500))
        .build();
    InputStream in = fetcher.fetch(uri("/drip"), 1_000_000);
    SlowRetrievalException e = assertSlowRetrieval(in, Duration.ofSeconds(3));
    assertTrue(e.bytesReceived() < 20, "received " + e.bytesReceived());
    assertTrue(e.elapsed().toMillis() >= 500, "before the grace period: " + e.elapsed());
    // The failure sticks.
    assertThrows(IOException.class, in::read);
    in.close();
  }

  @Test
  void stalledBodyFailsTheReadTimeout_slowRetrievalAttack() throws Exception {
    handle("/stall", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write(BODY);
      out.flush();
      await(teardown);
    });
    HttpFetcher fetcher = fetcher()
        .readTimeout(Duration.ofMillis(500))
        .minBytesPerSecond(0)
        .build();
    try (InputStream in = fetcher.fetch(uri("/stall"), 1_000_000)) {
      SlowRetrievalException e = assertSlowRetrieval(in, Duration.ofSeconds(3));
      assertEquals(BODY.length, e.bytesReceived());
    }
  }

  @Test
  void missingHeadersFailTheReadTimeout_slowRetrievalAttack() {
    handle("/silent", exchange -> await(teardown));
    HttpFetcher fetcher = fetcher()
        .readTimeout(Duration.ofMillis(500))
        .build();
    long start = System.nanoTime();
    assertThrows(SlowRetrievalException.class, () -> fetcher.fetch(uri("/silent"), 100));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 3);
  }

  /**
   * A server that sends its status line, then a header a byte at a time, each byte well within
   * the read timeout: each single read is quick, the whole wait is not (issue 20: {@link
   * java.net.HttpURLConnection}'s read timeout bounds single reads only).
   */
  @Test
  void headersTrickledAByteAtATimeFailTheReadTimeout_slowRetrievalAttack() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread trickler = new Thread(() -> {
        try (Socket s = listener.accept()) {
          readRequestHead(s.getInputStream());
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
          while (true) {
            out.write('x');
            out.flush();
            Thread.sleep(50);
          }
        } catch (IOException | InterruptedException e) {
          // the client went away
        }
      });
      trickler.setDaemon(true);
      trickler.start();
      HttpFetcher fetcher = fetcher().readTimeout(Duration.ofMillis(500)).maxRetries(0).build();
      long start = System.nanoTime();
      assertThrows(SlowRetrievalException.class, () -> fetcher.fetch(
          URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/h"), 100));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.toMillis() < 1500, "failed only after " + took);
    }
  }

  /**
   * A body trickled a byte a little faster than the read timeout: the minimum rate cuts it once
   * the grace period is over, without waiting for the next byte.
   */
  @Test
  void aBodyTrickledJustWithinTheReadTimeoutFailsTheMinimumRateOnTime_slowRetrievalAttack()
      throws Exception {
    drip("/trickle", 1800);
    HttpFetcher fetcher = fetcher()
        .readTimeout(Duration.ofMillis(2000))
        .minBytesPerSecond(100)
        .gracePeriod(Duration.ofMillis(300))
        .build();
    InputStream in = fetcher.fetch(uri("/trickle"), 1_000_000);
    SlowRetrievalException e = assertSlowRetrieval(in, Duration.ofMillis(1300));
    assertTrue(e.elapsed().toMillis() >= 300, "before the grace period: " + e.elapsed());
    in.close();
  }

  @Test
  void steadyTransferLongerThanTheReadTimeoutSucceeds() throws Exception {
    handle("/steady", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      for (int i = 0; i < 12; i++) {
        out.write(BODY);
        out.flush();
        sleep(250);
      }
    });
    // The whole transfer (3 s) outlasts the read timeout; no gap between writes comes near it,
    // and the grace period leaves room for a loaded machine's scheduling delays.
    HttpFetcher fetcher = fetcher()
        .readTimeout(Duration.ofMillis(2000))
        .minBytesPerSecond(10)
        .gracePeriod(Duration.ofMillis(1000))
        .build();
    try (InputStream in = fetcher.fetch(uri("/steady"), 1_000_000)) {
      assertEquals(12 * BODY.length, readAll(in).length);
    }
  }

  @Test
  void closeWakesAReaderBlockedInAnotherThread() throws Exception {
    handle("/stall", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      await(teardown);
    });
    InputStream in = fetcher().build().fetch(uri("/stall"), 100);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        in.read();
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    reader.start();
    Thread.sleep(200);
    in.close();
    reader.join(2000);
    assertFalse(reader.isAlive(), "reader still blocked");
    assertInstanceOf(IOException.class, failure.get());
  }

  @Test
  void connectionRefusedIsAFetchFailure() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher().build().fetch(URI.create("http://127.0.0.1:" + port + "/x"), 100));
    assertFalse(e instanceof NotFoundException);
    assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
  }

  @Test
  void redirectToAnotherPathIsFollowed() throws Exception {
    handle("/old", exchange -> {
      exchange.getResponseHeaders().set("Location", "/new");
      exchange.sendResponseHeaders(302, -1);
    });
    handle("/new", exchange -> {
      exchange.sendResponseHeaders(200, BODY.length);
      exchange.getResponseBody().write(BODY);
    });
    try (InputStream in = fetcher().build().fetch(uri("/old"), 1000)) {
      assertArrayEquals(BODY, readAll(in));
    }
    FetchException e = assertThrows(FetchException.class,
        () -> notFollowingRedirects().build().fetch(uri("/old"), 1000));
    assertTrue(e.getMessage().contains("302"), e.getMessage());
  }

  @Test
  void redirectsAreFollowedAFewTimesOnly() throws Exception {
    for (int i = 0; i < 20; i++) {
      int next = i + 1;
      handle("/hop" + i, exchange -> {
        exchange.getResponseHeaders().set("Location", "/hop" + next);
        exchange.sendResponseHeaders(301, -1);
      });
    }
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher().build().fetch(uri("/hop0"), 1000));
    assertTrue(e.getMessage().contains("301"), e.getMessage());
  }

  @Test
  void endlessRedirectBodyIsNotDrained_endlessDataAttack() {
    AtomicLong written = new AtomicLong();
    handle("/old", exchange -> {
      exchange.getResponseHeaders().set("Location", "/new");
      exchange.sendResponseHeaders(302, 0);
      byte[] chunk = new byte[16 * 1024];
      OutputStream out = exchange.getResponseBody();
      while (true) {
        out.write(chunk);
        written.addAndGet(chunk.length);
      }
    });
    status("/new", 404);
    long start = System.nanoTime();
    // The redirect is followed without draining its body.
    assertThrows(NotFoundException.class, () -> fetcher().build().fetch(uri("/old"), 100));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 2);
    assertTrue(written.get() < 64L << 20, "server wrote " + written.get());
  }

  @Test
  void nonHttpUriIsRefused() {
    assertThrows(FetchException.class,
        () -> fetcher().build().fetch(URI.create("file:///etc/passwd"), 100));
    assertThrows(IllegalArgumentException.class,
        () -> fetcher().build().fetch(uri("/x"), -1));
  }

  @Test
  void builderRejectsBadArguments() {
    HttpFetcher.Builder b = HttpFetcher.builder();
    assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.readTimeout(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.minBytesPerSecond(-1));
    assertThrows(IllegalArgumentException.class, () -> b.gracePeriod(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.userAgent(" "));
    assertThrows(IllegalArgumentException.class, () -> b.userAgent("a\r\nX-Evil: 1"));
    assertThrows(NullPointerException.class, () -> b.readTimeout(null));
  }

  @Test
  void defaultsAreDocumented() {
    HttpFetcher f = HttpFetcher.create();
    assertEquals(Duration.ofSeconds(10), f.connectTimeout());
    assertEquals(Duration.ofSeconds(30), f.readTimeout());
    assertEquals(1024, f.minBytesPerSecond());
    assertEquals(Duration.ofSeconds(5), f.gracePeriod());
    assertEquals(HttpFetcher.DEFAULT_USER_AGENT, f.userAgent());
  }

  /** Reads an HTTP request's head, up to its empty line. */
  private static void readRequestHead(InputStream in) throws IOException {
    int last4 = 0;
    for (int c; (c = in.read()) >= 0; ) {
      last4 = last4 << 8 | c;
      if (last4 == 0x0d0a0d0a) {
        return;
      }
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
