package org.tuf4j.uptane;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.metadata.Key;
import org.tuf4j.repository.RepositoryEditor;

/**
 * The Director's inventory database (Uptane Standard #inventory_db) as one unit of work of a
 * {@link DirectorStore} sees it: one {@link VehicleRecord} per vehicle, and an index of ECU
 * serials that keeps each ECU registered to one vehicle. Also the rules an assignment must keep
 * before it is recorded, so that the Director never directs what a Primary must refuse
 * (#check_targets, #verify_image step 3).
 *
 * <p>Made for one unit of work, whose hold {@link DirectorRepository} takes.
 */
final class DirectorInventory {
  private static final Pattern VEHICLE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final DirectorStore.Records records;

  DirectorInventory(DirectorStore.Records records) {
    this.records = records;
  }

  static boolean isVehicleId(String vehicleId) {
    return VEHICLE_ID.matcher(vehicleId).matches();
  }

  static void requireVehicleId(String vehicleId) {
    Objects.requireNonNull(vehicleId, "vehicleId");
    if (!isVehicleId(vehicleId)) {
      throw new IllegalArgumentException("vehicle id \"" + vehicleId + "\" is not 1 to 64 "
          + "characters of [A-Za-z0-9._-] starting with a letter or digit");
    }
  }

  /** Registers the vehicle, its ECUs indexed first; see {@link DirectorRepository#register}. */
  void register(VehicleInventory vehicle) throws TufException, IOException {
    String vin = vehicle.vehicleId();
    if (records.vehicle(vin).isPresent()) {
      throw new InvalidRepositoryException("vehicle " + vin + " is already registered");
    }
    for (String serial : vehicle.ecus().keySet()) {
      Optional<String> owner = ecuOwner(serial);
      if (owner.isPresent()) {
        throw new InvalidRepositoryException("ECU " + serial + " is already registered to "
            + "vehicle " + owner.get() + "; ECU identifiers are unique (#inventory_db)");
      }
    }
    for (String serial : vehicle.ecus().keySet()) {
      records.putEcu(serial, vin);
    }
    // The record last: a crash of a store that cannot group writes leaves index entries no
    // vehicle confirms, which ecuOwner ignores.
    records.putVehicle(vin, VehicleRecord.register(vehicle).toBytes());
  }

  /** Rotates one ECU's key; see {@link DirectorRepository#rotateEcuKey}. */
  void rotateKey(String vin, String serial, Key newKey) throws TufException, IOException {
    VehicleRecord record = load(vin);
    RegisteredEcu old = registered(record, serial);
    VehicleInventory next = rebuilt(record, serial, () -> new RegisteredEcu(serial, newKey,
        old.hardwareId(), old.primary()));
    // The ECU is the same one: its replay state stays, so old reports stay refused.
    save(record.withEcus(next, record.assignments(), record.replay()));
  }

  /** Replaces one ECU by another; see {@link DirectorRepository#replaceEcu}. */
  void replace(String vin, String oldSerial, RegisteredEcu replacement)
      throws TufException, IOException {
    VehicleRecord record = load(vin);
    RegisteredEcu old = registered(record, oldSerial);
    String serial = replacement.serial();
    if (replacement.primary() != old.primary()) {
      throw new InvalidRepositoryException("ECU " + oldSerial + " of vehicle " + vin + " is "
          + (old.primary() ? "the Primary" : "a Secondary") + "; its replacement must be too");
    }
    if (!serial.equals(oldSerial)) {
      Optional<String> owner = ecuOwner(serial);
      if (owner.isPresent()) {
        throw new InvalidRepositoryException("ECU " + serial + " is already registered to "
            + "vehicle " + owner.get() + "; ECU identifiers are unique (#inventory_db)");
      }
    }
    VehicleInventory next = rebuilt(record, oldSerial, () -> replacement);
    Map<String, EcuAssignment> assignments = new TreeMap<>(record.assignments());
    EcuAssignment previous = assignments.remove(oldSerial);
    if (previous != null && fits(previous, replacement.hardwareId())) {
      // same hardware: the replacement is directed to install what the old ECU was
      assignments.put(serial, new EcuAssignment(serial, previous.image(), previous.uri()));
    }
    ImageRelations.check(vin, assignments.values());
    // A new ECU reports with its own counter from its own start: no replay state yet.
    Map<String, ManifestReplayState.EcuRecord> replay = new TreeMap<>(record.replay().ecus());
    replay.remove(oldSerial);
    replay.remove(serial);
    records.putEcu(serial, vin);
    save(record.withEcus(next, assignments, new ManifestReplayState(replay)));
    if (!serial.equals(oldSerial)) {
      // after the record: until then the index entry is confirmed by the record
      records.removeEcu(oldSerial);
    }
  }

  private static RegisteredEcu registered(VehicleRecord record, String serial)
      throws TufException {
    return record.inventory().ecu(serial).orElseThrow(() -> new InvalidRepositoryException(
        "ECU " + serial + " is not an ECU of vehicle " + record.vehicleId()));
  }

