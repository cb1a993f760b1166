package org.tuf4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf serve}: a static server for trying a repository out, on loopback by default. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve DIR's metadata/ and targets/ over HTTP (nothing else: never keys, "
        + "staged releases or symbolic links). Logs one line per request to stderr. Binds "
        + "127.0.0.1 unless told otherwise; stops on Ctrl-C.",
    footer = {"", "Example: tuf serve repo --port 8000"})
final class ServeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
  Path dir;

  @Option(names = "--port", defaultValue = "8000", description = "Port, 1-65535; 0 picks a "
      + "free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--quiet", description = "Do not log requests.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CliException(ExitCode.USAGE, "--port " + port + " is out of range",
          "give a port from 1 to 65535, or 0 to pick a free one");
    }
    Repo.storage(dir);
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (java.net.UnknownHostException e) {
      throw new CliException(ExitCode.USAGE, "--bind " + bind + " is not an address of this "
          + "machine", "use 127.0.0.1 (the default), ::1 or one of this machine's addresses");
    }
    PrintWriter log = quiet ? null : spec.commandLine().getErr();
    try (Server server = Server.start(dir, address, port, log)) {
      spec.commandLine().getOut().println("serving " + dir + " at " + server.baseUri()
          + " (Ctrl-C to stop)");
      spec.commandLine().getOut().flush();
      new CountDownLatch(1).await();
    }
    return ExitCode.OK;
  }

  /** A running server; {@link #close()} stops it. */
  static final class Server implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService executor;
    private final URI baseUri;

    private Server(HttpServer http, ExecutorService executor) {
      this.http = http;
      this.executor = executor;
      String host = http.getAddress().getAddress().getHostAddress();
      this.baseUri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
          + http.getAddress().getPort() + "/");
    }

    static Server start(Path dir, InetAddress address, int port) throws IOException {
      return start(dir, address, port, null);
    }

    /**
     * Serves {@code dir}; {@code log}, when not null, gets one line per request: client
     * address, method, path, status and bytes sent.
     */
    static Server start(Path dir, InetAddress address, int port, PrintWriter log)
        throws IOException {
      Path root = dir.toRealPath();
      HttpServer http;
      try {
        http = HttpServer.create(new InetSocketAddress(address, port), 0);
      } catch (BindException e) {
        String where = address.getHostAddress() + ":" + port;
        throw new CliException(ExitCode.IO_ERROR, "cannot listen on " + where + ": "
            + (e.getMessage() != null && e.getMessage().contains("in use")
                ? "the port is already in use" : Errors.text(e)),
            "stop the other server, or pick another --port (0 picks a free one)", e);
      }
      ExecutorService executor = Executors.newFixedThreadPool(4);
      http.setExecutor(executor);
      http.createContext("/", exchange -> handle(root, exchange, log));
      http.start();
      return new Server(http, executor);
    }

    URI baseUri() {
      return baseUri;
    }

    @Override
    public void close() {
      http.stop(0);
      executor.shutdownNow();
    }

    private static void handle(Path root, HttpExchange exchange, PrintWriter log)
        throws IOException {
      int status = 500;
      long sent = 0;
      try (exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          exchange.sendResponseHeaders(status = 405, -1);
          return;
        }
        Path file = resolve(root, exchange.getRequestURI().getPath());
        SeekableByteChannel channel = null;
        if (file != null) {
          try {
            // NOFOLLOW_LINKS: a link swapped in after resolve() is not followed either.
            channel = Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS));
          } catch (IOException e) {
            channel = null;
          }
        }
        if (channel == null) {
          exchange.sendResponseHeaders(status = 404, -1);
          return;
        }
        try (SeekableByteChannel in = channel) {
          long size = in.size();
          exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
          if (method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
            exchange.sendResponseHeaders(status = 200, -1);
            return;
          }
          exchange.sendResponseHeaders(status = 200, size == 0 ? -1 : size);
          try (OutputStream out = exchange.getResponseBody()) {
            sent = Channels.newInputStream(in).transferTo(out);
          }
        }
      } finally {
        if (log != null) {
          String client = exchange.getRemoteAddress() == null ? "-"
              : exchange.getRemoteAddress().getAddress().getHostAddress();
          synchronized (log) {
            log.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + client + " "
                + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                + " " + status + " " + sent);
            log.flush();
          }
        }
      }
    }

    /**
     * The file for a (decoded) request path, or null: only under metadata/ or targets/, no
     * dot segments, and no symbolic link in any component below the root.
     */
    static Path resolve(Path root, String path) throws IOException {
      if (path == null || !path.startsWith("/")) {
        return null;
      }
      String rel = path.substring(1);
      if (!rel.startsWith("metadata/") && !rel.startsWith("targets/")) {
        return null;
      }
      for (String segment : rel.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
            || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
          return null;
        }
      }
      Path file = root.resolve(rel).normalize();
      if (!file.startsWith(root)) {
        return null;
      }
      // No symbolic link anywhere below the root: a link in a directory (targets/x -> ../staged)
      // would otherwise serve what was never published.
      Path at = root;
      for (Path name : root.relativize(file)) {
        at = at.resolve(name);
        if (Files.isSymbolicLink(at)) {
          return null;
        }
      }
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? file : null;
    }
  }
}
