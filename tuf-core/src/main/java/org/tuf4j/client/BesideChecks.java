package org.tuf4j.client;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackend;

/**
 * The checks of a fetched snapshot or targets file, spread over two processors: the hash check
 * against what the trusted metadata lists (TUF spec §5.5.2, §5.6.2) and the signature
 * verifications ({@link EarlySignatures}) run on a helper thread while the caller's thread
 * parses the same bytes; the threshold check (§5.5.3, §5.6.3) then counts the signatures of the
 * parsed file. Each of the three takes a comparable share of the time for a large file.
 *
 * <p>The outcome is the sequential one: when the hashes do not match, that failure is thrown,
 * whatever parsing or the threshold check found (its failure is added as suppressed); otherwise
 * the parse's failure, then the threshold check's. Nothing is trusted here: the caller trusts
 * the result only after this returns, so only after every check passed. Parsing or verifying
 * bytes whose hash may not match is no new exposure: the parser takes any input within the
 * length bound, already checked, and a signature check any bytes.
 *
 * <p>The helper is one daemon thread per JVM that ends after a second without work. A task it
 * has not started when the caller is ready for it, because it is busy with another caller's,
 * runs on the caller's thread: no call waits on another's work. Small files, and machines with
 * one processor, stay on the caller's thread in the spec's order.
 */
final class BesideChecks {
  /**
   * Below this the hash check alone stays on the caller's thread. SHA-256 of 256 KiB takes
   * about 0.2 ms in a warm JVM, and 5 to 10 ms in a fresh one, where the JDK's SHA-256 runs as
   * compiled Java until C2 compiles it (never, at {@code -XX:TieredStopAtLevel=1}): the 0.5 MB
   * snapshot of a 4096-bin repository, say.
   */
  static final int BESIDE_FROM = 256 << 10;
  /**
   * From this size the signatures are verified beside the parse. In a warm JVM on the machine
   * of the figures in benchmarks/results, an ed25519 verification takes some 0.15 ms plus 1.5 µs
   * per KiB of SHA-512, the parse some 2 µs per KiB: at 64 KiB each is 0.1 to 0.25 ms, while
   * handing work to the waiting helper and back takes 10 to 50 µs.
   */
  static final int EARLY_SIGNATURES_FROM = 64 << 10;

  private static final ThreadPoolExecutor HELPER = new ThreadPoolExecutor(0, 1, 1,
      TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
        Thread thread = new Thread(task, "tuf4j-beside-checks");
        thread.setDaemon(true);
        return thread;
      });

  private BesideChecks() {}

  /** A check that throws on failure. */
  @FunctionalInterface
  interface Check {
    void run() throws TufException;
  }

  /** The parse, on the caller's thread. */
  @FunctionalInterface
  interface Parse<T> {
    T run() throws TufException;
  }

  /** The threshold check of what was parsed, with the backend to verify signatures with. */
  @FunctionalInterface
  interface Threshold<T> {
    void check(T parsed, CryptoBackend backend) throws TufException;
  }

  /** Whether a second processor is there to take work. */
  static boolean besideIsWorthIt() {
    return Runtime.getRuntime().availableProcessors() > 1;
  }

  /**
   * {@code hashCheck}, {@code parse} and {@code threshold} with the sequential outcome; the hash
   * check beside the parse from {@link #BESIDE_FROM} bytes, and the signatures verified beside
   * it when {@code early} has them.
   */
  static <T> T run(long size, Check hashCheck, Optional<EarlySignatures> early,
      CryptoBackend backend, Parse<T> parse, Threshold<T> threshold) throws TufException {
    if (!besideIsWorthIt() || (early.isEmpty() && size < BESIDE_FROM)) {
      hashCheck.run();
      T parsed = parse.run();
      threshold.check(parsed, backend);
      return parsed;
    }
    Task hashing = new Task(hashCheck);
    Optional<Task> verifying = early.map(e -> new Task(() -> e.verifyAll()));
    HELPER.execute(() -> {
      verifying.ifPresent(Task::runUnlessTaken);
      hashing.runUnlessTaken();
    });
    T parsed = null;
    Throwable workFailure = null;
    try {
      parsed = parse.run();
    } catch (TufException | RuntimeException | Error e) {
      workFailure = e;
    }
    hashing.runUnlessTaken();
    verifying.ifPresent(Task::runUnlessTaken);
    Throwable hashFailure = hashing.await();
    verifying.ifPresent(Task::await); // verifyAll keeps its failures
    if (workFailure == null) {
      try {
        threshold.check(parsed, early.map(EarlySignatures::backend).orElse(backend));
      } catch (TufException | RuntimeException | Error e) {
        workFailure = e;
      }
    }
    if (hashFailure != null) {
      if (workFailure != null) {
        hashFailure.addSuppressed(workFailure);
      }
      throw rethrow(hashFailure);
    }
    if (workFailure != null) {
      throw rethrow(workFailure);
    }
    return parsed;
  }

  /** Work run once, by the helper or the caller, whichever takes it first. */
  private static final class Task {
    private final Check body;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private Throwable failure; // written before done counts down, read after await

    Task(Check body) {
      this.body = body;
    }

    void runUnlessTaken() {
      if (!taken.compareAndSet(false, true)) {
        return;
      }
      try {
        body.run();
      } catch (TufException | RuntimeException | Error e) {
        failure = e;
      } finally {
        done.countDown();
      }
    }

    /**
     * The failure, once the task has run: it runs for a bounded time (one pass over the bytes),
     * so waiting is safe.
     */
    Throwable await() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return failure;
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
