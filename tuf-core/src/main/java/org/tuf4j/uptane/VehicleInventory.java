package org.tuf4j.uptane;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tuf4j.metadata.Key;

/**
 * What the Director's inventory database records about one vehicle (Uptane Standard
 * #inventory_db): its unique identifier and its ECUs, exactly one of them the Primary. ECU keys
 * are unique to their ECU (#build-time prerequisites: identity keys "are required to be unique to
 * the ECU"): two ECUs registered with the same key material, however written, are refused.
 *
 * @param vehicleId the vehicle's unique identifier, such as a VIN
 * @param ecus ECU serial to registered ECU, at most {@link VehicleVersionManifest#MAX_ECU_REPORTS}
 */
public record VehicleInventory(String vehicleId, Map<String, RegisteredEcu> ecus) {
  /**
   * Checks the vehicle and its ECUs: the identifier in Unicode Normalization Form C
   * (#meta_structures), each ECU filed under its own serial, exactly one Primary, no key
   * shared by two ECUs, at most {@link VehicleVersionManifest#MAX_ECU_REPORTS}.
   *
   * @param vehicleId the vehicle's unique identifier
   * @param ecus ECU serial to registered ECU
   * @throws IllegalArgumentException when a rule is broken
   */
  public VehicleInventory {
    Objects.requireNonNull(vehicleId, "vehicleId");
    if (vehicleId.isEmpty()) {
      throw new IllegalArgumentException("vehicleId must not be empty");
    }
    Nfc.require("vehicle identifier", vehicleId);
    Map<String, RegisteredEcu> copy = new LinkedHashMap<>();
    Map<ByteBuffer, String> keyOwners = new HashMap<>();
    int primaries = 0;
    for (Map.Entry<String, RegisteredEcu> e : ecus.entrySet()) {
      if (!e.getKey().equals(e.getValue().serial())) {
        throw new IllegalArgumentException("ECU registered under " + e.getKey()
            + " has serial " + e.getValue().serial());
      }
      String owner = keyOwners.putIfAbsent(ByteBuffer.wrap(e.getValue().keyIdentity()),
          e.getKey());
      if (owner != null) {
        throw new IllegalArgumentException("ECUs " + owner + " and " + e.getKey()
            + " are registered with the same key; ECU keys are unique to their ECU");
      }
      primaries += e.getValue().primary() ? 1 : 0;
      copy.put(e.getKey(), e.getValue());
    }
    if (primaries != 1) {
      throw new IllegalArgumentException("vehicle " + vehicleId + " must have exactly one "
          + "Primary ECU, has " + primaries);
    }
    if (copy.size() > VehicleVersionManifest.MAX_ECU_REPORTS) {
      throw new IllegalArgumentException("vehicle " + vehicleId + " has " + copy.size()
          + " ECUs, more than the limit of " + VehicleVersionManifest.MAX_ECU_REPORTS);
    }
    ecus = Collections.unmodifiableMap(copy);
  }

  /**
   * The vehicle's Primary ECU.
   *
   * @return the ECU registered as Primary
   */
  public RegisteredEcu primary() {
    return ecus.values().stream().filter(RegisteredEcu::primary).findFirst().orElseThrow();
  }

  /**
   * The registered ECU {@code serial}.
   *
   * @param serial the ECU's serial
   * @return the ECU, or empty when it is not the vehicle's
   */
  public Optional<RegisteredEcu> ecu(String serial) {
    return Optional.ofNullable(ecus.get(serial));
  }

  /**
   * A builder for vehicle {@code vehicleId}.
   *
   * @param vehicleId the vehicle's unique identifier
   * @return a new builder
   */
  public static Builder builder(String vehicleId) {
    return new Builder(vehicleId);
  }

  /** Registers a vehicle's ECUs; serials are unique. */
  public static final class Builder {
    private final String vehicleId;
    private final Map<String, RegisteredEcu> ecus = new LinkedHashMap<>();

    private Builder(String vehicleId) {
      this.vehicleId = Objects.requireNonNull(vehicleId, "vehicleId");
    }

    /**
     * Registers the Primary ECU.
     *
     * @param serial its serial
     * @param key its public key object
     * @param hardwareId its hardware identifier
     * @return this builder
     */
    public Builder primary(String serial, Key key, String hardwareId) {
      return add(new RegisteredEcu(serial, key, hardwareId, true));
    }

    /**
     * Registers a Secondary ECU.
     *
     * @param serial its serial
     * @param key its public key object
     * @param hardwareId its hardware identifier
     * @return this builder
     */
    public Builder secondary(String serial, Key key, String hardwareId) {
      return add(new RegisteredEcu(serial, key, hardwareId, false));
    }

    /**
     * Registers an ECU.
     *
     * @param ecu the ECU
     * @return this builder
     * @throws IllegalArgumentException when an ECU with that serial is already registered
     */
    public Builder add(RegisteredEcu ecu) {
      if (ecus.putIfAbsent(ecu.serial(), ecu) != null) {
        throw new IllegalArgumentException("ECU " + ecu.serial() + " is already registered");
      }
      return this;
    }

    /** {@return the inventory} */
    public VehicleInventory build() {
      return new VehicleInventory(vehicleId, ecus);
    }
  }
}
