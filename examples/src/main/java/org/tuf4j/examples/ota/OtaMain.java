package org.tuf4j.examples.ota;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tuf4j.director.jdbc.PostgresDirectorStore;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Storage;
import org.tuf4j.storage.s3.S3Storage;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.DirectorStore;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs an {@link OtaServer} from the command line:
 *
 * <pre>
 * java -cp 'examples/target/tuf4j-examples.jar:examples/target/lib/*' \
 *     org.tuf4j.examples.ota.OtaMain --work ota-work [--port 8080]
 *     [--jdbc-url jdbc:postgresql://db/director?user=...]
 *     [--s3-bucket BUCKET [--s3-prefix director] [--s3-endpoint URL] [--s3-region REGION]]
 *     [--register VIN]...
 * </pre>
 *
 * <p>The deployment's repositories and keys are made in {@code --work} on first start ({@link
 * OtaFleet}). The Director's state is kept in {@code --work/director-state} unless {@code
 * --jdbc-url} names a PostgreSQL database; its published metadata in {@code
 * --work/director-published} unless {@code --s3-bucket} names a bucket (credentials and region
 * from the AWS SDK's default chain; {@code --s3-endpoint} for an S3-compatible store). Servers
 * started on one work directory, one database and one bucket serve one fleet together. The
 * admin token is read from {@code --work/admin-token}, made on first start ({@link
 * OtaFleet#adminToken}).
 */
public final class OtaMain {
  private OtaMain() {}

  /**
   * Starts the server and serves until the process is stopped.
   *
   * @param args the options above
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    Map<String, List<String>> options = options(args, System.err);
    if (options == null) {
      System.exit(2);
    }
    Path work = Path.of(one(options, "--work", "ota-work"));
    Clock clock = Clock.systemUTC();
    List<Closeable> resources = new ArrayList<>();
    OtaFleet fleet = OtaFleet.exists(work) ? OtaFleet.open(work) : OtaFleet.create(work, clock);
    Storage published = published(options, work, resources);
    DirectorStore store = store(options, work, resources);
    DirectorRepository director = fleet.director(published, store, clock);
    for (String vin : options.getOrDefault("--register", List.of())) {
      if (director.vehicle(vin).isEmpty()) {
        director.register(OtaFleet.inventory(OtaFleet.newVehicle(vin)));
        System.out.println("registered " + vin);
      }
    }
    OtaServer server = OtaServer.start(director, published, fleet.imageRepository(),
        fleet.imageClient(work.resolve("image-client-" + ProcessHandle.current().pid())),
        OtaFleet.adminToken(work), clock, Integer.parseInt(one(options, "--port", "8080")), 16);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      for (Closeable c : resources) {
        try {
          c.close();
        } catch (IOException e) {
          // exiting
        }
      }
    }));
    System.out.println("OTA server at " + server.baseUri() + " (Director state: "
        + (options.containsKey("--jdbc-url") ? "PostgreSQL" : work.resolve("director-state"))
        + ", published: " + published + ")");
  }

  /** The Director's state: PostgreSQL through a connection pool, or files in the work dir. */
  static DirectorStore store(Map<String, List<String>> options, Path work,
      List<Closeable> resources) throws IOException {
    if (!options.containsKey("--jdbc-url")) {
      return DirectorStore.files(FileSystemStorage.open(work.resolve("director-state")));
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(one(options, "--jdbc-url", null));
    config.setMaximumPoolSize(16);
    config.setPoolName("director-" + ProcessHandle.current().pid());
    HikariDataSource pool = new HikariDataSource(config);
    resources.add(pool);
    return PostgresDirectorStore.open(pool);
  }

  /** Where vehicles' metadata is published: an S3 bucket, or a directory of the work dir. */
  static Storage published(Map<String, List<String>> options, Path work,
      List<Closeable> resources) throws IOException {
    if (!options.containsKey("--s3-bucket")) {
      return FileSystemStorage.open(work.resolve("director-published"));
    }
    var s3 = S3Client.builder();
    if (options.containsKey("--s3-endpoint")) {
      s3.endpointOverride(URI.create(one(options, "--s3-endpoint", null))).forcePathStyle(true);
    }
    if (options.containsKey("--s3-region")) {
      s3.region(Region.of(one(options, "--s3-region", null)));
    }
    S3Client client = s3.build();
    resources.add(client::close);
    return S3Storage.builder(client, one(options, "--s3-bucket", null))
        .prefix(one(options, "--s3-prefix", "director")).build();
  }

  /** Options as name to values; null (after a message) when one is unknown or lacks a value. */
  static Map<String, List<String>> options(String[] args, PrintStream err) {
    List<String> known = List.of("--work", "--port", "--jdbc-url", "--s3-bucket", "--s3-prefix",
        "--s3-endpoint", "--s3-region", "--register");
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!known.contains(args[i]) || i + 1 >= args.length) {
        err.println("OtaMain: " + (known.contains(args[i]) ? args[i] + " needs a value"
            : "unknown option " + args[i]) + "; options: " + String.join(" ", known));
        return null;
      }
      options.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
    }
    return options;
  }

  private static String one(Map<String, List<String>> options, String name, String fallback) {
    List<String> values = options.get(name);
    return values == null ? fallback : values.get(values.size() - 1);
  }
}
