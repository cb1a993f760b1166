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
  /** The file at {@code path}, or empty if there is none. */
  Optional<byte[]> read(String path) throws IOException;

  /** Writes {@code data} at {@code path}, atomically, replacing any previous content. */
  void write(String path, byte[] data) throws IOException;

  /** Streams {@code data} to {@code path}, atomically (for large targets). */
  void write(String path, InputStream data) throws IOException;

  /**
   * Makes {@code path} a second name for the file at {@code existing}: the same bytes, written
   * atomically, replacing any previous content. The writer publishes a consistent-snapshot target
   * listed with several hashes under one name per hash (TUF spec §5.7.3, "Consistent
   * snapshots"), since a client may request any of them. The default copies the file through
   * {@link #read} and {@link #write(String, byte[])}; a storage that can share the bytes (hard
   * links, server-side copies) should override it.
   *
   * @throws NoSuchFileException if there is no file at {@code existing}
   */
  default void link(String existing, String path) throws IOException {
    write(path, read(existing).orElseThrow(() -> new NoSuchFileException(existing)));
  }

  /** Whether a file exists at {@code path}. */
  boolean exists(String path) throws IOException;

  /** Deletes the file at {@code path} if there is one (used for staged releases only). */
  void delete(String path) throws IOException;
}
