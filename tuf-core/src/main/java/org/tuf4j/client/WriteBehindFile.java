package org.tuf4j.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes a downloaded target to its temporary file and has the operating system write it back to
 * the disk while the download goes on: every {@link #FLUSH_EVERY} bytes a helper thread forces
 * what is written so far, so the fsync that must end the download (the file is renamed into
 * place only once durable, TUF spec §5.7.3) finds little left to do instead of the whole file.
 * At most one such flush runs at a time; the caller's thread never waits for one until {@link
 * #forceAll()}.
 */
final class WriteBehindFile extends OutputStream {
  static final long FLUSH_EVERY = 8L << 20;

  private final FileChannel channel;
  private long unflushed;
  private Thread flusher;
  private volatile IOException flushFailure;

  WriteBehindFile(FileChannel channel) {
    this.channel = channel;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    unflushed += len;
    if (unflushed >= FLUSH_EVERY && (flusher == null || !flusher.isAlive())) {
      unflushed = 0;
      flusher = new Thread(this::flushQuietly, "tuf4j-write-behind");
      flusher.setDaemon(true);
      flusher.start();
    }
  }

  private void flushQuietly() {
    try {
      channel.force(false);
    } catch (IOException e) {
      flushFailure = e; // reported by forceAll; a closed channel after a failure is not
    }
  }

  /** Waits for a flush in progress, then makes the whole file and its metadata durable. */
  void forceAll() throws IOException {
    if (flusher != null) {
      try {
        flusher.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while flushing a download");
      }
    }
    if (flushFailure != null) {
      throw flushFailure;
    }
    channel.force(true);
  }
}
