package org.tuf4j.director.jdbc;

/**
 * The first key of the two-key advisory locks this module takes ({@code
 * pg_advisory_xact_lock(int, int)}), one per purpose, so that a vehicle's lock never waits for
 * the schema's or the registrations'. Advisory locks are per database: other applications
 * sharing it should avoid these values ("TUF" and a digit, in ASCII).
 */
final class AdvisoryLocks {
  /** A vehicle; the second key is {@code hashtext(vehicle id)}. */
  static final int VEHICLE = 0x54554630;
  /** The fleet's ECU registrations; the second key is 0. */
  static final int REGISTRATIONS = 0x54554631;
  /** The schema, while migrations run; the second key is 0. */
  static final int SCHEMA = 0x54554632;

  private AdvisoryLocks() {}
}
