package org.tuf4j.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies a target while hashing it (TUF spec §5.7.3: the length and every listed hash), reading
 * at most a bound of bytes. For a large target each digest runs on its own thread while the
 * caller's thread reads and writes, so a download costs about as long as its slowest part instead
 * of the sum of all of them — reading, writing, SHA-256 and SHA-512 of 100 MB each take a
 * comparable time. The caller's thread never hashes in that mode; the digests see every byte in
 * order, exactly as the sequential mode does.
 */
final class StreamHashing {
  /** Below this, threads cost more than they save. */
  static final long PARALLEL_THRESHOLD = 1 << 20;
  private static final int CHUNK = 256 * 1024;
  private static final int CHUNKS_IN_FLIGHT = 16;

  private StreamHashing() {}

  /**
   * Reads {@code in} until its end or until {@code limit} bytes, writing each byte to {@code out}
   * (when not null) and updating every digest; in parallel when {@code limit} reaches {@link
   * #PARALLEL_THRESHOLD}.
   *
   * @return the number of bytes read (at most {@code limit})
   */
  static long copy(InputStream in, OutputStream out, long limit, List<MessageDigest> digests)
      throws IOException {
    if (limit < PARALLEL_THRESHOLD || digests.isEmpty()) {
      return copySequentially(in, out, limit, digests);
    }
    List<Worker> workers = new ArrayList<>(digests.size());
    try {
      for (MessageDigest md : digests) {
        Worker w = new Worker(md);
        workers.add(w);
        w.start();
      }
      long total = 0;
      while (total < limit) {
        byte[] chunk = new byte[(int) Math.min(CHUNK, limit - total)];
        int n = readFully(in, chunk);
        if (n > 0) {
          total += n;
          for (Worker w : workers) {
            w.hand(chunk, n); // chunks are never written to again: workers may share them
          }
          if (out != null) {
            out.write(chunk, 0, n);
          }
        }
        if (n < chunk.length) {
          break;
        }
      }
      for (Worker w : workers) {
        w.hand(null, 0);
      }
      for (Worker w : workers) {
        w.awaitDone();
      }
      return total;
    } finally {
      for (Worker w : workers) {
        w.interrupt(); // no-op once done; stops a worker left waiting after a failure
      }
    }
  }

  private static long copySequentially(InputStream in, OutputStream out, long limit,
      List<MessageDigest> digests) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int n;
    while (total < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0) {
      total += n;
      for (MessageDigest md : digests) {
        md.update(buf, 0, n);
      }
      if (out != null) {
        out.write(buf, 0, n);
      }
    }
    return total;
  }

  private static int readFully(InputStream in, byte[] chunk) throws IOException {
    int filled = 0;
    int n;
    while (filled < chunk.length && (n = in.read(chunk, filled, chunk.length - filled)) > 0) {
      filled += n;
    }
    return filled;
  }

  /** Updates one digest with the chunks handed to it, in order, until the end marker. */
  private static final class Worker extends Thread {
    private record Chunk(byte[] bytes, int length) {}

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final MessageDigest digest;
    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);

    Worker(MessageDigest digest) {
      super("tuf4j-hash-" + digest.getAlgorithm());
      this.digest = digest;
      setDaemon(true);
    }

    /** Hands over one chunk ({@code null}: the end). Blocks while the worker is behind. */
    void hand(byte[] chunk, int length) throws InterruptedIOException {
      try {
        chunks.put(chunk == null ? END : new Chunk(chunk, length));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while hashing");
      }
    }

    /** Waits for the end marker to be processed; the digest is complete afterwards. */
    void awaitDone() throws InterruptedIOException {
      try {
        join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while hashing");
      }
    }

    @Override
    public void run() {
      try {
        for (Chunk c = chunks.take(); c != END; c = chunks.take()) {
          digest.update(c.bytes(), 0, c.length());
        }
      } catch (InterruptedException stopped) {
        // the copy failed or was abandoned; the digest is never read
      }
    }
  }
}
