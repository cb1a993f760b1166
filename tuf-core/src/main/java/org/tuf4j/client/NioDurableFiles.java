package org.tuf4j.client;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link DurableFiles} over the real file system with {@code java.nio}: file data is forced with
 * {@link FileChannel#force(boolean)}, and directories are forced by opening them as a channel,
 * which on Linux and macOS is an fsync of the directory (without it a rename or deletion can be
 * undone by a power cut even though the file data is safe).
 *
 * <p>Windows cannot open a directory as a channel and has no directory fsync in Java; NTFS journals
 * its metadata, so directory syncs are skipped there and only there.
 */
final class NioDurableFiles implements DurableFiles {

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  @Override
  public void createDirectories(Path dir) throws IOException {
    // Find which ancestors are missing so their parents can be synced once they exist.
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.push(p);
    }
    Files.createDirectories(dir);
    for (Path created : missing) {
      Path parent = created.getParent();
      if (parent != null) {
        syncDirectory(parent);
      }
    }
  }

  @Override
  public void writeNew(Path file, byte[] data) throws IOException {
    try (FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  @Override
  public void syncFile(Path file) throws IOException {
    // WRITE rather than READ: Windows refuses to flush a handle opened read-only.
    try (FileChannel channel = FileChannel.open(file, WRITE)) {
      channel.force(true);
    }
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    Files.move(source, target, ATOMIC_MOVE, REPLACE_EXISTING);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    if (WINDOWS || dir.getFileSystem() != FileSystems.getDefault()) {
      // Only the platform's file system has a directory fsync (in-memory ones need none).
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, READ)) {
      channel.force(true);
    }
  }

  @Override
  public boolean delete(Path file) throws IOException {
    return Files.deleteIfExists(file);
  }

  @Override
  public Optional<byte[]> read(Path file, int limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      // readNBytes grows its buffer as data arrives, so a large limit costs nothing up front.
      return Optional.of(in.readNBytes(limit));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    }
    return names;
  }
}