  /** The vehicle's ECUs with {@code serial}'s registration replaced by {@code replacement}. */
  private static VehicleInventory rebuilt(VehicleRecord record, String serial,
      java.util.function.Supplier<RegisteredEcu> replacement) throws TufException {
    try {
      VehicleInventory.Builder b = VehicleInventory.builder(record.vehicleId());
      for (RegisteredEcu e : record.inventory().ecus().values()) {
        b.add(e.serial().equals(serial) ? replacement.get() : e);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidRepositoryException("vehicle " + record.vehicleId() + ": "
          + e.getMessage(), e);
    }
  }

  private static boolean fits(EcuAssignment a, String hardwareId) throws TufException {
    try {
      return UptaneTargetCustom.of(a.image()).hardwareIds().map(ids -> ids.contains(hardwareId))
          .orElse(false);
    } catch (MalformedMetadataException e) {
      return false;
    }
  }

  /** The vehicle an ECU serial is registered to; see {@link DirectorRepository#ecuOwner}. */
  Optional<String> ecuOwner(String ecuSerial) throws TufException, IOException {
    Optional<String> indexed = records.ecuVehicle(ecuSerial);
    if (indexed.isEmpty()) {
      return Optional.empty();
    }
    String vin = indexed.get();
    Optional<VehicleRecord> record = find(vin);
    return record.isPresent() && record.get().ecus().containsKey(ecuSerial) ? Optional.of(vin)
        : Optional.empty();
  }

  /** The vehicle's record, or empty when it is not registered (or cannot be a vehicle id). */
  Optional<VehicleRecord> find(String vehicleId) throws TufException, IOException {
    if (!isVehicleId(vehicleId)) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = records.vehicle(vehicleId);
    return bytes.isEmpty() ? Optional.empty()
        : Optional.of(VehicleRecord.parse(bytes.get(), vehicleId));
  }

  /** The vehicle's record; refused when the vehicle is not registered. */
  VehicleRecord load(String vehicleId) throws TufException, IOException {
    return find(vehicleId).orElseThrow(() -> new InvalidRepositoryException("vehicle "
        + vehicleId + " is not registered"));
  }

  void save(VehicleRecord record) throws IOException {
    records.putVehicle(record.vehicleId(), record.toBytes());
  }

  // ------------------------------------------------------------------ assignment rules

  /**
   * {@code record} with {@code assignments}, once each is checked ({@link #checkAssignment}) and
   * no two ECUs are assigned different images or URLs under one name (the Targets metadata lists
   * a name once), and the images' dependencies and conflicts hold across the vehicle ({@link
   * ImageRelations}).
   */
  VehicleRecord checkAssignments(VehicleRecord record, Map<String, EcuAssignment> assignments)
      throws TufException, IOException {
    Map<String, EcuAssignment> byPath = new TreeMap<>();
    for (EcuAssignment a : assignments.values()) {
      checkAssignment(record, a);
      EcuAssignment samePath = byPath.putIfAbsent(a.image().path(), a);
      if (samePath != null && (!samePath.image().equals(a.image())
          || !samePath.uri().equals(a.uri()))) {
        throw new InvalidRepositoryException("ECUs " + samePath.ecuSerial() + " and "
            + a.ecuSerial() + " of vehicle " + record.vehicleId() + " are assigned different "
            + "images (or URLs) under one name, " + a.image().path() + "; the Targets metadata "
            + "lists a name once");
      }
    }
    ImageRelations.check(record.vehicleId(), assignments.values());
    return record.withAssignments(assignments);
  }

  /**
   * The ECU is the vehicle's (#check_targets), the image is the Image repository's entry with
   * hardware ids that include the ECU's (#inventory_db, #verify_image step 3), and a download
   * URL, when given, is not empty.
   */
  private void checkAssignment(VehicleRecord record, EcuAssignment a)
      throws TufException, IOException {
    String serial = a.ecuSerial();
    VehicleRecord.Ecu ecu = record.ecus().get(serial);
    if (ecu == null) {
      Optional<String> owner = ecuOwner(serial);
      throw new InvalidRepositoryException("ECU " + serial + " is not an ECU of vehicle "
          + record.vehicleId() + (owner.isPresent() ? " (it belongs to vehicle " + owner.get()
              + ")" : "") + "; a Primary refuses Targets naming ECUs not in its vehicle "
          + "(#check_targets)");
    }
    String path = a.image().path();
    RepositoryEditor.checkTargetPath(path);
    UptaneTargetCustom custom;
    try {
      custom = UptaneTargetCustom.of(a.image());
    } catch (MalformedMetadataException e) {
      throw new InvalidRepositoryException("image " + path + ": " + e.getMessage(), e);
    }
    if (custom.ecuIdentifiers().isPresent()) {
      throw new InvalidRepositoryException("image " + path + " carries ecuIdentifiers: give "
          + "the Image repository's entry, not a Director's");
    }
    List<String> hardwareIds = custom.hardwareIds().orElseThrow(() ->
        new InvalidRepositoryException("image " + path + " lists no hardware ids, so the "
            + "Director cannot check it suits ECU " + serial + " (#inventory_db)"));
    if (!hardwareIds.contains(ecu.hardwareId())) {
      throw new InvalidRepositoryException("image " + path + " is for hardware " + hardwareIds
          + "; ECU " + serial + " of vehicle " + record.vehicleId() + " is " + ecu.hardwareId()
          + " — the Director must not direct an incompatible image (#verify_image step 3)");
    }
    if (a.uri().isPresent() && a.uri().get().isEmpty()) {
      throw new InvalidRepositoryException("image " + path + ": an empty download URL");
    }
  }
}
