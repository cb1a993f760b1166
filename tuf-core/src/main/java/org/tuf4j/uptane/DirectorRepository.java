package org.tuf4j.uptane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.Storage;
import org.tuf4j.uptane.VehicleRecord.Published;

/**
 * The Uptane Director repository (Uptane Standard #director_repository): an inventory of
 * vehicles (#inventory_db), the images assigned to their ECUs, and per vehicle a small TUF
 * repository — the shared root plus targets, snapshot and timestamp — generated on demand and
 * signed with online keys.
 *
 * <p>Rules the Director keeps, so that it never publishes what a Primary must refuse
 * (#check_targets, #verify_image):
 * <ul>
 *   <li>an image may be assigned only to an ECU of that vehicle, and only if the ECU's hardware
 *       identifier is one the Image repository lists for the image (#inventory_db: "to protect
 *       against the possibility of directing the ECU to install incompatible firmware");
 *   <li>one image per ECU ("no ECU identifier is represented more than once");
 *   <li>no delegations ("The Targets role on the Director repository SHALL NOT delegate");
 *   <li>each entry copies length and hashes from the Image repository's entry — never hashed or
 *       claimed here — and the SHALL-match custom fields ({@link ShallMatch}: hardware ids and
 *       release counter by default), adds {@code ecuIdentifiers} and an optional download URL
 *       (#targets_images_meta);
 *   <li>the Targets metadata always names the vehicle ({@link UptaneFields#TARGETS_CUSTOM}
 *       {@code .}{@link UptaneFields#VEHICLE_ID}), so that one vehicle's metadata — empty or
 *       not — cannot be replayed to another.
 * </ul>
 *
 * <p>Versions only increase, across processes: what was published is recorded in the
 * inventory storage, and {@link #generate} re-signs nothing when nothing changed (a Primary then
 * finds the same timestamp: "no new updates", #full_verification step 4). Renewal happens when
 * a role has less than half of its expiry period left.
 *
 * <p>Three {@link Storage}s:
 * <ul>
 *   <li>the <em>root repository</em>: a tuf4j repository (created and rotated with {@link
 *       org.tuf4j.repository.RepositoryEditor} or the {@code tuf} command, root keys offline)
 *       whose {@code metadata/N.root.json} (and {@code N.root.cbor}, for CBOR) every vehicle
 *       shares; its targets, snapshot and timestamp keys are the Director's online keys. New
 *       root versions published there are verified (§5.3.4) and adopted at the next {@link
 *       #generate}; roots must set {@code consistent_snapshot} (#metadata_filename_rules);
 *   <li>the <em>published</em> storage, served as it is by any static web server (or {@code tuf
 *       serve}): {@code metadata/<vehicle id>/N.root.json, root.json, N.targets.json,
 *       N.snapshot.json, timestamp.json}, and the same names in {@code .cbor} for CBOR. A
 *       Primary's {@link org.tuf4j.client.Updater} is built with {@code
 *       metadataBaseUrl(<base>/metadata/<vehicle id>/)} and, since the Director serves no
 *       images, {@code targetBaseUrl(<Image repository base>/targets/)}: the images are the
 *       Image repository's files, named by the same hashes;
 *   <li>the <em>inventory</em>: private, never served — vehicle records under {@code vehicles/}
 *       and an ECU-serial index under {@code ecus/}.
 * </ul>
 *
 * <p>Metadata is published in canonical JSON (the default), in deterministic CBOR, or in both
 * side by side ({@link Builder#encodings}; #meta_structures leaves the encoding open, see {@link
 * MetadataEncoding}): {@code N.targets.cbor}, {@code timestamp.cbor}, ... next to the {@code
 * .json} files. The content is the same in every encoding — one set of versions and expiry
 * times, snapshot {@code meta} naming {@code targets.json} — and each file set is complete on
 * its own: signed over its encoding's bytes, its timestamp listing the length and hash of the
 * snapshot file of the same encoding, its root files the root repository's files of that
 * encoding (which the root repository must therefore publish). A Primary reads one encoding,
 * set with {@link org.tuf4j.client.Updater.Builder#encoding}.
 *
 * <p>Vehicle identifiers become path segments: 1 to 64 characters of {@code [A-Za-z0-9._-]},
 * starting with a letter or digit (a VIN always is). Thread-safe: calls for one vehicle are
 * serialised, calls for different vehicles run in parallel.
 */
public final class DirectorRepository {
  static final String SPEC_VERSION = "1.0.34";
  private static final Pattern VEHICLE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int LOCK_STRIPES = 64;
  private static final List<RoleType> ONLINE = List.of(RoleType.TARGETS, RoleType.SNAPSHOT,
      RoleType.TIMESTAMP);

