package org.tuf4j.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * Where a repository is published (TUF spec "Consistent snapshots", §6.1): paths are relative to
 * the repository root, {@code /}-separated, for example {@code metadata/3.root.json} or
 * {@code targets/fw/9f2c….app.bin}. {@link FileSystemStorage} is the default; an OTA server can
 * publish to an object store by implementing this.
 *
 * <p>Contract: each write is atomic — a reader sees the old content or the new, never a part —
 * and durable once the call returns. The writer relies on this and on the order of its writes
 * (new files first, {@code timestamp.json} last) so that clients never see a half-published
 * repository.
 */
public interface Storage {
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
   * atomically, replacing any previous content. The writer publishes a consistent-snapshot target
   * listed with several hashes under one name per hash (TUF spec §5.7.3, "Consistent
   * snapshots"), since a client may request any of them. The default copies the file through
   * {@link #read} and {@link #write(String, byte[])}; a storage that can share the bytes (hard
   * links, server-side copies) should override it.
   *
   * @param existing the repository path of a file that exists
   * @param path the second name, a repository path
   * @throws NoSuchFileException if there is no file at {@code existing}
   * @throws IOException when the storage cannot be read or written
   */
  default void link(String existing, String path) throws IOException {
    write(path, read(existing).orElseThrow(() -> new NoSuchFileException(existing)));
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
