package org.tuf4j.loopback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server on 127.0.0.1: a new cluster in a temporary directory ({@code
 * initdb}, then {@code pg_ctl start}), deleted by {@link #close()}. For tests, examples and
 * benchmarks that need the real database, as the tests of {@code tuf-director-jdbc} do.
 *
 * <p>The cluster is made for speed and nothing else: {@code trust} authentication for its one
 * superuser {@value #USER} (it listens on 127.0.0.1 only, and on a Unix socket in its own
 * directory), no {@code fsync}. PostgreSQL refuses to run as root, so a root process runs the
 * server as the {@code postgres} user the Debian package creates (through {@code runuser}).
 * The binaries are found on the {@code PATH} ({@code pg_ctl}) or in Debian's {@code
 * /usr/lib/postgresql/<major>/bin}, the newest major version first.
 */
public final class LoopbackPostgres implements AutoCloseable {
  /** The superuser the cluster is created with; it needs no password. */
  public static final String USER = "tuf4j";

  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private final Thread shutdownHook;
  private boolean stopped;

  private LoopbackPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    this.shutdownHook = new Thread(this::stopQuietly, "loopback-postgres-stop");
  }

  /**
   * The directory of PostgreSQL's server binaries ({@code initdb}, {@code pg_ctl}), if they are
   * installed, and why not otherwise.
   *
   * @return the directory, or empty
   */
  public static Optional<Path> binaries() {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!entry.isEmpty() && isServerBin(Path.of(entry))) {
        try {
          // where the links lead: the rest of the binaries (createdb) are there
          return Optional.of(Path.of(entry).resolve("initdb").toRealPath().getParent());
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(debian)) {
      return Optional.empty();
    }
    try (Stream<Path> majors = Files.list(debian)) {
      return majors.map(p -> p.resolve("bin")).filter(LoopbackPostgres::isServerBin)
          .max(Comparator.comparing(LoopbackPostgres::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean isServerBin(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Creates a cluster in a new temporary directory and starts it on a free port of 127.0.0.1.
   *
   * @return the running server
   * @throws IOException when PostgreSQL is not installed ({@link #binaries()}), or the cluster
   *     cannot be created or started (the message carries PostgreSQL's output)
   */
  public static LoopbackPostgres start() throws IOException {
    Path bin = binaries().orElseThrow(() -> new IOException("PostgreSQL's server binaries "
        + "(initdb, pg_ctl) are neither on the PATH nor in /usr/lib/postgresql/*/bin "
        + "(Debian: apt-get install postgresql)"));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("tuf4j-postgres-");
    if (root) {
      UserPrincipal postgres;
      try {
        postgres = dir.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName("postgres");
      } catch (IOException e) {
        deleteTree(dir);
        throw new IOException("PostgreSQL refuses to run as root, and there is no postgres "
            + "user to run it as (the Debian package creates one)", e);
      }
      Files.setOwner(dir, postgres);
    }
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      LoopbackPostgres server = new LoopbackPostgres(bin, dir, freePort(), root);
      try {
        server.initAndStart(attempt == 0);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
      } catch (IOException e) {
        last = e; // most likely the port was taken meanwhile
      }
    }
    deleteTree(dir);
    throw last;
  }

  private void initAndStart(boolean init) throws IOException {
    Path data = dir.resolve("data");
    if (init) {
      run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
          "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
    }
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off"
            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        "start"));
  }

  /**
   * The port the server listens on, on 127.0.0.1.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * A JDBC URL for a database of this server, as {@link #USER}.
   *
   * @param database the database's name
   * @return {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE?user=tuf4j}
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + checkName(database) + "?user=" + USER;
  }

  /**
   * Creates a database ({@code createdb}).
   *
   * @param database its name: lower-case letters, digits and underscores, not starting with a
   *     digit
   * @return the database's JDBC URL ({@link #jdbcUrl})
   * @throws IOException when it cannot be created
   */
  public String createDatabase(String database) throws IOException {
    run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", USER, checkName(database)));
    return jdbcUrl(database);
  }

  private static String checkName(String database) {
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("database name \"" + database + "\" is not 1 to 63 "
          + "of [a-z0-9_] starting with a letter or underscore");
    }
    return database;
  }

  /**
   * Stops the server at once and deletes its directory.
   *
   * @throws IOException when {@code pg_ctl stop} fails or the directory cannot be deleted
   */
  @Override
  public synchronized void close() throws IOException {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs this anyway
    }
    try {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
          "-m", "immediate", "-w", "stop"));
    } finally {
      deleteTree(dir);
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      // best effort at JVM exit
    }
  }

  private void run(List<String> command) throws IOException {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path log = Files.createTempFile("tuf4j-postgres-", ".out");
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true)
          .redirectOutput(log.toFile()).directory(dir.toFile()).start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within 90 s");
      }
      if (p.exitValue() != 0) {
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        Path serverLog = dir.resolve("server.log");
        if (Files.isReadable(serverLog)) {
          output += "\n" + Files.readString(serverLog, StandardCharsets.UTF_8).strip();
        }
        throw new IOException(Path.of(command.get(0)).getFileName() + " failed (status "
            + p.exitValue() + "): " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
