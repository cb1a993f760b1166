package org.tuf4j.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tuf4j.director.jdbc.PostgresDirectorStore;
import org.tuf4j.examples.ota.OtaFleet;
import org.tuf4j.examples.ota.OtaRequests;
import org.tuf4j.examples.ota.OtaServer;
import org.tuf4j.examples.ota.SimulatedVehicle;
import org.tuf4j.loopback.LoopbackPostgres;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.FullVerification;

/**
 * A bounded load test of the served Director (issue 21 §4): N simulated vehicles, each a
 * Primary running full verification ({@code FullVerifier}) over loopback HTTP, against one
 * {@link OtaServer} and then against two that share one PostgreSQL database and one published
 * directory. Everything runs on 127.0.0.1 — PostgreSQL a throwaway cluster ({@link
 * LoopbackPostgres}) — and the run stops by itself: each phase is a fixed amount of work with
 * a deadline.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.tuf4j.benchmarks.DirectorLoadTest \
 *     [--vehicles 200] [--threads 16] [--polls 3] [--instances 1,2] [--deadline-s 600]
 * </pre>
 *
 * <p>Phases, each reported as vehicles served per second (operations over the phase's wall
 * time) and p50/p99 latency of one operation:
 * <ol>
 *   <li><b>unchanged poll</b>: every vehicle, already up to date, runs full verification
 *       {@code --polls} times (the Director's timestamp request re-signs nothing);
 *   <li><b>new assignment</b>: the operator assigns each vehicle a new release over the admin
 *       API (through another instance than the vehicle's, when there are two) — the PUT's
 *       latency — and then each vehicle's next full verification, which finds and verifies the
 *       new images;
 *   <li><b>manifest</b>: each vehicle uploads a signed version manifest.
 * </ol>
 * Vehicles, servers and PostgreSQL share this machine's cores: two instances measure the cost
 * of sharing state through the database, not scaling out.
 */
public final class DirectorLoadTest {
  private DirectorLoadTest() {}

  /** One phase's figures. */
  record Phase(String name, int operations, double seconds, long[] latenciesNanos) {
    double perSecond() {
      return operations / seconds;
    }

    double percentileMillis(double p) {
      long[] sorted = latenciesNanos.clone();
      Arrays.sort(sorted);
      int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1e6;
    }
  }

