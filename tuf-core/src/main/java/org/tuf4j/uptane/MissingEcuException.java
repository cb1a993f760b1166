package org.tuf4j.uptane;

import java.util.Set;

/**
 * A vehicle version manifest leaves out ECUs that the Director's inventory records for the
 * vehicle: hiding an ECU's state from the Director (Uptane Standard #director_repository, "each
 * ECU recorded in the inventory database is also represented in the manifest"; #inventory_db).
 */
public final class MissingEcuException extends UptaneVerificationException {
  /** Serials of the registered ECUs the manifest does not report. */
  private final Set<String> missingSerials;

  /**
   * @param vehicleId the vehicle whose manifest is checked, for the message
   * @param missingSerials the serials of the registered ECUs the manifest does not report
   */
  public MissingEcuException(String vehicleId, Set<String> missingSerials) {
    super("vehicle " + vehicleId + ": manifest has no version report from registered ECU(s) "
        + new java.util.TreeSet<>(missingSerials));
    this.missingSerials = Set.copyOf(missingSerials);
  }

  /**
   * Serials of the registered ECUs the manifest does not report.
   *
   * @return the serials, never empty
   */
  public Set<String> missingSerials() {
    return missingSerials;
  }
}
