package org.tuf4j.director.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The schema migrations shipped in this module, applied in order by {@link #apply}: each a SQL
 * script among the module's resources, recorded with its sha256 in {@value #TABLE} once
 * applied. A database whose recorded scripts differ from these, or that is at a version this
 * module does not know, is refused rather than changed.
 */
final class SchemaMigrations {
  static final String TABLE = "tuf4j_director_schema";

  /** One script: version, what it does, and its resource name. */
  record Migration(int version, String description, String resource) {}

  static final List<Migration> ALL = List.of(
      new Migration(1, "vehicles and ECU index", "V1__vehicles_and_ecu_index.sql"));

  private SchemaMigrations() {}

  static int latest() {
    return ALL.get(ALL.size() - 1).version();
  }

  /**
   * Brings the schema to {@link #latest()} in one transaction, under an advisory lock so that
   * Directors starting together apply each script once.
   *
   * @return the schema version now
   */
  static int apply(Connection c) throws SQLException, IOException {
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + AdvisoryLocks.SCHEMA + ", 0)");
        s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (version integer PRIMARY KEY, "
            + "description text NOT NULL, sha256 char(64) NOT NULL, "
            + "applied_at timestamptz NOT NULL DEFAULT now())");
      }
      Map<Integer, String> applied = new TreeMap<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT version, sha256 FROM " + TABLE)) {
        while (r.next()) {
          applied.put(r.getInt(1), r.getString(2));
        }
      }
      for (int version : applied.keySet()) {
        if (version > latest()) {
          throw new IOException("the database's Director schema is at version " + version
              + ", newer than this tuf-director-jdbc knows (" + latest() + "); use a newer "
              + "tuf4j, or another database");
        }
      }
      for (Migration m : ALL) {
        String script = script(m);
        String digest = sha256(script);
        String recorded = applied.get(m.version());
        if (recorded != null) {
          if (!recorded.equals(digest)) {
            throw new IOException("the database's Director schema version " + m.version()
                + " was made by another script (sha256 " + recorded + ", this module's is "
                + digest + "); it is not this tuf4j's schema");
          }
          continue;
        }
        try (Statement s = c.createStatement()) {
          s.execute(script);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + TABLE
            + " (version, description, sha256) VALUES (?, ?, ?)")) {
          p.setInt(1, m.version());
          p.setString(2, m.description());
          p.setString(3, digest);
          p.executeUpdate();
        }
      }
      c.commit();
      return latest();
    } catch (SQLException | IOException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static String script(Migration m) throws IOException {
    try (InputStream in = SchemaMigrations.class.getResourceAsStream(m.resource())) {
      if (in == null) {
        throw new IOException("migration " + m.resource() + " is missing from the module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String sha256(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
