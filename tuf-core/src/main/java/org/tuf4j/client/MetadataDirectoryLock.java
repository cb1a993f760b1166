package org.tuf4j.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tuf4j.internal.LockFile;

/**
 * The lock that keeps two processes from interleaving a refresh of one metadata directory
 * (python-tuf #2836: two interleaved refreshes can each persist a file the other's chain does
 * not lead to). It is the operating-system lock on the file {@value #LOCK_FILE} in the
 * directory, taken with {@link java.nio.channels.FileChannel#tryLock()} as the repository
 * writer takes its own (the shared {@link LockFile}), so a crashed holder's lock goes with its
 * process. The file names its holder for the message a refused process gets.
 *
 * <p>Waiting polls {@code tryLock} with a growing pause (10 ms up to 250 ms) until the {@link
 * LockPolicy}'s bound: {@link java.nio.channels.FileChannel#lock()} would block without a bound
 * and without answering an interrupt. Within one process, {@link Updater} serialises its own
 * refreshes before taking this lock; two updaters of one process on one directory exclude each
 * other here too.
 */
final class MetadataDirectoryLock {
  /** The lock file's name, in the metadata directory; never a metadata file name. */
  static final String LOCK_FILE = ".tuf4j-lock";

  private static final long FIRST_PAUSE_MILLIS = 10;
  private static final long LONGEST_PAUSE_MILLIS = 250;

  private final Path directory;
  private final LockPolicy policy;

  MetadataDirectoryLock(Path directory, LockPolicy policy) {
    this.directory = directory;
    this.policy = policy;
  }

  /**
   * Takes the lock, waiting as the policy allows.
   *
   * @return the held lock, released by closing it
   * @throws MetadataDirectoryLockedException when another process still holds it after the wait
   * @throws InterruptedIOException when the thread is interrupted while waiting
   * @throws IOException when the lock file cannot be created or locked
   */
  LockFile acquire() throws IOException {
    Path file = directory.resolve(LOCK_FILE);
    long deadline = System.nanoTime() + policy.maxWait().toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      Optional<LockFile> held = LockFile.tryAcquire(file);
      if (held.isPresent()) {
        return held.get();
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new MetadataDirectoryLockedException(directory,
            LockFile.holder(file, "another process"));
      }
      try {
        Thread.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for the lock on " + directory);
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
    }
  }
}
