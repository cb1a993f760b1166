package org.tuf4j.client;

import org.tuf4j.TufException;

/**
 * Runs the hash check of a fetched metadata file against what the trusted metadata lists (TUF
 * spec §5.5.2 for the snapshot, §5.6.2 for targets roles) on a thread of its own while the
 * caller's thread parses and verifies the same bytes (§5.5.3, §5.6.3): the two are independent,
 * and for a large file each takes a comparable share of the time.
 * The outcome is the sequential one: when the hashes do not match, that failure is thrown,
 * whatever parsing or verifying found (its failure is added as suppressed); otherwise the work's
 * own result or failure. Nothing is trusted here: the caller trusts the result only after this
 * returns, so only after every check passed. Parsing bytes whose hash may not match is no new
 * exposure: the parser takes any input within the length bound, already checked.
 *
 * <p>Small files, and machines with one processor, stay on the caller's thread in the spec's
 * order. The thread is a daemon that ends with the check: nothing outlives a call.
 */
final class BesideHashCheck {
  /**
   * Below this a second thread costs more than the hash it would take off the caller. Starting
   * one costs some 0.1 ms; SHA-256 of 256 KiB takes about 0.2 ms in a warm JVM, and 5 to 10 ms
   * in a fresh one, where the JDK's SHA-256 runs as compiled Java until C2 compiles it (never, at
   * {@code -XX:TieredStopAtLevel=1}): the 0.5 MB snapshot of a 4096-bin repository, say.
   */
  static final int BESIDE_FROM = 256 << 10;

  private BesideHashCheck() {}

  /** A check that throws on failure. */
  @FunctionalInterface
  interface Check {
    void run() throws TufException;
  }

  /** Work on the caller's thread. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws TufException;
  }

  /**
   * {@code hashCheck}, then {@code work}; beside each other when {@code size} reaches {@link
   * #BESIDE_FROM} and another processor is available.
   */
  static <T> T run(long size, Check hashCheck, Work<T> work) throws TufException {
    if (size < BESIDE_FROM || Runtime.getRuntime().availableProcessors() < 2) {
      hashCheck.run();
      return work.run();
    }
    Throwable[] hashFailure = new Throwable[1];
    Thread hashing = new Thread(() -> {
      try {
        hashCheck.run();
      } catch (TufException | RuntimeException | Error e) {
        hashFailure[0] = e; // read after join, which orders it before the read
      }
    }, "tuf4j-hash-metadata");
    hashing.setDaemon(true);
    hashing.start();
    T result = null;
    Throwable workFailure = null;
    try {
      result = work.run();
    } catch (TufException | RuntimeException | Error e) {
      workFailure = e;
    }
    awaitUninterruptibly(hashing);
    if (hashFailure[0] != null) {
      if (workFailure != null) {
        hashFailure[0].addSuppressed(workFailure);
      }
      throw rethrow(hashFailure[0]);
    }
    if (workFailure != null) {
      throw rethrow(workFailure);
    }
    return result;
  }

  /** The check runs for a bounded time (one pass over the bytes), so waiting is safe. */
  private static void awaitUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static TufException rethrow(Throwable t) {
    if (t instanceof TufException e) {
      return e;
    } else if (t instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) t;
  }
}
