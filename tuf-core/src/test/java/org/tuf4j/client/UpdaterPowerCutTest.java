package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuf4j.testing.Fixtures;

/**
 * A power cut at every file-system step of a refresh (TUF spec §5 preamble: "should still be
 * able to update again in the future"): after every possible reboot the client starts from what
 * is on disk — with no bootstrap root to fall back on — and refreshes to the same trusted state
 * as an uninterrupted run. The disk is {@link SimulatedDisk}, which loses unsynced data and
 * directory entries the way a real file system may.
 */
class UpdaterPowerCutTest {
  private static final Path DIR = Path.of("/client/metadata");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String TARGET = "a/deep/app-1.1.bin";

  private static Updater updater(SimulatedDisk disk) throws Exception {
    return Updater.builder()
        .metadataBaseUrl(Fixtures.path("python-tuf-basic/metadata").toUri())
        .store(MetadataStore.open(DIR, disk))
        .fetcher(FileFetcher.create())
        .config(UpdaterConfig.builder().clock(CLOCK).build())
        .build();
  }

  /** Refresh, then a target search that loads and persists two delegated roles. */
  private static void update(SimulatedDisk disk) throws Exception {
    Updater u = updater(disk);
    u.refresh();
    assertEquals("role3", u.getTargetInfo(TARGET).orElseThrow().signingRole());
  }

  @Test
  void powerCutAtEveryStepOfARefreshLeavesAStateThatRefreshesToTheSameResult()
      throws Exception {
    SimulatedDisk initial = new SimulatedDisk();
    MetadataStore.open(DIR, initial).write("root.json",
        Fixtures.read("python-tuf-basic/initial_root.json"));
    initial = initial.powerCut();

    SimulatedDisk uninterrupted = initial.powerCut();
    update(uninterrupted);
    Map<String, byte[]> expected = uninterrupted.files(DIR);
    assertEquals(java.util.Set.of("root.json", "timestamp.json", "snapshot.json",
        "targets.json", "d-role1.json", "d-role3.json", ClientState.FILE), expected.keySet());
    int steps = uninterrupted.steps();

    int reboots = 0;
    for (int k = 0; k < steps; k++) {
      SimulatedDisk disk = initial.powerCut();
      disk.crashBeforeStep(k);
      assertThrows(SimulatedPowerCut.class, () -> update(disk), "power cut before step " + k);
      for (int surviving = 0; surviving <= disk.pendingChanges(); surviving++) {
        SimulatedDisk rebooted = disk.powerCut(surviving);
        update(rebooted);
        Map<String, byte[]> after = rebooted.files(DIR);
        assertEquals(expected.keySet(), after.keySet(), "cut before step " + k);
        for (var e : expected.entrySet()) {
          assertArrayEquals(e.getValue(), after.get(e.getKey()),
              e.getKey() + " after a cut before step " + k + ", " + surviving + " survived");
        }
        reboots++;
      }
    }
    assertTrue(steps > 20 && reboots >= steps, "steps " + steps + ", reboots " + reboots);
  }
}
