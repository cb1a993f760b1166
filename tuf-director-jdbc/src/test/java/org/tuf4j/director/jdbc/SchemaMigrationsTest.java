package org.tuf4j.director.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The schema migrations shipped in the module, applied on a real PostgreSQL. */
class SchemaMigrationsTest {
  private static List<String> rows(DataSource db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        rows.add(r.getString(1));
      }
    }
    return rows;
  }

  private static void execute(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void aNewDatabaseIsMigratedOnceEvenByDirectorsStartingTogether() throws Exception {
    DataSource db = TestPostgres.newDatabase();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PostgresDirectorStore>> opened = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        DataSource own = TestPostgres.sameDatabase(db);
        opened.add(pool.submit(() -> PostgresDirectorStore.open(own)));
      }
      for (Future<PostgresDirectorStore> f : opened) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(List.of("1"), rows(db, "SELECT version FROM tuf4j_director_schema"));
    assertEquals(List.of("tuf4j_director_ecu", "tuf4j_director_schema",
        "tuf4j_director_vehicle"), rows(db, "SELECT table_name FROM information_schema.tables "
            + "WHERE table_name LIKE 'tuf4j_director_%' ORDER BY table_name"));
    PostgresDirectorStore.open(db); // again: nothing to apply
    assertEquals(List.of("1"), rows(db, "SELECT version FROM tuf4j_director_schema"));
    assertEquals(1, PostgresDirectorStore.schemaVersion());
  }

  @Test
  void aSchemaNewerThanTheModuleIsRefusedUnchanged() throws Exception {
    DataSource db = TestPostgres.newDatabase();
    PostgresDirectorStore.open(db);
    execute(db, "INSERT INTO tuf4j_director_schema (version, description, sha256) "
        + "VALUES (2, 'from a newer tuf4j', repeat('0', 64))");
    IOException e = assertThrows(IOException.class, () -> PostgresDirectorStore.open(db));
    assertTrue(e.getMessage().contains("version 2, newer than this tuf-director-jdbc knows (1)"),
        e.getMessage());
    assertEquals(List.of("1", "2"), rows(db,
        "SELECT version FROM tuf4j_director_schema ORDER BY version"));
  }

  @Test
  void aSchemaMadeByAnotherScriptIsRefused() throws Exception {
    DataSource db = TestPostgres.newDatabase();
    PostgresDirectorStore.open(db);
    execute(db, "UPDATE tuf4j_director_schema SET sha256 = repeat('a', 64)");
    IOException e = assertThrows(IOException.class, () -> PostgresDirectorStore.open(db));
    assertTrue(e.getMessage().contains("made by another script"), e.getMessage());
  }

  @Test
  void anUnreachableDatabaseIsAnIoErrorNamingIt() throws Exception {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
    IOException e = assertThrows(IOException.class, () -> PostgresDirectorStore.open(nowhere));
    assertTrue(e.getMessage().startsWith("PostgreSQL, migrating the Director schema:"),
        e.getMessage());
  }
}
