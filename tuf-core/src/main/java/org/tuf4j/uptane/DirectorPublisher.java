package org.tuf4j.uptane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.internal.Sha256;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.repository.Storage;
import org.tuf4j.uptane.VehicleRecord.Published;

/**
 * Generates one vehicle's Director metadata (Uptane Standard #director_repository, "generates
 * new metadata representing the desired set of images"): its Targets metadata
 * (#targets_images_meta), snapshot and timestamp (#timestamp_meta), signed with the online keys
 * of the {@link SharedRoot} and written to the published storage under the names of
 * #metadata_filename_rules. {@link #publish} runs the stages in order, each a method here:
 * <ol>
 *   <li>{@link #content}: the directed images and the vehicle id, and their digest;
 *   <li>{@link #renewal}: change detection and the expiry policy — which roles to re-sign;
 *   <li>{@link #plan}: the versions to sign at, continuing after a crash from whatever is
 *       published, and the expiry times;
 *   <li>{@link #sign}: the files of each encoding, each signed over its own bytes;
 *   <li>{@link #record}: what is about to be published, into the vehicle's record;
 *   <li>{@link #write}: root files first, versioned files once each, timestamps last, so that
 *       a client reading meanwhile sees one consistent snapshot or the next (TUF spec 1.0.34
 *       "Writing consistent snapshots", "Adding and updating targets");
 *   <li>{@link #removeSuperseded}: the version before the previous one of each re-signed role.
 * </ol>
 */
final class DirectorPublisher {
  private static final String SPEC_VERSION = "1.0.34";

  private final Storage published;
  private final Set<MetadataEncoding> encodings;
  private final Clock clock;
  private final Map<RoleType, Duration> expiryPeriods;
  private final ShallMatch shallMatch;

  /** What the vehicle's Targets metadata says, versions aside, and its sha256. */
  private record Content(Map<String, TargetFile> images, Map<String, JsonValue> roleFields,
      String digest) {}

  /**
   * Which roles are re-signed: each renewed role renews the ones that list it.
   *
   * @param intact whether the published timestamp files are the ones last recorded
   * @param contentChanged whether the Targets content differs from what was last published
   */
  private record Renewal(boolean intact, boolean contentChanged, boolean targets,
      boolean snapshot, boolean timestamp) {}

  /** The versions and expiry times of the roles to publish. */
  private record Plan(long targets, long snapshot, long timestamp, Instant targetsExpires,
      Instant snapshotExpires, Instant timestampExpires) {}

  /**
   * The files to write.
   *
   * @param versioned new targets and snapshot files by path, each written once
   * @param timestamps the timestamp file of each encoding, in encoding order
   */
  private record SignedFiles(Map<String, byte[]> versioned,
      Map<MetadataEncoding, byte[]> timestamps) {}

  DirectorPublisher(Storage published, Set<MetadataEncoding> encodings, Clock clock, Map<RoleType, Duration> expiryPeriods,
      ShallMatch shallMatch) {
    this.published = published;
    this.encodings = encodings;
    this.clock = clock;
    this.expiryPeriods = new EnumMap<>(expiryPeriods);
    this.shallMatch = shallMatch;
  }

