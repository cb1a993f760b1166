package org.tuf4j.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Power cuts at every step of a metadata update, checked against {@link SimulatedDisk}: after a
 * reboot each file must hold exactly its old or its new content, and every change whose call had
 * returned must have survived. Wrong write procedures run against the same model show that it is
 * strong enough to catch torn and lost files.
 */
class MetadataStoreCrashTest {

  private static final Path DIR = Path.of("/client/metadata");

  private static final Map<String, byte[]> BEFORE = new LinkedHashMap<>();
  private static final List<Change> UPDATE = new ArrayList<>();

  static {
    BEFORE.put("root.json", json("root", 1));
    BEFORE.put("timestamp.json", json("timestamp", 1));
    BEFORE.put("old-role.json", json("old-role", 1));
    UPDATE.add(new Change("root.json", json("root", 2)));
    UPDATE.add(new Change("timestamp.json", json("timestamp", 2)));
    UPDATE.add(new Change("snapshot.json", json("snapshot", 2)));
    UPDATE.add(new Change("old-role.json", null));
  }

  /** One write (content) or deletion (null content) of the update. */
  private record Change(String name, byte[] content) {}

  /** How files get written and deleted: the store's way, or a deliberately wrong one. */
  private interface Procedure {
    void write(MetadataStore store, SimulatedDisk disk, String name, byte[] data)
        throws IOException;

    void delete(MetadataStore store, SimulatedDisk disk, String name) throws IOException;
  }

  private static final Procedure STORE = new Procedure() {
    @Override
    public void write(MetadataStore store, SimulatedDisk disk, String name, byte[] data)
        throws IOException {
      store.write(name, data);
    }

    @Override
    public void delete(MetadataStore store, SimulatedDisk disk, String name) throws IOException {
      store.delete(name);
    }
  };

  @Test
  void powerCutAtEveryStepLeavesOldOrNewContent() throws IOException {
    Outcome outcome = crashAtEveryStep(STORE);
    assertEquals(List.of(), outcome.violations);
    // The scenario really has steps to cut between, and some cuts left changes in the journal.
    assertTrue(outcome.steps >= 4 * UPDATE.size(), "steps: " + outcome.steps);
    assertTrue(outcome.rebootsChecked > outcome.steps, "reboots: " + outcome.rebootsChecked);
  }

  @Test
  void renameBeforeFileFsyncIsCaughtAsTornFile() throws IOException {
    Procedure renameFirst = new WrongProcedure() {
      @Override
      public void write(MetadataStore store, SimulatedDisk disk, String name, byte[] data)
          throws IOException {
        Path temp = DIR.resolve(MetadataStore.TEMP_PREFIX + name);
        disk.writeNew(temp, data);
        disk.rename(temp, DIR.resolve(name));
        disk.syncDirectory(DIR);
        disk.syncFile(DIR.resolve(name));
      }
    };
    assertTrue(crashAtEveryStep(renameFirst).has("broken"));
  }

  @Test
  void writeWithoutDirectoryFsyncIsCaughtAsLostWrite() throws IOException {
    Procedure noDirectorySync = new WrongProcedure() {
      @Override
      public void write(MetadataStore store, SimulatedDisk disk, String name, byte[] data)
          throws IOException {
        Path temp = DIR.resolve(MetadataStore.TEMP_PREFIX + name);
        disk.writeNew(temp, data);
        disk.syncFile(temp);
        disk.rename(temp, DIR.resolve(name));
      }
    };
    Outcome outcome = crashAtEveryStep(noDirectorySync);
    assertTrue(outcome.has("lost"));
    assertFalse(outcome.has("broken"));
  }

  @Test
  void deleteWithoutDirectoryFsyncIsCaughtAsLostDeletion() throws IOException {
    Procedure noDirectorySync = new Procedure() {
      @Override
      public void write(MetadataStore store, SimulatedDisk disk, String name, byte[] data)
          throws IOException {
        store.write(name, data);
      }

      @Override
      public void delete(MetadataStore store, SimulatedDisk disk, String name) throws IOException {
        disk.delete(DIR.resolve(name));
      }
    };
    assertTrue(crashAtEveryStep(noDirectorySync).has("lost old-role.json"));
  }

