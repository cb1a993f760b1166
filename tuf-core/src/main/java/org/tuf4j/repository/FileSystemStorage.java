package org.tuf4j.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * A repository in a directory, served as-is by any static web server. Writes go to a temporary
 * file in the target directory, are fsynced, renamed over the final name and the directory is
 * fsynced, so a reader (or a power cut) sees the old file or the new one. Paths are checked to
 * stay inside the root: no empty, {@code .} or {@code ..} segment, no backslash or NUL.
 * {@link #link} makes hard links, so a target published under several names is stored once.
 */
public final class FileSystemStorage implements Storage {
  private final Path root;

  private FileSystemStorage(Path root) {
    this.root = root;
  }

  /**
   * Storage rooted at {@code dir}, created if missing.
   *
   * @param dir the repository's top directory ({@code metadata/} and {@code targets/} go below it)
   * @return the storage
   * @throws IOException when the directory cannot be created
   */
  public static FileSystemStorage open(Path dir) throws IOException {
    return new FileSystemStorage(Files.createDirectories(dir).toAbsolutePath().normalize());
  }

  /** {@return the directory this storage is rooted at} */
  public Path root() {
    return root;
  }

  /**
   * The local file for a repository path (checked not to escape the root).
   *
   * @param path a repository path, {@code /}-separated
   * @return the file under {@link #root()}
   */
  public Path resolve(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0
        || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a relative repository path: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("repository path has an empty, . or .. segment: "
            + path);
      }
    }
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new IllegalArgumentException("repository path escapes the root: " + path);
    }
    return p;
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(resolve(path)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean exists(String path) {
    return Files.isRegularFile(resolve(path));
  }

  @Override
  public void delete(String path) throws IOException {
    Files.deleteIfExists(resolve(path));
  }

  @Override
  public void write(String path, byte[] data) throws IOException {
    write(path, new ByteArrayInputStream(data));
  }

  @Override
  public void write(String path, InputStream data) throws IOException {
    Path target = resolve(path);
    Path dir = Files.createDirectories(target.getParent());
    Path temp = dir.resolve(".tmp-" + UUID.randomUUID());
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(ch)) {
        data.transferTo(out);
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A hard link at {@code path} to the file at {@code existing}, put in place by an atomic rename
   * like any write; a copy where the file system has no hard links (or {@code path} is on another
   * file system than {@code existing}).
   */
  @Override
  public void link(String existing, String path) throws IOException {
    Path source = resolve(existing);
    Path target = resolve(path);
    if (!Files.isRegularFile(source)) {
      throw new NoSuchFileException(existing);
    }
    Path dir = Files.createDirectories(target.getParent());
    Path temp = dir.resolve(".tmp-" + UUID.randomUUID());
    try {
      try {
        Files.createLink(temp, source);
      } catch (UnsupportedOperationException | FileSystemException e) {
        try (InputStream in = Files.newInputStream(source)) {
          write(path, in);
        }
        return;
      }
      // Renaming a link over another link to the same file does nothing (rename(2)); the
      // temporary name is removed below either way.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
