package org.tuf4j.director.jdbc;

import java.io.IOException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.tuf4j.testing.Postgres;

/**
 * Data sources on the real PostgreSQL of the tests ({@link Postgres}: skipped without it, failed
 * under CI); each opens its own connections, as a process of its own would.
 */
final class TestPostgres {
  private TestPostgres() {}

  /** A new, empty database. */
  static DataSource newDatabase() throws IOException {
    return dataSource(Postgres.newDatabase());
  }

  /** A second data source on the database of {@code first}, as another process would open. */
  static DataSource sameDatabase(DataSource first) {
    PGSimpleDataSource ds = (PGSimpleDataSource) dataSource(((PGSimpleDataSource) first)
        .getUrl());
    ds.setUser(((PGSimpleDataSource) first).getUser());
    return ds;
  }

  private static DataSource dataSource(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    return ds;
  }
}
