package org.tuf4j.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every file-system step the {@link MetadataStore} takes, one primitive per method.
 *
 * <p>Why a seam: the store must keep trusted metadata intact across a power cut at any moment
 * (TUF spec §5 persists metadata "to non-volatile storage" and later loads it as the trusted
 * state). That property depends on the order of writes, file fsyncs, renames and directory
 * fsyncs, which a test can only check by replacing the file system with a model that forgets
 * unsynced state and cutting the power between any two of these calls.
 *
 * <p>Nothing here is durable until the matching sync: data written by {@link #writeNew} survives a
 * power cut only after {@link #syncFile}; a created, renamed or deleted directory entry survives
 * only after {@link #syncDirectory} of its directory.
 */
interface DurableFiles {

  /** Creates {@code dir} and any missing parents; the new entries are made durable. */
  void createDirectories(Path dir) throws IOException;

  /**
   * Creates {@code file}, which must not exist, and writes {@code data} to it (not yet durable).
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
   */
  void writeNew(Path file, byte[] data) throws IOException;

  /** Forces the data of {@code file} to stable storage (fsync). */
  void syncFile(Path file) throws IOException;

  /**
   * Atomically renames {@code source} to {@code target} in the same directory, replacing
   * {@code target} if it exists: a reader sees either the old or the new target, never neither.
   */
  void rename(Path source, Path target) throws IOException;

  /** Forces the entries of {@code dir} (creations, renames, deletions) to stable storage. */
  void syncDirectory(Path dir) throws IOException;

  /** Deletes {@code file} if it exists (not yet durable); returns whether it existed. */
  boolean delete(Path file) throws IOException;

  /**
   * Reads at most {@code limit} bytes from the start of {@code file}; empty when it does not exist.
   * Never reads further, so a huge file costs no more than {@code limit} bytes of memory.
   */
  Optional<byte[]> read(Path file, int limit) throws IOException;

  /** Names of the entries of {@code dir}. */
  List<String> list(Path dir) throws IOException;
}
