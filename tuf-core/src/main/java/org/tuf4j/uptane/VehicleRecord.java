package org.tuf4j.uptane;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.Dates;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.TargetFile;

/**
 * One vehicle's entry in the Director's private inventory database (Uptane Standard
 * #inventory_db): its ECUs, the images assigned to them, and what was last published for it
 * (versions, expiry and digests, so that versions only increase and an unchanged vehicle is not
 * re-signed). Stored as canonical JSON; never served.
 *
 * @param ecus ECU serial to its registration, ECU keys kept as written (decoded only when the
 *     inventory is asked for, not on every generation)
 * @param assignments ECU serial to the image it is directed to install
 * @param replay the replay state of the vehicle's last accepted manifest (#director_repository
 *     step 4), kept here so the Director, not its caller, owns it
 */
record VehicleRecord(String vehicleId, Map<String, Ecu> ecus,
    Map<String, EcuAssignment> assignments, Optional<Published> published,
    ManifestReplayState replay) {

  /** One registered ECU. */
  record Ecu(String serial, String hardwareId, boolean primary, JsonObject key) {
    RegisteredEcu registered() throws TufException {
      Key k = UptaneKeys.parse(key, UptaneProfile.STANDARD);
      return new RegisteredEcu(serial, k, hardwareId, primary);
    }
  }

  /**
   * What was last published for the vehicle.
   *
   * @param contentDigest sha256 of the Targets content (images and vehicle id), versions aside
   * @param timestampDigest sha256 of the timestamp file written, or with several encodings the
   *     sha256 of their sha256s (see {@code DirectorPublisher#timestampDigest})
   */
  record Published(long root, long targets, long snapshot, long timestamp,
      Instant targetsExpires, Instant snapshotExpires, Instant timestampExpires,
      String contentDigest, String timestampDigest) {}

  VehicleRecord {
    ecus = Collections.unmodifiableMap(new TreeMap<>(ecus));
    assignments = Collections.unmodifiableMap(new TreeMap<>(assignments));
  }

  static VehicleRecord register(VehicleInventory inventory) {
    Map<String, Ecu> ecus = new TreeMap<>();
    for (RegisteredEcu e : inventory.ecus().values()) {
      ecus.put(e.serial(), new Ecu(e.serial(), e.hardwareId(), e.primary(), e.key().toJson()));
    }
    return new VehicleRecord(inventory.vehicleId(), ecus, Map.of(), Optional.empty(),
        ManifestReplayState.EMPTY);
  }

  VehicleInventory inventory() throws TufException {
    VehicleInventory.Builder b = VehicleInventory.builder(vehicleId);
    for (Ecu e : ecus.values()) {
      b.add(e.registered());
    }
    return b.build();
  }

  VehicleRecord withAssignments(Map<String, EcuAssignment> newAssignments) {
    return new VehicleRecord(vehicleId, ecus, newAssignments, published, replay);
  }

  VehicleRecord withPublished(Published p) {
    return new VehicleRecord(vehicleId, ecus, assignments, Optional.of(p), replay);
  }

  VehicleRecord withReplay(ManifestReplayState next) {
    return new VehicleRecord(vehicleId, ecus, assignments, published, next);
  }

  /** This record with the vehicle's ECUs as {@code inventory} registers them. */
  VehicleRecord withEcus(VehicleInventory inventory, Map<String, EcuAssignment> newAssignments,
      ManifestReplayState newReplay) {
    Map<String, Ecu> next = register(inventory).ecus();
    return new VehicleRecord(vehicleId, next, newAssignments, published, newReplay);
  }

  // ------------------------------------------------------------------ JSON

  byte[] toBytes() {
    Map<String, JsonValue> ecuJson = new LinkedHashMap<>();
    ecus.forEach((serial, e) -> ecuJson.put(serial, new JsonWriter(Map.of())
        .put("hardwareId", e.hardwareId()).put("primary", JsonBoolean.of(e.primary()))
        .put("key", e.key()).build()));
    Map<String, JsonValue> assignmentJson = new LinkedHashMap<>();
    assignments.forEach((serial, a) -> {
      JsonWriter w = new JsonWriter(Map.of()).put("path", a.image().path())
          .put("image", a.image().toJson());
      a.uri().ifPresent(u -> w.put("uri", u));
      assignmentJson.put(serial, w.build());
    });
    JsonWriter out = new JsonWriter(Map.of()).put("vin", vehicleId)
        .put("ecus", new JsonObject(ecuJson)).put("assignments", new JsonObject(assignmentJson));
    published.ifPresent(p -> out.put("published", new JsonWriter(Map.of())
        .put("root", p.root()).put("targets", p.targets()).put("snapshot", p.snapshot())
        .put("timestamp", p.timestamp())
        .put("targetsExpires", Dates.format(p.targetsExpires()))
        .put("snapshotExpires", Dates.format(p.snapshotExpires()))
        .put("timestampExpires", Dates.format(p.timestampExpires()))
        .put("contentDigest", p.contentDigest()).put("timestampDigest", p.timestampDigest())
        .build()));
    if (!replay.ecus().isEmpty()) {
      out.put("replay", replay.toJson());
    }
    return CanonicalJson.encodeForFile(out.build());
  }

  /**
   * Reads a stored record.
   *
   * @throws MalformedMetadataException naming the member, for a record that is not one (or is
   *     another vehicle's)
   */
  static VehicleRecord parse(byte[] bytes, String expectedVehicleId) throws TufException {
    JsonFields f = JsonFields.of(CanonicalJson.parse(bytes), "vehicle");
    String vin = f.identifier("vin");
    if (!vin.equals(expectedVehicleId)) {
      throw JsonFields.invalid(f.child("vin"), "the record of " + expectedVehicleId + " names "
          + vin);
    }
    Map<String, Ecu> ecus = new TreeMap<>();
    for (Map.Entry<String, JsonValue> e : f.rawObject("ecus").members().entrySet()) {
      JsonFields ecu = JsonFields.of(e.getValue(), f.child("ecus") + "[\"" + e.getKey() + "\"]");
      JsonValue key = ecu.value("key");
      if (!(key instanceof JsonObject keyObject)) {
        throw JsonFields.schema(ecu.child("key"), "an object");
      }
      ecus.put(e.getKey(), new Ecu(e.getKey(), ecu.identifier("hardwareId"), ecu.bool("primary"),
          keyObject));
    }
    Map<String, EcuAssignment> assignments = new TreeMap<>();
    for (Map.Entry<String, JsonValue> e : f.rawObject("assignments").members().entrySet()) {
      JsonFields a = JsonFields.of(e.getValue(), f.child("assignments") + "[\"" + e.getKey()
          + "\"]");
      TargetFile image = targetFile(a.identifier("path"), a.object("image"));
      assignments.put(e.getKey(), new EcuAssignment(e.getKey(), image, a.optionalString("uri")));
    }
    Optional<Published> published = Optional.empty();
    if (f.has("published")) {
      JsonFields p = f.object("published");
      published = Optional.of(new Published(p.nonNegative("root"), p.nonNegative("targets"),
          p.nonNegative("snapshot"), p.nonNegative("timestamp"), p.date("targetsExpires"),
          p.date("snapshotExpires"), p.date("timestampExpires"), p.string("contentDigest"),
          p.string("timestampDigest")));
    }
    ManifestReplayState replay = f.has("replay")
        ? ManifestReplayState.parse(CanonicalJson.encode(f.value("replay")))
        : ManifestReplayState.EMPTY;
    return new VehicleRecord(vin, ecus, assignments, published, replay);
  }

  private static TargetFile targetFile(String path, JsonFields f)
      throws MalformedMetadataException {
    long length = f.nonNegative("length");
    Map<String, String> hashes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> h : f.rawObject("hashes").members().entrySet()) {
      hashes.put(h.getKey(), JsonFields.asString(h.getValue(),
          f.child("hashes") + "." + h.getKey()));
    }
    Optional<JsonValue> custom = f.optionalValue("custom");
    try {
      return new TargetFile(path, length, hashes, custom, f.unrecognized());
    } catch (IllegalArgumentException e) {
      throw JsonFields.invalid(f.path(), e.getMessage());
    }
  }
}
