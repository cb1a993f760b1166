package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.FetchException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.SlowRetrievalException;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.LoopbackServer.Behaviour;
import org.tuf4j.loopback.Source;
import org.tuf4j.testing.RepositorySimulator;

/**
 * What {@link HttpFetcher} does for an unreliable network (TUF spec §5 "download", §1.5.2):
 * bounded retries with backoff, resumed transfers, application headers and an injected client.
 * Backoff delays are a millisecond here; nothing is asserted about time. On the fetcher's own
 * transport here, with an injected client in {@link HttpFetcherResilienceInjectedClientTest}.
 */
@Timeout(120)
class HttpFetcherResilienceTest {
  private static final byte[] BIG = new byte[256 * 1024];

  static {
    new Random(7).nextBytes(BIG);
  }

  @TempDir Path tmp;

  /** The fetcher under test, before what each test sets. */
  HttpFetcher.Builder fetcher() {
    return HttpFetcher.builder();
  }

  private HttpFetcher.Builder fast() {
    return fetcher().retryBaseDelay(Duration.ofMillis(1)).retryMaxDelay(Duration.ofMillis(2));
  }

  private static LoopbackServer serving(String path, byte[] body) throws IOException {
    return LoopbackServer.builder()
        .source(Source.content(p -> p.equals(path) ? Optional.of(body) : Optional.empty()))
        .start();
  }

