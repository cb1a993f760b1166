/**
 * The Uptane Director's state in PostgreSQL: {@link
 * org.tuf4j.director.jdbc.PostgresDirectorStore}, a {@link org.tuf4j.uptane.DirectorStore} that
 * several Director processes share, over JDBC. The schema migrations are among the module's
 * resources. PostgreSQL's driver ({@code org.postgresql.jdbc}, an automatic module) is found
 * by whatever makes the {@link javax.sql.DataSource}; this module uses {@code java.sql} alone.
 */
module org.tuf4j.director.jdbc {
  requires transitive org.tuf4j;
  requires transitive java.sql;

  exports org.tuf4j.director.jdbc;
}
