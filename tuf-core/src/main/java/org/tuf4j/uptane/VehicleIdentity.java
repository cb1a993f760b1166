package org.tuf4j.uptane;

import static org.tuf4j.internal.ModelChecks.requireIdentifier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a Primary knows about its own vehicle for full verification (Uptane Standard
 * #full_verification, #check_targets step 8, #targets_images_meta): the vehicle's identifier
 * (such as its VIN), and every ECU's serial with its hardware identifier, the Primary's among
 * them. Director targets may order only these ECUs, each with its own hardware identifier.
 *
 * @param vehicleId the vehicle's unique identifier
 * @param primarySerial the Primary's ECU serial, one of {@code hardwareIds}' keys
 * @param hardwareIds ECU serial to hardware identifier, at most {@link
 *     VehicleVersionManifest#MAX_ECU_REPORTS} ECUs
 */
public record VehicleIdentity(String vehicleId, String primarySerial,
    Map<String, String> hardwareIds) {

  /**
   * Checks the identifiers, that the Primary is among the ECUs, and the number of ECUs.
   *
   * @param vehicleId the vehicle's unique identifier
   * @param primarySerial the Primary's ECU serial
   * @param hardwareIds ECU serial to hardware identifier
   * @throws IllegalArgumentException when a rule is broken
   */
  public VehicleIdentity {
    requireIdentifier(vehicleId, "vehicleId");
    requireIdentifier(primarySerial, "primarySerial");
    Map<String, String> copy = new LinkedHashMap<>();
    hardwareIds.forEach((serial, hw) -> copy.put(requireIdentifier(serial, "ECU serial"),
        requireIdentifier(hw, "hardware id of ECU " + serial)));
    if (!copy.containsKey(primarySerial)) {
      throw new IllegalArgumentException("the Primary " + primarySerial + " is not among the ECUs");
    }
    if (copy.size() > VehicleVersionManifest.MAX_ECU_REPORTS) {
      throw new IllegalArgumentException(copy.size() + " ECUs, more than the limit of "
          + VehicleVersionManifest.MAX_ECU_REPORTS);
    }
    hardwareIds = Collections.unmodifiableMap(copy);
  }

  /**
   * The hardware identifier of ECU {@code serial}, if the vehicle has that ECU.
   *
   * @param serial the ECU's serial
   * @return the hardware identifier, or empty
   */
  public Optional<String> hardwareId(String serial) {
    return Optional.ofNullable(hardwareIds.get(serial));
  }

  /**
   * A builder for vehicle {@code vehicleId}; exactly one Primary must be added.
   *
   * @param vehicleId the vehicle's unique identifier
   * @return a new builder
   */
  public static Builder builder(String vehicleId) {
    return new Builder(vehicleId);
  }

  /** Lists a vehicle's ECUs; exactly one is the Primary, serials are unique. */
  public static final class Builder {
    private final String vehicleId;
    private final Map<String, String> hardwareIds = new LinkedHashMap<>();
    private String primary;

    private Builder(String vehicleId) {
      this.vehicleId = vehicleId;
    }

    /**
     * Adds the Primary ECU.
     *
     * @param serial its serial
     * @param hardwareId its hardware identifier
     * @return this builder
     * @throws IllegalStateException when a Primary was added already
     */
    public Builder primary(String serial, String hardwareId) {
      if (primary != null) {
        throw new IllegalStateException("the Primary is already " + primary);
      }
      add(serial, hardwareId);
      primary = serial;
      return this;
    }

    /**
     * Adds a Secondary ECU.
     *
     * @param serial its serial
     * @param hardwareId its hardware identifier
     * @return this builder
     */
    public Builder secondary(String serial, String hardwareId) {
      add(serial, hardwareId);
      return this;
    }

    private void add(String serial, String hardwareId) {
      if (hardwareIds.putIfAbsent(serial, hardwareId) != null) {
        throw new IllegalArgumentException("ECU " + serial + " is already listed");
      }
    }

    /**
     * @return the vehicle's identity
     * @throws IllegalStateException when no Primary was listed
     */
    public VehicleIdentity build() {
      if (primary == null) {
        throw new IllegalStateException("a vehicle has a Primary");
      }
      return new VehicleIdentity(vehicleId, primary, hardwareIds);
    }
  }
}
