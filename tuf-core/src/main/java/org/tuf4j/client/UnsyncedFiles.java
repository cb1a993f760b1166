package org.tuf4j.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@link DurableFiles} that never force anything to stable storage: the metadata directory of
 * {@link UpdaterConfig.Builder#syncWrites(boolean) syncWrites(false)}, which no later process
 * trusts. Every other step is the wrapped files' own, so a reader of the directory in this
 * process sees exactly what it would with syncs.
 */
final class UnsyncedFiles implements DurableFiles {
  private final DurableFiles files;

  UnsyncedFiles(DurableFiles files) {
    this.files = files;
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    files.createDirectories(dir);
  }

  @Override
  public void writeNew(Path file, byte[] data) throws IOException {
    files.writeNew(file, data);
  }

  @Override
  public void syncFile(Path file) {
    // Not forced: see the class comment.
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    files.rename(source, target);
  }

  @Override
  public void syncDirectory(Path dir) {
    // Not forced: see the class comment.
  }

  @Override
  public boolean delete(Path file) throws IOException {
    return files.delete(file);
  }

  @Override
  public Optional<byte[]> read(Path file, int limit) throws IOException {
    return files.read(file, limit);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return files.list(dir);
  }
}
