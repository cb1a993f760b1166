package org.tuf4j.uptane;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.testing.DirectorStoreContract;

/** {@link DirectorStore#files}, the embedded default, under the store contract. */
class FileDirectorStoreTest extends DirectorStoreContract {
  @TempDir Path tmp;

  @Override
  protected DirectorStore newStore() throws Exception {
    return DirectorStore.files(FileSystemStorage.open(tmp.resolve("inventory")));
  }

  @Override
  protected DirectorStore sameState(DirectorStore store) {
    return store; // one process, one store per storage
  }

  @Override
  protected boolean groupsWrites() {
    return false;
  }
}