  /**
   * Runs the load test and prints the table.
   *
   * @param args the options above
   * @throws Exception when the test cannot run
   */
  public static void main(String[] args) throws Exception {
    int vehicles = 200;
    int threads = 16;
    int polls = 3;
    long deadlineSeconds = 600;
    List<Integer> instances = List.of(1, 2);
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--vehicles" -> vehicles = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--polls" -> polls = Integer.parseInt(args[i + 1]);
        case "--deadline-s" -> deadlineSeconds = Long.parseLong(args[i + 1]);
        case "--instances" -> instances = Arrays.stream(args[i + 1].split(","))
            .map(Integer::parseInt).toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs: --name value");
    }
    run(vehicles, threads, polls, instances, deadlineSeconds, System.out);
  }

  /** Runs every configuration; returns the phases of each, in order. */
  static List<List<Phase>> run(int vehicles, int threads, int polls, List<Integer> instances,
      long deadlineSeconds, PrintStream out) throws Exception {
    Path work = Files.createTempDirectory("tuf4j-director-load-");
    List<List<Phase>> all = new ArrayList<>();
    try (LoopbackPostgres postgres = LoopbackPostgres.start()) {
      Clock clock = Clock.systemUTC();
      OtaFleet fleet = OtaFleet.create(work.resolve("fleet"), clock);
      out.printf(Locale.ROOT, "Director load test: %d vehicles, %d vehicle threads, %d "
          + "unchanged polls each; PostgreSQL on 127.0.0.1 (fsync off); %d cores%n", vehicles,
          threads, polls, Runtime.getRuntime().availableProcessors());
      for (int n : instances) {
        List<Phase> phases = runInstances(n, fleet, postgres, work.resolve("run-" + n), vehicles,
            threads, polls, deadlineSeconds, clock);
        all.add(phases);
        out.printf(Locale.ROOT, "%n%d instance%s%n%-22s %8s %10s %9s %9s%n", n, n == 1 ? "" : "s",
            "phase", "ops", "ops/s", "p50 ms", "p99 ms");
        for (Phase p : phases) {
          out.printf(Locale.ROOT, "%-22s %8d %10.1f %9.1f %9.1f%n", p.name(), p.operations(),
              p.perSecond(), p.percentileMillis(50), p.percentileMillis(99));
        }
      }
    } finally {
      deleteTree(work);
    }
    return all;
  }

  private static List<Phase> runInstances(int n, OtaFleet fleet, LoopbackPostgres postgres,
      Path dir, int vehicleCount, int threads, int polls, long deadlineSeconds, Clock clock)
      throws Exception {
    String url = postgres.createDatabase("load_" + n);
    FileSystemStorage published = FileSystemStorage.open(dir.resolve("published"));
    List<AutoCloseable> open = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<OtaServer> servers = new ArrayList<>();
      DirectorRepository first = null;
      for (int i = 0; i < n; i++) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(8);
        HikariDataSource db = new HikariDataSource(config);
        open.add(db);
        DirectorRepository director = fleet.director(published, PostgresDirectorStore.open(db),
            clock);
        first = first == null ? director : first;
        OtaServer server = OtaServer.start(director, published, fleet.imageRepository(),
            fleet.imageClient(dir.resolve("image-client-" + i)), OtaFleet.adminToken(dir),
            clock, 0, 16);
        open.add(server);
        servers.add(server);
      }
      String token = OtaFleet.adminToken(dir);
      List<SimulatedVehicle.Keys> keys = new ArrayList<>();
      List<SimulatedVehicle> vehicles = new ArrayList<>();
      for (int v = 0; v < vehicleCount; v++) {
        SimulatedVehicle.Keys k = OtaFleet.newVehicle(String.format(Locale.ROOT, "VIN%014d", v));
        first.register(OtaFleet.inventory(k));
        keys.add(k);
        vehicles.add(new SimulatedVehicle(k, servers.get(v % n).baseUri(), fleet,
            dir.resolve("vehicles/" + k.vin()), clock));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
      // Release 1 for everyone, installed: the starting point (not measured).
      phase("setup", pool, deadline, vehicleCount, v -> {
        assign(servers.get((v + 1) % n).baseUri(), token, keys.get(v), 0);
        SimulatedVehicle car = vehicles.get(v);
        car.installed(expectUpdates(car.poll()));
      });
      List<Phase> phases = new ArrayList<>();
      phases.add(phase("unchanged poll", pool, deadline, vehicleCount * polls, i -> {
        FullVerification r = vehicles.get(i % vehicleCount).poll();
        if (!(r instanceof FullVerification.NothingNew)) {
          throw new IllegalStateException("an unchanged vehicle found " + r);
        }
      }));
      phases.add(phase("assignment (PUT)", pool, deadline, vehicleCount, v ->
          assign(servers.get((v + 1) % n).baseUri(), token, keys.get(v), 1)));
      phases.add(phase("poll after assignment", pool, deadline, vehicleCount, v -> {
        SimulatedVehicle car = vehicles.get(v);
        car.installed(expectUpdates(car.poll()));
      }));
      phases.add(phase("manifest (POST)", pool, deadline, vehicleCount, v -> {
        SimulatedVehicle car = vehicles.get(v);
        int status = car.report(car.nextManifest());
        if (status != 200) {
          throw new IllegalStateException("manifest refused: HTTP " + status);
        }
      }));
      return phases;
    } finally {
      pool.shutdownNow();
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static FullVerification.Updates expectUpdates(FullVerification r) {
    if (r instanceof FullVerification.Updates u && u.toInstall().size() == 2) {
      return u;
    }
    throw new IllegalStateException("expected two images to install, got " + r);
  }

  /** Assigns release {@code release} to each ECU of the vehicle, through the admin API. */
  private static void assign(URI server, String token, SimulatedVehicle.Keys k, int release)
      throws IOException {
    OtaRequests.Reply reply = OtaRequests.assign(server, token, k, release);
    if (reply.status() != 200) {
      throw new IllegalStateException("assignment refused: HTTP " + reply.status() + " "
          + reply.body());
    }
  }

  /** One vehicle's (or one operation's) work. */
  @FunctionalInterface
  interface Operation {
    void run(int index) throws Exception;
  }

  /** Runs {@code count} operations on the pool; fails past the deadline or on any failure. */
  private static Phase phase(String name, ExecutorService pool, long deadline, int count,
      Operation op) throws Exception {
    long[] latencies = new long[count];
    List<Future<?>> futures = new ArrayList<>(count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> {
        long t0 = System.nanoTime();
        op.run(index);
        latencies[index] = System.nanoTime() - t0;
        return null;
      }));
    }
    for (Future<?> f : futures) {
      long left = deadline - System.nanoTime();
      try {
        f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("the load test passed its deadline in phase " + name);
      }
    }
    return new Phase(name, count, (System.nanoTime() - start) / 1e9, latencies);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
