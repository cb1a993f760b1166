package org.tuf4j.director.jdbc;

import javax.sql.DataSource;
import org.tuf4j.testing.DirectorStoreContract;
import org.tuf4j.uptane.DirectorStore;

/**
 * {@link PostgresDirectorStore} under the store contract, on a real PostgreSQL on 127.0.0.1;
 * {@link #sameState} opens a second store on its own connections, as a second Director process
 * would.
 */
class PostgresDirectorStoreTest extends DirectorStoreContract {
  private final java.util.Map<DirectorStore, DataSource> sources =
      new java.util.IdentityHashMap<>();

  @Override
  protected DirectorStore newStore() throws Exception {
    DataSource db = TestPostgres.newDatabase();
    DirectorStore store = PostgresDirectorStore.open(db);
    sources.put(store, db);
    return store;
  }

  @Override
  protected DirectorStore sameState(DirectorStore store) throws Exception {
    return PostgresDirectorStore.open(TestPostgres.sameDatabase(sources.get(store)));
  }

  @Override
  protected boolean groupsWrites() {
    return true;
  }
}
