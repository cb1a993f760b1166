package org.tuf4j.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.internal.LockFile;
import org.tuf4j.internal.TempFiles;

/**
 * A repository in a directory, served as-is by any static web server. Writes go to a temporary
 * file in the target directory, are fsynced, renamed over the final name and the directory is
 * fsynced, so a reader (or a power cut) sees the old file or the new one. Paths are checked to
 * stay inside the root: no empty, {@code .} or {@code ..} segment, no backslash or NUL.
 * {@link #writeNew} creates a file only if its name is free, in one step (a hard link from the
 * written temporary file), and {@link #link} makes hard links the same way, so a target
 * published under several names is stored once. {@link #lock()} locks the file {@value
 * #LOCK_FILE} in the root (never served: servers publish {@code metadata/} and {@code targets/})
 * with an operating-system lock, which a crashed writer's process releases as it ends.
 */
public final class FileSystemStorage implements Storage {
  /** The lock file's name, in the root. */
  public static final String LOCK_FILE = ".tuf4j-lock";

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
   * The local file for a repository path (checked by {@link Storage#requireRepositoryPath} and
   * not to escape the root).
   *
   * @param path a repository path, {@code /}-separated
   * @return the file under {@link #root()}
   */
  public Path resolve(String path) {
    Path p = root.resolve(Storage.requireRepositoryPath(path)).normalize();
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
    writeThenName(path, data, (temp, target) -> Files.move(temp, target,
        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
  }

  @Override
  public void writeNew(String path, byte[] data) throws IOException {
    writeNew(path, new ByteArrayInputStream(data));
  }

  /**
   * Writes the content to a temporary file (fsynced), then gives it the name {@code path} with a
   * hard link, which fails if the name is taken: then the existing file must hold the same bytes.
   * Where the file system has no hard links, the name is checked and then taken by a rename.
   */
  @Override
  public void writeNew(String path, InputStream data) throws IOException {
    writeThenName(path, data, (temp, target) -> createOnce(temp, target, path));
  }

  /** Puts a written, durable temporary file under its final name. */
  @FunctionalInterface
  private interface Naming {
    void name(Path temp, Path target) throws IOException;
  }

  /**
   * Writes {@code data} to a temporary file beside {@code path}'s, fsyncs it, gives it its name
   * with {@code naming} and fsyncs the directory: a reader or a power cut sees the old file or
   * the new one. The temporary file is removed in every case.
   */
  private void writeThenName(String path, InputStream data, Naming naming) throws IOException {
    Path target = resolve(path);
    Path dir = Files.createDirectories(target.getParent());
    Path temp = dir.resolve(".tmp-" + TempFiles.randomName());
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(ch)) {
        data.transferTo(out);
        ch.force(true);
      }
      naming.name(temp, target);
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A hard link at {@code path} to the file at {@code existing}, created only if the name is
   * free (an existing file there must hold the same bytes); a copy where the file system has no
   * hard links (or {@code path} is on another file system than {@code existing}).
   */
  @Override
  public void link(String existing, String path) throws IOException {
    Path source = resolve(existing);
    Path target = resolve(path);
    if (!Files.isRegularFile(source)) {
      throw new NoSuchFileException(existing);
    }
    Path dir = Files.createDirectories(target.getParent());
    try {
      Files.createLink(target, source);
    } catch (FileAlreadyExistsException e) {
      requireSameContent(source, target, path);
      return;
    } catch (UnsupportedOperationException | FileSystemException e) {
      try (InputStream in = Files.newInputStream(source)) {
        writeNew(path, in);
      }
      return;
    }
    syncDirectory(dir);
  }

  /** Gives {@code temp}'s file the name {@code target} unless taken by other content. */
  private static void createOnce(Path temp, Path target, String path) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      requireSameContent(temp, target, path);
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (Files.exists(target)) {
        requireSameContent(temp, target, path);
      } else {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  private static void requireSameContent(Path written, Path existing, String path)
      throws IOException {
    if (Files.mismatch(written, existing) != -1) {
      throw new FileAlreadyExistsException(path, null,
          "holds other content; a file that is written once is never replaced");
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /**
   * Locks {@value #LOCK_FILE} with {@link FileChannel#tryLock()}, and writes into it who holds
   * it (process id, host, since when) for the message a second writer gets.
   */
  @Override
  public Lock lock() throws TufException, IOException {
    Path file = root.resolve(LOCK_FILE);
    Optional<LockFile> held = LockFile.tryAcquire(file);
    if (held.isEmpty()) {
      throw new InvalidRepositoryException(InvalidRepositoryException.Reason.LOCKED,
          "repository " + root + " is locked by " + LockFile.holder(file, "another writer")
              + "; wait for it to publish or save its release, or end it", null);
    }
    return held.get()::close;
  }
}
