package org.tuf4j.director.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.testing.DirectorFixture;
import org.tuf4j.uptane.DirectorPublication;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.EcuAssignment;
import org.tuf4j.uptane.ManifestVerifier;
import org.tuf4j.uptane.ReplayedReportException;
import org.tuf4j.uptane.VehicleInventory;

/**
 * Two Director instances on one PostgreSQL database and one published storage, as two OTA
 * server processes behind a load balancer run (Uptane Standard #director_repository): their
 * calls for one vehicle interleave from several threads each, and neither issues a version the
 * other issued, nor accepts a report counter the other accepted (step 4).
 */
class TwoDirectorsTest {
  private static final String VIN = "VIN00000000000001";

  @TempDir Path tmp;
  private DirectorFixture fleet;
  private FileSystemStorage published;
  private DirectorRepository first;
  private DirectorRepository second;
  private DataSource database;

  @BeforeEach
  void setUp() throws Exception {
    fleet = new DirectorFixture(tmp, Instant.parse("2030-06-01T12:00:00Z"));
    published = FileSystemStorage.open(tmp.resolve("published"));
    database = TestPostgres.newDatabase();
    first = director(database);
    second = director(TestPostgres.sameDatabase(database));
    first.register(fleet.vehicle(VIN));
  }

  private DirectorRepository director(DataSource db) throws Exception {
    return fleet.director().published(published).store(PostgresDirectorStore.open(db)).build();
  }

  /** Runs every task at once, each on its own thread, and returns their results. */
  private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void twoDirectorsNeverIssueOneVersionTwice_uptane_director_repository() throws Exception {
    List<TargetFile> images = fleet.primaryImages;
    List<Callable<List<DirectorPublication>>> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      DirectorRepository director = t % 2 == 0 ? first : second;
      int offset = t;
      tasks.add(() -> {
        List<DirectorPublication> made = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          director.setAssignments(VIN, List.of(EcuAssignment.of(DirectorFixture.primary(VIN),
              images.get((offset + i) % 2))));
          made.add(director.generate(VIN));
        }
        return made;
      });
    }
    Set<Long> targetsVersions = new HashSet<>();
    Set<Long> timestampVersions = new HashSet<>();
    int updated = 0;
    for (List<DirectorPublication> made : concurrently(tasks)) {
      for (DirectorPublication p : made) {
        if (p.change() != DirectorPublication.Change.UNCHANGED) {
          assertTrue(timestampVersions.add(p.timestampVersion()), "timestamp version "
              + p.timestampVersion() + " issued twice");
        }
        if (p.change() == DirectorPublication.Change.UPDATED) {
          updated++;
          assertTrue(targetsVersions.add(p.targetsVersion()), "targets version "
              + p.targetsVersion() + " issued twice");
        }
      }
    }
    assertTrue(updated >= 2, "the assignments changed at least twice: " + updated);

    // The vehicle's Primary reads the result as any TUF client: the last assignment, signed.
    String assigned = first.assignments(VIN).get(DirectorFixture.primary(VIN)).image().path();
    Updater primary = Updater.builder()
        .metadataDir(tmp.resolve("primary"))
        .metadataBaseUrl(published.root().resolve(DirectorRepository.metadataPath(VIN)).toUri())
        .targetBaseUrl(fleet.images.root().resolve("targets").toUri())
        .trustedRoot(fleet.directorRoot()).fetcher(FileFetcher.create())
        .config(UpdaterConfig.builder().clock(fleet.clock).build()).build();
    primary.refresh();
    assertTrue(primary.getTargetInfo(assigned).isPresent(), assigned);
    String other = assigned.equals("fw/app-1.bin") ? "fw/app-2.bin" : "fw/app-1.bin";
    assertTrue(primary.getTargetInfo(other).isEmpty(), other);
  }

  @Test
  void aManifestUploadedToBothDirectorsAtOnceIsAcceptedOnce_uptane_director_repository_4()
      throws Exception {
    ManifestVerifier verifier = ManifestVerifier.standard();
    for (long counter = 1; counter <= 3; counter++) {
      byte[] manifest = fleet.manifest(VIN, fleet.primaryImages.get(0), counter);
      List<Callable<Optional<Exception>>> uploads = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        DirectorRepository director = t % 2 == 0 ? first : second;
        uploads.add(() -> {
          try {
            director.receiveManifest(VIN, manifest, verifier, fleet.clock.instant());
            return Optional.empty();
          } catch (Exception e) {
            return Optional.of(e);
          }
        });
      }
      List<Optional<Exception>> outcomes = concurrently(uploads);
      assertEquals(1, outcomes.stream().filter(Optional::isEmpty).count(),
          "counter " + counter + " accepted once: " + outcomes);
      outcomes.stream().flatMap(Optional::stream).forEach(e ->
          assertInstanceOf(ReplayedReportException.class, e));
    }
    assertEquals(java.util.OptionalLong.of(3), second.replayState(VIN)
        .ecu(DirectorFixture.secondary(VIN)).orElseThrow().lastCounter());
  }

  @Test
  void anEcuIsRegisteredToOneVehicleWhenTwoDirectorsRaceForIt_uptane_inventory_db()
      throws Exception {
    String shared = "shared-ecu";
    List<Callable<Optional<Exception>>> registrations = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      DirectorRepository director = t % 2 == 0 ? first : second;
      VehicleInventory v = VehicleInventory.builder("VIN-RACE-" + t)
          .primary(shared, org.tuf4j.uptane.UptaneKeys.publicKeyOf(fleet.ecuKey(shared)),
              DirectorFixture.PRIMARY_HW).build();
      registrations.add(() -> {
        try {
          director.register(v);
          return Optional.empty();
        } catch (Exception e) {
          return Optional.of(e);
        }
      });
    }
    List<Optional<Exception>> outcomes = concurrently(registrations);
    assertEquals(1, outcomes.stream().filter(Optional::isEmpty).count(), outcomes.toString());
    outcomes.stream().flatMap(Optional::stream).forEach(e ->
        assertInstanceOf(InvalidRepositoryException.class, e));
    String owner = first.ecuOwner(shared).orElseThrow();
    assertEquals(1, List.of(0, 1, 2, 3).stream().filter(t -> {
      try {
        return second.vehicle("VIN-RACE-" + t).isPresent();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).count());
    assertTrue(second.vehicle(owner).isPresent());
  }

  @Test
  void aVehicleHeldLongerThanTheLockTimeoutFailsWithoutChange() throws Exception {
    PostgresDirectorStore quick = PostgresDirectorStore.open(
        TestPostgres.sameDatabase(database), Duration.ofMillis(200));
    PostgresDirectorStore holder = PostgresDirectorStore.open(TestPostgres.sameDatabase(database));
    IOException e = assertThrows(IOException.class, () -> holder.update(VIN, records -> {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        return pool.submit(() -> quick.update(VIN, r -> {
          r.putVehicle(VIN, new byte[] {1});
          return null;
        })).get();
      } catch (ExecutionException x) {
        throw (IOException) x.getCause(); // the waiting Director's failure
      } catch (InterruptedException x) {
        throw new IOException(x);
      } finally {
        pool.shutdown();
      }
    }));
    assertTrue(e.getMessage().contains("vehicle " + VIN + " is held by another Director"),
        e.getMessage());
    assertEquals(Map.of(), first.assignments(VIN)); // the record is as registered
  }
}