  private final Storage rootRepository;
  private final Set<MetadataEncoding> encodings;
  private final Storage published;
  private final Storage inventory;
  private final Clock clock;
  private final List<Signer> onlineSigners;
  private final Map<RoleType, Duration> expiryPeriods;
  private final ShallMatch shallMatch;
  private final Object[] locks = new Object[LOCK_STRIPES];
  private final Object registrationLock = new Object();
  private final Object rootLock = new Object();
  private volatile SharedRoot root;

  /**
   * The root every vehicle shares and the online signers for it.
   *
   * @param files per encoding published, every root version's file in that encoding, version
   *     {@code i + 1} at index {@code i}
   */
  private record SharedRoot(Signed<Root> signed, Map<MetadataEncoding, List<byte[]>> files,
      Map<RoleType, RoleSigners> signers) {
    long version() {
      return signed.signed().version();
    }

    byte[] file(MetadataEncoding encoding, long version) {
      return files.get(encoding).get((int) (version - 1));
    }
  }

  private DirectorRepository(Builder b) {
    this.rootRepository = b.rootRepository;
    this.encodings = Collections.unmodifiableSet(EnumSet.copyOf(b.encodings));
    this.published = b.published;
    this.inventory = b.inventory;
    this.clock = b.clock;
    this.onlineSigners = List.copyOf(b.onlineSigners);
    this.expiryPeriods = new EnumMap<>(b.expiryPeriods);
    this.shallMatch = b.shallMatch;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * A builder; the root repository, the published and inventory storages and the online signers
   * must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The encodings each vehicle's metadata is published in, JSON first when it is one.
   *
   * @return the encodings
   */
  public Set<MetadataEncoding> encodings() {
    return encodings;
  }

  /**
   * Where a vehicle's metadata is published, relative to the published storage's root.
   *
   * @param vehicleId the vehicle's identifier
   * @return the path, such as {@code metadata/VIN123/}
   */
  public static String metadataPath(String vehicleId) {
    requireVehicleId(vehicleId);
    return "metadata/" + vehicleId + "/";
  }

  // ------------------------------------------------------------------ inventory

  /**
   * Registers a vehicle and its ECUs (#inventory_db). ECU serials are unique across the fleet:
   * an ECU registered to another vehicle is refused.
   *
   * @param vehicle the vehicle and its ECUs
   * @throws IllegalArgumentException if the vehicle identifier cannot be a path segment
   * @throws InvalidRepositoryException if the vehicle or one of its ECUs is already registered
   * @throws IOException when the inventory storage cannot be read or written
   */
  public void register(VehicleInventory vehicle) throws TufException, IOException {
    String vin = vehicle.vehicleId();
    requireVehicleId(vin);
    synchronized (registrationLock) {
      synchronized (lock(vin)) {
        if (inventory.exists(recordPath(vin))) {
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
          inventory.write(ecuIndexPath(serial), CanonicalJson.encodeForFile(new Fields.Writer(Map.of())
              .put("serial", serial).put("vin", vin).build()));
        }
        // The record last: a crash before it leaves index entries no vehicle confirms.
        inventory.write(recordPath(vin), VehicleRecord.register(vehicle).toBytes());
      }
    }
  }

  /**
   * The registered vehicle, for checking its manifests ({@link ManifestVerifier}).
   *
   * @param vehicleId the vehicle's identifier
   * @return the vehicle as registered, or empty when it is not
   * @throws TufException when the stored record cannot be read as valid
   * @throws IOException when the inventory storage cannot be read
   */
  public Optional<VehicleInventory> vehicle(String vehicleId) throws TufException, IOException {
    if (!VEHICLE_ID.matcher(vehicleId).matches()) {
      return Optional.empty();
    }
    Optional<VehicleRecord> record = find(vehicleId);
    return record.isPresent() ? Optional.of(record.get().inventory()) : Optional.empty();
  }

  /**
   * The vehicle identifier an ECU serial is registered to, if any.
   *
   * @param ecuSerial the ECU's serial
   * @return the vehicle's identifier, or empty when the ECU is not registered
   * @throws TufException when the ECU index cannot be read as valid
   * @throws IOException when the inventory storage cannot be read
   */
  public Optional<String> ecuOwner(String ecuSerial) throws TufException, IOException {
    Optional<byte[]> entry = inventory.read(ecuIndexPath(ecuSerial));
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Fields f = Fields.of(CanonicalJson.parse(entry.get()), "ecu index");
    if (!f.identifier("serial").equals(ecuSerial)) {
      return Optional.empty(); // another serial with the same digest: never in practice
    }
    String vin = f.identifier("vin");
    Optional<VehicleRecord> record = VEHICLE_ID.matcher(vin).matches() ? find(vin)
        : Optional.empty();
    return record.isPresent() && record.get().ecus().containsKey(ecuSerial) ? Optional.of(vin)
        : Optional.empty();
  }

  // ------------------------------------------------------------------ assignments

  /**
   * The images the vehicle's ECUs are directed to install, by ECU serial.
   *
   * @param vehicleId the vehicle's identifier
   * @return the assignments, by ECU serial
   * @throws TufException when the vehicle is not registered or its record cannot be read
   * @throws IOException when the inventory storage cannot be read
   */
  public Map<String, EcuAssignment> assignments(String vehicleId)
      throws TufException, IOException {
    return load(vehicleId).assignments();
  }

  /**
   * Directs one ECU to install an image; takes effect at the next {@link #generate}. Assigning
   * the same image again changes nothing.
   *
   * @param vehicleId the vehicle's identifier
   * @param assignment the ECU and the image, as the Image repository lists it
   * @throws InvalidRepositoryException if the ECU is not this vehicle's, already has another
   *     image assigned ({@link #unassign} it first), is not of a hardware the image lists, or
   *     another ECU of the vehicle is assigned a different image under the same name
   * @throws IOException when the inventory storage cannot be read or written
   */
  public void assign(String vehicleId, EcuAssignment assignment)
      throws TufException, IOException {
    synchronized (lock(vehicleId)) {
      VehicleRecord record = load(vehicleId);
      EcuAssignment current = record.assignments().get(assignment.ecuSerial());
      if (assignment.equals(current)) {
        return;
      }
      if (current != null) {
        throw new InvalidRepositoryException("ECU " + assignment.ecuSerial() + " of vehicle "
            + vehicleId + " is already directed to install " + current.image().path()
            + "; one image per ECU (#check_targets) — unassign it first");
      }
      Map<String, EcuAssignment> next = new TreeMap<>(record.assignments());
      next.put(assignment.ecuSerial(), assignment);
      save(checkAssignments(record, next));
    }
  }

  /**
   * Replaces every assignment of the vehicle at once (an update campaign's plan for it).
   *
   * @param vehicleId the vehicle's identifier
   * @param assignments every assignment the vehicle should have; ECUs not listed get none
   * @throws InvalidRepositoryException as {@link #assign} does, and if an ECU appears twice
   * @throws IOException when the inventory storage cannot be read or written
   */
  public void setAssignments(String vehicleId, Collection<EcuAssignment> assignments)
      throws TufException, IOException {
    Map<String, EcuAssignment> next = new TreeMap<>();
    for (EcuAssignment a : assignments) {
      EcuAssignment other = next.putIfAbsent(a.ecuSerial(), a);
      if (other != null) {
        throw new InvalidRepositoryException("ECU " + a.ecuSerial() + " is assigned both "
            + other.image().path() + " and " + a.image().path() + "; one image per ECU "
            + "(#check_targets: no ECU identifier more than once)");
      }
    }
    synchronized (lock(vehicleId)) {
      VehicleRecord record = load(vehicleId);
      save(checkAssignments(record, next));
    }
  }

  /**
   * Withdraws an ECU's assignment; false if it had none.
   *
   * @param vehicleId the vehicle's identifier
   * @param ecuSerial the ECU's serial
   * @return true when an assignment was withdrawn
   * @throws TufException when the vehicle is not registered or its record cannot be read
   * @throws IOException when the inventory storage cannot be read or written
   */
  public boolean unassign(String vehicleId, String ecuSerial) throws TufException, IOException {
    synchronized (lock(vehicleId)) {
      VehicleRecord record = load(vehicleId);
      if (!record.assignments().containsKey(ecuSerial)) {
        return false;
      }
      Map<String, EcuAssignment> next = new TreeMap<>(record.assignments());
      next.remove(ecuSerial);
      save(record.withAssignments(next));
      return true;
    }
  }

  private VehicleRecord checkAssignments(VehicleRecord record,
      Map<String, EcuAssignment> assignments) throws TufException, IOException {
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
    return record.withAssignments(assignments);
  }

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

  // ------------------------------------------------------------------ generation

  /**
   * Brings the vehicle's published metadata up to date (#director_repository, "generates new
   * metadata representing the desired set of images"): when its assignments changed, a new root
   * was adopted, a role is within half its expiry period of expiring, or the published files are
   * not the ones last written, the roles concerned are re-signed at their next versions and
   * written in every encoding — root files first, the timestamp files last, each atomically;
   * otherwise nothing is written, in any encoding.
   *
   * @param vehicleId the vehicle's identifier
   * @return what is published for the vehicle now, and whether this call changed it
   * @throws InvalidRepositoryException if the vehicle is not registered, the shared root has
   *     expired, or the online signers do not meet a role's threshold under the current root
   * @throws IOException when a storage cannot be read or written
   */
  public DirectorPublication generate(String vehicleId) throws TufException, IOException {
    synchronized (lock(vehicleId)) {
      return generate(load(vehicleId), false);
    }
  }

  private DirectorPublication generate(VehicleRecord record, boolean forceAll)
      throws TufException, IOException {
    SharedRoot shared = currentRoot();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    if (!shared.signed().signed().expires().isAfter(now)) {
      throw new InvalidRepositoryException("the Director's root v" + shared.version()
          + " expired at " + shared.signed().signed().expires() + "; publish a new root in "
          + "the root repository");
    }
    String vin = record.vehicleId();
    String dir = metadataPath(vin);
    Map<String, TargetFile> images = directedImages(record);
    Map<String, JsonValue> roleFields = Map.of(UptaneFields.TARGETS_CUSTOM, new JsonObject(
        Map.of(UptaneFields.VEHICLE_ID, new JsonString(vin))));
    String contentDigest = contentDigest(images, roleFields);

    Optional<Published> last = record.published();
    boolean intact = !forceAll && last.isPresent()
        && last.get().timestampDigest().equals(publishedTimestampDigest(dir));
    boolean contentChanged = last.isEmpty() || !last.get().contentDigest().equals(contentDigest);
    boolean renewAll = !intact || contentChanged || last.get().root() != shared.version();
    boolean newTargets = renewAll || nearExpiry(last.get().targetsExpires(), RoleType.TARGETS,
        now);
    boolean newSnapshot = newTargets || nearExpiry(last.get().snapshotExpires(),
        RoleType.SNAPSHOT, now);
    boolean newTimestamp = newSnapshot || nearExpiry(last.get().timestampExpires(),
        RoleType.TIMESTAMP, now);
    if (!newTimestamp) {
      Published p = last.get();
      return new DirectorPublication(vin, dir, p.root(), p.targets(), p.snapshot(),
          p.timestamp(), DirectorPublication.Change.UNCHANGED);
    }

    // Versions continue from what was recorded, or — when the published files are not the ones
    // recorded (a crash between writes, a lost inventory) — from whatever is published now.
    long[] base = last.map(p -> new long[] {p.targets(), p.snapshot(), p.timestamp()})
        .orElse(new long[3]);
    if (!intact) {
      long[] found = publishedVersions(dir);
      for (int i = 0; i < 3; i++) {
        base[i] = Math.max(base[i], found[i]);
      }
    }
    long targetsVersion = newTargets ? base[0] + 1 : base[0];
    long snapshotVersion = newSnapshot ? base[1] + 1 : base[1];
    long timestampVersion = base[2] + 1;

    // One content, one set of versions; each encoding's files signed over its own bytes.
    Instant targetsExpires = last.map(Published::targetsExpires).orElse(null);
    Targets targets = null;
    if (newTargets) {
      targetsExpires = now.plus(expiryPeriods.get(RoleType.TARGETS));
      targets = new Targets(SPEC_VERSION, targetsVersion, targetsExpires, images,
          Optional.empty(), roleFields);
    }
    Instant snapshotExpires = last.map(Published::snapshotExpires).orElse(null);
    if (newSnapshot) {
      snapshotExpires = now.plus(expiryPeriods.get(RoleType.SNAPSHOT));
    }
    Instant timestampExpires = now.plus(expiryPeriods.get(RoleType.TIMESTAMP));
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<MetadataEncoding, byte[]> timestampFiles = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : encodings) {
      byte[] targetsFile = null;
      if (targets != null) {
        targetsFile = sign(shared, RoleType.TARGETS, targets, e);
        files.put(dir + e.fileName(targetsVersion + ".targets"), targetsFile);
      }
      byte[] snapshotFile;
      if (newSnapshot) {
        if (targetsFile == null) {
          Optional<byte[]> current = published.read(dir + e.fileName(targetsVersion
              + ".targets"));
          if (current.isEmpty()) {
            return generate(record, true);
          }
          targetsFile = current.get();
        }
        // "targets.json" in every encoding: the METAPATH names the role (see
        // MetadataEncoding); its length and hash are those of this encoding's file, so a
        // client bounds its download by them (TUF spec §5.6.1).
        Snapshot snapshot = new Snapshot(SPEC_VERSION, snapshotVersion, snapshotExpires,
            Map.of("targets.json", new MetaFile(targetsVersion,
                OptionalLong.of(targetsFile.length), Map.of("sha256", sha256Hex(targetsFile)),
                Map.of())), Map.of());
        snapshotFile = sign(shared, RoleType.SNAPSHOT, snapshot, e);
        files.put(dir + e.fileName(snapshotVersion + ".snapshot"), snapshotFile);
      } else {
        Optional<byte[]> current = published.read(dir + e.fileName(snapshotVersion
            + ".snapshot"));
        if (current.isEmpty()) {
          return generate(record, true);
        }
        snapshotFile = current.get();
      }
      // #timestamp_meta: the hashes of the snapshot file of the same encoding.
      MetaFile snapshotMeta = new MetaFile(snapshotVersion,
          OptionalLong.of(snapshotFile.length), Map.of("sha256", sha256Hex(snapshotFile)),
          Map.of());
      timestampFiles.put(e, sign(shared, RoleType.TIMESTAMP, new Timestamp(SPEC_VERSION,
          timestampVersion, timestampExpires, snapshotMeta, Map.of()), e));
    }

    // Record first: if a write below is lost, the digest no longer matches and the next call
    // republishes at higher versions.
    save(record.withPublished(new Published(shared.version(), targetsVersion, snapshotVersion,
        timestampVersion, targetsExpires, snapshotExpires, timestampExpires, contentDigest,
        timestampDigest(List.copyOf(timestampFiles.values())))));
    long firstRoot = intact ? last.get().root() + 1 : 1;
    for (MetadataEncoding e : encodings) {
      for (long v = firstRoot; v <= shared.version(); v++) {
        published.writeNew(dir + e.fileName(v + ".root"), shared.file(e, v));
      }
      if (firstRoot <= shared.version()) {
        published.write(dir + e.fileName("root"), shared.file(e, shared.version()));
      }
    }
    // Versioned files are written once (Storage#writeNew): versions only increase, and a
    // second Director instance that raced this one fails here instead of replacing them.
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      published.writeNew(f.getKey(), f.getValue());
    }
    for (Map.Entry<MetadataEncoding, byte[]> t : timestampFiles.entrySet()) {
      published.write(dir + t.getKey().fileName("timestamp"), t.getValue());
    }
    // Keep the previous version of each role for clients mid-refresh; drop the one before.
    for (MetadataEncoding e : encodings) {
      if (intact && newTargets && last.get().targets() > 1) {
        published.delete(dir + e.fileName((last.get().targets() - 1) + ".targets"));
      }
      if (intact && newSnapshot && last.get().snapshot() > 1) {
        published.delete(dir + e.fileName((last.get().snapshot() - 1) + ".snapshot"));
      }
    }
    return new DirectorPublication(vin, dir, shared.version(), targetsVersion, snapshotVersion,
        timestampVersion, contentChanged ? DirectorPublication.Change.UPDATED
            : DirectorPublication.Change.REFRESHED);
  }

  /**
   * The Targets entries: one per image name, naming every ECU directed to install it with its
   * hardware id, the Image repository's length and hashes, its SHALL-match fields, and the URL.
   */
  private Map<String, TargetFile> directedImages(VehicleRecord record)
      throws MalformedMetadataException {
    Map<String, List<EcuAssignment>> byPath = new TreeMap<>();
    for (EcuAssignment a : record.assignments().values()) {
      byPath.computeIfAbsent(a.image().path(), p -> new ArrayList<>()).add(a);
    }
    Map<String, TargetFile> out = new TreeMap<>();
    for (Map.Entry<String, List<EcuAssignment>> e : byPath.entrySet()) {
      EcuAssignment first = e.getValue().get(0);
      UptaneTargetCustom image = UptaneTargetCustom.of(first.image());
      Map<String, JsonValue> custom = new TreeMap<>();
      for (String field : shallMatch.fieldNames()) {
        if (!field.equals(UptaneTargetCustom.ECU_IDENTIFIERS)
            && !field.equals(UptaneTargetCustom.URI)) {
          image.field(field).ifPresent(v -> custom.put(field, v));
        }
      }
      Map<String, JsonValue> ecus = new TreeMap<>();
      for (EcuAssignment a : e.getValue()) {
        ecus.put(a.ecuSerial(), UptaneTargetCustom.EcuIdentifier.of(
            record.ecus().get(a.ecuSerial()).hardwareId()).toJson());
      }
      custom.put(UptaneTargetCustom.ECU_IDENTIFIERS, new JsonObject(ecus));
      first.uri().ifPresent(u -> custom.put(UptaneTargetCustom.URI, new JsonString(u)));
      out.put(e.getKey(), new TargetFile(e.getKey(), first.image().length(),
          first.image().hashes(), Optional.of(new JsonObject(custom)), Map.of()));
    }
    return out;
  }

  private static String contentDigest(Map<String, TargetFile> images,
      Map<String, JsonValue> roleFields) {
    Map<String, JsonValue> targets = new TreeMap<>();
    images.forEach((path, t) -> targets.put(path, t.toJson()));
    Map<String, JsonValue> content = new TreeMap<>(roleFields);
    content.put("targets", new JsonObject(targets));
    return sha256Hex(CanonicalJson.encode(new JsonObject(content)));
  }

  private boolean nearExpiry(Instant expires, RoleType role, Instant now) {
    return !expires.minus(expiryPeriods.get(role).dividedBy(2)).isAfter(now);
  }

  /** The whole file of {@code metadata} in {@code encoding}, signed by the role's online keys. */
  private static byte[] sign(SharedRoot root, RoleType role, RoleMetadata metadata,
      MetadataEncoding encoding) throws InvalidRepositoryException {
    Signed<RoleMetadata> unsigned = Signed.of(metadata, List.of(), encoding);
    return unsigned.withSignatures(root.signers().get(role).sign(unsigned.canonicalSigned()))
        .toBytes();
  }

  /**
   * What the vehicle record keeps of the timestamp files written, one per encoding in encoding
   * order: the sha256 of the file when there is one, else the sha256 of their sha256s — so a
   * change of the published encodings, too, makes the files "not the ones last written".
   */
  private static String timestampDigest(List<byte[]> timestampFiles) {
    if (timestampFiles.size() == 1) {
      return sha256Hex(timestampFiles.get(0));
    }
    StringBuilder digests = new StringBuilder();
    timestampFiles.forEach(f -> digests.append(sha256Hex(f)));
    return sha256Hex(digests.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** {@link #timestampDigest} of the timestamp files published in {@code dir} now. */
  private String publishedTimestampDigest(String dir) throws IOException {
    List<byte[]> files = new ArrayList<>(encodings.size());
    for (MetadataEncoding e : encodings) {
      files.add(published.read(dir + e.fileName("timestamp")).orElse(new byte[0]));
    }
    return timestampDigest(files);
  }

  /**
   * Targets, snapshot and timestamp versions published in {@code dir}, the highest of any
   * encoding; zero where unreadable.
   */
  private long[] publishedVersions(String dir) throws IOException {
    long[] out = new long[3];
    for (MetadataEncoding e : encodings) {
      long[] found = publishedVersions(dir, e);
      for (int i = 0; i < 3; i++) {
        out[i] = Math.max(out[i], found[i]);
      }
    }
    return out;
  }

  private long[] publishedVersions(String dir, MetadataEncoding encoding) throws IOException {
    long[] out = new long[3];
    try {
      Optional<byte[]> ts = published.read(dir + encoding.fileName("timestamp"));
      if (ts.isEmpty()) {
        return out;
      }
      Timestamp timestamp = Signed.parse(ts.get(), Timestamp.class,
          ParseOptions.DEFAULT.withEncoding(encoding)).signed();
      out[2] = timestamp.version();
      out[1] = timestamp.snapshotMeta().version();
      Optional<byte[]> snap = published.read(dir + encoding.fileName(out[1] + ".snapshot"));
      if (snap.isPresent()) {
        out[0] = Signed.parse(snap.get(), Snapshot.class,
            ParseOptions.DEFAULT.withEncoding(encoding)).signed()
            .metaFor("targets").map(MetaFile::version).orElse(0L);
      }
    } catch (TufException e) {
      // Unreadable files give no floor; the recorded versions still apply.
    }
    return out;
  }

  // ------------------------------------------------------------------ shared root

  /** The newest root of the root repository, adopting versions published since last asked. */
  private SharedRoot currentRoot() throws TufException, IOException {
    SharedRoot r = root;
    if (!nextRootPublished(rootRepository, r.version() + 1, encodings)) {
      return r;
    }
    synchronized (rootLock) {
      root = loadRoot(rootRepository, root, clock, onlineSigners, encodings);
      return root;
    }
  }

  /**
   * Whether root {@code version} is published in every encoding: a root publish interrupted
   * between two encodings is adopted once complete, so every file set keeps the same root.
   */
  private static boolean nextRootPublished(Storage storage, long version,
      Set<MetadataEncoding> encodings) throws IOException {
    for (MetadataEncoding e : encodings) {
      if (!storage.exists(rootPath(e, version))) {
        return false;
      }
    }
    return true;
  }

  private static String rootPath(MetadataEncoding encoding, long version) {
    return "metadata/" + encoding.fileName(version + ".root");
  }

  /**
   * Reads root versions from {@code from}'s next one (or 1) onwards in each of {@code
   * encodings}, each verified by its predecessor and itself (TUF spec §5.3.4) in its own
   * encoding, checks that every encoding holds the same root, and checks the online signers
   * against the newest.
   */
  private static SharedRoot loadRoot(Storage storage, SharedRoot from, Clock clock,
      List<Signer> signers, Set<MetadataEncoding> encodings) throws TufException, IOException {
    Map<MetadataEncoding, List<byte[]>> files = new EnumMap<>(MetadataEncoding.class);
    Map<MetadataEncoding, TrustedMetadataSet> sets = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : encodings) {
      List<byte[]> chain = new ArrayList<>(from == null ? List.of() : from.files().get(e));
      if (chain.isEmpty()) {
        chain.add(storage.read(rootPath(e, 1)).orElseThrow(() -> new InvalidRepositoryException(
            "the root repository has no " + rootPath(e, 1) + (e == MetadataEncoding.JSON ? ""
                : ": the Director publishes " + e + " metadata only when its root repository "
                + "does (RepositoryEditor.create with that encoding, or tuf init --encoding)"))));
      }
      sets.put(e, TrustedMetadataSet.fromTrustedRoot(chain.get(chain.size() - 1),
          TrustOptions.at(clock.instant()).withBackend(CryptoBackends.defaultBackend())
              .withLimits(JsonLimits.DEFAULT).withEncoding(e)));
      files.put(e, chain);
    }
    MetadataEncoding first = encodings.iterator().next();
    for (long next = files.get(first).size() + 1;
        nextRootPublished(storage, next, encodings); next++) {
      for (MetadataEncoding e : encodings) {
        byte[] file = storage.read(rootPath(e, next)).orElseThrow(() ->
            new InvalidRepositoryException("the root repository lost a root file being read"));
        sets.get(e).updateRoot(file);
        files.get(e).add(file);
      }
    }
    Root root = sets.get(first).root().signed();
    for (MetadataEncoding e : encodings) {
      if (!sets.get(e).root().signed().equals(root)) {
        throw new InvalidRepositoryException("the root repository's " + e + " root v"
            + sets.get(e).root().signed().version() + " is not its " + first + " root v"
            + root.version() + "; every encoding publishes the same root");
      }
    }
    if (!root.consistentSnapshot()) {
      throw new InvalidRepositoryException("the Director's root v" + root.version() + " must set "
          + "consistent_snapshot: metadata file names carry their version "
          + "(#metadata_filename_rules)");
    }
    Map<RoleType, RoleSigners> roleSigners = new EnumMap<>(RoleType.class);
    for (RoleType type : ONLINE) {
      roleSigners.put(type, RoleSigners.of(type.typeName(), root.keys(), root.role(type),
          signers).requireThreshold());
    }
    Map<MetadataEncoding, List<byte[]>> chains = new EnumMap<>(MetadataEncoding.class);
    files.forEach((e, chain) -> chains.put(e, List.copyOf(chain)));
    return new SharedRoot(sets.get(first).root(), Collections.unmodifiableMap(chains),
        roleSigners);
  }

  // ------------------------------------------------------------------ storage

  private Object lock(String vehicleId) {
    return locks[Math.floorMod(vehicleId.hashCode(), LOCK_STRIPES)];
  }

  private static void requireVehicleId(String vehicleId) {
    Objects.requireNonNull(vehicleId, "vehicleId");
    if (!VEHICLE_ID.matcher(vehicleId).matches()) {
      throw new IllegalArgumentException("vehicle id \"" + vehicleId + "\" is not 1 to 64 "
          + "characters of [A-Za-z0-9._-] starting with a letter or digit");
    }
  }

  private static String recordPath(String vehicleId) {
    return "vehicles/" + vehicleId + ".json";
  }

  private static String ecuIndexPath(String ecuSerial) {
    return "ecus/" + sha256Hex(ecuSerial.getBytes(StandardCharsets.UTF_8)) + ".json";
  }

  private Optional<VehicleRecord> find(String vehicleId) throws TufException, IOException {
    Optional<byte[]> bytes = inventory.read(recordPath(vehicleId));
    return bytes.isEmpty() ? Optional.empty()
        : Optional.of(VehicleRecord.parse(bytes.get(), vehicleId));
  }

  private VehicleRecord load(String vehicleId) throws TufException, IOException {
    Optional<VehicleRecord> record = VEHICLE_ID.matcher(vehicleId).matches() ? find(vehicleId)
        : Optional.empty();
    return record.orElseThrow(() -> new InvalidRepositoryException("vehicle " + vehicleId
        + " is not registered"));
  }

  private void save(VehicleRecord record) throws IOException {
    inventory.write(recordPath(record.vehicleId()), record.toBytes());
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Configures and opens a {@link DirectorRepository}. */
  public static final class Builder {
    private Storage rootRepository;
    private Set<MetadataEncoding> encodings = Set.of(MetadataEncoding.JSON);
    private Storage published;
    private Storage inventory;
    private Clock clock = Clock.systemUTC();
    private List<Signer> onlineSigners = List.of();
    private final Map<RoleType, Duration> expiryPeriods = new EnumMap<>(Map.of(
        RoleType.TARGETS, Duration.ofDays(7), RoleType.SNAPSHOT, Duration.ofDays(7),
        RoleType.TIMESTAMP, Duration.ofDays(1)));
    private ShallMatch shallMatch = ShallMatch.DEFAULT;

    private Builder() {}

    /**
     * The tuf4j repository whose root every vehicle shares (only its roots are read).
     *
     * @param storage the storage of the Director's shared root repository
     * @return this builder
     */
    public Builder rootRepository(Storage storage) {
      this.rootRepository = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * The encodings each vehicle's metadata is published in (default JSON): {@code
     * Set.of(MetadataEncoding.CBOR)} for deterministic CBOR, both for both side by side, each
     * file set complete and signed over its own bytes (#meta_structures). The root repository
     * must publish every one of them; {@link #build} refuses otherwise.
     *
     * @param encodings one or both of JSON and CBOR
     * @return this builder
     * @throws IllegalArgumentException for an empty set
     */
    public Builder encodings(Set<MetadataEncoding> encodings) {
      if (encodings.isEmpty()) {
        throw new IllegalArgumentException("the Director publishes at least one encoding");
      }
      this.encodings = EnumSet.copyOf(encodings);
      return this;
    }

    /**
     * Where per-vehicle metadata is written, to be served as it is.
     *
     * @param storage the storage that is served to vehicles
     * @return this builder
     */
    public Builder published(Storage storage) {
      this.published = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * The private inventory database: vehicle records and the ECU index; never served.
     *
     * @param storage the private storage
     * @return this builder
     */
    public Builder inventory(Storage storage) {
      this.inventory = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * The clock expiry is computed from (default: the system clock, UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The online keys: together they must meet the targets, snapshot and timestamp thresholds.
     *
     * @param signers the online signers
     * @return this builder
     */
    public Builder onlineSigners(List<Signer> signers) {
      this.onlineSigners = List.copyOf(signers);
      return this;
    }

    /**
     * How long targets, snapshot or timestamp metadata stays valid once signed (defaults: 7, 7
     * and 1 days). A role is re-signed when less than half of this is left.
     *
     * @param role {@link RoleType#TARGETS}, {@link RoleType#SNAPSHOT} or {@link RoleType#TIMESTAMP}
     * @param period the validity period, positive
     * @return this builder
     */
    public Builder expiryPeriod(RoleType role, Duration period) {
      if (!ONLINE.contains(role)) {
        throw new IllegalArgumentException("the Director signs only targets, snapshot and "
            + "timestamp; root lives in the root repository");
      }
      if (period.isNegative() || period.getSeconds() < 2) {
        throw new IllegalArgumentException("expiry period must be at least 2 seconds");
      }
      expiryPeriods.put(role, period);
      return this;
    }

    /**
     * The custom fields copied from the Image repository's entries (default: {@link
     * ShallMatch#DEFAULT}).
     *
     * @param fields the field names
     * @return this builder
     */
    public Builder shallMatch(ShallMatch fields) {
      this.shallMatch = Objects.requireNonNull(fields, "fields");
      return this;
    }

    /**
     * Reads and verifies the shared root and checks the online signers against it.
     *
     * @return the Director repository
     * @throws InvalidRepositoryException if the root repository has no valid root chain in
     *     each of the {@link #encodings} (or not the same root in each), its root does not set
     *     consistent snapshots, or the signers miss a threshold
     * @throws IOException when a storage cannot be read
     */
    public DirectorRepository build() throws TufException, IOException {
      Objects.requireNonNull(rootRepository, "rootRepository");
      Objects.requireNonNull(published, "published");
      Objects.requireNonNull(inventory, "inventory");
      DirectorRepository d = new DirectorRepository(this);
      d.root = loadRoot(rootRepository, null, clock, d.onlineSigners, d.encodings);
      return d;
    }
  }
}
