package org.tuf4j.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A lock file held with an operating-system lock ({@link FileChannel#tryLock()}), shared by the
 * repository writer ({@code FileSystemStorage.lock()}) and the client's metadata directory lock.
 * The holder writes who it is into the file ({@code pid 1234 on host since
 * 2030-01-01T00:00:00Z}) so that a process refused the lock can say who holds it. The operating
 * system releases the lock when the holding process ends, crashed or not, so a stale file
 * never blocks anyone; its content is only a description.
 *
 * <p>A second attempt from the same JVM while the lock is held (another channel, {@link
 * OverlappingFileLockException}) is refused like one from another process.
 */
public final class LockFile implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code file} (created if missing) if nobody holds it, and writes this
   * process's description into it.
   *
   * @param file the lock file
   * @return the held lock, or empty when another process (or another channel in this JVM) holds
   *     it
   * @throws IOException when the file cannot be created, opened, locked or written
   */
  public static Optional<LockFile> tryAcquire(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock held;
    try {
      held = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null; // this JVM holds it already, through another channel
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (held == null) {
      channel.close();
      return Optional.empty();
    }
    try {
      String me = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since "
          + Dates.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
      channel.truncate(0);
      // Not forced to disk: the holder's name only explains a refusal, and the lock itself
      // lives in the kernel, not in the file's bytes.
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException | RuntimeException e) {
      channel.close(); // releases the lock
      throw e;
    }
    return Optional.of(new LockFile(channel, held));
  }

  /**
   * Who holds the lock on {@code file}, as its holder wrote it, for a refusal message.
   *
   * @param file the lock file
   * @param unknown what to say when the file names nobody (the holder has not written yet)
   * @return for example {@code pid 1234 on host since 2030-01-01T00:00:00Z}, else {@code unknown}
   * @throws IOException when the file cannot be read
   */
  public static String holder(Path file, String unknown) throws IOException {
    String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
    return holder.isEmpty() ? unknown : holder;
  }

  /**
   * Empties the file and releases the lock.
   *
   * @throws IOException when the file cannot be written or closed
   */
  @Override
  public void close() throws IOException {
    try {
      channel.truncate(0);
      lock.release();
    } finally {
      channel.close();
    }
  }

  /**
   * This host's name: Linux's kernel host name when readable (a file read, where {@link
   * InetAddress#getLocalHost} would load the resolver and the time formatter of its cache), else
   * the resolver's.
   */
  private static String hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        String name = Files.readString(kernel, StandardCharsets.US_ASCII).strip();
        if (!name.isEmpty()) {
          return name;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return "this host";
    }
  }
}
