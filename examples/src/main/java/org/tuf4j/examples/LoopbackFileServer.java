package org.tuf4j.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A static file server for the examples, bound to 127.0.0.1 on a free port (the JDK's {@link
 * HttpServer}): each URL prefix serves one directory, refuses paths that leave it, and counts
 * the requests it answers, so an example can show which repository a client contacted.
 */
final class LoopbackFileServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, AtomicInteger> requests = new LinkedHashMap<>();

  private LoopbackFileServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving {@code directoryByPrefix}: a request for {@code PREFIX + p} gets the file
   * {@code p} of the prefix's directory, or 404. Prefixes start and end with {@code /}.
   */
  static LoopbackFileServer start(Map<String, Path> directoryByPrefix) throws IOException {
    LoopbackFileServer files = new LoopbackFileServer(HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    for (Map.Entry<String, Path> e : directoryByPrefix.entrySet()) {
      String prefix = e.getKey();
      Path root = e.getValue().toRealPath();
      AtomicInteger count = new AtomicInteger();
      files.requests.put(prefix, count);
      files.server.createContext(prefix, exchange -> {
        try (exchange) {
          count.incrementAndGet();
          String relative = exchange.getRequestURI().getPath().substring(prefix.length());
          Path file = root.resolve(relative).normalize();
          if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            return;
          }
          byte[] body = Files.readAllBytes(file);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
          }
        }
      });
    }
    files.server.start();
    return files;
  }

  /** {@code http://127.0.0.1:PORT/}. */
  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Requests answered so far under the prefixes that start with {@code prefix}. */
  int requestsUnder(String prefix) {
    return requests.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Deletes {@code dir} and everything under it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
