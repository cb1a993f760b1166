package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.Messages;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.uptane.DirectorTargetsException.Reason;

/**
 * The Director's targets metadata read the Uptane way (Uptane Standard #targets_images_meta,
 * #check_targets steps 6–7): which ECU is ordered to install which image, and which vehicle the
 * metadata are for.
 *
 * <p>The vehicle identifier is the member {@value #VEHICLE_ID} of a {@code custom} object in
 * {@code signed}, as ota-tuf places its own per-metadata data ({@code
 * {"signed": {"_type": "targets", ..., "custom": {"vin": "..."}}}}); the Standard names no JSON
 * member, and {@code vin} is the member vehicle version manifests use. It SHALL be present when
 * the metadata list no images, so that they cannot be replayed to another vehicle.
 */
public final class DirectorTargets {
  private static final String CUSTOM = UptaneFields.TARGETS_CUSTOM;
  private static final String VEHICLE_ID = UptaneFields.VEHICLE_ID;
  /** The reference implementation's member naming an image's one ECU. */
  static final String REFERENCE_ECU_SERIAL = "ecu_serial";

  private DirectorTargets() {}

  /**
   * The vehicle identifier the Director's targets carry, if any.
   *
   * @param directorTargets the Director's targets metadata
   * @return the {@code custom.vin} member of the targets, or empty when absent
   * @throws MalformedMetadataException when {@code custom} is not an object or {@code vin} is
   *     not a non-empty string
   */
  public static Optional<String> vehicleId(Targets directorTargets)
      throws MalformedMetadataException {
    JsonValue custom = directorTargets.unrecognizedFields().get(CUSTOM);
    if (custom == null) {
      return Optional.empty();
    }
    if (!(custom instanceof JsonObject o)) {
      throw JsonFields.schema("signed." + CUSTOM, "an object");
    }
    JsonValue vin = o.get(VEHICLE_ID);
    if (vin == null) {
      return Optional.empty();
    }
    if (!(vin instanceof JsonString s) || s.value().isEmpty()) {
      throw JsonFields.schema("signed." + CUSTOM + "." + VEHICLE_ID, "a non-empty string");
    }
    return Optional.of(s.value());
  }

  /**
   * {@code targets} carrying vehicle identifier {@code vehicleId}, for writers and tests.
   *
   * @param targets targets metadata
   * @param vehicleId the vehicle identifier to write
   * @return a copy of {@code targets} with the identifier set
   */
  public static Targets withVehicleId(Targets targets, String vehicleId) {
    Objects.requireNonNull(vehicleId, "vehicleId");
    Map<String, JsonValue> custom = new LinkedHashMap<>();
    if (targets.unrecognizedFields().get(CUSTOM) instanceof JsonObject o) {
      custom.putAll(o.members());
    }
    custom.put(VEHICLE_ID, new JsonString(vehicleId));
    Map<String, JsonValue> rest = new LinkedHashMap<>(targets.unrecognizedFields());
    rest.put(CUSTOM, new JsonObject(custom));
    return new Targets(targets.specVersion(), targets.version(), targets.expires(),
        targets.targets(), targets.delegations(), rest);
  }

  /**
   * The Director orders ECU {@code ecuSerial}, of hardware {@code hardwareId}, to install; the
   * hardware is empty only for the reference implementation's {@code ecu_serial} orders (see
   * {@link #orders(Targets, UptaneProfile)}).
   */
  record Order(String ecuSerial, Optional<String> hardwareId, TargetFile target,
      UptaneTargetCustom custom) {
    /** This order for an ECU of hardware {@code hardware}, as the verifier knows the ECU. */
    Order withHardware(String hardware) {
      return new Order(ecuSerial, Optional.of(hardware), target, custom);
    }
  }

  /**
   * Every order of the Director's targets, by ECU serial, after #check_targets steps 6–7: no
   * delegations (an empty {@code delegations} member delegates nothing, see {@link
   * #isEmpty}), every image for at least one ECU, no ECU ordered twice.
   */
  static Map<String, Order> orders(Targets directorTargets)
      throws DirectorTargetsException, MalformedMetadataException {
    return orders(directorTargets, UptaneProfile.STANDARD);
  }

