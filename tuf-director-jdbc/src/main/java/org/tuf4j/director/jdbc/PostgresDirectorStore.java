package org.tuf4j.director.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.tuf4j.TufException;
import org.tuf4j.uptane.DirectorStore;

/**
 * A {@link DirectorStore} in PostgreSQL, which several Director processes share: each unit of
 * work is one transaction, holding its vehicle with a transaction-scoped advisory lock ({@code
 * pg_advisory_xact_lock}), and a registration holds the fleet's registrations with another. So
 * two Directors on one database never sign one vehicle's metadata at the same version, and
 * never both accept a report counter (Uptane Standard #director_repository step 4): the second
 * waits for the first's commit, then reads what it wrote.
 *
 * <pre>{@code
 * PGSimpleDataSource db = new PGSimpleDataSource();   // or a connection pool
 * db.setUrl("jdbc:postgresql://db.example.net/director");
 * DirectorRepository director = DirectorRepository.builder()
 *     .rootRepository(rootRepository).published(published)   // shared by every instance
 *     .store(PostgresDirectorStore.open(db))
 *     .onlineSigners(onlineKeys).build();
 * }</pre>
 *
 * <p>{@link #open} applies the schema migrations shipped in this module (tables {@code
 * tuf4j_director_vehicle}, {@code tuf4j_director_ecu} and {@code tuf4j_director_schema}, in the
 * connection's current schema: choose another with the URL's {@code currentSchema}). The
 * database user needs to create tables the first time, and then to read and write them.
 *
 * <p>Transactions run at PostgreSQL's default isolation, read committed, which the locks make
 * enough: every write of a vehicle's record happens under its lock, and the read-only units of
 * work ({@link #read}) run as one repeatable-read snapshot. A unit of work that waits longer
 * than the lock timeout for its vehicle fails with an {@link IOException} and changes nothing.
 * Thread-safe; a connection is taken from the {@link DataSource} per unit of work and returned
 * (closed) after it, so the data source should be a pool where requests are many.
 */
public final class PostgresDirectorStore implements DirectorStore {
  /** The default time a unit of work waits for its vehicle: 30 s. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

  private static final String LOCK_TIMEOUT_STATE = "55P03";

  private final DataSource dataSource;
  private final long lockTimeoutMillis;

  private PostgresDirectorStore(DataSource dataSource, Duration lockTimeout) {
    this.dataSource = dataSource;
    this.lockTimeoutMillis = lockTimeout.toMillis();
  }

  /**
   * Opens the store with the {@link #DEFAULT_LOCK_TIMEOUT}, migrating the schema first.
   *
   * @param dataSource connections to the database
   * @return the store
   * @throws IOException when the database cannot be reached or migrated, or its schema is one
   *     this module does not know (newer, or made by other scripts)
   */
  public static PostgresDirectorStore open(DataSource dataSource) throws IOException {
    return open(dataSource, DEFAULT_LOCK_TIMEOUT);
  }

  /**
   * Opens the store, migrating the schema first.
   *
   * @param dataSource connections to the database
   * @param lockTimeout how long a unit of work waits for its vehicle, at least 1 ms
   * @return the store
   * @throws IOException when the database cannot be reached or migrated, or its schema is one
   *     this module does not know (newer, or made by other scripts)
   */
  public static PostgresDirectorStore open(DataSource dataSource, Duration lockTimeout)
      throws IOException {
    Objects.requireNonNull(dataSource, "dataSource");
    if (lockTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("lock timeout must be at least 1 ms");
    }
    try (Connection c = dataSource.getConnection()) {
      SchemaMigrations.apply(c);
    } catch (SQLException e) {
      throw failure("migrating the Director schema", e);
    }
    return new PostgresDirectorStore(dataSource, lockTimeout);
  }

  /**
   * The schema version this module migrates databases to.
   *
   * @return the version
   */
  public static int schemaVersion() {
    return SchemaMigrations.latest();
  }

  @Override
  public <T> T update(String vehicleId, Work<T> work) throws TufException, IOException {
    return transaction(vehicleId, false, work);
  }

  @Override
  public <T> T register(String vehicleId, Work<T> work) throws TufException, IOException {
    return transaction(vehicleId, true, work);
  }

  @Override
  public <T> T read(Work<T> work) throws TufException, IOException {
    return transaction(null, false, work);
  }

