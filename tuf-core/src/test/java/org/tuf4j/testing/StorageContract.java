package org.tuf4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.repository.Storage;

/**
 * The contract of {@link Storage} (its class comment), run against one implementation: each
 * implementation's test extends this and says how to make an empty repository and where
 * clients read it. The repository writer relies on each point: writes are atomic; a versioned
 * or hash-named file is created once and never replaced (TUF spec 1.0.34 §6.1, consistent
 * snapshots: a name, once published, always means the same bytes); one writer holds the
 * repository at a time; and the files of a release reach the storage in the order that keeps
 * clients safe, {@code timestamp.json} last, so that a publish cut short at any write leaves
 * clients the previous release or the new one, whole.
 */
public abstract class StorageContract {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  /** Where the clients of the tests keep their state. */
  @TempDir protected Path clientState;

  private final AtomicInteger clients = new AtomicInteger();

  /**
   * A new, empty repository in the storage under test; each call makes a different one.
   *
   * @return the storage
   * @throws Exception when it cannot be made
   */
  protected abstract Storage newStorage() throws Exception;

  /**
   * Where clients read the repository of {@code storage} over their {@link #fetcher()}: the
   * folder holding {@code metadata/} and {@code targets/}, ending with {@code /}.
   *
   * @param storage a storage made by {@link #newStorage()}
   * @return its base URI
   * @throws Exception when it cannot be told
   */
  protected abstract URI servedAt(Storage storage) throws Exception;

  /**
   * The fetcher clients read {@link #servedAt} with.
   *
   * @return a fetcher
   */
  protected abstract Fetcher fetcher();

  /**
   * Whether {@link Storage#writeNew} creates a file in one step, so that of writers racing to
   * create one name exactly one succeeds; false for a storage that looks up and then writes,
   * which relies on the lock.
   *
   * @return true unless the storage under test says otherwise
   */
  protected boolean createsInOneStep() {
    return true;
  }

  /**
   * A size of content that the storage writes in more than one request, if it ever does (a
   * multipart upload): large files are written and linked at this size.
   *
   * @return a number of bytes; a little over 1 MiB unless the storage under test says otherwise
   */
  protected int largeSize() {
    return (1 << 20) + 1;
  }

  // --- reading, writing, replacing -------------------------------------------------------

  @Test
  void aMissingFileReadsAsEmptyAndDoesNotExist() throws Exception {
    Storage s = newStorage();
    assertEquals(Optional.empty(), s.read("metadata/timestamp.json"));
    assertFalse(s.exists("metadata/timestamp.json"));
    s.write("metadata/timestamp.json", bytes("v1"));
    assertTrue(s.exists("metadata/timestamp.json"));
    assertFalse(s.exists("metadata/snapshot.json"));
  }

