package org.tuf4j.examples.ota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.director.jdbc.PostgresDirectorStore;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.testing.Postgres;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.DirectorStore;
import org.tuf4j.uptane.FullVerification;
import org.tuf4j.uptane.VerifiedImage;

/**
 * The served Director (Uptane Standard #director_repository) tried from outside, as vehicles
 * and an operator use it over HTTP: on disk, and as two servers sharing PostgreSQL.
 */
class OtaServerTest {
  private static final String VIN = "VIN00000000000042";

  @TempDir Path tmp;
  private final Clock clock = Clock.systemUTC();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private OtaServer server(OtaFleet fleet, FileSystemStorage published, DirectorStore store,
      String name) throws Exception {
    DirectorRepository director = fleet.director(published, store, clock);
    OtaServer server = OtaServer.start(director, published, fleet.imageRepository(),
        fleet.imageClient(tmp.resolve("image-client-" + name)),
        OtaFleet.adminToken(tmp.resolve("work")), clock, 0, 4);
    open.add(server);
    return server;
  }

  private static int request(URI uri, String method, String token, byte[] body)
      throws IOException {
    return OtaRequests.send(uri, method, token, body).status();
  }

  private static byte[] plan(SimulatedVehicle.Keys keys, int release) {
    return OtaRequests.plan(keys, release);
  }

  @Test
  void aVehicleUpdatesThroughTheServedDirector_uptane_director_repository() throws Exception {
    OtaFleet fleet = OtaFleet.create(tmp.resolve("work"), clock);
    FileSystemStorage published = FileSystemStorage.open(tmp.resolve("published"));
    OtaServer server = server(fleet, published,
        DirectorStore.files(FileSystemStorage.open(tmp.resolve("state"))), "a");
    SimulatedVehicle.Keys keys = OtaFleet.newVehicle(VIN);
    fleet.director(published, DirectorStore.files(FileSystemStorage.open(tmp.resolve("state"))),
        clock).register(OtaFleet.inventory(keys));
    String token = OtaFleet.adminToken(tmp.resolve("work"));
    URI base = server.baseUri();
    SimulatedVehicle vehicle = new SimulatedVehicle(keys, base, fleet, tmp.resolve("car"), clock);

    assertInstanceOf(FullVerification.NothingNew.class, vehicle.poll());
    URI assign = base.resolve("admin/assignments/" + VIN);
    assertEquals(401, request(assign, "PUT", null, plan(keys, 1)));
    assertEquals(401, request(assign, "PUT", token + "x", plan(keys, 1)));
    assertEquals(400, request(assign, "PUT", token, ("{\"" + keys.primarySerial()
        + "\": \"gateway/not-released.bin\"}").getBytes(StandardCharsets.UTF_8)));
    assertEquals(400, request(assign, "PUT", token, ("{\"" + keys.primarySerial() + "\": \""
        + OtaFleet.SECONDARY_IMAGES.get(1) + "\"}").getBytes(StandardCharsets.UTF_8)),
        "an image for other hardware (#verify_image step 3)");
    assertEquals(200, request(assign, "PUT", token, plan(keys, 1)));

    FullVerification.Updates updates = assertInstanceOf(FullVerification.Updates.class,
        vehicle.poll());
    assertEquals(2, updates.toInstall().size());
    VerifiedImage gateway = updates.toInstall().get(keys.primarySerial());
    // length and hashes checked against both repositories' metadata while downloading
    assertEquals(gateway.length(), Files.size(vehicle.download(gateway)));
    vehicle.installed(updates);
    byte[] manifest = vehicle.nextManifest();
    assertEquals(200, vehicle.report(manifest));
    assertEquals(409, vehicle.report(manifest), "a replayed manifest (#director_repository 4)");
    assertInstanceOf(FullVerification.NothingNew.class, vehicle.poll());

    assertEquals(404, request(base.resolve("director/VIN-UNKNOWN/timestamp.json"), "GET", null,
        null));
    assertEquals(404, request(base.resolve("director/VIN-UNKNOWN/manifest"), "POST", null,
        manifest));
    assertEquals(413, request(base.resolve("director/" + VIN + "/manifest"), "POST", null,
        new byte[OtaServer.MAX_BODY + 1]));
    assertEquals(400, request(base.resolve("director/" + VIN + "/manifest"), "POST", null,
        "[]".getBytes(StandardCharsets.UTF_8)));
    assertEquals(404, request(URI.create(base + "image/metadata/..%2F..%2Fadmin-token"), "GET",
        null, null));
    assertEquals(404, request(URI.create(base + "director/" + VIN + "/..%2Froot.json"), "GET",
        null, null));
  }

  @Test
  void twoServersOnOnePostgresServeOneFleet_uptane_director_repository() throws Exception {
    String url = Postgres.newDatabase();
    OtaFleet fleet = OtaFleet.create(tmp.resolve("work"), clock);
    FileSystemStorage published = FileSystemStorage.open(tmp.resolve("published"));
    List<OtaServer> servers = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(4);
      HikariDataSource pool = new HikariDataSource(config);
      open.add(pool);
      servers.add(server(fleet, published, PostgresDirectorStore.open(pool), name));
    }
    SimulatedVehicle.Keys keys = OtaFleet.newVehicle(VIN);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    try (HikariDataSource admin = new HikariDataSource(config)) {
      fleet.director(published, PostgresDirectorStore.open(admin), clock)
          .register(OtaFleet.inventory(keys));
    }
    String token = OtaFleet.adminToken(tmp.resolve("work"));
    // assigned through one server, found through the other
    assertEquals(200, request(servers.get(0).baseUri().resolve("admin/assignments/" + VIN),
        "PUT", token, plan(keys, 0)));
    SimulatedVehicle vehicle = new SimulatedVehicle(keys, servers.get(1).baseUri(), fleet,
        tmp.resolve("car"), clock);
    FullVerification.Updates updates = assertInstanceOf(FullVerification.Updates.class,
        vehicle.poll());
    vehicle.installed(updates);
    byte[] manifest = vehicle.nextManifest();
    SimulatedVehicle viaFirst = new SimulatedVehicle(keys, servers.get(0).baseUri(), fleet,
        tmp.resolve("car-2"), clock);
    assertEquals(200, vehicle.report(manifest));
    assertEquals(409, viaFirst.report(manifest), "replayed to the other server");
  }
}
