package org.tuf4j.repository;

import java.util.Map;
import java.util.TreeMap;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * The metadata files of a {@link Release} in one encoding, with their signatures so far: the
 * roles of TUF spec §4.3–§4.6 that the release writes. Roles absent from the release are null or
 * not listed.
 */
final class FileSet {
  static final String ROOT = "root";
  static final String SNAPSHOT = "snapshot";
  static final String TIMESTAMP = "timestamp";

  Signed<Root> root;
  final Map<String, Signed<Targets>> targets = new TreeMap<>();
  Signed<Snapshot> snapshot;
  Signed<Timestamp> timestamp;

  /** {@code role}'s file, or null when this set does not hold it. */
  Signed<?> get(String role) {
    return switch (role) {
      case ROOT -> root;
      case SNAPSHOT -> snapshot;
      case TIMESTAMP -> timestamp;
      default -> targets.get(role);
    };
  }

  /** Puts {@code md} in place of {@code role}'s file. */
  @SuppressWarnings("unchecked")
  void put(String role, Signed<?> md) {
    switch (role) {
      case ROOT -> root = (Signed<Root>) md;
      case SNAPSHOT -> snapshot = (Signed<Snapshot>) md;
      case TIMESTAMP -> timestamp = (Signed<Timestamp>) md;
      default -> targets.put(role, (Signed<Targets>) md);
    }
  }
}