  @Test
  void overwriteInPlaceIsCaughtAsMissingFile() throws IOException {
    Procedure inPlace = new WrongProcedure() {
      @Override
      public void write(MetadataStore store, SimulatedDisk disk, String name, byte[] data)
          throws IOException {
        Path target = DIR.resolve(name);
        disk.delete(target);
        disk.writeNew(target, data);
        disk.syncFile(target);
        disk.syncDirectory(DIR);
      }
    };
    assertTrue(crashAtEveryStep(inPlace).has("broken root.json = <absent>"));
  }

  @Test
  void failedStepLeavesOldOrNewContentAndNoTempFile() throws IOException {
    SimulatedDisk start = diskBefore();
    byte[] updated = json("root", 2);
    SimulatedDisk counting = start.powerCut();
    MetadataStore.open(DIR, counting).write("root.json", updated);
    int total = counting.steps();
    for (int k = 0; k < total; k++) {
      SimulatedDisk disk = start.powerCut();
      disk.failStep(k);
      try {
        MetadataStore.open(DIR, disk).write("root.json", updated);
      } catch (IOException expected) {
        // Whichever step failed, what is left must be clean.
      }
      Map<String, byte[]> files = disk.files(DIR);
      assertEquals(BEFORE.keySet(), files.keySet(), "after failing step " + k);
      byte[] root = files.get("root.json");
      assertTrue(Arrays.equals(root, BEFORE.get("root.json")) || Arrays.equals(root, updated),
          "after failing step " + k);
    }
  }

  @Test
  void reopenedStoreAfterPowerCutAcceptsNewWrites() throws Exception {
    SimulatedDisk disk = diskBefore().powerCut();
    // open lists the directory (steps 0-1), write creates and syncs the temp file (2-3): cut
    // before the rename.
    disk.crashBeforeStep(4);
    MetadataStore store = MetadataStore.open(DIR, disk);
    assertThrows(SimulatedPowerCut.class, () -> store.write("root.json", json("root", 2)));
    SimulatedDisk rebooted = disk.powerCut(disk.pendingChanges());
    assertTrue(rebooted.files(DIR).keySet().stream().anyMatch(n -> n.startsWith(".tmp-")));

    MetadataStore reopened = MetadataStore.open(DIR, rebooted);
    assertEquals(BEFORE.keySet(), rebooted.files(DIR).keySet());
    reopened.write("root.json", json("root", 3));
    assertArrayEquals(json("root", 3),
        reopened.read("root.json", 1000).orElseThrow(() -> new AssertionError("absent")));
  }

  /** A wrong write procedure; deletions are done correctly so only the write is under test. */
  private abstract static class WrongProcedure implements Procedure {
    @Override
    public void delete(MetadataStore store, SimulatedDisk disk, String name) throws IOException {
      store.delete(name);
    }
  }

  private static final class Outcome {
    final List<String> violations = new ArrayList<>();
    int steps;
    int rebootsChecked;

    boolean has(String prefix) {
      return violations.stream().anyMatch(v -> v.startsWith(prefix));
    }
  }

  /**
   * Runs the update once to count its steps, then once per step with the power cut before it
   * (and once with the cut after the last step), and checks every possible reboot.
   */
  private static Outcome crashAtEveryStep(Procedure procedure) throws IOException {
    SimulatedDisk start = diskBefore();
    Outcome outcome = new Outcome();
    SimulatedDisk counting = start.powerCut();
    assertEquals(UPDATE.size(), runUpdate(counting, procedure));
    outcome.steps = counting.steps();

    for (int k = 0; k <= outcome.steps; k++) {
      SimulatedDisk disk = start.powerCut();
      disk.crashBeforeStep(k);
      int completed = runUpdate(disk, procedure);
      // Every step index is really reached, so no cut point is skipped.
      assertEquals(k < outcome.steps, disk.crashed(), "crash before step " + k);
      for (int p = 0; p <= disk.pendingChanges(); p++) {
        SimulatedDisk rebooted = disk.powerCut(p);
        check(rebooted, completed, "crash before step " + k + ", " + p + " changes kept", outcome);
        outcome.rebootsChecked++;
      }
    }
    return outcome;
  }

