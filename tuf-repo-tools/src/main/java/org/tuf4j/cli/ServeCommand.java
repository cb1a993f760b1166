package org.tuf4j.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
    description = "Serve DIR's metadata/ and targets/ over HTTP (nothing else: never keys or "
        + "staged releases). Binds 127.0.0.1 unless told otherwise; stops on Ctrl-C.",
    footer = {"", "Example: tuf serve repo --port 8000"})
final class ServeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR") Path dir;

  @Option(names = "--port", defaultValue = "8000", description = "Port; 0 picks a free one "
      + "(default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Repo.storage(dir);
    try (Server server = Server.start(dir, InetAddress.getByName(bind), port)) {
      spec.commandLine().getOut().println("serving " + dir + " at " + server.baseUri()
          + " (Ctrl-C to stop)");
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
      Path root = dir.toRealPath();
      HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 0);
      ExecutorService executor = Executors.newFixedThreadPool(4);
      http.setExecutor(executor);
      http.createContext("/", exchange -> handle(root, exchange));
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

    private static void handle(Path root, HttpExchange exchange) throws IOException {
      try (exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        Path file = resolve(root, exchange.getRequestURI().getPath());
        if (file == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        long size = Files.size(file);
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        if (method.equals("HEAD")) {
          exchange.sendResponseHeaders(200, -1);
          return;
        }
        exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (InputStream in = Files.newInputStream(file);
            OutputStream out = exchange.getResponseBody()) {
          in.transferTo(out);
        }
      }
    }

    /**
     * The file for a (decoded) request path, or null: only under metadata/ or targets/, no
     * dot segments, and the real path (symlinks resolved) must stay inside the root.
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
      if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      return file.toRealPath().startsWith(root) ? file : null;
    }
  }
}
