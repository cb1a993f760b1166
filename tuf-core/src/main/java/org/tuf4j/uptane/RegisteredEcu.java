package org.tuf4j.uptane;

import java.security.PublicKey;
import java.util.Objects;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.crypto.PublicKeys;
import org.tuf4j.metadata.Key;

/**
 * One ECU as the Director's inventory records it (Uptane Standard #inventory_db): its unique
 * identifier, its ECU key (the public part), its hardware identifier, and whether it is the
 * vehicle's Primary. The key must decode on construction, so a registration error shows up when
 * the inventory is built rather than as a refused manifest.
 *
 * @param serial the ECU's unique identifier
 * @param key the ECU's public key object (see {@link UptaneKeys#parse} for the ota-tuf form)
 * @param hardwareId the ECU's hardware identifier
 * @param primary whether this ECU is the vehicle's Primary
 */
public record RegisteredEcu(String serial, Key key, String hardwareId, boolean primary) {
  /**
   * Checks that the members are present, the serial and hardware id not empty and in Unicode
   * Normalization Form C (#meta_structures), and that the key decodes.
   *
   * @param serial the ECU's unique identifier
   * @param key the ECU's public key object
   * @param hardwareId the ECU's hardware identifier
   * @param primary whether this ECU is the vehicle's Primary
   * @throws IllegalArgumentException when a member breaks one of those rules
   */
  public RegisteredEcu {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hardwareId, "hardwareId");
    if (serial.isEmpty() || hardwareId.isEmpty()) {
      throw new IllegalArgumentException("serial and hardwareId must not be empty");
    }
    Nfc.require("ECU serial", serial);
    Nfc.require("hardware identifier", hardwareId);
    decode(serial, key);
  }

  /** The key's SubjectPublicKeyInfo DER: equal for equal key material however written. */
  byte[] keyIdentity() {
    return decode(serial, key).getEncoded();
  }

  private static PublicKey decode(String serial, Key key) {
    try {
      return PublicKeys.parse(key.keyType(), key.scheme(), key.publicValue().orElseThrow(() ->
          new IllegalArgumentException("ECU " + serial + ": key has no keyval.public string")));
    } catch (UnsupportedFeatureException | MalformedMetadataException e) {
      throw new IllegalArgumentException("ECU " + serial + ": key cannot verify signatures: "
          + e.getMessage(), e);
    }
  }
}
