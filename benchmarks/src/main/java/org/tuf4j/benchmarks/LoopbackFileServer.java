package org.tuf4j.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A read-only static file server for benchmarks: serves the regular files under one directory on
 * 127.0.0.1 at an ephemeral port, so that every client measured reads the same bytes over the
 * same loopback HTTP/1.1 server.
 *
 * <p>GET and HEAD only (405 otherwise). A path that names no regular file under the root is 404;
 * a path with a {@code ..} segment, a backslash or a NUL, or one that leaves the root once
 * symbolic links are followed, is 404 too and never touches the file system outside the root.
 * Responses carry {@code Content-Length}; {@code .json} files are {@code application/json}.
 */
public final class LoopbackFileServer implements AutoCloseable {
  static {
    // The JDK server writes a response's headers and body separately; without TCP_NODELAY,
    // Nagle's algorithm holds the body back until the client's delayed ACK (about 40 ms per
    // request on Linux), which would swamp what is measured. The property is read once, when
    // the JDK server's configuration class loads, so it is set before any server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Path root;
  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackFileServer(Path root, HttpServer server, ExecutorService executor) {
    this.root = root;
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving {@code root} (an existing directory) on 127.0.0.1 at an ephemeral port. */
  public static LoopbackFileServer start(Path root) throws IOException {
    Path realRoot = root.toRealPath();
    if (!Files.isDirectory(realRoot)) {
      throw new IOException(root + " is not a directory");
    }
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // A few threads: clients that fetch concurrently are not serialised behind one another.
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "loopback-file-server");
      t.setDaemon(true);
      return t;
    });
    LoopbackFileServer s = new LoopbackFileServer(realRoot, server, executor);
    server.createContext("/", s::handle);
    server.setExecutor(executor);
    server.start();
    return s;
  }

  /** {@code http://127.0.0.1:PORT/}: resolve the served relative paths against it. */
  public URI baseUri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
  }

  /** The directory served. */
  public Path root() {
    return root;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Path file = resolve(exchange.getRequestURI().getPath());
      if (file == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      long size = Files.size(file);
      exchange.getResponseHeaders().set("Content-Type",
          file.getFileName().toString().endsWith(".json") ? "application/json"
              : "application/octet-stream");
      if (head) {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      // A zero length would mean "chunked" to HttpExchange; -1 means "no body".
      exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
      if (size > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          Files.copy(file, out);
        }
      }
    }
  }

  /** The regular file under the root that {@code path} names, or null. */
  Path resolve(String path) {
    if (path == null || !path.startsWith("/") || path.indexOf('\\') >= 0
        || path.indexOf('\0') >= 0) {
      return null;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return null;
      }
    }
    String relative = path.substring(1);
    if (relative.isEmpty()) {
      return null;
    }
    try {
      Path candidate = root.resolve(relative).normalize();
      if (!candidate.startsWith(root) || !Files.isRegularFile(candidate)) {
        return null;
      }
      Path real = candidate.toRealPath();
      return real.startsWith(root) && Files.isRegularFile(real) ? real : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
