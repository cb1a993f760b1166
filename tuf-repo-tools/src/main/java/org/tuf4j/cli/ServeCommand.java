package org.tuf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.Source;
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
    try (LoopbackServer server = start(dir, address, port, log)) {
      spec.commandLine().getOut().println("serving " + dir + " at " + server.baseUri()
          + " (Ctrl-C to stop)");
      spec.commandLine().getOut().flush();
      new CountDownLatch(1).await();
    }
    return ExitCode.OK;
  }

  /** What {@code tuf serve} offers of a repository directory: its metadata/ and targets/. */
  static Source source(Path dir) throws IOException {
    return Source.directory(dir).under("metadata/", "targets/");
  }

  static LoopbackServer start(Path dir, InetAddress address, int port) throws IOException {
    return start(dir, address, port, null);
  }

  /**
   * Serves {@link #source} of {@code dir}; {@code log}, when not null, gets one line per
   * request: time, client address, method, path, status and bytes sent.
   */
  static LoopbackServer start(Path dir, InetAddress address, int port, PrintWriter log)
      throws IOException {
    LoopbackServer.Builder server = LoopbackServer.builder().source(source(dir))
        .address(address).port(port).recordRequests(false);
    if (log != null) {
      server.log(r -> {
        synchronized (log) {
          log.println(r.time() + " " + r.client() + " " + r.method() + " " + r.rawPath() + " "
              + r.status() + " " + r.bytesSent());
          log.flush();
        }
      });
    }
    try {
      return server.start();
    } catch (BindException e) {
      String where = address.getHostAddress() + ":" + port;
      throw new CliException(ExitCode.IO_ERROR, "cannot listen on " + where + ": "
          + (e.getMessage() != null && e.getMessage().contains("in use")
              ? "the port is already in use" : Errors.text(e)),
          "stop the other server, or pick another --port (0 picks a free one)", e);
    }
  }
}
