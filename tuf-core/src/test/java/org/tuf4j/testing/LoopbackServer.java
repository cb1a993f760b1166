package org.tuf4j.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) for client and attack tests, built on the
 * JDK's {@code com.sun.net.httpserver}. It serves whatever a {@code Function<String,
 * Optional<byte[]>>} returns for a request path (relative to the server root, percent-decoded
 * once): a {@link RepositorySimulator}, a directory, or anything else.
 *
 * <p>Per-path {@link Behaviour} overrides make it misbehave the way attackers and broken
 * networks do: error statuses, substituted bodies, slow drips, stalls after the headers, endless
 * bodies and lying {@code Content-Length} headers. Every request path is logged in order.
 * {@link #close()} stops at once, interrupting handlers that are still dripping or stalling.
 */
public final class LoopbackServer implements AutoCloseable {
  private static final byte[] FILLER = new byte[16 * 1024];

  static {
    Arrays.fill(FILLER, (byte) ' ');
  }

  /** How the server answers a request; {@link Serve} is the honest default. */
  public sealed interface Behaviour {
    /** The file as it is, or 404 when the source has none. */
    record Serve() implements Behaviour {}

    /** Just this status, without a body (and without consulting the source). */
    record Status(int code) implements Behaviour {}

    /** 200 with this body instead of the source's. */
    record Content(byte[] body) implements Behaviour {
      public Content {
        body = body.clone();
      }
    }

    /** The file with its true length, {@code bytes} at a time with {@code interval} between. */
    record Drip(int bytes, Duration interval) implements Behaviour {
      public Drip {
        if (bytes < 1) {
          throw new IllegalArgumentException("bytes must be positive");
        }
      }
    }

    /** Headers (true length) at once, then nothing for {@code stall}, then the body. */
    record StallAfterHeaders(Duration stall) implements Behaviour {}

    /** Chunked body: the file (if any) followed by spaces forever, until the client leaves. */
    record Endless() implements Behaviour {}

    /**
     * {@code Content-Length: claimed} over the file. When the file is longer, only the claimed
     * bytes can be put on the wire (the JDK server enforces the declared length), which is all an
     * HTTP client would read of a longer body anyway; when it is shorter, the whole file is sent
     * and the connection is dropped, so the client sees a premature end of stream.
     */
    record ContentLength(long claimed) implements Behaviour {}

    static Behaviour serve() {
      return new Serve();
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Function<String, Optional<byte[]>> source;
  private final Map<String, Behaviour> overrides = new ConcurrentHashMap<>();
  private volatile Behaviour defaultBehaviour = new Behaviour.Serve();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final URI baseUri;

  private LoopbackServer(Function<String, Optional<byte[]>> source) throws IOException {
    this.source = Objects.requireNonNull(source, "source");
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    server = HttpServer.create(new InetSocketAddress(loopback, 0), 16);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "loopback-server-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // A few threads: enough for a stalled request alongside concurrent fetches.
    executor = Executors.newFixedThreadPool(8, threads);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Serves paths from {@code source} (raw path relative to the root, as sent on the wire). */
  public static LoopbackServer serve(Function<String, Optional<byte[]>> source) {
    try {
      return new LoopbackServer(source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start loopback server", e);
    }
  }

  /** Serves a simulator's files as they are at request time. */
  public static LoopbackServer serve(RepositorySimulator simulator) {
    return serve(simulator::findFile);
  }

  /** Serves regular files under {@code dir}; paths that resolve outside it are not found. */
  public static LoopbackServer serveDirectory(Path dir) {
    return serve(directory(dir));
  }

  /** The lookup {@link #serveDirectory} uses, refusing {@code ..} and symlink escapes. */
  public static Function<String, Optional<byte[]>> directory(Path dir) {
    Path root;
    try {
      root = dir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("no directory " + dir, e);
    }
    return rawPath -> {
      try {
        String path = URI.create("/" + rawPath).getPath().substring(1); // decode once
        Path candidate = root.resolve(path).normalize();
        if (!candidate.startsWith(root) || !Files.isRegularFile(candidate)) {
          return Optional.empty();
        }
        // Resolving links catches a symlink inside the directory that points out of it.
        Path real = candidate.toRealPath();
        if (!real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
          return Optional.empty();
        }
        return Optional.of(Files.readAllBytes(real));
      } catch (IOException | IllegalArgumentException e) {
        return Optional.empty();
      }
    };
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public URI baseUri() {
    return baseUri;
  }

  /** The URI of a raw (already quoted) path relative to the root. */
  public URI uri(String rawPath) {
    return URI.create(baseUri + rawPath);
  }

  /** Answers requests for {@code path} (decoded, no leading slash) this way from now on. */
  public void override(String path, Behaviour behaviour) {
    overrides.put(path, Objects.requireNonNull(behaviour, "behaviour"));
  }

  /** Answers every path without its own override this way. */
  public void overrideAll(Behaviour behaviour) {
    defaultBehaviour = Objects.requireNonNull(behaviour, "behaviour");
  }

  /** Back to honest serving for every path. */
  public void clearOverrides() {
    overrides.clear();
    defaultBehaviour = new Behaviour.Serve();
  }

  public void clearOverride(String path) {
    overrides.remove(path);
  }

  /** Request paths (decoded, no leading slash), in arrival order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Stops listening, drops open connections and interrupts running handlers. */
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

  private void handle(HttpExchange exchange) {
    try {
      // Raw: a simulator stores role files under their quoted names, so a client that forgets
      // to quote a role name is caught; directory lookups decode for themselves.
      String raw = exchange.getRequestURI().getRawPath();
      String path = raw == null ? "" : raw.startsWith("/") ? raw.substring(1) : raw;
      requests.add(path);
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      respond(exchange, path, overrides.getOrDefault(path, defaultBehaviour));
    } catch (IOException e) {
      // The client went away or close() dropped the connection; nothing to answer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private void respond(HttpExchange exchange, String path, Behaviour behaviour)
      throws IOException, InterruptedException {
    if (behaviour instanceof Behaviour.Status s) {
      exchange.sendResponseHeaders(s.code(), -1);
      return;
    }
    if (behaviour instanceof Behaviour.Content c) {
      send(exchange, c.body());
      return;
    }
    Optional<byte[]> file = source.apply(path);
    if (behaviour instanceof Behaviour.Endless) {
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      if (file.isPresent()) {
        out.write(file.get());
      }
      while (!Thread.currentThread().isInterrupted()) {
        out.write(FILLER);
      }
      return;
    }
    if (file.isEmpty()) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    byte[] body = file.get();
    if (behaviour instanceof Behaviour.Drip d) {
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      OutputStream out = exchange.getResponseBody();
      for (int off = 0; off < body.length; off += d.bytes()) {
        if (off > 0) {
          Thread.sleep(d.interval().toMillis());
        }
        out.write(body, off, Math.min(d.bytes(), body.length - off));
        out.flush();
      }
    } else if (behaviour instanceof Behaviour.StallAfterHeaders s) {
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      Thread.sleep(s.stall().toMillis());
      exchange.getResponseBody().write(body);
    } else if (behaviour instanceof Behaviour.ContentLength c) {
      exchange.sendResponseHeaders(200, c.claimed() == 0 ? -1 : c.claimed());
      OutputStream out = exchange.getResponseBody();
      out.write(body, 0, (int) Math.min(body.length, c.claimed()));
      out.flush();
      // Closing a fixed-length stream short of its length makes the JDK drop the connection.
    } else {
      send(exchange, body);
    }
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }
}
