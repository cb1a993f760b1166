package org.tuf4j.benchmarks;

import java.nio.file.Path;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.Source;

/**
 * Serves a directory over loopback HTTP with tuf4j's {@link LoopbackServer} (files only, no
 * listing), for {@code benchmarks/peers/run-peers.sh}: one server that every client of a run
 * reads the same files from. Prints the base URL on one line, then serves until its standard
 * input closes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.tuf4j.benchmarks.ServeDirectory DIR
 * </pre>
 */
public final class ServeDirectory {
  private ServeDirectory() {}

  /**
   * Serves {@code args[0]} until standard input ends.
   *
   * @param args the directory
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ServeDirectory DIR");
      System.exit(2);
    }
    try (LoopbackServer server = LoopbackServer.builder()
        .source(Source.directory(Path.of(args[0]).toAbsolutePath()))
        .recordRequests(false).start()) {
      System.out.println(server.baseUri());
      System.out.flush();
      // Blocks until the harness closes the pipe (or dies): no stray server outlives it.
      while (System.in.read() >= 0) {
        // Nothing is read from standard input but its end.
      }
    }
  }
}
