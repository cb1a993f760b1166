package org.tuf4j.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.tuf4j.loopback.LoopbackPostgres;

/**
 * The real PostgreSQL tests run against: one throwaway cluster on 127.0.0.1 per test JVM
 * ({@link LoopbackPostgres}), a new database per call. Without PostgreSQL installed the calling
 * test is skipped with the reason, or fails when the CI variable is set: CI must run them.
 */
public final class Postgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static LoopbackPostgres server;

  private Postgres() {}

  /** The shared server, started at the first call; skips or fails the test without one. */
  public static synchronized LoopbackPostgres server() throws IOException {
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

  /** A new, empty database of the shared server: its JDBC URL. */
  public static String newDatabase() throws IOException {
    return server().createDatabase("t" + DATABASES.incrementAndGet());
  }
}
