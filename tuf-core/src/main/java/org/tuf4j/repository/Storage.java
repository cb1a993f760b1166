package org.tuf4j.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Optional;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;

/**
 * Where a repository is published (TUF spec "Consistent snapshots", §6.1): paths are relative to
 * the repository root, {@code /}-separated, for example {@code metadata/3.root.json} or
 * {@code targets/fw/9f2c….app.bin}. {@link FileSystemStorage} is the default; an OTA server can
 * publish to an object store by implementing this.
 *
 * <p>Contract: each write is atomic — a reader sees the old content or the new, never a part —
 * and durable once the call returns. The writer relies on this and on the order of its writes
 * (new files first, {@code timestamp.json} last) so that clients never see a half-published
 * repository. A versioned file ({@code N.ROLE.json}) or a hash-named target is written once and
 * never replaced ({@link #writeNew}): two publishers, or a publisher and a retry, must not leave
 * two different files under one name. Only {@code timestamp.json}, {@code root.json} and the
 * names of a repository without consistent snapshots are replaced. One writer at a time holds
 * the repository ({@link #lock()}).
 */
public interface Storage {
  /** A writer's exclusive hold on a repository, released by {@link #close()}. */
  interface Lock extends AutoCloseable {
    /**
     * Releases the hold.
     *
     * @throws IOException when the storage cannot record the release
     */
    @Override
    void close() throws IOException;
  }

  /**
   * Checks that {@code path} is a repository path as every storage takes it: relative, {@code
   * /}-separated, without an empty, {@code .} or {@code ..} segment, a backslash or a NUL, so
   * that it names a file inside the repository whatever stores it (a directory, an object store
   * behind an HTTP server that would resolve dot segments).
   *
   * @param path the path to check
   * @return {@code path}
   * @throws IllegalArgumentException when {@code path} is not such a path
   */
  static String requireRepositoryPath(String path) {
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
    return path;
  }

  /**
   * Takes the repository's writer lock, or fails at once if another writer holds it. A {@link
   * RepositoryEditor} holds it from {@link RepositoryEditor#open} (or create) until its release
   * is published or saved for other signers, so that two publishers never interleave. The
   * default holds nothing: a storage that several processes share must override it (as {@link
   * FileSystemStorage} does), or rely on {@link #writeNew} alone to make the second publisher
   * fail.
   *
   * @return the hold, to close when done
   * @throws TufException when another writer holds the lock ({@link InvalidRepositoryException}
   *     with reason {@link InvalidRepositoryException.Reason#LOCKED}, saying who and since when)
   * @throws IOException when the storage cannot be locked
   */
  default Lock lock() throws TufException, IOException {
    return () -> { };
  }

  /**
   * Creates {@code path} with {@code data}, unless a file is there: then it must already hold
   * exactly {@code data} (a retry of the same write), else the write fails and the file is left
   * as it is. The default checks and then writes, which is enough under {@link #lock()}; a
   * storage that can create a file only if absent in one step should do so.
   *
   * @param path a repository path, {@code /}-separated
   * @param data the content
   * @throws FileAlreadyExistsException when a file with other content is at {@code path}
   * @throws IOException when the storage cannot be read or written
   */
  default void writeNew(String path, byte[] data) throws IOException {
    Optional<byte[]> existing = read(path);
    if (existing.isPresent()) {
      if (!Arrays.equals(existing.get(), data)) {
        throw new FileAlreadyExistsException(path, null, "holds other content");
      }
      return;
    }
    write(path, data);
  }

  /**
   * As {@link #writeNew(String, byte[])} for content read from a stream (a large target). The
   * default reads the stream into memory.
   *
   * @param path a repository path, {@code /}-separated
   * @param data the content, read to its end; not closed
   * @throws FileAlreadyExistsException when a file with other content is at {@code path}
   * @throws IOException when reading {@code data} or the storage fails
   */
  default void writeNew(String path, InputStream data) throws IOException {
    writeNew(path, data.readAllBytes());
  }
  /**
   * The file at {@code path}, or empty if there is none.
   *
   * @param path a repository path, {@code /}-separated, such as {@code metadata/timestamp.json}
   * @return the file's bytes, or empty
   * @throws IOException when the storage cannot be read
   */
  Optional<byte[]> read(String path) throws IOException;

  /**
   * Writes {@code data} at {@code path}, atomically, replacing any previous content.
   *
   * @param path a repository path, {@code /}-separated
   * @param data the new content
   * @throws IOException when the storage cannot be written
   */
  void write(String path, byte[] data) throws IOException;

  /**
   * Streams {@code data} to {@code path}, atomically (for large targets).
   *
   * @param path a repository path, {@code /}-separated
   * @param data the new content, read to its end; not closed
   * @throws IOException when reading {@code data} or writing the storage fails
   */
  void write(String path, InputStream data) throws IOException;

  /**
   * Makes {@code path} a second name for the file at {@code existing}: the same bytes, written
   * once, as by {@link #writeNew}. The writer publishes a consistent-snapshot target
   * listed with several hashes under one name per hash (TUF spec §5.7.3, "Consistent
   * snapshots"), since a client may request any of them. The default copies the file through
   * {@link #read} and {@link #writeNew(String, byte[])}; a storage that can share the bytes (hard
   * links, server-side copies) should override it.
   *
   * @param existing the repository path of a file that exists
   * @param path the second name, a repository path
   * @throws NoSuchFileException if there is no file at {@code existing}
   * @throws FileAlreadyExistsException when another file is at {@code path}
   * @throws IOException when the storage cannot be read or written
   */
  default void link(String existing, String path) throws IOException {
    writeNew(path, read(existing).orElseThrow(() -> new NoSuchFileException(existing)));
  }

  /**
   * Whether a file exists at {@code path}.
   *
   * @param path a repository path, {@code /}-separated
   * @return true when a file exists there
   * @throws IOException when the storage cannot be read
   */
  boolean exists(String path) throws IOException;

  /**
   * Deletes the file at {@code path} if there is one (used for staged releases only).
   *
   * @param path a repository path, {@code /}-separated
   * @throws IOException when the storage cannot be written
   */
  void delete(String path) throws IOException;
}
