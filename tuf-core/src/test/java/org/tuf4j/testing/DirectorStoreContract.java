package org.tuf4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.uptane.DirectorStore;

/**
 * The contract of {@link DirectorStore} (Uptane Standard #inventory_db as a Director keeps it),
 * run against each store: records kept exactly, writes limited to what a unit of work holds,
 * and one vehicle's units of work excluding each other — across the store instances a Director
 * process each would open, when the store is shared between processes.
 */
public abstract class DirectorStoreContract {
  /** A store over fresh, empty state. */
  protected abstract DirectorStore newStore() throws Exception;

  /**
   * Another instance over the same state as {@code store}, as a second Director process would
   * open it; {@code store} itself for a store of one process.
   */
  protected abstract DirectorStore sameState(DirectorStore store) throws Exception;

  /** Whether a unit of work's writes take effect together, none of them when it throws. */
  protected abstract boolean groupsWrites();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recordsAreKeptExactly_inventory_db() throws Exception {
    DirectorStore store = newStore();
    byte[] record = new byte[256];
    for (int i = 0; i < record.length; i++) {
      record[i] = (byte) i;
    }
    store.register("VIN-1", r -> {
      r.putEcu("ecu serial ü/1", "VIN-1");
      r.putVehicle("VIN-1", record);
      return null;
    });
    assertArrayEquals(record, sameState(store).read(r -> r.vehicle("VIN-1")).orElseThrow());
    assertEquals(Optional.of("VIN-1"), store.read(r -> r.ecuVehicle("ecu serial ü/1")));
    assertEquals(Optional.empty(), store.read(r -> r.vehicle("VIN-2")));
    assertEquals(Optional.empty(), store.read(r -> r.ecuVehicle("ecu serial ü/2")));
    store.register("VIN-1", r -> {
      r.removeEcu("ecu serial ü/1");
      return null;
    });
    assertEquals(Optional.empty(), store.read(r -> r.ecuVehicle("ecu serial ü/1")));
  }

  @Test
  void aUnitOfWorkWritesOnlyWhatItHolds() throws Exception {
    DirectorStore store = newStore();
    assertThrows(IOException.class, () -> store.read(r -> {
      r.putVehicle("VIN-1", bytes("{}"));
      return null;
    }));
    assertThrows(IOException.class, () -> store.update("VIN-1", r -> {
      r.putVehicle("VIN-2", bytes("{}"));
      return null;
    }));
    assertThrows(IOException.class, () -> store.update("VIN-1", r -> {
      r.putEcu("ecu-1", "VIN-1");
      return null;
    }));
    assertEquals(Optional.empty(), store.read(r -> r.vehicle("VIN-2")));
    assertEquals(Optional.empty(), store.read(r -> r.ecuVehicle("ecu-1")));
  }

  @Test
  void aFailedUnitOfWorkChangesNothingWhenTheStoreGroupsWrites() throws Exception {
    DirectorStore store = newStore();
    store.update("VIN-1", r -> {
      r.putVehicle("VIN-1", bytes("first"));
      return null;
    });
    assertThrows(InvalidRepositoryException.class, () -> store.register("VIN-1", r -> {
      r.putEcu("ecu-1", "VIN-1");
      r.putVehicle("VIN-1", bytes("second"));
      throw new InvalidRepositoryException("refused after writing");
    }));
    byte[] expected = groupsWrites() ? bytes("first") : bytes("second");
    assertArrayEquals(expected, store.read(r -> r.vehicle("VIN-1")).orElseThrow());
    assertEquals(groupsWrites() ? Optional.empty() : Optional.of("VIN-1"),
        store.read(r -> r.ecuVehicle("ecu-1")));
  }

  /**
   * Read, increment, write of one vehicle's counter from threads on two instances of the store:
   * a lost update shows as a total below the number of increments.
   */
  @Test
  void unitsOfWorkOnOneVehicleExcludeEachOther_director_repository_4() throws Exception {
    DirectorStore first = newStore();
    DirectorStore second = sameState(first);
    first.update("VIN-1", r -> {
      r.putVehicle("VIN-1", bytes("0"));
      return null;
    });
    int threads = 4;
    int increments = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        DirectorStore store = t % 2 == 0 ? first : second;
        done.add(pool.submit(() -> {
          for (int i = 0; i < increments; i++) {
            store.update("VIN-1", r -> {
              long n = Long.parseLong(new String(r.vehicle("VIN-1").orElseThrow(),
                  StandardCharsets.UTF_8));
              Thread.yield(); // widen the window a missing hold would leave open
              r.putVehicle("VIN-1", bytes(Long.toString(n + 1)));
              return null;
            });
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(Long.toString((long) threads * increments), new String(
        first.read(r -> r.vehicle("VIN-1")).orElseThrow(), StandardCharsets.UTF_8));
  }

  @Test
  void unitsOfWorkOnOtherVehiclesDoNotWaitForEachOther() throws Exception {
    DirectorStore store = newStore();
    DirectorStore other = sameState(store);
    // holding VIN-1, another thread updates VIN-2 to completion
    String result = store.update("VIN-1", r -> {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        return pool.submit(() -> other.update("VIN-2", r2 -> {
          r2.putVehicle("VIN-2", bytes("done"));
          return "done";
        })).get(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException(e);
      } finally {
        pool.shutdown();
      }
    });
    assertEquals("done", result);
    assertTrue(store.read(r -> r.vehicle("VIN-2")).isPresent());
  }
}
