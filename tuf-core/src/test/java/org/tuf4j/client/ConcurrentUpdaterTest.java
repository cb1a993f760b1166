package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.testing.RepositorySimulator;

/**
 * One updater used by several threads over loopback HTTP: lookups and downloads run in parallel,
 * and a refresh publishes what it trusts in one step, so a lookup sees the previous refresh's
 * state or the new one, never a mix (TUF spec §5.4.4: a refresh that has not completed is not
 * trusted). The server holds chosen files back until the test releases them (latches, no
 * sleeps); the {@link Timeout}s only keep a regression from hanging the build.
 */
@Timeout(120)
class ConcurrentUpdaterTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final int THREADS = 8;
  private static final int DELEGATED_TARGETS = 16;

  @TempDir Path tmp;
  private RepositorySimulator repo;
  private final Gate gate = new Gate();
  private LoopbackServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  /** Holds back the one path it is armed with until released. */
  private static final class Gate {
    private volatile String path;
    private volatile CountDownLatch arrived = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    void arm(String held) {
      arrived = new CountDownLatch(1);
      release = new CountDownLatch(1);
      path = held;
    }

    void pass(String requested) {
      if (requested.equals(path)) {
        arrived.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    void awaitArrival() throws InterruptedException {
      arrived.await();
    }

    void release() {
      path = null;
      release.countDown();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    repo = RepositorySimulator.builder().now(NOW).build();
    repo.delegate("targets", "fw", List.of("fw/*"), false);
    for (int i = 0; i < DELEGATED_TARGETS; i++) {
      repo.addTarget("fw", "fw/app-" + i + ".bin", bytes("app " + i));
    }
    repo.addTarget("big.bin", bytes("the big one"));
    repo.addTarget("v.txt", bytes("version 1"));
    repo.publish();
    server = LoopbackServer.serve(path -> {
      gate.pass(path);
      return repo.findFile(path);
    });
  }

  @AfterEach
  void tearDown() {
    gate.release();
    pool.shutdownNow();
    server.close();
  }

  private Updater updater() throws IOException {
    return Updater.builder()
        .metadataDir(tmp.resolve("metadata"))
        .metadataBaseUrl(server.uri("metadata/"))
        .targetBaseUrl(server.uri("targets/"))
        .targetDir(tmp.resolve("targets"))
        .trustedRoot(repo.trustedRootBytes())
        // A held file must not time out while the test works: the latches decide, not a clock.
        .fetcher(HttpFetcher.builder().readTimeout(Duration.ofMinutes(10)).build())
        .config(UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build())
        .build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The served path of a target, as the client asks for it with consistent snapshots. */
  private String targetPath(TargetInfo info) {
    return RepositorySimulator.consistentTargetPath(info.path(),
        info.hashes().get("sha256"));
  }

  /** Runs {@code task} on {@link #THREADS} threads released together. */
  private <T> List<T> onAllThreads(Callable<T> task) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get());
    }
    return out;
  }

  @Test
  void lookupsAndOtherDownloadsCompleteWhileADownloadIsStalled_spec5_7() throws Exception {
    Updater u = updater();
    u.refresh();
    TargetInfo big = u.getTargetInfo("big.bin").orElseThrow();
    gate.arm(targetPath(big));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Future<Void> stalled = pool.submit(() -> {
      u.download(big, out);
      return null;
    });
    gate.awaitArrival(); // the download is in progress, waiting for the server

    // Every thread looks up delegated targets (loading the delegated role at most once between
    // them) and downloads one while the first download is held.
    AtomicInteger threads = new AtomicInteger();
    List<String> found = onAllThreads(() -> {
      StringBuilder seen = new StringBuilder();
      for (int i = 0; i < DELEGATED_TARGETS; i++) {
        seen.append(u.getTargetInfo("fw/app-" + i + ".bin").orElseThrow().length());
      }
      int n = threads.getAndIncrement();
      TargetInfo app = u.getTargetInfo("fw/app-" + n + ".bin").orElseThrow();
      Path dest = u.download(app, tmp.resolve("out-" + n));
      assertEquals("app " + n, Files.readString(dest));
      return seen.toString();
    });
    assertEquals(1, found.stream().distinct().count(), found.toString());
    assertFalse(stalled.isDone(), "the held download cannot have finished");
    assertEquals(1, server.requests().stream().filter(p -> p.endsWith(".fw.json")).count(),
        server.requests().toString());

    gate.release();
    stalled.get();
    assertArrayEquals(bytes("the big one"), out.toByteArray());
  }

  /** What one state of the repository looks like through the public accessors. */
  private record View(long timestamp, long snapshot, long targets, long snapshotInTimestamp,
      long targetsInSnapshot, String v) {}

  private static View view(Updater u) throws Exception {
    Signed<Timestamp> ts = u.trustedTimestamp().orElseThrow();
    Signed<Snapshot> snap = u.trustedSnapshot().orElseThrow();
    Signed<Targets> targets = u.trustedTargets("targets").orElseThrow();
    TargetInfo v = u.getTargetInfo("v.txt").orElseThrow();
    return new View(ts.signed().version(), snap.signed().version(), targets.signed().version(),
        ts.signed().snapshotMeta().version(),
        snap.signed().metaFor("targets").orElseThrow().version(),
        v.hashes().get("sha256"));
  }

  /**
   * For each file of a refresh in turn (new timestamp, snapshot, top-level targets), the
   * refresh is held just before it, with the earlier files already verified; meanwhile every
   * thread still sees the previous refresh's complete state, and afterwards the new one.
   */
  @Test
  void aRefreshHeldAtAnyStepExposesOnlyThePreviousCompleteState_spec5_4_4() throws Exception {
    Updater u = updater();
    u.refresh();
    View before = view(u);
    assertEquals(before.snapshot(), before.snapshotInTimestamp());
    for (String held : List.of("timestamp", "snapshot", "targets")) {
      repo.addTarget("v.txt", bytes("version after " + held));
      repo.publish();
      gate.arm(switch (held) {
        case "timestamp" -> "metadata/timestamp.json";
        case "snapshot" -> "metadata/" + (before.snapshot() + 1) + ".snapshot.json";
        default -> "metadata/" + (before.targets() + 1) + ".targets.json";
      });
      Future<Void> refresh = pool.submit(() -> {
        u.refresh();
        return null;
      });
      gate.awaitArrival();
      for (View seen : onAllThreads(() -> view(u))) {
        assertEquals(before, seen, "held before " + held);
      }
      gate.release();
      refresh.get();
      View after = view(u);
      assertEquals(before.snapshot() + 1, after.snapshot());
      assertEquals(after.snapshot(), after.snapshotInTimestamp());
      assertEquals(after.targets(), after.targetsInSnapshot());
      assertFalse(before.v().equals(after.v()));
      for (View seen : onAllThreads(() -> view(u))) {
        assertEquals(after, seen, "after " + held);
      }
      before = after;
    }
  }

  /**
   * A target found before a refresh is still downloaded and checked against the length and
   * hashes it carries (§5.7), while lookups answer from the new state.
   */
  @Test
  void aTargetFoundBeforeARefreshStillDownloadsVerifiedAgainstItsOwnHashes_spec5_7()
      throws Exception {
    Updater u = updater();
    u.refresh();
    TargetInfo old = u.getTargetInfo("v.txt").orElseThrow();
    repo.addTarget("v.txt", bytes("version 2"));
    repo.publish();
    u.refresh();
    assertFalse(old.hashes().equals(u.getTargetInfo("v.txt").orElseThrow().hashes()));
    // The repository still serves the old consistent-snapshot file under its hash.
    assertEquals("version 1", Files.readString(u.download(old, tmp.resolve("old.txt"))));
    assertEquals("version 2", Files.readString(u.download(
        u.getTargetInfo("v.txt").orElseThrow(), tmp.resolve("new.txt"))));
  }
}
