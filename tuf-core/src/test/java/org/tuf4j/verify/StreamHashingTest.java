package org.tuf4j.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Target hashing while copying (TUF spec §5.7.3): the threaded mode for large targets computes
 * exactly what one thread computes, reads no more than asked, and leaves no thread behind.
 */
class StreamHashingTest {

  private static List<MessageDigest> digests() throws Exception {
    return List.of(MessageDigest.getInstance("SHA-256"), MessageDigest.getInstance("SHA-512"));
  }

  /** Hands out at most {@code step} bytes per read, like a slow network. */
  private static InputStream trickle(byte[] data, int step) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  @Test
  void threadedAndSequentialHashingAgreeOnEverySize() throws Exception {
    Random random = new Random(1);
    for (int size : new int[] {0, 1, 255 * 1024, (1 << 20) - 1, 1 << 20, (1 << 20) + 1,
        3 * (1 << 20) + 12345}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      for (int step : new int[] {1 << 20, 4093}) {
        List<MessageDigest> expected = digests();
        for (MessageDigest md : expected) {
          md.update(data);
        }
        List<MessageDigest> actual = digests();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        long n = StreamHashing.copy(trickle(data, step), copy, size + 1L, actual);
        assertEquals(size, n);
        assertArrayEquals(data, copy.toByteArray());
        for (int i = 0; i < expected.size(); i++) {
          assertArrayEquals(expected.get(i).digest(), actual.get(i).digest(), size + "/" + step);
        }
      }
    }
  }

  @Test
  void neverReadsBeyondTheLimit_endlessData() throws Exception {
    byte[] data = new byte[5 << 20];
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    long n = StreamHashing.copy(in, null, (2 << 20) + 1, digests());
    assertEquals((2 << 20) + 1, n);
    assertEquals(data.length - n, in.available());
  }

  @Test
  void aFailingSourceFailsTheCopyAndStopsTheWorkers() throws Exception {
    InputStream failing = new InputStream() {
      private int left = 3 << 20;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          throw new IOException("connection reset");
        }
        int n = Math.min(len, left);
        left -= n;
        return n;
      }
    };
    IOException e = assertThrows(IOException.class,
        () -> StreamHashing.copy(failing, null, 10 << 20, digests()));
    assertEquals("connection reset", e.getMessage());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (hashThreadsAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(hashThreadsAlive(), "worker threads left running");
  }

  private static boolean hashThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("tuf4j-hash-") && t.isAlive());
  }
}