  /** timestamp.json and root.json are replaced in place; a reader sees one version, whole. */
  @Test
  void writeReplacesAFileAtomically_readersSeeTheOldOrTheNewNeverAMix_spec6_1()
      throws Exception {
    Storage s = newStorage();
    byte[] a = filled(largeSize(), 'a');
    byte[] b = filled(largeSize(), 'b');
    s.write("metadata/timestamp.json", a);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> writer = pool.submit((Callable<Void>) () -> {
        for (int i = 0; i < 8; i++) {
          s.write("metadata/timestamp.json", i % 2 == 0 ? b : a);
        }
        return null;
      });
      int reads = 0;
      do {
        byte[] seen = s.read("metadata/timestamp.json").orElseThrow();
        assertTrue(Arrays.equals(seen, a) || Arrays.equals(seen, b),
            "read " + reads + " saw a mix of two versions");
        reads++;
      } while (!writer.isDone());
      writer.get();
    } finally {
      pool.shutdownNow();
    }
    assertArrayEquals(a, s.read("metadata/timestamp.json").orElseThrow());
  }

  @Test
  void aLargeTargetWrittenFromAStreamIsStoredWhole() throws Exception {
    Storage s = newStorage();
    byte[] content = random(largeSize(), 1);
    s.write("targets/large.bin", new ByteArrayInputStream(content));
    assertArrayEquals(content, s.read("targets/large.bin").orElseThrow());
    byte[] other = random(17, 2);
    s.write("targets/large.bin", new ByteArrayInputStream(other));
    assertArrayEquals(other, s.read("targets/large.bin").orElseThrow());
  }

  // --- files written once ------------------------------------------------------------------

  /** A versioned file is created once; writing it again with the same bytes (a retry) is fine. */
  @Test
  void writeNewCreatesAVersionedFileOnceAndARetryOfTheSameBytesSucceeds_spec6_1()
      throws Exception {
    Storage s = newStorage();
    s.writeNew("metadata/2.snapshot.json", bytes("snapshot v2"));
    s.writeNew("metadata/2.snapshot.json", bytes("snapshot v2"));
    s.writeNew("metadata/2.snapshot.json", new ByteArrayInputStream(bytes("snapshot v2")));
    assertArrayEquals(bytes("snapshot v2"), s.read("metadata/2.snapshot.json").orElseThrow());
    byte[] large = random(largeSize(), 3);
    s.writeNew("targets/abc.large.bin", new ByteArrayInputStream(large));
    s.writeNew("targets/abc.large.bin", new ByteArrayInputStream(large));
    assertArrayEquals(large, s.read("targets/abc.large.bin").orElseThrow());
  }

  /** Two files under one versioned name would split clients' views (spec §5.4.3.1). */
  @Test
  void writeNewRefusesOtherBytesUnderAWrittenNameAndKeepsTheFirst_spec6_1() throws Exception {
    Storage s = newStorage();
    s.writeNew("metadata/2.snapshot.json", bytes("first"));
    assertThrows(FileAlreadyExistsException.class,
        () -> s.writeNew("metadata/2.snapshot.json", bytes("second")));
    assertThrows(FileAlreadyExistsException.class, () -> s.writeNew("metadata/2.snapshot.json",
        new ByteArrayInputStream(bytes("second"))));
    assertArrayEquals(bytes("first"), s.read("metadata/2.snapshot.json").orElseThrow());

    byte[] large = random(largeSize(), 4);
    s.writeNew("targets/abc.large.bin", new ByteArrayInputStream(large));
    byte[] changed = large.clone();
    changed[changed.length - 1] ^= 1;
    assertThrows(FileAlreadyExistsException.class, () -> s.writeNew("targets/abc.large.bin",
        new ByteArrayInputStream(changed)));
    assertArrayEquals(large, s.read("targets/abc.large.bin").orElseThrow());
  }

  /** Writers without a lock racing to create one name: one wins, the others are refused. */
  @Test
  void ofWritersRacingToCreateOneVersionedNameExactlyOneSucceeds_spec6_1() throws Exception {
    assumeTrue(createsInOneStep(), "this storage creates a file by a look-up and a write");
    Storage s = newStorage();
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 4; round++) {
        String path = "metadata/" + (round + 2) + ".snapshot.json";
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          byte[] mine = bytes("writer " + w);
          results.add(pool.submit(() -> {
            start.await();
            try {
              s.writeNew(path, mine);
              return true;
            } catch (FileAlreadyExistsException refused) {
              return false;
            }
          }));
        }
        start.countDown();
        List<Integer> winners = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          if (results.get(w).get()) {
            winners.add(w);
          }
        }
        assertEquals(1, winners.size(), path + ": writers that succeeded " + winners);
        assertArrayEquals(bytes("writer " + winners.get(0)), s.read(path).orElseThrow());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A target listed with two hashes is published under both names (spec §5.7.3). */
  @Test
  void linkGivesASecondNameToTheSameBytesOnce_spec5_7_3() throws Exception {
    Storage s = newStorage();
    byte[] content = random(largeSize(), 5);
    s.writeNew("targets/aaa.app.bin", content);
    s.link("targets/aaa.app.bin", "targets/bbb.app.bin");
    assertArrayEquals(content, s.read("targets/bbb.app.bin").orElseThrow());
    s.link("targets/aaa.app.bin", "targets/bbb.app.bin"); // a retry
    s.writeNew("targets/ccc.other.bin", bytes("other"));
    assertThrows(FileAlreadyExistsException.class,
        () -> s.link("targets/aaa.app.bin", "targets/ccc.other.bin"));
    assertArrayEquals(bytes("other"), s.read("targets/ccc.other.bin").orElseThrow());
    assertThrows(NoSuchFileException.class, () -> s.link("targets/missing.bin",
        "targets/ddd.missing.bin"));
    assertFalse(s.exists("targets/ddd.missing.bin"));
    s.writeNew("targets/eee.empty", new byte[0]);
    s.link("targets/eee.empty", "targets/fff.empty");
    assertArrayEquals(new byte[0], s.read("targets/fff.empty").orElseThrow());
  }

  @Test
  void deleteRemovesAFileAndDeletingAMissingOneIsNoError() throws Exception {
    Storage s = newStorage();
    s.write("staged/manifest.json", bytes("{}"));
    s.delete("staged/manifest.json");
    assertFalse(s.exists("staged/manifest.json"));
    s.delete("staged/manifest.json");
  }

  @Test
  void pathsThatCouldLeaveTheRepositoryAreRefused() throws Exception {
    Storage s = newStorage();
    for (String bad : List.of("", "/metadata/root.json", "../root.json", "metadata/../x",
        "metadata//root.json", "metadata/./root.json", "metadata\\root.json", "a\0b")) {
      assertThrows(IllegalArgumentException.class, () -> s.write(bad, bytes("x")), bad);
      assertThrows(IllegalArgumentException.class, () -> s.read(bad), bad);
    }
  }

  // --- the writer's lock -------------------------------------------------------------------

  @Test
  void aSecondWriterIsRefusedWhileTheFirstHoldsTheLockAndToldWhoHoldsIt() throws Exception {
    Storage s = newStorage();
    Storage.Lock held = s.lock();
    InvalidRepositoryException refused = assertThrows(InvalidRepositoryException.class,
        s::lock);
    assertEquals(InvalidRepositoryException.Reason.LOCKED, refused.reason());
    assertTrue(refused.getMessage().contains("locked by pid " + ProcessHandle.current().pid()),
        refused.getMessage());
    held.close();
    s.lock().close();

    Releases r = new Releases(s);
    r.publishFirst();
    RepositoryEditor editor = RepositoryEditor.open(s, r.clock);
    InvalidRepositoryException second = assertThrows(InvalidRepositoryException.class,
        () -> RepositoryEditor.open(s, r.clock));
    assertEquals(InvalidRepositoryException.Reason.LOCKED, second.reason());
    editor.close();
    RepositoryEditor.open(s, r.clock).close();
  }

  // --- publishing --------------------------------------------------------------------------

  /**
   * Target files, then delegated targets metadata, then targets, then the snapshot, and
   * timestamp.json last: until it is written, clients see the previous release.
   */
  @Test
  void publishWritesTargetsThenDelegatedThenTopLevelTargetsThenSnapshotAndTimestampLast_spec6_1()
      throws Exception {
    Storage s = newStorage();
    Releases r = new Releases(s);
    r.publishFirst();
    List<String> writes = new ArrayList<>();
    Storage recording = new ForwardingStorage(s) {
      @Override
      protected void beforeWrite(String operation, String path) {
        writes.add(path);
      }
    };
    r.publishSecond(recording);
    int lastTarget = last(writes, p -> p.startsWith("targets/"));
    int delegated = last(writes, p -> p.matches("metadata/\\d+\\.docs\\.json"));
    int targets = last(writes, p -> p.matches("metadata/\\d+\\.targets\\.json"));
    int snapshot = last(writes, p -> p.matches("metadata/\\d+\\.snapshot\\.json"));
    int timestamp = writes.indexOf("metadata/timestamp.json");
    assertTrue(0 <= lastTarget && lastTarget < delegated && delegated < targets
        && targets < snapshot && snapshot < timestamp, writes.toString());
    assertEquals(writes.size() - 1, timestamp, "timestamp.json is written last: " + writes);
    assertTrue(writes.stream().filter(p -> p.startsWith("targets/")).count() >= 4,
        "both targets under two hash names: " + writes);
  }

  /** Publish, then a client refreshes (spec §5) and downloads what it lists; twice over. */
  @Test
  void aClientRefreshesFromThePublishedRepositoryAndDownloadsItsTargets_spec5() throws Exception {
    Storage s = newStorage();
    Releases r = new Releases(s);
    r.publishFirst();
    Updater client = client(s);
    client.refresh();
    assertEquals("old", download(client, "app.bin"));
    assertTrue(client.getTargetInfo("docs/a.txt").isEmpty());

    r.publishSecond(s);
    client.refresh();
    assertEquals(2, client.trustedTimestamp().orElseThrow().signed().version());
    assertEquals("new", download(client, "app.bin"));
    assertEquals("docs", download(client, "docs/a.txt"));
    assertEquals(Optional.empty(), client.getTargetInfo("missing.bin"));
    assertEquals(2, client.trustedRoot().signed().version(), "the rotated root");
  }

  /**
   * A power cut before each write of a publish in turn: a client then sees the previous
   * release or the new one, whole; and the publisher, run again, completes the new one.
   */
  @Test
  void aPublishCutShortAtAnyWriteLeavesClientsTheOldReleaseOrTheNewAndARetryCompletesIt_spec6_1()
      throws Exception {
    Releases keys = null;
    int writes = -1;
    for (int cut = 0; writes < 0 || cut <= writes; cut++) {
      Storage s = newStorage();
      Releases r = keys == null ? new Releases(s) : keys.on(s);
      keys = r;
      r.publishFirst();
      int failAt = cut;
      AtomicInteger count = new AtomicInteger();
      Storage crashing = new ForwardingStorage(s) {
        @Override
        protected void beforeWrite(String operation, String path) throws IOException {
          if (count.getAndIncrement() == failAt) {
            throw new IOException("power cut before write " + failAt + " (" + path + ")");
          }
        }
      };
      boolean completed;
      try {
        r.publishSecond(crashing);
        completed = true;
        writes = count.get();
      } catch (IOException cutShort) {
        completed = false;
        // The process ends: its lock goes (the operator's job on an object store, below).
        r.abandoned.close();
      }
      Updater client = client(s);
      client.refresh();
      String app = download(client, "app.bin");
      boolean docs = client.getTargetInfo("docs/a.txt").isPresent();
      if (completed) {
        assertTrue(app.equals("new") && docs, "a publish without a cut");
      } else {
        assertTrue(app.equals("old") && !docs || app.equals("new") && docs,
            "cut before write " + cut + ": the client saw " + app + ", docs listed " + docs);
        r.publishSecond(s); // the publisher, run again, writes what is missing
        Updater after = client(s);
        after.refresh();
        assertEquals("new", download(after, "app.bin"), "retry after cut " + cut);
        assertEquals("docs", download(after, "docs/a.txt"), "retry after cut " + cut);
      }
    }
    assertTrue(writes >= 8, "writes per publish: " + writes);
  }

  // --- helpers -----------------------------------------------------------------------------

  /**
   * Two releases of one repository, with consistent snapshots and targets listed with two
   * hashes (so published under two names each): the first has {@code app.bin} "old" and
   * delegates {@code docs/*} to the role {@code docs}; the second changes {@code app.bin} to
   * "new", adds {@code docs/a.txt} through {@code docs}, and rotates the root (a new version
   * signed by the same key).
   */
  private static final class Releases {
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Map<RoleType, Signer> top;
    final Signer docs;
    final Storage storage;
    RepositoryEditor abandoned;

    Releases(Storage storage) {
      this(storage, new EnumMap<>(RoleType.class), KeyPairSigner.generate("ed25519"));
      for (RoleType t : RoleType.values()) {
        top.put(t, KeyPairSigner.generate("ed25519"));
      }
    }

    private Releases(Storage storage, Map<RoleType, Signer> top, Signer docs) {
      this.storage = storage;
      this.top = top;
      this.docs = docs;
    }

    /** The same keys, for another repository. */
    Releases on(Storage other) {
      return new Releases(other, top, docs);
    }

    List<Signer> signers() {
      List<Signer> all = new ArrayList<>(top.values());
      all.add(docs);
      return all;
    }

    void publishFirst() throws Exception {
      Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
      top.forEach((t, s) -> roles.put(t, RoleKeys.of(key(s))));
      RepositoryEditor editor = RepositoryEditor.create(storage, clock, roles, true);
      editor.policy().setTargetHashes(Set.of("sha256", "sha512"));
      editor.delegations().delegate("targets", "docs", RoleKeys.of(key(docs)), Optional.of(List.of("docs/*")),
          Optional.empty(), false);
      editor.targets().addTarget("app.bin", bytes("old"), Optional.empty());
      editor.stage(signers()).publish();
    }

    /** The second release, written through {@code through} (which wraps the storage). */
    void publishSecond(Storage through) throws Exception {
      RepositoryEditor editor = RepositoryEditor.open(through, clock);
      abandoned = editor;
      editor.targets().addTarget("app.bin", bytes("new"), Optional.empty());
      editor.targets().addTarget("docs", "docs/a.txt", bytes("docs"), Optional.empty());
      editor.touch("root");
      editor.stage(signers()).publish();
    }

    static Key key(Signer s) {
      return Key.of(s.keyType(), s.scheme(), s.publicValue());
    }
  }

  /** A new client of the repository in {@code storage}, trusting its first root. */
  private Updater client(Storage storage) throws Exception {
    Path state = clientState.resolve("client-" + clients.incrementAndGet());
    URI base = servedAt(storage);
    return Updater.builder()
        .metadataDir(state.resolve("metadata"))
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .targetDir(state.resolve("targets"))
        .trustedRoot(storage.read("metadata/1.root.json").orElseThrow())
        .fetcher(fetcher())
        .config(UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build())
        .build();
  }

  private static String download(Updater client, String target) throws Exception {
    TargetInfo info = client.getTargetInfo(target).orElseThrow(
        () -> new AssertionError(target + " is not listed"));
    return Files.readString(client.download(info));
  }

  private static int last(List<String> writes, Predicate<String> which) {
    for (int i = writes.size() - 1; i >= 0; i--) {
      if (which.test(writes.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] filled(int size, char c) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) c);
    return b;
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
