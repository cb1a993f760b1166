package org.tuf4j;

import java.util.Objects;

/**
 * An ECU that is not the vehicle's: a vehicle version manifest reports an ECU that the
 * Director's inventory does not record for the vehicle, an injected or swapped-in ECU whose key
 * the Director cannot check (Uptane Standard #inventory_db, #director_repository); or the
 * Director's targets metadata orders an ECU that the Primary does not have, instructions meant
 * for another vehicle (#check_targets step 8; {@link #inDirectorTargets}).
 */
public final class UnknownEcuException extends VerificationException {
  private final String vehicleId;
  private final String ecuSerial;

  public UnknownEcuException(String vehicleId, String ecuSerial) {
    this(vehicleId, ecuSerial, "vehicle " + vehicleId + ": manifest reports ECU " + ecuSerial
        + ", which is not registered for this vehicle");
  }

  private UnknownEcuException(String vehicleId, String ecuSerial, String message) {
    super(message);
    this.vehicleId = Objects.requireNonNull(vehicleId);
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
  }

  /**
   * The Director's targets metadata orders ECU {@code ecuSerial} to install {@code imagePath},
   * and vehicle {@code vehicleId} has no such ECU (#check_targets step 8).
   */
  public static UnknownEcuException inDirectorTargets(String vehicleId, String ecuSerial,
      String imagePath) {
    return new UnknownEcuException(vehicleId, ecuSerial, "vehicle " + vehicleId
        + ": Director targets order ECU " + Messages.bounded(ecuSerial) + " to install \""
        + Messages.bounded(imagePath) + "\", but the vehicle has no such ECU (instructions for "
        + "another vehicle)");
  }

  public String vehicleId() {
    return vehicleId;
  }

  public String ecuSerial() {
    return ecuSerial;
  }
}
