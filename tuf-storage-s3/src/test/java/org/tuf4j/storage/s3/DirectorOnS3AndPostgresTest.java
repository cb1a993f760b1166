package org.tuf4j.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.director.jdbc.PostgresDirectorStore;
import org.tuf4j.testing.DirectorFixture;
import org.tuf4j.testing.Postgres;
import org.tuf4j.uptane.DirectorPublication;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.EcuAssignment;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Director of an OTA server that has outgrown one machine (Uptane Standard
 * #director_repository): two instances publishing every vehicle's metadata to one S3 bucket
 * and keeping their state in one PostgreSQL database, both real servers on 127.0.0.1 (s3proxy,
 * a throwaway PostgreSQL cluster); a Primary's TUF client reads the vehicle's metadata from the
 * bucket over HTTP.
 */
class DirectorOnS3AndPostgresTest {
  private static final String BUCKET = "ota-metadata";
  private static final String VIN = "VIN00000000000007";

  @TempDir Path tmp;
  private S3ProxyServer s3;
  private S3Client client;

  @BeforeEach
  void start() throws Exception {
    s3 = new S3ProxyServer(Files.createDirectories(tmp.resolve("objects")), true);
    client = s3.client();
    client.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      client.close();
    } finally {
      s3.stop();
    }
  }

  private DirectorRepository director(DirectorFixture fleet, String jdbcUrl) throws Exception {
    PGSimpleDataSource db = new PGSimpleDataSource();
    db.setUrl(jdbcUrl);
    return fleet.director()
        .published(S3Storage.builder(client, BUCKET).prefix("director").build())
        .store(PostgresDirectorStore.open(db))
        .build();
  }

  @Test
  void twoDirectorsOnS3AndPostgresServeAVehicleItsTufClientReads() throws Exception {
    DirectorFixture fleet = new DirectorFixture(tmp, Instant.parse("2030-06-01T12:00:00Z"));
    String url = Postgres.newDatabase();
    DirectorRepository first = director(fleet, url);
    DirectorRepository second = director(fleet, url);
    first.register(fleet.vehicle(VIN));

    // both instances change and publish the vehicle at once
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<DirectorPublication>>> runs = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        DirectorRepository director = t % 2 == 0 ? first : second;
        int offset = t;
        runs.add(pool.submit(() -> {
          List<DirectorPublication> made = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            director.setAssignments(VIN, List.of(EcuAssignment.of(DirectorFixture.primary(VIN),
                fleet.primaryImages.get((offset + i) % 2))));
            made.add(director.generate(VIN));
          }
          return made;
        }));
      }
      Set<Long> updated = new HashSet<>();
      for (Future<List<DirectorPublication>> run : runs) {
        for (DirectorPublication p : run.get()) {
          if (p.change() == DirectorPublication.Change.UPDATED) {
            assertTrue(updated.add(p.targetsVersion()), "targets version "
                + p.targetsVersion() + " issued twice");
          }
        }
      }
    } finally {
      pool.shutdown();
    }

    String assigned = second.assignments(VIN).get(DirectorFixture.primary(VIN)).image().path();
    URI metadata = s3.published(BUCKET, "director/" + DirectorRepository.metadataPath(VIN));
    Updater primary = Updater.builder()
        .metadataDir(tmp.resolve("primary"))
        .metadataBaseUrl(metadata)
        .trustedRoot(fleet.directorRoot())
        .config(UpdaterConfig.builder().clock(fleet.clock).build())
        .build();
    primary.refresh();
    assertEquals(assigned, primary.getTargetInfo(assigned).orElseThrow().path());
  }
}
