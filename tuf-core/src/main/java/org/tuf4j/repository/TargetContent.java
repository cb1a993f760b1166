package org.tuf4j.repository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;

/**
 * The content of a target a release writes (TUF spec §3 target files; with consistent
 * snapshots one name per listed hash, §6.2.1): bytes held in memory, a local file, or a copy a
 * {@link Release#save() saved} release keeps under {@code staged/} in the repository's storage.
 */
sealed interface TargetContent {

  /**
   * Opens the content for reading.
   *
   * @param storage the repository's storage, where a saved copy lives
   * @param target the target path, for messages
   */
  InputStream open(Storage storage, String target) throws TufException, IOException;

  /**
   * Writes a copy to {@code path} in {@code storage}, for a saved release (nothing when it is
   * that copy already).
   */
  void copyTo(Storage storage, String path) throws IOException;

  /** Content held in memory; the array is never changed. */
  record InMemory(byte[] bytes) implements TargetContent {
    @Override
    public InputStream open(Storage storage, String target) {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public void copyTo(Storage storage, String path) throws IOException {
      storage.write(path, bytes);
    }
  }

  /** Content in a local file, read when the release is published or saved. */
  record LocalFile(Path file) implements TargetContent {
    @Override
    public InputStream open(Storage storage, String target) throws IOException {
      return Files.newInputStream(file);
    }

    @Override
    public void copyTo(Storage storage, String path) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        storage.write(path, in);
      }
    }
  }

  /** A copy a saved release keeps at {@code path} in the repository's storage. */
  record Saved(String path) implements TargetContent {
    @Override
    public InputStream open(Storage storage, String target) throws TufException, IOException {
      return new ByteArrayInputStream(storage.read(path).orElseThrow(
          () -> new InvalidRepositoryException("staged content for " + target
              + " is missing (" + path + ")")));
    }

    @Override
    public void copyTo(Storage storage, String destination) throws IOException {
      if (!path.equals(destination)) {
        storage.write(destination, storage.read(path).orElseThrow());
      }
    }
  }
}
