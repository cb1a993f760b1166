package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Two processes never interleave a refresh of one metadata directory (python-tuf #2836): a
 * second JVM ({@link RefreshingClientMain}) holds the directory's lock in the middle of its
 * refresh, and this one's refresh fails at once naming the holder, or waits for it, as the
 * {@link LockPolicy} says. The child is released by a line on its standard input, never by time;
 * the {@link Timeout} only keeps a regression from hanging the build.
 */
@Timeout(180)
class MetadataDirectoryLockTest {
  @TempDir Path tmp;
  private Path metadataDir;
  private Path repoDir;
  private Path rootFile;
  private final List<URI> fetched = new CopyOnWriteArrayList<>();
  private Process child;
  private BufferedReader childOut;
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() throws IOException {
    RepositorySimulator repo = RepositorySimulator.builder().clock(Clock.systemUTC()).build();
    repo.addTarget("a.txt", "a".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    repoDir = tmp.resolve("repo");
    for (Map.Entry<String, byte[]> f : repo.files().entrySet()) {
      Path p = repoDir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    rootFile = Files.write(tmp.resolve("root.json"), repo.trustedRootBytes());
    metadataDir = tmp.resolve("metadata");
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    if (child != null) {
      child.destroyForcibly().waitFor();
    }
  }

  private Updater updater(LockPolicy policy) throws IOException {
    FileFetcher files = FileFetcher.create();
    return Updater.builder()
        .metadataDir(metadataDir)
        .metadataBaseUrl(repoDir.resolve("metadata").toUri())
        .trustedRoot(Files.readAllBytes(rootFile))
        .fetcher((uri, max) -> {
          fetched.add(uri);
          return files.fetch(uri, max);
        })
        .config(UpdaterConfig.builder().lockPolicy(policy).build())
        .build();
  }

  /** Starts the other JVM and returns once it holds the lock in the middle of its refresh. */
  private void startChildHoldingTheLock() throws IOException {
    child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        RefreshingClientMain.class.getName(), metadataDir.toString(), repoDir.toString(),
        rootFile.toString())
        .redirectError(tmp.resolve("child.err").toFile()).start();
    childOut = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8));
    assertEquals("holding", childOut.readLine(), this::childErrors);
  }

  /** Lets the other JVM finish its refresh, and checks that it did. */
  private void releaseChild() throws Exception {
    Writer in = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
    in.write("go\n");
    in.flush();
    assertEquals("refreshed", childOut.readLine(), this::childErrors);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), childErrors());
  }

  private String childErrors() {
    try {
      return Files.readString(tmp.resolve("child.err"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void aSecondProcessFailsAtOnceNamingTheHolder_whenThePolicyIsFail() throws Exception {
    Updater u = updater(LockPolicy.fail());
    startChildHoldingTheLock();

    MetadataDirectoryLockedException e = assertThrows(MetadataDirectoryLockedException.class,
        u::refresh);
    assertTrue(e.getMessage().contains("is locked by pid " + child.pid() + " on "),
        e.getMessage());
    assertTrue(e.getMessage().contains(metadataDir.toString()), e.getMessage());
    assertEquals(metadataDir, e.directory());
    assertEquals(List.of(), fetched, "a refused refresh fetches nothing");

    releaseChild();
    u.refresh();
    assertTrue(u.getTargetInfo("a.txt").isPresent());
  }

  @Test
  void aSecondProcessWaitsForTheFirstRefreshToEnd_whenThePolicyIsWait() throws Exception {
    Updater u = updater(LockPolicy.waitAtMost(Duration.ofMinutes(10)));
    startChildHoldingTheLock();

    Future<Boolean> refresh = pool.submit(() -> {
      u.refresh();
      return u.getTargetInfo("a.txt").isPresent();
    });
    Thread waiting = waitingThread();
    while (Arrays.stream(waiting.getStackTrace()).noneMatch(
        f -> f.getClassName().equals(MetadataDirectoryLock.class.getName()))) {
      Thread.onSpinWait(); // until the refresh is waiting for the lock (it cannot get past it)
    }
    assertEquals(List.of(), fetched, "nothing is fetched before the lock is held");
    assertFalse(refresh.isDone());

    releaseChild();
    assertTrue(refresh.get());
    assertFalse(fetched.isEmpty());
  }

  @Test
  void theLockIsReleasedAfterEachRefreshAndKeptThroughRecovery() throws Exception {
    Updater first = updater(LockPolicy.fail());
    Updater second = updater(LockPolicy.fail());
    first.refresh();
    second.refresh();
    first.recoverFromBootstrapRoot();
    second.refresh();
    assertTrue(Files.exists(metadataDir.resolve(".tuf4j-lock")));
    assertEquals(0, Files.size(metadataDir.resolve(".tuf4j-lock")), "empty when not held");
  }

  /** The pool's one thread, found by name once it runs. */
  private static Thread waitingThread() {
    while (true) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith("pool-") && Arrays.stream(t.getStackTrace()).anyMatch(
            f -> f.getClassName().equals(Updater.class.getName()))) {
          return t;
        }
      }
      Thread.onSpinWait();
    }
  }
}
