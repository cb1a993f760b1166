package org.tuf4j;

import java.util.Objects;

/**
 * A vehicle version manifest reports an ECU that the Director's inventory does not record for
 * the vehicle: an injected or swapped-in ECU, whose key the Director cannot check (Uptane
 * Standard #inventory_db, #director_repository).
 */
public final class UnknownEcuException extends VerificationException {
  private final String vehicleId;
  private final String ecuSerial;

  public UnknownEcuException(String vehicleId, String ecuSerial) {
    super("vehicle " + vehicleId + ": manifest reports ECU " + ecuSerial
        + ", which is not registered for this vehicle");
    this.vehicleId = Objects.requireNonNull(vehicleId);
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
  }

  public String vehicleId() {
    return vehicleId;
  }

  public String ecuSerial() {
    return ecuSerial;
  }
}