  private static byte[] fetchAll(Fetcher fetcher, URI uri) throws Exception {
    try (InputStream in = fetcher.fetch(uri, 1 << 20)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aFlappingServerIsRetriedUntilItServes() throws Exception {
    try (LoopbackServer server = serving("f", BIG)) {
      server.overrideSequence("f", List.of(new Behaviour.Status(503),
          new Behaviour.Status(502), new Behaviour.Serve()));
      assertArrayEquals(BIG, fetchAll(fast().build(), server.uri("f")));
      assertEquals(3, server.requests().size());
    }
  }

  @Test
  void retriesStopAtTheirBound() throws Exception {
    try (LoopbackServer server = serving("f", BIG)) {
      server.override("f", new Behaviour.Status(503));
      FetchException e = assertThrows(FetchException.class,
          () -> fetchAll(fast().maxRetries(3).build(), server.uri("f")));
      assertTrue(e.getMessage().contains("503"), e.getMessage());
      assertEquals(4, server.requests().size());
      server.clearRequests();
      assertThrows(FetchException.class,
          () -> fetchAll(fast().maxRetries(0).build(), server.uri("f")));
      assertEquals(1, server.requests().size());
    }
  }

  @Test
  void anAnswerThatIsNotAFailureOfTheServerIsNeverRetried() throws Exception {
    try (LoopbackServer server = serving("f", BIG)) {
      assertThrows(NotFoundException.class, () -> fetchAll(fast().build(), server.uri("g")));
      server.override("f", new Behaviour.Status(400));
      assertThrows(FetchException.class, () -> fetchAll(fast().build(), server.uri("f")));
      assertEquals(2, server.requests().size());
    }
  }

  @Test
  void aConnectionClosedBeforeAnyResponseIsRetried() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        while (!listener.isClosed()) {
          try {
            Socket s = listener.accept();
            accepted.incrementAndGet();
            s.close(); // before any response
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
      URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/f");
      assertThrows(FetchException.class, () -> fetchAll(fast().maxRetries(0).build(), uri));
      int perAttempt = accepted.getAndSet(0); // the HTTP client may itself try twice
      assertThrows(FetchException.class, () -> fetchAll(fast().maxRetries(2).build(), uri));
      assertEquals(3 * perAttempt, accepted.get());
    }
  }

  @Test
  void aSlowResponseIsNeverRetried_spec1_5_2() throws Exception {
    try (LoopbackServer server = serving("f", BIG)) {
      server.override("f", new Behaviour.StallAfterHeaders(Duration.ofSeconds(30)));
      HttpFetcher fetcher = fast().readTimeout(Duration.ofMillis(300)).build();
      IOException e = assertThrows(IOException.class, () -> fetchAll(fetcher, server.uri("f")));
      assertInstanceOf(SlowRetrievalException.class, e.getCause());
      assertEquals(1, server.requests().size());
    }
  }

  @Test
  void aDroppedTransferResumesWithRangeFromWhereItStopped() throws Exception {
    try (LoopbackServer server = serving("f", BIG)) {
      server.overrideSequence("f", List.of(new Behaviour.DropAfter(100_000),
          new Behaviour.Serve()));
      assertArrayEquals(BIG, fetchAll(fast().build(), server.uri("f")));
      assertEquals(2, server.requests().size());
      // Only the missing part was sent again.
      assertEquals(BIG.length, server.counts().bodyBytes());
    }
  }

  @Test
  void aDroppedTransferIsNotResumedFromAServerThatSendsTheWholeFileAgain() throws Exception {
    try (LoopbackServer server = serving("f", BIG)) {
      server.overrideSequence("f", List.of(new Behaviour.DropAfter(100_000),
          new Behaviour.Content(BIG)));
      IOException e = assertThrows(IOException.class, () -> fetchAll(fast().build(),
          server.uri("f")));
      assertInstanceOf(FetchException.class, e.getCause());
      assertEquals(2, server.requests().size());
    }
  }

  @Test
  void aTransferDroppedBeforeItsFirstByteIsFetchedWholeAgain() throws Exception {
    try (LoopbackServer server = serving("f", BIG)) {
      server.overrideSequence("f", List.of(new Behaviour.DropAfter(0), new Behaviour.Serve()));
      assertArrayEquals(BIG, fetchAll(fast().build(), server.uri("f")));
      assertEquals(2, server.requests().size());
      assertEquals(BIG.length, server.counts().bodyBytes());
    }
  }

  /** A {@code 206} that is not the rest of the file the first response began is not spliced on. */
  @Test
  void aPartialAnswerThatIsNotTheRestOfTheFileIsRefused() throws Exception {
    int cut = 100_000;
    byte[] rest = Arrays.copyOfRange(BIG, cut, BIG.length);
    for (String contentRange : List.of(
        "bytes 0-" + (BIG.length - 1) + "/" + BIG.length, // from the start again
        "bytes " + cut + "-199999/" + BIG.length, // short of the end
        "bytes " + cut + "-" + BIG.length + "/" + (BIG.length + 1), // a longer file
        "bytes " + cut + "-" + (BIG.length - 1) + "/x",
        "items " + cut + "-" + (BIG.length - 1) + "/" + BIG.length,
        "")) {
      AtomicInteger requests = new AtomicInteger();
      HttpServer server = HttpServer.create(new InetSocketAddress(
          InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/f", x -> {
        if (requests.getAndIncrement() == 0) {
          x.sendResponseHeaders(200, BIG.length);
          x.getResponseBody().write(BIG, 0, cut);
          x.getResponseBody().flush();
          x.close(); // short of its length: the JDK drops the connection
          return;
        }
        if (!contentRange.isEmpty()) {
          x.getResponseHeaders().set("Content-Range", contentRange);
        }
        x.sendResponseHeaders(206, rest.length);
        x.getResponseBody().write(rest);
        x.close();
      });
      server.start();
      try {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/f");
        IOException e = assertThrows(IOException.class, () -> fetchAll(fast().build(), uri),
            contentRange);
        assertInstanceOf(FetchException.class, e.getCause(), contentRange);
        assertEquals(2, requests.get(), contentRange);
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void aResumedDownloadIsStillHashCheckedOverTheWholeFile_spec5_7_4() throws Exception {
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    RepositorySimulator repo = RepositorySimulator.builder().now(now)
        .consistentSnapshot(false).build();
    repo.addTarget("app.bin", BIG);
    repo.publish();
    byte[] tampered = BIG.clone();
    tampered[BIG.length - 1] ^= 1;
    AtomicInteger served = new AtomicInteger();
    AtomicBoolean tamper = new AtomicBoolean(true);
    try (LoopbackServer server = LoopbackServer.serve(p -> p.equals("targets/app.bin")
        && served.getAndIncrement() > 0 && tamper.get() ? Optional.of(tampered)
        : repo.findFile(p))) {
      server.overrideSequence("targets/app.bin", List.of(new Behaviour.DropAfter(100_000),
          new Behaviour.Serve()));
      Updater u = Updater.builder()
          .metadataDir(tmp.resolve("metadata"))
          .targetDir(tmp.resolve("targets"))
          .metadataBaseUrl(server.uri("metadata/"))
          .targetBaseUrl(server.uri("targets/"))
          .trustedRoot(repo.trustedRootBytes())
          .fetcher(fast().build())
          .config(UpdaterConfig.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build())
          .build();
      TargetInfo info = u.getTargetInfo("app.bin").orElseThrow();
      // The rest of another file: the whole is checked, and refused.
      assertThrows(HashMismatchException.class, () -> u.download(info));
      assertEquals(2, server.requestsUnder("targets/"));
      tamper.set(false);
      server.overrideSequence("targets/app.bin", List.of(new Behaviour.DropAfter(100_000),
          new Behaviour.Serve()));
      assertArrayEquals(BIG, Files.readAllBytes(u.download(info)));
      assertEquals(4, server.requestsUnder("targets/"));
    }
  }

  @Test
  void headersAndASupplierAreSentWithEveryAttempt() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicInteger token = new AtomicInteger();
    HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    echo.createContext("/", x -> {
      seen.add(x.getRequestHeaders().getFirst("X-Device") + " "
          + x.getRequestHeaders().getFirst("Authorization"));
      x.sendResponseHeaders(seen.size() == 1 ? 503 : 200, -1);
      x.close();
    });
    echo.start();
    try {
      HttpFetcher fetcher = fast().header("X-Device", "ecu-7")
          .headerSupplier(() -> Map.of("Authorization", "Bearer t" + token.incrementAndGet()))
          .build();
      fetchAll(fetcher, URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/f"));
      assertEquals(List.of("ecu-7 Bearer t1", "ecu-7 Bearer t2"), seen);
    } finally {
      echo.stop(0);
    }
  }

  @Test
  void aFailingHeaderSupplierFailsTheFetchWithoutARequest() throws Exception {
    try (LoopbackServer server = serving("f", BIG)) {
      HttpFetcher broken = fast().headerSupplier(() -> Map.of("Host", "evil")).build();
      FetchException e = assertThrows(FetchException.class,
          () -> fetchAll(broken, server.uri("f")));
      assertTrue(e.getMessage().contains("header supplier"), e.getMessage());
      assertEquals(0, server.requests().size());
    }
  }

  @Test
  void anInjectedClientCarriesItsProxy() throws Exception {
    List<String> proxied = new CopyOnWriteArrayList<>();
    HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    proxy.createContext("/", x -> {
      proxied.add(x.getRequestURI().toString());
      byte[] body = "via proxy".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    proxy.start();
    try {
      HttpClient client = HttpClient.newBuilder()
          .proxy(ProxySelector.of(proxy.getAddress())).build();
      HttpFetcher fetcher = fast().httpClient(client).build();
      assertEquals("via proxy", new String(fetchAll(fetcher,
          URI.create("http://repo.example/metadata/timestamp.json")), StandardCharsets.UTF_8));
      assertEquals(List.of("http://repo.example/metadata/timestamp.json"), proxied);
    } finally {
      proxy.stop(0);
    }
  }

  @Test
  void theBuilderRefusesWhatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> HttpFetcher.builder().header("Range", "x"));
    assertThrows(IllegalArgumentException.class,
        () -> HttpFetcher.builder().header("X-A", "a\r\nX-B: b"));
    assertThrows(IllegalArgumentException.class, () -> HttpFetcher.builder().header("a b", "x"));
    assertThrows(IllegalArgumentException.class, () -> HttpFetcher.builder().maxRetries(-1));
    assertThrows(IllegalArgumentException.class, () -> HttpFetcher.builder().maxRetries(11));
    assertThrows(IllegalArgumentException.class,
        () -> HttpFetcher.builder().retryBaseDelay(Duration.ofMillis(-1)));
    assertThrows(IllegalStateException.class, () -> HttpFetcher.builder()
        .retryBaseDelay(Duration.ofSeconds(2)).retryMaxDelay(Duration.ofSeconds(1)).build());
    assertThrows(IllegalArgumentException.class, () -> HttpFetcher.builder().httpClient(
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build()));
    assertThrows(IllegalStateException.class, () -> HttpFetcher.builder()
        .httpClient(HttpClient.newHttpClient()).connectTimeout(Duration.ofSeconds(1)).build());
    HttpFetcher defaults = HttpFetcher.create();
    assertEquals(HttpFetcher.DEFAULT_MAX_RETRIES, defaults.maxRetries());
    assertEquals(HttpFetcher.DEFAULT_RETRY_BASE_DELAY, defaults.retryBaseDelay());
    assertEquals(HttpFetcher.DEFAULT_RETRY_MAX_DELAY, defaults.retryMaxDelay());
  }
}