  /** Opens the store and applies the update until done or the power goes; returns changes done. */
  private static int runUpdate(SimulatedDisk disk, Procedure procedure) throws IOException {
    int completed = 0;
    try {
      MetadataStore store = MetadataStore.open(DIR, disk);
      for (Change change : UPDATE) {
        if (change.content() == null) {
          procedure.delete(store, disk, change.name());
        } else {
          procedure.write(store, disk, change.name(), change.content());
        }
        completed++;
      }
    } catch (SimulatedPowerCut cut) {
      // The machine is off; what happened so far is all that happened.
    }
    return completed;
  }

  /**
   * After a reboot: changes that returned must have survived, the one in flight may have happened
   * or not, later ones must not have happened; no file may hold anything else.
   */
  private static void check(SimulatedDisk rebooted, int completed, String when, Outcome outcome)
      throws IOException {
    MetadataStore store = MetadataStore.open(DIR, rebooted);
    List<String> expectedNames = new ArrayList<>(BEFORE.keySet());
    for (int i = 0; i < UPDATE.size(); i++) {
      Change change = UPDATE.get(i);
      byte[] old = BEFORE.get(change.name());
      Optional<byte[]> actual = readAny(store, change.name());
      boolean isOld = matches(actual, old);
      boolean isNew = matches(actual, change.content());
      boolean allowed = i < completed ? isNew : i == completed ? isOld || isNew : isOld;
      if (!allowed) {
        String kind = isOld || isNew ? "lost" : "broken";
        outcome.violations.add(
            kind + " " + change.name() + " = " + show(actual) + " (" + when + ")");
      }
      if (!expectedNames.contains(change.name())) {
        expectedNames.add(change.name());
      }
    }
    for (String name : BEFORE.keySet()) {
      if (UPDATE.stream().noneMatch(c -> c.name().equals(name))
          && !matches(readAny(store, name), BEFORE.get(name))) {
        outcome.violations.add("broken " + name + " (" + when + ")");
      }
    }
    for (String name : rebooted.files(DIR).keySet()) {
      if (!expectedNames.contains(name)) {
        outcome.violations.add("stray " + name + " (" + when + ")");
      }
    }
  }

  private static Optional<byte[]> readAny(MetadataStore store, String name) throws IOException {
    try {
      return store.read(name, 1 << 20);
    } catch (org.tuf4j.TooLargeException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean matches(Optional<byte[]> actual, byte[] expected) {
    return expected == null ? actual.isEmpty()
        : actual.isPresent() && Arrays.equals(actual.get(), expected);
  }

  private static String show(Optional<byte[]> content) {
    return content.map(b -> "'" + new String(b, UTF_8) + "'").orElse("<absent>");
  }

  /**
   * {@code UpdaterConfig.syncWrites(false)}: the same files in this process, none of them forced
   * to the disk. A power cut afterwards finds the directory as it was, so a directory written
   * this way is for no later process to trust (a temporary one, as {@code tuf verify} uses).
   */
  @Test
  void withoutSyncsAPowerCutLosesWhatWasWritten() throws Exception {
    SimulatedDisk disk = new SimulatedDisk();
    MetadataStore store = MetadataStore.open(DIR, new UnsyncedFiles(disk));
    int stepsBefore = disk.steps();
    store.write("root.json", json("root", 1));
    assertEquals(stepsBefore + 2, disk.steps(), "a write and a rename, no syncs");
    assertArrayEquals(json("root", 1), store.read("root.json", 1000).orElseThrow());
    assertEquals(Map.of(), disk.powerCut().files(DIR));
  }

  /** A disk holding {@link #BEFORE}, durably, as left by an earlier run of the client. */
  private static SimulatedDisk diskBefore() throws IOException {
    SimulatedDisk setup = new SimulatedDisk();
    MetadataStore store = MetadataStore.open(DIR, setup);
    for (Map.Entry<String, byte[]> file : BEFORE.entrySet()) {
      store.write(file.getKey(), file.getValue());
    }
    SimulatedDisk durable = setup.powerCut();
    Map<String, byte[]> files = durable.files(DIR);
    assertEquals(BEFORE.keySet(), files.keySet());
    BEFORE.forEach((name, content) -> assertArrayEquals(content, files.get(name), name));
    return durable;
  }

  private static byte[] json(String role, int version) {
    String json = "{\"signed\":{\"_type\":\"" + role + "\",\"version\":" + version + "}}";
    return json.getBytes(UTF_8);
  }
}
