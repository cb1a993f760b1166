package org.tuf4j.loopback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A real HTTP/1.1 server, by default on 127.0.0.1 at an ephemeral port, built on the JDK's
 * {@code com.sun.net.httpserver}: it answers GET and HEAD (405 otherwise) with what its {@link
 * Source} has for the request path — a directory, in-memory content, or several under prefixes
 * — or 404. Responses carry {@code Content-Length}, and {@code Content-Type} {@code
 * application/json} for {@code .json} paths, {@code application/octet-stream} otherwise.
 *
 * <p>Every request path is recorded in order ({@link #requests}), unless {@link
 * Builder#recordRequests} says not to, and an optional log gets each finished {@link Request}
 * with its status and size. Per-path {@link Behaviour} overrides make GET misbehave the way
 * attackers and broken networks do: error statuses, substituted bodies, slow drips, stalls after
 * the headers, endless bodies, lying {@code Content-Length} headers and transfers dropped
 * mid-body, alone or in a sequence (a mirror that flaps). Optionally ({@link
 * Builder#validators}) files carry {@code ETag}/{@code Last-Modified} and conditional GETs get
 * {@code 304}; single {@code Range} requests get {@code 206}. {@link #counts()} tells the
 * requests answered and body bytes sent. To stop and restart on the same port, close the server
 * and start another with {@link Builder#port} set to {@code baseUri().getPort()}. {@link #close()} stops at
 * once, interrupting handlers that are still dripping or stalling.
 */
public final class LoopbackServer implements AutoCloseable {
  private static final int THREADS = 8;

  static {
    // The JDK server writes a response's headers and body separately; without TCP_NODELAY,
    // Nagle's algorithm holds the body back until the client's delayed ACK (about 40 ms per
    // request on Linux), which would swamp what a benchmark measures. The property is read once,
    // when the JDK server's configuration class loads, so it is set before any server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** How the server answers a GET; {@link Serve} is the honest default. */
  public sealed interface Behaviour {
    /** The file as it is, or 404 when the source has none. */
    record Serve() implements Behaviour {}

    /**
     * Just this status, without a body (and without consulting the source).
     *
     * @param code the HTTP status
     */
    record Status(int code) implements Behaviour {}

    /**
     * 200 with this body instead of the source's.
     *
     * @param body the body sent
     */
    record Content(byte[] body) implements Behaviour {
      /**
       * Copies the body.
       *
       * @param body the body sent
       */
      public Content {
        body = body.clone();
      }
    }

    /**
     * The file with its true length, {@code bytes} at a time with {@code interval} between.
     *
     * @param bytes how many bytes each write sends, positive
     * @param interval the pause between writes
     */
    record Drip(int bytes, Duration interval) implements Behaviour {
      /**
       * Checks the size of a write.
       *
       * @param bytes how many bytes each write sends, positive
       * @param interval the pause between writes
       */
      public Drip {
        if (bytes < 1) {
          throw new IllegalArgumentException("bytes must be positive");
        }
      }
    }

    /**
     * Headers (true length) at once, then nothing for {@code stall}, then the body.
     *
     * @param stall how long to send nothing
     */
    record StallAfterHeaders(Duration stall) implements Behaviour {}

    /** Chunked body: the file (if any) followed by spaces forever, until the client leaves. */
    record Endless() implements Behaviour {}

    /**
     * {@code Content-Length: claimed} over the file. When the file is longer, only the claimed
     * bytes can be put on the wire (the JDK server enforces the declared length), which is all an
     * HTTP client would read of a longer body anyway; when it is shorter, the whole file is sent
     * and the connection is dropped, so the client sees a premature end of stream.
     *
     * @param claimed the length the header claims
     */
    record ContentLength(long claimed) implements Behaviour {}

    /**
     * The file's true {@code Content-Length}, then only its first {@code bytes} bytes, then the
     * connection is dropped: a transfer cut off mid-body (a file no longer than {@code bytes} is
     * sent whole).
     *
     * @param bytes how many bytes of the body are sent, not negative
     */
    record DropAfter(long bytes) implements Behaviour {
      /**
       * Checks the count.
       *
       * @param bytes how many bytes of the body are sent, not negative
       */
      public DropAfter {
        if (bytes < 0) {
          throw new IllegalArgumentException("bytes must not be negative");
        }
      }
    }
  }

  /**
   * What the server has answered since it started or since {@link #resetCounts()}.
   *
   * @param requests the requests answered, any method and status
   * @param bodyBytes the response body bytes sent, headers not included
   */
  public record Counts(long requests, long bodyBytes) {}

  /**
   * One request answered, as a log line tells it.
   *
   * @param time when the response was finished, in whole seconds
   * @param client the client's address, or {@code -} when unknown
   * @param method the request method
   * @param rawPath the request path as sent, with its leading slash
   * @param status the status answered
   * @param bytesSent the bytes of body sent
   */
  public record Request(Instant time, String client, String method, String rawPath, int status,
      long bytesSent) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Source source;
  private final Optional<Consumer<Request>> log;
  private final boolean record;
  private final Map<String, Deque<Behaviour>> overrides = new ConcurrentHashMap<>();
  private final boolean validators;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong bodyBytes = new AtomicLong();
  private volatile Behaviour defaultBehaviour = new Behaviour.Serve();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final URI baseUri;

  private LoopbackServer(Builder b) throws IOException {
    this.source = Objects.requireNonNull(b.source, "source");
    this.log = b.log;
    this.record = b.recordRequests;
    this.validators = b.validators;
    server = HttpServer.create(new InetSocketAddress(b.address, b.port), 0);
    AtomicInteger n = new AtomicInteger();
    // A few threads: enough for a stalled request alongside concurrent fetches.
    executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "loopback-server-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    String host = server.getAddress().getAddress().getHostAddress();
    baseUri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + server.getAddress().getPort() + "/");
  }

  /**
   * A builder: 127.0.0.1, an ephemeral port, requests recorded, no log; the source must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Serves {@link Source#content} of {@code files} on 127.0.0.1 at an ephemeral port.
   *
   * @param files the bytes for a raw path (relative to the root, as sent), or empty for 404
   * @return the running server
   * @throws UncheckedIOException when the server cannot start
   */
  public static LoopbackServer serve(Function<String, Optional<byte[]>> files) {
    return start(builder().source(Source.content(files)));
  }

  /**
   * Serves {@link Source#directory} {@code dir} on 127.0.0.1 at an ephemeral port.
   *
   * @param dir an existing directory
   * @return the running server
   * @throws UncheckedIOException when {@code dir} is not a directory or the server cannot start
   */
  public static LoopbackServer serveDirectory(Path dir) {
    try {
      return start(builder().source(Source.directory(dir)));
    } catch (IOException e) {
      throw new UncheckedIOException("no directory " + dir, e);
    }
  }

  private static LoopbackServer start(Builder b) {
    try {
      return b.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start loopback server", e);
    }
  }

  /**
   * Where the server listens.
   *
   * @return {@code http://HOST:PORT/}
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * The URI of a raw (already quoted) path relative to the root.
   *
   * @param rawPath the path, without a leading slash
   * @return the URI
   */
  public URI uri(String rawPath) {
    return URI.create(baseUri + rawPath);
  }

  /**
   * Answers GET requests for {@code path} this way from now on.
   *
   * @param path the raw path, without a leading slash
   * @param behaviour how to answer
   */
  public void override(String path, Behaviour behaviour) {
    overrideSequence(path, List.of(behaviour));
  }

  /**
   * Answers successive GET requests for {@code path} with each behaviour in turn, and every later
   * one with the last: {@code [Status(503), Status(503), Serve()]} flaps twice then serves,
   * {@code [DropAfter(n), Serve()]} drops the first transfer mid-body.
   *
   * @param path the raw path, without a leading slash
   * @param behaviours how to answer, in order; at least one
   */
  public void overrideSequence(String path, List<Behaviour> behaviours) {
    if (behaviours.isEmpty()) {
      throw new IllegalArgumentException("at least one behaviour is needed");
    }
    behaviours.forEach(b -> Objects.requireNonNull(b, "behaviour"));
    overrides.put(path, new ArrayDeque<>(behaviours));
  }

  private Behaviour behaviourFor(String path) {
    Deque<Behaviour> queue = overrides.get(path);
    if (queue == null) {
      return defaultBehaviour;
    }
    synchronized (queue) {
      return queue.size() > 1 ? queue.poll() : queue.peek();
    }
  }

  /**
   * The requests answered and body bytes sent so far, whatever {@link Builder#recordRequests}
   * says: what a client's poll costs on the wire. Waits (at most 5 s) for the requests still
   * being answered, so that a response the client has just read is counted.
   *
   * @return the counts
   */
  public Counts counts() {
    // A client has the whole response a moment before its handler has counted it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new Counts(answered.get(), bodyBytes.get());
  }

  /** Starts {@link #counts()} again from zero. */
  public void resetCounts() {
    answered.set(0);
    bodyBytes.set(0);
  }

  /**
   * Answers GET requests for every path without its own override this way.
   *
   * @param behaviour how to answer
   */
  public void overrideAll(Behaviour behaviour) {
    defaultBehaviour = Objects.requireNonNull(behaviour, "behaviour");
  }

  /** Back to honest serving for every path. */
  public void clearOverrides() {
    overrides.clear();
    defaultBehaviour = new Behaviour.Serve();
  }

  /**
   * Back to the default behaviour for one path.
   *
   * @param path the raw path, without a leading slash
   */
  public void clearOverride(String path) {
    overrides.remove(path);
  }

  /**
   * The request paths received so far, in arrival order (empty when not recorded).
   *
   * @return raw paths, without the leading slash
   */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * How many of the {@link #requests} start with {@code prefix}.
   *
   * @param prefix a raw path prefix, without a leading slash
   * @return the count
   */
  public int requestsUnder(String prefix) {
    return (int) requests().stream().filter(p -> p.startsWith(prefix)).count();
  }

  /** Forgets the requests recorded so far. */
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
    // Raw: a simulated repository stores role files under their quoted names, so a client that
    // forgets to quote a role name is caught; a directory decodes for itself.
    String raw = exchange.getRequestURI().getRawPath();
    String path = raw == null ? "" : raw.startsWith("/") ? raw.substring(1) : raw;
    inFlight.incrementAndGet();
    if (record) {
      requests.add(path);
    }
    Replies.Reply reply = new Replies.Reply(exchange);
    try {
      String method = exchange.getRequestMethod();
      if (method.equals("GET")) {
        Replies.get(reply, source, path, behaviourFor(path), validators);
      } else if (method.equals("HEAD")) {
        Replies.head(reply, source, path);
      } else {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply.headers(405, -1);
      }
    } catch (IOException e) {
      // The client went away or close() dropped the connection; nothing to answer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
      answered.incrementAndGet();
      bodyBytes.addAndGet(reply.sent());
      inFlight.decrementAndGet();
      log.ifPresent(l -> l.accept(new Request(Instant.now().truncatedTo(ChronoUnit.SECONDS),
          exchange.getRemoteAddress() == null ? "-"
              : exchange.getRemoteAddress().getAddress().getHostAddress(),
          exchange.getRequestMethod(), raw, reply.status(), reply.sent())));
    }
  }

  /** Configures and starts a {@link LoopbackServer}. */
  public static final class Builder {
    private Source source;
    private InetAddress address;
    private int port;
    private Optional<Consumer<Request>> log = Optional.empty();
    private boolean recordRequests = true;
    private boolean validators;

    private Builder() {
      try {
        address = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e); // never: the address is given as bytes
      }
    }

    /**
     * What to serve (required).
     *
     * @param source the source
     * @return this builder
     */
    public Builder source(Source source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * The address to listen on (default 127.0.0.1).
     *
     * @param address an address of this machine
     * @return this builder
     */
    public Builder address(InetAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The port to listen on (default 0: a free one).
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is out of range");
      }
      this.port = port;
      return this;
    }

    /**
     * Gets each request once it is answered (from the server's threads, so not always in
     * arrival order).
     *
     * @param log the consumer
     * @return this builder
     */
    public Builder log(Consumer<Request> log) {
      this.log = Optional.of(log);
      return this;
    }

    /**
     * Whether {@link LoopbackServer#requests} records the request paths (default true); a
     * long-running server turns it off, as the list only grows.
     *
     * @param record whether to record
     * @return this builder
     */
    public Builder recordRequests(boolean record) {
      this.recordRequests = record;
      return this;
    }

    /**
     * Whether honestly served files carry validators (default false): an {@code ETag} (a hash of
     * the body) and, for files of a directory, {@code Last-Modified}; a GET whose {@code
     * If-None-Match} (or, without it, {@code If-Modified-Since}) matches is answered {@code 304
     * Not Modified} without a body. {@code Range} requests (one range, {@code If-Range} honoured)
     * are answered {@code 206} either way.
     *
     * @param validators whether to send validators and answer conditional requests
     * @return this builder
     */
    public Builder validators(boolean validators) {
      this.validators = validators;
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server
     * @throws java.net.BindException when the address cannot be listened on, such as a port in
     *     use
     * @throws IOException when the server cannot start otherwise
     */
    public LoopbackServer start() throws IOException {
      return new LoopbackServer(this);
    }
  }
}