  /**
   * As {@link #orders(Targets)}; under {@link UptaneProfile#STANDARD} every image name, ECU
   * serial and hardware identifier must also be NFC (#meta_structures): names are compared as
   * strings, with the Image repository's and the inventory's. The Image repository's names
   * need no check of their own: an image is looked up there under the Director's name exactly.
   */
  static Map<String, Order> orders(Targets directorTargets, UptaneProfile profile)
      throws DirectorTargetsException, MalformedMetadataException {
    if (directorTargets.delegations().filter(d -> !isEmpty(d)).isPresent()) {
      throw new DirectorTargetsException(Reason.DELEGATIONS, "the Director's targets role "
          + "delegates, and the Director SHALL NOT delegate");
    }
    Map<String, Order> orders = new LinkedHashMap<>();
    for (TargetFile target : directorTargets.targets().values()) {
      if (!profile.acceptsDialect()) {
        requireNfc("image name", target.path());
      }
      UptaneTargetCustom custom = UptaneTargetCustom.of(target);
      for (Order order : ordersOf(target, custom, profile)) {
        if (!profile.acceptsDialect()) {
          requireNfc("ECU serial", order.ecuSerial());
          requireNfc("hardware identifier", order.hardwareId().orElseThrow());
        }
        Order previous = orders.put(order.ecuSerial(), order);
        if (previous != null) {
          throw new DirectorTargetsException(Reason.DUPLICATE_ECU, "ECU "
              + Messages.bounded(order.ecuSerial()) + " is ordered to install both \""
              + Messages.bounded(previous.target().path()) + "\" and \""
              + Messages.bounded(target.path()) + "\"");
        }
      }
    }
    return Collections.unmodifiableMap(orders);
  }

  /**
   * The orders one image carries: one per {@code ecuIdentifiers} entry; under {@link
   * UptaneProfile#AKTUALIZR}, an image without them may name its one ECU as the uptane/uptane
   * reference implementation's Director does, {@code "custom": {"ecu_serial": "..."}}, with no
   * hardware identifier.
   */
  private static List<Order> ordersOf(TargetFile target, UptaneTargetCustom custom,
      UptaneProfile profile) throws DirectorTargetsException, MalformedMetadataException {
    Map<String, UptaneTargetCustom.EcuIdentifier> ecus = custom.ecuIdentifiers().orElse(Map.of());
    List<Order> out = new ArrayList<>();
    ecus.forEach((serial, id) -> out.add(new Order(serial, Optional.of(id.hardwareId()), target,
        custom)));
    if (out.isEmpty() && profile.acceptsDialect()
        && custom.toJson().get(REFERENCE_ECU_SERIAL) != null) {
      JsonValue serial = custom.toJson().get(REFERENCE_ECU_SERIAL);
      if (!(serial instanceof JsonString s) || s.value().isEmpty()) {
        throw JsonFields.schema("targets[\"" + Messages.bounded(target.path()) + "\"].custom."
            + REFERENCE_ECU_SERIAL, "a non-empty string");
      }
      out.add(new Order(s.value(), Optional.empty(), target, custom));
    }
    if (out.isEmpty()) {
      throw new DirectorTargetsException(Reason.NO_ECU_IDENTIFIER, "image \""
          + Messages.bounded(target.path()) + "\" is listed for no ECU");
    }
    return out;
  }

  private static void requireNfc(String what, String value) throws DirectorTargetsException {
    if (!Nfc.is(value)) {
      throw new DirectorTargetsException(Reason.NOT_NFC, Nfc.message(what, value));
    }
  }

  /**
   * Whether a {@code delegations} member delegates nothing: no keys, an empty {@code roles} list
   * and no other member ({@code {"keys": {}, "roles": []}}, which the reference implementation
   * writes in every Director targets file). #check_targets step 6 forbids delegating, not the
   * member; hash bins ({@code succinct_roles}) always delegate.
   */
  static boolean isEmpty(Delegations delegations) {
    return delegations.keys().isEmpty() && delegations.succinctRoles().isEmpty()
        && delegations.roles().map(List::isEmpty).orElse(false)
        && delegations.unrecognizedFields().isEmpty();
  }

  /**
   * #targets_images_meta: the vehicle the metadata name, if they name one, must be {@code
   * expected} (when the caller knows its vehicle); metadata listing no images must name one,
   * except under {@link UptaneProfile#AKTUALIZR}, whose Directors never do.
   */
  static void checkVehicle(Targets directorTargets, Optional<String> expected,
      UptaneProfile profile) throws VehicleMismatchException, MalformedMetadataException {
    Optional<String> named = vehicleId(directorTargets);
    String mine = expected.orElse("");
    if (named.isPresent() && expected.isPresent() && !named.get().equals(mine)) {
      throw VehicleMismatchException.inDirectorTargets(mine, named);
    }
    if (named.isEmpty() && directorTargets.targets().isEmpty() && !profile.acceptsDialect()) {
      throw VehicleMismatchException.inDirectorTargets(mine, Optional.empty());
    }
  }
}
