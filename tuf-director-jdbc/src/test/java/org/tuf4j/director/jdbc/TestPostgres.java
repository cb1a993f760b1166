package org.tuf4j.director.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.tuf4j.loopback.LoopbackPostgres;

/**
 * The real PostgreSQL the tests run against: one throwaway cluster on 127.0.0.1 per test JVM
 * ({@link LoopbackPostgres}), a new database per call. Without PostgreSQL installed the calling
 * test is skipped with the reason, or fails when the CI variable is set: CI must run them.
 */
final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static LoopbackPostgres server;

  private TestPostgres() {}

  private static synchronized LoopbackPostgres server() throws IOException {
    if (server == null) {
      if (LoopbackPostgres.binaries().isEmpty()) {
        String why = "PostgreSQL is not installed (no initdb and pg_ctl on the PATH or in "
            + "/usr/lib/postgresql/*/bin)";
        if (System.getenv("CI") != null) {
          fail(why + ": .ci/run must install the postgresql package");
        }
        assumeTrue(false, why + "; skipping the PostgreSQL tests (apt-get install postgresql)");
      }
      server = LoopbackPostgres.start();
    }
    return server;
  }

  /** A new, empty database; each call's data source opens its own connections. */
  static DataSource newDatabase() throws IOException {
    return dataSource(server().createDatabase("t" + DATABASES.incrementAndGet()));
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
