package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.FetchException;

/**
 * {@link HttpFetcher}'s own client makes the JDK's default TLS context only at the first {@code
 * https} connection ({@link HttpsSockets}); these check that deferring it changes nothing
 * about TLS: the default trust store decides, and host names are verified. Certificates are
 * made by the JDK's {@code keytool}, and served by the JDK's HTTPS server on loopback.
 */
class HttpFetcherTlsTest {
  private static final byte[] BODY = "over TLS".getBytes(StandardCharsets.UTF_8);
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path keys;
  private static KeyStore forLoopback;
  private static KeyStore forAnotherName;

  private HttpsServer server;

  @BeforeAll
  static void makeCertificates() throws Exception {
    forLoopback = keyStore("loopback", "ip:127.0.0.1");
    forAnotherName = keyStore("other", "dns:updates.example.org");
  }

  private static KeyStore keyStore(String name, String subjectAltName) throws Exception {
    Path file = keys.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name, "-ext", "san=" + subjectAltName, "-validity", "2",
        "-keystore", file.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  private URI serve(KeyStore identity) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(identity, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/file", exchange -> {
      exchange.sendResponseHeaders(200, BODY.length);
      exchange.getResponseBody().write(BODY);
      exchange.close();
    });
    server.start();
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/file");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** An SSLContext whose trust anchors are the certificates of {@code stores}. */
  private static SSLContext trusting(KeyStore... stores) throws Exception {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    for (KeyStore ks : stores) {
      String alias = ks.aliases().nextElement();
      anchors.setCertificateEntry(alias, ks.getCertificate(alias));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(anchors);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static byte[] fetch(URI uri) throws Exception {
    return fetch(HttpFetcher.builder().maxRetries(0).build(), uri);
  }

  private static byte[] fetch(HttpFetcher fetcher, URI uri) throws Exception {
    try (InputStream in = fetcher.fetch(uri, 1024)) {
      return in.readAllBytes();
    }
  }

  /** Runs {@code body} with {@code context} as the JDK's default TLS context. */
  private static void withDefaultTls(SSLContext context, ThrowingRunnable body) throws Exception {
    SSLContext before = SSLContext.getDefault();
    SSLContext.setDefault(context);
    try {
      body.run();
    } finally {
      SSLContext.setDefault(before);
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** A plain HTTP server on loopback serving {@link #BODY} at {@code /file}; counts requests. */
  private HttpServer plain(AtomicInteger requests) throws Exception {
    HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    plain.createContext("/file", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(200, BODY.length);
      exchange.getResponseBody().write(BODY);
      exchange.close();
    });
    plain.start();
    return plain;
  }

  private static void redirect(HttpServer server, String path, URI to) {
    server.createContext(path, exchange -> {
      exchange.getResponseHeaders().set("Location", to.toString());
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
  }

  private static HttpFetcher injected(SSLContext tls) {
    return HttpFetcher.builder().maxRetries(0).httpClient(HttpClient.newBuilder().sslContext(tls)
        .followRedirects(HttpClient.Redirect.NORMAL).build()).build();
  }

  @Test
  void aRedirectFromHttpsToHttpIsNotFollowed() throws Exception {
    AtomicInteger plainRequests = new AtomicInteger();
    HttpServer plain = plain(plainRequests);
    try {
      URI https = serve(forLoopback);
      redirect(server, "/down", URI.create("http://127.0.0.1:" + plain.getAddress().getPort()
          + "/file"));
      URI down = https.resolve("/down");
      withDefaultTls(trusting(forLoopback), () -> {
        FetchException e = assertThrows(FetchException.class, () -> fetch(down));
        assertTrue(e.getMessage().contains("302"), e.getMessage());
      });
      FetchException e = assertThrows(FetchException.class,
          () -> fetch(injected(trusting(forLoopback)), down));
      assertTrue(e.getMessage().contains("302"), e.getMessage());
      assertEquals(0, plainRequests.get());
    } finally {
      plain.stop(0);
    }
  }

  @Test
  void aRedirectFromHttpToHttpsIsFollowed() throws Exception {
    HttpServer plain = plain(new AtomicInteger());
    try {
      URI https = serve(forLoopback);
      redirect(plain, "/up", https);
      URI up = URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + "/up");
      withDefaultTls(trusting(forLoopback), () -> assertArrayEquals(BODY, fetch(up)));
      assertArrayEquals(BODY, fetch(injected(trusting(forLoopback)), up));
    } finally {
      plain.stop(0);
    }
  }

  @Test
  void aCertificateTheDefaultTrustStoreHoldsIsAccepted() throws Exception {
    URI uri = serve(forLoopback);
    withDefaultTls(trusting(forLoopback), () -> assertArrayEquals(BODY, fetch(uri)));
  }

  /** Start-up (issue 20): building the fetcher does not build the TLS context. */
  @Test
  void theDefaultTlsContextIsTakenAtTheFirstHttpsConnectionNotWhenTheFetcherIsBuilt()
      throws Exception {
    URI uri = serve(forLoopback);
    HttpFetcher builtBefore = HttpFetcher.builder().maxRetries(0).build();
    withDefaultTls(trusting(forLoopback),
        () -> assertArrayEquals(BODY, fetch(builtBefore, uri)));
  }

  @Test
  void aCertificateTheDefaultTrustStoreDoesNotHoldIsRefused() throws Exception {
    URI uri = serve(forLoopback);
    FetchException e = assertThrows(FetchException.class, () -> fetch(uri));
    assertTrue(e.getMessage().contains("request failed"), e.getMessage());
  }

  @Test
  void aTrustedCertificateForAnotherHostNameIsRefused() throws Exception {
    URI uri = serve(forAnotherName);
    withDefaultTls(trusting(forLoopback, forAnotherName),
        () -> assertThrows(FetchException.class, () -> fetch(uri)));
  }
}
