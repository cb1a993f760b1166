package org.tuf4j.client;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * In-memory model of a file system that forgets what was not synced when the power goes out, for
 * crash tests of anything built on {@link DurableFiles} (the {@link MetadataStore}, the Updater).
 *
 * <p>The model keeps, per directory, a live view (what reads see now) and a durable view (what a
 * reboot sees). File data written by {@link #writeNew} is volatile until {@link #syncFile}; every
 * entry change (create, rename, delete) goes to an ordered journal and reaches the durable view
 * only at {@link #syncDirectory} of its directory. On a power cut the journal may have been partly
 * applied — {@link #powerCut(int)} chooses how many of its oldest changes survive — and a surviving
 * entry whose data was never synced comes back torn: the first half of its bytes (empty for one
 * byte), the worst a real file system may show.
 *
 * <p>Usage: set up state, take {@link #powerCut()} as the starting disk, count the steps of a
 * scenario with {@link #steps()}, then for each {@code k} fork a fresh disk, call
 * {@link #crashBeforeStep(int) crashBeforeStep(k)}, run the scenario until it throws
 * {@link SimulatedPowerCut}, and inspect {@link #powerCut(int) powerCut(p)} for every {@code p} up
 * to {@link #pendingChanges()}. Every {@link DurableFiles} call is one step, reads and listings
 * included. Directories themselves are modelled as always durable.
 */
final class SimulatedDisk implements DurableFiles {

  private static final class Inode {
    final byte[] data;
    boolean synced;

    Inode(byte[] data, boolean synced) {
      this.data = data;
      this.synced = synced;
    }
  }

  private static final class Dir {
    final Map<String, Inode> live = new TreeMap<>();
    final Map<String, Inode> durable = new TreeMap<>();
  }

  /** An entry change waiting in the journal for its directory's sync. */
  private interface Change {
    Path dir();

    void applyTo(Map<String, Inode> entries);
  }

  private record Link(Path dir, String name, Inode inode) implements Change {
    @Override
    public void applyTo(Map<String, Inode> entries) {
      entries.put(name, inode);
    }
  }

  private record Move(Path dir, String from, String to, Inode inode) implements Change {
    @Override
    public void applyTo(Map<String, Inode> entries) {
      entries.remove(from);
      entries.put(to, inode);
    }
  }

  private record Unlink(Path dir, String name) implements Change {
    @Override
    public void applyTo(Map<String, Inode> entries) {
      entries.remove(name);
    }
  }

  private final Map<Path, Dir> dirs = new HashMap<>();
  private final List<Change> journal = new ArrayList<>();
  private int steps;
  private int crashAt = -1;
  private int failAt = -1;
  private boolean crashed;

  /** Schedules a power cut instead of step {@code k} (0-based) and all later steps. */
  void crashBeforeStep(int k) {
    if (k < steps) {
      throw new IllegalArgumentException("step " + k + " has already run");
    }
    crashAt = k;
  }

  /** Makes step {@code k} (0-based) fail with an {@link IOException} without doing anything. */
  void failStep(int k) {
    if (k < steps) {
      throw new IllegalArgumentException("step " + k + " has already run");
    }
    failAt = k;
  }

  /** Steps attempted so far (a failed step counts; the one a power cut replaced does not). */
  int steps() {
    return steps;
  }

  /** Whether the power has gone out; every later step throws {@link SimulatedPowerCut}. */
  boolean crashed() {
    return crashed;
  }

  /** Entry changes not yet made durable by a directory sync. */
  int pendingChanges() {
    return journal.size();
  }

  /** The disk after a power cut now, in the worst case: no unsynced entry change survives. */
  SimulatedDisk powerCut() {
    return powerCut(0);
  }

  /**
   * The disk after a power cut now, where the oldest {@code survivingChanges} unsynced entry
   * changes happened to reach the disk. This disk is not changed, so it can be forked repeatedly.
   */
  SimulatedDisk powerCut(int survivingChanges) {
    if (survivingChanges < 0 || survivingChanges > journal.size()) {
      throw new IllegalArgumentException(
          "surviving changes must be in [0, " + journal.size() + "]");
    }
    Map<Path, Map<String, Inode>> durable = new HashMap<>();
    dirs.forEach((path, dir) -> durable.put(path, new TreeMap<>(dir.durable)));
    for (Change change : journal.subList(0, survivingChanges)) {
      change.applyTo(durable.get(change.dir()));
    }
    SimulatedDisk after = new SimulatedDisk();
    Map<Inode, Inode> rebooted = new IdentityHashMap<>();
    durable.forEach((path, entries) -> {
      Dir dir = new Dir();
      entries.forEach((name, inode) -> {
        Inode survivor = rebooted.computeIfAbsent(inode, i -> new Inode(
            i.synced ? i.data : Arrays.copyOf(i.data, i.data.length / 2), true));
        dir.live.put(name, survivor);
        dir.durable.put(name, survivor);
      });
      after.dirs.put(path, dir);
    });
    return after;
  }

  /** The live content of {@code dir} by name (copies; not a step). Empty if it does not exist. */
  Map<String, byte[]> files(Path dir) {
    Map<String, byte[]> out = new TreeMap<>();
    Dir d = dirs.get(dir);
    if (d != null) {
      d.live.forEach((name, inode) -> out.put(name, inode.data.clone()));
    }
    return out;
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    step();
    dirs.computeIfAbsent(dir, p -> new Dir());
  }

  @Override
  public void writeNew(Path file, byte[] data) throws IOException {
    step();
    Dir dir = parentOf(file);
    String name = file.getFileName().toString();
    if (dir.live.containsKey(name)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    Inode inode = new Inode(data.clone(), false);
    dir.live.put(name, inode);
    journal.add(new Link(file.getParent(), name, inode));
  }

  @Override
  public void syncFile(Path file) throws IOException {
    step();
    existing(file).synced = true;
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    step();
    if (!source.getParent().equals(target.getParent())) {
      throw new IOException("the model only renames within a directory");
    }
    Dir dir = parentOf(source);
    Inode inode = existing(source);
    String from = source.getFileName().toString();
    String to = target.getFileName().toString();
    dir.live.remove(from);
    dir.live.put(to, inode);
    journal.add(new Move(source.getParent(), from, to, inode));
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    step();
    Dir d = directory(dir);
    for (Iterator<Change> it = journal.iterator(); it.hasNext(); ) {
      Change change = it.next();
      if (change.dir().equals(dir)) {
        change.applyTo(d.durable);
        it.remove();
      }
    }
  }

  @Override
  public boolean delete(Path file) throws IOException {
    step();
    Dir dir = parentOf(file);
    String name = file.getFileName().toString();
    if (dir.live.remove(name) == null) {
      return false;
    }
    journal.add(new Unlink(file.getParent(), name));
    return true;
  }

  @Override
  public Optional<byte[]> read(Path file, int limit) throws IOException {
    step();
    Inode inode = parentOf(file).live.get(file.getFileName().toString());
    if (inode == null) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOf(inode.data, Math.min(inode.data.length, limit)));
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    step();
    return List.copyOf(directory(dir).live.keySet());
  }

  private void step() throws IOException {
    if (crashed) {
      throw new SimulatedPowerCut("the power is off");
    }
    if (steps == crashAt) {
      crashed = true;
      throw new SimulatedPowerCut("power cut before step " + steps);
    }
    int index = steps++;
    if (index == failAt) {
      throw new IOException("simulated I/O error at step " + index);
    }
  }

  private Dir directory(Path dir) throws NoSuchFileException {
    Dir d = dirs.get(dir);
    if (d == null) {
      throw new NoSuchFileException(dir.toString());
    }
    return d;
  }

  private Dir parentOf(Path file) throws NoSuchFileException {
    Path parent = file.getParent();
    if (parent == null) {
      throw new NoSuchFileException(file.toString());
    }
    return directory(parent);
  }

  private Inode existing(Path file) throws NoSuchFileException {
    Inode inode = parentOf(file).live.get(file.getFileName().toString());
    if (inode == null) {
      throw new NoSuchFileException(file.toString());
    }
    return inode;
  }
}
