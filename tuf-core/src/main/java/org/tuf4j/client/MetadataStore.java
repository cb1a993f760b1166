package org.tuf4j.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.tuf4j.TooLargeException;
import org.tuf4j.internal.TempFiles;

/**
 * The client's local copy of trusted metadata: one directory holding one file per role.
 *
 * <p>Why it exists: the TUF client workflow (spec §5) loads its trusted metadata from local storage
 * at start and, after verifying each new file, must "persist ... to non-volatile storage" — root
 * (§5.3.8), timestamp (§5.4.5), snapshot (§5.5.7) and targets and delegated targets (§5.6.5). What
 * is stored there is what the next run trusts and uses for rollback checks, so a crash must never
 * leave a file empty, truncated or half old and half new, and a write that returned must survive a
 * power cut. Each {@link #write} therefore writes a temporary file, fsyncs it, renames it over the
 * final name and fsyncs the directory; {@link #open} removes temporary files left by a crash.
 *
 * <p>File names are checked to be a single plain name in the directory. Callers derive names from
 * role names found in untrusted metadata and must pass them through {@link StoreNames} first; the
 * check here is a second line of defence against path traversal.
 *
 * <p>Single reads and writes may run concurrently (temporary names are random, renames atomic):
 * delegated roles are persisted by lookups while a refresh writes. What must not interleave, two
 * refreshes, {@link Updater} serialises, across processes with the directory's lock ({@link
 * MetadataDirectoryLock}).
 */
final class MetadataStore {

  /** Longest file name, in UTF-8 bytes, that common file systems accept. */
  static final int MAX_NAME_BYTES = 255;

  /** Prefix of temporary files; valid store names never start with '.', so they cannot clash. */
  static final String TEMP_PREFIX = ".tmp-";

  // Largest array the JVM reliably allocates, less one for the byte that detects "too large".
  private static final int MAX_READ = Integer.MAX_VALUE - 9;

  private final Path dir;
  private final DurableFiles files;

  private MetadataStore(Path dir, DurableFiles files) {
    this.dir = dir;
    this.files = files;
  }

  /** Opens the store in {@code dir} on the real file system, creating the directory if missing. */
  static MetadataStore open(Path dir) throws IOException {
    return open(dir, new NioDurableFiles());
  }

  /**
   * Opens the store in {@code dir} through {@code files}, creating the directory if missing and
   * deleting temporary files an interrupted {@link #write} left behind.
   */
  static MetadataStore open(Path dir, DurableFiles files) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(files, "files");
    files.createDirectories(dir);
    boolean removed = false;
    for (String name : files.list(dir)) {
      if (name.startsWith(TEMP_PREFIX)) {
        removed |= files.delete(dir.resolve(name));
      }
    }
    if (removed) {
      // Not needed for safety (open deletes them again), but keeps them from coming back.
      files.syncDirectory(dir);
    }
    return new MetadataStore(dir, files);
  }

  /** The directory holding the files. */
  Path directory() {
    return dir;
  }

  /**
   * Reads {@code fileName}, or returns empty when it does not exist. Never reads more than
   * {@code maxBytes + 1} bytes, so a corrupted or planted huge file cannot exhaust memory.
   *
   * @throws TooLargeException if the file is larger than {@code maxBytes}
   * @throws IllegalArgumentException if {@code fileName} is not a valid store name or
   *     {@code maxBytes} is negative
   */
  Optional<byte[]> read(String fileName, long maxBytes) throws IOException, TooLargeException {
    checkName(fileName);
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    int cap = (int) Math.min(maxBytes, MAX_READ);
    Optional<byte[]> data = files.read(dir.resolve(fileName), cap + 1);
    if (data.isPresent() && data.get().length > cap) {
      throw new TooLargeException("stored file " + fileName, cap);
    }
    return data;
  }

  /**
   * Deletes, durably, every file whose name {@code keep} rejects: files a store of an earlier
   * naming scheme holds under names this one never reads. Temporary files and the directory's
   * lock file ({@value MetadataDirectoryLock#LOCK_FILE}, which must never be deleted while
   * another process may hold it) are kept.
   *
   * @return the names deleted
   */
  List<String> retainOnly(Predicate<String> keep) throws IOException {
    List<String> dropped = new ArrayList<>();
    for (String name : files.list(dir)) {
      if (!name.startsWith(TEMP_PREFIX) && !name.equals(MetadataDirectoryLock.LOCK_FILE)
          && !keep.test(name) && files.delete(dir.resolve(name))) {
        dropped.add(name);
      }
    }
    if (!dropped.isEmpty()) {
      files.syncDirectory(dir);
    }
    return dropped;
  }

  /** Whether {@code fileName} exists in the store. */
  boolean contains(String fileName) throws IOException {
    checkName(fileName);
    return files.list(dir).contains(fileName);
  }

  /**
   * Replaces {@code fileName} with {@code data} atomically and durably: after a crash at any point
   * the file holds either its previous content (or is absent, if it was) or exactly {@code data},
   * and once this method returns the new content survives a power cut.
   *
   * @throws IllegalArgumentException if {@code fileName} is not a valid store name
   */
  void write(String fileName, byte[] data) throws IOException {
    checkName(fileName);
    Objects.requireNonNull(data, "data");
    Path target = dir.resolve(fileName);
    // Random so that a temp file left by a crash never collides with a later write's.
    Path temp = dir.resolve(TEMP_PREFIX + TempFiles.randomName());
    boolean renamed = false;
    try {
      files.writeNew(temp, data);
      // The data must be on disk before the rename can make it visible under the final name.
      files.syncFile(temp);
      files.rename(temp, target);
      renamed = true;
      // Until the directory is synced a power cut can undo the rename.
      files.syncDirectory(dir);
    } catch (Throwable t) {
      if (!renamed) {
        deleteQuietly(temp, t);
      }
      throw t;
    }
  }

  /**
   * Deletes {@code fileName} durably; nothing happens if it does not exist.
   *
   * @throws IllegalArgumentException if {@code fileName} is not a valid store name
   */
  void delete(String fileName) throws IOException {
    checkName(fileName);
    if (files.delete(dir.resolve(fileName))) {
      // A deletion that a power cut can undo would bring back metadata the caller dropped.
      files.syncDirectory(dir);
    }
  }

  /**
   * Rejects anything but a single plain file name: empty, containing '/', '\\' or NUL, starting
   * with '.' (which also rules out "." and ".." and temporary files), containing an unpaired
   * surrogate, or longer than {@value #MAX_NAME_BYTES} UTF-8 bytes.
   */
  static void checkName(String fileName) {
    Objects.requireNonNull(fileName, "fileName");
    if (fileName.isEmpty()) {
      throw new IllegalArgumentException("file name must not be empty");
    }
    if (fileName.charAt(0) == '.') {
      throw new IllegalArgumentException("file name must not start with '.': " + fileName);
    }
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      if (c == '/' || c == '\\' || c == '\0') {
        throw new IllegalArgumentException("file name must be a single plain name: " + fileName);
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < fileName.length()
            && Character.isLowSurrogate(fileName.charAt(i + 1));
        if (!paired) {
          throw new IllegalArgumentException("file name has an unpaired surrogate");
        }
        i++;
      }
    }
    if (fileName.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "file name is longer than " + MAX_NAME_BYTES + " bytes: " + fileName);
    }
  }

  private void deleteQuietly(Path temp, Throwable failure) {
    try {
      files.delete(temp);
    } catch (Throwable e) {
      failure.addSuppressed(e);
    }
  }
}
