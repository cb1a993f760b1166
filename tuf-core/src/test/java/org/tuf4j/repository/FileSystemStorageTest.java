package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.testing.StorageContract;

/**
 * {@link FileSystemStorage} keeps the {@link Storage} contract ({@link StorageContract}); clients
 * read the directory through file: URIs.
 */
class FileSystemStorageTest extends StorageContract {
  @TempDir Path repositories;
  private int made;

  @Override
  protected Storage newStorage() throws Exception {
    return FileSystemStorage.open(repositories.resolve("repo-" + ++made));
  }

  @Override
  protected URI servedAt(Storage storage) {
    return ((FileSystemStorage) storage).root().toUri();
  }

  @Override
  protected Fetcher fetcher() {
    return FileFetcher.create();
  }

  @Test
  void aPathThatResolvesOutsideTheRootIsRefused() throws Exception {
    FileSystemStorage s = (FileSystemStorage) newStorage();
    assertThrows(IllegalArgumentException.class, () -> s.resolve("../escape"));
    s.write("metadata/root.json", new byte[] {1});
    assertTrue(Files.isRegularFile(s.resolve("metadata/root.json")));
  }
}