  /**
   * Brings the vehicle's published metadata up to date under {@code shared}; see {@link
   * DirectorRepository#generate}.
   *
   * @param inventory where the vehicle's record is saved, in the vehicle's unit of work
   * @param forceAll re-sign every role, as when the published files are not the ones recorded
   * @return what is published now, or empty when a file this call would keep as it is is
   *     missing from the published storage: the caller then calls again with {@code forceAll}
   */
  Optional<DirectorPublication> publish(VehicleRecord record, SharedRoot shared,
      DirectorInventory inventory, boolean forceAll) throws TufException, IOException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    requireUnexpired(shared, now);
    String vin = record.vehicleId();
    String dir = DirectorRepository.metadataPath(vin);
    Content content = content(record);
    Optional<Published> last = record.published();
    Renewal renewal = renewal(last, content, shared, now, dir, forceAll);
    if (!renewal.timestamp()) {
      Published p = last.get();
      return Optional.of(new DirectorPublication(vin, dir, p.root(), p.targets(), p.snapshot(),
          p.timestamp(), DirectorPublication.Change.UNCHANGED));
    }
    Plan plan = plan(last, renewal, dir, now);
    Optional<SignedFiles> files = sign(shared, content, renewal, plan, dir);
    if (files.isEmpty()) {
      return Optional.empty();
    }
    record(inventory, record, shared, content, plan, files.get());
    write(dir, shared, renewal.intact() ? last.get().root() + 1 : 1, files.get());
    if (renewal.intact()) {
      removeSuperseded(dir, last.get(), renewal);
    }
    return Optional.of(new DirectorPublication(vin, dir, shared.version(), plan.targets(),
        plan.snapshot(), plan.timestamp(), renewal.contentChanged()
            ? DirectorPublication.Change.UPDATED : DirectorPublication.Change.REFRESHED));
  }

  private static void requireUnexpired(SharedRoot shared, Instant now)
      throws InvalidRepositoryException {
    if (!shared.signed().signed().expires().isAfter(now)) {
      throw new InvalidRepositoryException("the Director's root v" + shared.version()
          + " expired at " + shared.signed().signed().expires() + "; publish a new root in "
          + "the root repository");
    }
  }

  // ------------------------------------------------------------------ content

  /** The directed images and the vehicle id the Targets metadata names, with their digest. */
  private Content content(VehicleRecord record) throws MalformedMetadataException {
    Map<String, TargetFile> images = directedImages(record);
    Map<String, JsonValue> roleFields = Map.of(UptaneFields.TARGETS_CUSTOM, new JsonObject(
        Map.of(UptaneFields.VEHICLE_ID, new JsonString(record.vehicleId()))));
    Map<String, JsonValue> targets = new TreeMap<>();
    images.forEach((path, t) -> targets.put(path, t.toJson()));
    Map<String, JsonValue> whole = new TreeMap<>(roleFields);
    whole.put("targets", new JsonObject(targets));
    return new Content(images, roleFields, Sha256.hex(CanonicalJson.encode(
        new JsonObject(whole))));
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

  // ------------------------------------------------------------------ change detection

  /**
   * Every role is re-signed when nothing was published yet, the published files are not the
   * ones last written, the content changed or a new root was adopted; otherwise each role whose
   * expiry is near ({@link #nearExpiry}), and the roles above it.
   */
  private Renewal renewal(Optional<Published> last, Content content, SharedRoot shared,
      Instant now, String dir, boolean forceAll) throws IOException {
    boolean intact = !forceAll && last.isPresent()
        && last.get().timestampDigest().equals(publishedTimestampDigest(dir));
    boolean contentChanged = last.isEmpty() || !last.get().contentDigest().equals(
        content.digest());
    boolean renewAll = !intact || contentChanged || last.get().root() != shared.version();
    boolean targets = renewAll || nearExpiry(last.get().targetsExpires(), RoleType.TARGETS,
        now);
    boolean snapshot = targets || nearExpiry(last.get().snapshotExpires(), RoleType.SNAPSHOT,
        now);
    boolean timestamp = snapshot || nearExpiry(last.get().timestampExpires(),
        RoleType.TIMESTAMP, now);
    return new Renewal(intact, contentChanged, targets, snapshot, timestamp);
  }

  /** The expiry policy: a role is renewed once less than half of its period is left. */
  private boolean nearExpiry(Instant expires, RoleType role, Instant now) {
    return !expires.minus(expiryPeriods.get(role).dividedBy(2)).isAfter(now);
  }

  /**
   * What the vehicle record keeps of the timestamp files written, one per encoding in encoding
   * order: the sha256 of the file when there is one, else the sha256 of their sha256s — so a
   * change of the published encodings, too, makes the files "not the ones last written".
   */
  private static String timestampDigest(List<byte[]> timestampFiles) {
    if (timestampFiles.size() == 1) {
      return Sha256.hex(timestampFiles.get(0));
    }
    StringBuilder digests = new StringBuilder();
    timestampFiles.forEach(f -> digests.append(Sha256.hex(f)));
    return Sha256.hex(digests.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** {@link #timestampDigest} of the timestamp files published in {@code dir} now. */
  private String publishedTimestampDigest(String dir) throws IOException {
    List<byte[]> files = new ArrayList<>(encodings.size());
    for (MetadataEncoding e : encodings) {
      files.add(published.read(dir + e.fileName("timestamp")).orElse(new byte[0]));
    }
    return timestampDigest(files);
  }

  // ------------------------------------------------------------------ versions and expiry

  /**
   * Versions continue from what was recorded, or — when the published files are not the ones
   * recorded (a crash between writes, a lost inventory) — from whatever is published now; the
   * roles renewed expire one period from {@code now}, the others when they did.
   */
  private Plan plan(Optional<Published> last, Renewal renewal, String dir, Instant now)
      throws IOException {
    long[] base = last.map(p -> new long[] {p.targets(), p.snapshot(), p.timestamp()})
        .orElse(new long[3]);
    if (!renewal.intact()) {
      long[] found = publishedVersions(dir);
      for (int i = 0; i < 3; i++) {
        base[i] = Math.max(base[i], found[i]);
      }
    }
    Instant targetsExpires = renewal.targets() ? expiry(RoleType.TARGETS, now)
        : last.get().targetsExpires();
    Instant snapshotExpires = renewal.snapshot() ? expiry(RoleType.SNAPSHOT, now)
        : last.get().snapshotExpires();
    return new Plan(renewal.targets() ? base[0] + 1 : base[0],
        renewal.snapshot() ? base[1] + 1 : base[1], base[2] + 1, targetsExpires,
        snapshotExpires, expiry(RoleType.TIMESTAMP, now));
  }

  private Instant expiry(RoleType role, Instant now) {
    return now.plus(expiryPeriods.get(role));
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

  // ------------------------------------------------------------------ signing

  /**
   * One content, one set of versions; each encoding's files signed over its own bytes. Empty
   * when a targets or snapshot file kept as it is cannot be read back.
   */
  private Optional<SignedFiles> sign(SharedRoot shared, Content content, Renewal renewal,
      Plan plan, String dir) throws TufException, IOException {
    Optional<Targets> targets = renewal.targets()
        ? Optional.of(new Targets(SPEC_VERSION, plan.targets(), plan.targetsExpires(),
            content.images(), Optional.empty(), content.roleFields()))
        : Optional.empty();
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<MetadataEncoding, byte[]> timestamps = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : encodings) {
      Optional<byte[]> snapshotFile = snapshotFile(shared, targets, renewal, plan, dir, e, files);
      if (snapshotFile.isEmpty()) {
        return Optional.empty();
      }
      // #timestamp_meta: the hashes of the snapshot file of the same encoding.
      MetaFile snapshotMeta = new MetaFile(plan.snapshot(),
          OptionalLong.of(snapshotFile.get().length),
          Map.of("sha256", Sha256.hex(snapshotFile.get())), Map.of());
      timestamps.put(e, shared.sign(RoleType.TIMESTAMP, new Timestamp(SPEC_VERSION,
          plan.timestamp(), plan.timestampExpires(), snapshotMeta, Map.of()), e));
    }
    return Optional.of(new SignedFiles(files, timestamps));
  }

  /**
   * The snapshot file of encoding {@code e}: signed anew over the targets file (signed anew into
   * {@code files}, or as published), or as published when the snapshot is not renewed. Empty
   * when a file kept as published is missing.
   */
  private Optional<byte[]> snapshotFile(SharedRoot shared, Optional<Targets> targets,
      Renewal renewal, Plan plan, String dir, MetadataEncoding e, Map<String, byte[]> files)
      throws TufException, IOException {
    Optional<byte[]> targetsFile = Optional.empty();
    if (targets.isPresent()) {
      targetsFile = Optional.of(shared.sign(RoleType.TARGETS, targets.get(), e));
      files.put(dir + e.fileName(plan.targets() + ".targets"), targetsFile.get());
    }
    if (!renewal.snapshot()) {
      return published.read(dir + e.fileName(plan.snapshot() + ".snapshot"));
    }
    if (targetsFile.isEmpty()) {
      targetsFile = published.read(dir + e.fileName(plan.targets() + ".targets"));
      if (targetsFile.isEmpty()) {
        return Optional.empty();
      }
    }
    // "targets.json" in every encoding: the METAPATH names the role (see MetadataEncoding); its
    // length and hash are those of this encoding's file, so a client bounds its download by
    // them (TUF spec §5.6.1).
    Snapshot snapshot = new Snapshot(SPEC_VERSION, plan.snapshot(), plan.snapshotExpires(),
        Map.of("targets.json", new MetaFile(plan.targets(),
            OptionalLong.of(targetsFile.get().length),
            Map.of("sha256", Sha256.hex(targetsFile.get())), Map.of())), Map.of());
    byte[] snapshotFile = shared.sign(RoleType.SNAPSHOT, snapshot, e);
    files.put(dir + e.fileName(plan.snapshot() + ".snapshot"), snapshotFile);
    return Optional.of(snapshotFile);
  }

  // ------------------------------------------------------------------ recording and writing

  /**
   * Records what is about to be published, before it is: if a write is then lost, the digest no
   * longer matches and the next call republishes at higher versions.
   */
  private static void record(DirectorInventory inventory, VehicleRecord record,
      SharedRoot shared, Content content, Plan plan, SignedFiles files) throws IOException {
    inventory.save(record.withPublished(new Published(shared.version(), plan.targets(),
        plan.snapshot(), plan.timestamp(), plan.targetsExpires(), plan.snapshotExpires(),
        plan.timestampExpires(), content.digest(),
        timestampDigest(List.copyOf(files.timestamps().values())))));
  }

  /**
   * Writes the root files from version {@code firstRoot} on, then the versioned files, then the
   * timestamps, each atomically.
   */
  private void write(String dir, SharedRoot shared, long firstRoot, SignedFiles files)
      throws IOException {
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
    for (Map.Entry<String, byte[]> f : files.versioned().entrySet()) {
      published.writeNew(f.getKey(), f.getValue());
    }
    for (Map.Entry<MetadataEncoding, byte[]> t : files.timestamps().entrySet()) {
      published.write(dir + t.getKey().fileName("timestamp"), t.getValue());
    }
  }

  /** Keeps the previous version of each role for clients mid-refresh; drops the one before. */
  private void removeSuperseded(String dir, Published last, Renewal renewal) throws IOException {
    for (MetadataEncoding e : encodings) {
      if (renewal.targets() && last.targets() > 1) {
        published.delete(dir + e.fileName((last.targets() - 1) + ".targets"));
      }
      if (renewal.snapshot() && last.snapshot() > 1) {
        published.delete(dir + e.fileName((last.snapshot() - 1) + ".snapshot"));
      }
    }
  }
}
