package org.tuf4j.uptane;

import java.util.Objects;
import org.tuf4j.internal.Messages;

/**
 * An ECU that is not the vehicle's: a vehicle version manifest reports an ECU that the
 * Director's inventory does not record for the vehicle, an injected or swapped-in ECU whose key
 * the Director cannot check (Uptane Standard #inventory_db, #director_repository); or the
 * Director's targets metadata orders an ECU that the Primary does not have, instructions meant
 * for another vehicle (#check_targets step 8; {@link #inDirectorTargets}).
 */
public final class UnknownEcuException extends UptaneVerificationException {
  /** The vehicle the manifest or the Director's metadata is for. */
  private final String vehicleId;
  /** The ECU that is not registered for the vehicle. */
  private final String ecuSerial;

  /**
   * @param vehicleId the vehicle whose manifest reports the ECU
   * @param ecuSerial the ECU the manifest reports, not registered for the vehicle
   */
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
   *
   * @param vehicleId the vehicle the Director's targets are for
   * @param ecuSerial the ECU they order, which the vehicle does not have
   * @param imagePath the image they order it to install
   * @return the exception
   */
  public static UnknownEcuException inDirectorTargets(String vehicleId, String ecuSerial,
      String imagePath) {
    return new UnknownEcuException(vehicleId, ecuSerial, "vehicle " + vehicleId
        + ": Director targets order ECU " + Messages.bounded(ecuSerial) + " to install \""
        + Messages.bounded(imagePath) + "\", but the vehicle has no such ECU (instructions for "
        + "another vehicle)");
  }

  /**
   * The vehicle the manifest or the Director's metadata is for.
   *
   * @return the vehicle identifier
   */
  public String vehicleId() {
    return vehicleId;
  }

  /**
   * The ECU that is not registered for the vehicle.
   *
   * @return the ECU's serial
   */
  public String ecuSerial() {
    return ecuSerial;
  }
}