  /**
   * One transaction: the holds first (registrations before the vehicle, always in that order,
   * so two units of work never wait for each other), then the work, then the commit; a rollback
   * when anything fails.
   */
  private <T> T transaction(String vehicleId, boolean registrations, Work<T> work)
      throws TufException, IOException {
    Objects.requireNonNull(work, "work");
    String what = vehicleId == null ? "reading the Director state"
        : "vehicle " + vehicleId;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          if (vehicleId == null) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          } else {
            s.execute("SET LOCAL lock_timeout = " + lockTimeoutMillis);
            if (registrations) {
              s.execute("SELECT pg_advisory_xact_lock(" + AdvisoryLocks.REGISTRATIONS + ", 0)");
            }
          }
        }
        if (vehicleId != null) {
          try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock("
              + AdvisoryLocks.VEHICLE + ", hashtext(?))")) {
            p.setString(1, vehicleId);
            p.execute();
          }
        }
        T result = work.run(new SqlRecords(c, vehicleId, registrations));
        c.commit();
        return result;
      } catch (SQLException | IOException | TufException | RuntimeException e) {
        rollback(c, e);
        throw e;
      } finally {
        restoreAutoCommit(c);
      }
    } catch (SQLException e) {
      if (LOCK_TIMEOUT_STATE.equals(e.getSQLState())) {
        throw new IOException(what + " is held by another Director for longer than the lock "
            + "timeout (" + lockTimeoutMillis + " ms); nothing was changed", e);
      }
      throw failure(what, e);
    }
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // the connection is closed next; a pool checks it
    }
  }

  private static IOException failure(String what, SQLException e) {
    return new IOException("PostgreSQL, " + what + ": " + e.getMessage() + " (SQLSTATE "
        + e.getSQLState() + ")", e);
  }

  /** Reads a column of the current row. */
  @FunctionalInterface
  private interface Column<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** The records of one transaction, writing only what its holds cover. */
  private static final class SqlRecords implements Records {
    private final Connection c;
    private final String heldVehicle;
    private final boolean registrations;

    SqlRecords(Connection c, String heldVehicle, boolean registrations) {
      this.c = c;
      this.heldVehicle = heldVehicle;
      this.registrations = registrations;
    }

    @Override
    public Optional<byte[]> vehicle(String vehicleId) throws IOException {
      return queryOne("SELECT record FROM tuf4j_director_vehicle WHERE vin = ?", vehicleId,
          r -> r.getBytes(1));
    }

    @Override
    public void putVehicle(String vehicleId, byte[] record) throws IOException {
      if (!vehicleId.equals(heldVehicle)) {
        throw new IOException("a unit of work writes only the vehicle it holds ("
            + (heldVehicle == null ? "none: read-only" : heldVehicle) + "), not " + vehicleId);
      }
      update("INSERT INTO tuf4j_director_vehicle (vin, record) VALUES (?, ?) "
          + "ON CONFLICT (vin) DO UPDATE SET record = EXCLUDED.record, updated_at = now()",
          vehicleId, record);
    }

    @Override
    public Optional<String> ecuVehicle(String ecuSerial) throws IOException {
      return queryOne("SELECT vin FROM tuf4j_director_ecu WHERE serial = ?", ecuSerial,
          r -> r.getString(1));
    }

    @Override
    public void putEcu(String ecuSerial, String vehicleId) throws IOException {
      requireRegistrations(ecuSerial);
      update("INSERT INTO tuf4j_director_ecu (serial, vin) VALUES (?, ?) "
          + "ON CONFLICT (serial) DO UPDATE SET vin = EXCLUDED.vin", ecuSerial, vehicleId);
    }

    @Override
    public void removeEcu(String ecuSerial) throws IOException {
      requireRegistrations(ecuSerial);
      update("DELETE FROM tuf4j_director_ecu WHERE serial = ?", ecuSerial, null);
    }

    private void requireRegistrations(String ecuSerial) throws IOException {
      if (!registrations) {
        throw new IOException("ECU " + ecuSerial + ": the ECU index is written only by a unit "
            + "of work that holds the registrations (DirectorStore.register)");
      }
    }

    /** The first column of the row {@code key} selects, read by {@code column}. */
    private <T> Optional<T> queryOne(String sql, String key, Column<T> column)
        throws IOException {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        p.setString(1, key);
        try (ResultSet r = p.executeQuery()) {
          return r.next() ? Optional.of(column.read(r)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw failure("reading " + key, e);
      }
    }

    private void update(String sql, String key, Object value) throws IOException {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        p.setString(1, key);
        if (value instanceof byte[] b) {
          p.setBytes(2, b);
        } else if (value != null) {
          p.setString(2, (String) value);
        }
        p.executeUpdate();
      } catch (SQLException e) {
        throw failure("writing " + key, e);
      }
    }
  }
}
