package org.tuf4j.uptane;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.Storage;

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
 * state store, and {@link #generate} re-signs nothing when nothing changed (a Primary then
 * finds the same timestamp: "no new updates", #full_verification step 4). Renewal happens when
 * a role has less than half of its expiry period left.
 *
 * <p>Three places:
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
 *   <li>the <em>state</em>, a {@link DirectorStore}: private, never served — vehicle records
 *       and an ECU-serial index. {@link DirectorStore#files} keeps them as files for one process;
 *       Director processes that share a store that holds vehicles across processes (PostgreSQL,
 *       module {@code tuf-director-jdbc}) and one published storage serve one fleet together.
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
 * serialised by the store's hold on the vehicle, calls for different vehicles run in parallel.
 *
 * <p>This class owns the API, the locking and the adoption of new roots; the work is done by
 * package-private types: {@code DirectorInventory} (the inventory records and the assignment
 * rules: #inventory_db, #check_targets, #verify_image), {@code SharedRoot} (the root chain, TUF
 * spec 1.0.34 §5.3.4, and #metadata_filename_rules) and {@code DirectorPublisher} (generating a
 * vehicle's metadata: #director_repository, #targets_images_meta, #timestamp_meta).
 */
public final class DirectorRepository {
  private final Storage rootRepository;
  private final Set<MetadataEncoding> encodings;
  private final Clock clock;
  private final List<Signer> onlineSigners;
  private final DirectorStore store;
  private final DirectorPublisher publisher;
  private final Object rootLock = new Object();
  private volatile SharedRoot root;

  private DirectorRepository(Builder b) {
    this.rootRepository = b.rootRepository;
    this.encodings = Collections.unmodifiableSet(EnumSet.copyOf(b.encodings));
    this.clock = b.clock;
    this.onlineSigners = List.copyOf(b.onlineSigners);
    this.store = b.store;
    this.publisher = new DirectorPublisher(b.published, encodings, clock, b.expiryPeriods,
        b.shallMatch);
  }

  /**
   * A builder; the root repository, the published storage, the state store (or inventory
   * storage) and the online signers must be set.
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
    DirectorInventory.requireVehicleId(vehicleId);
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
   *     (an ECU's key is rotated with {@link #rotateEcuKey}, an ECU replaced with {@link
   *     #replaceEcu})
   * @throws IOException when the state store cannot be read or written
   */
  public void register(VehicleInventory vehicle) throws TufException, IOException {
    String vin = vehicle.vehicleId();
    DirectorInventory.requireVehicleId(vin);
    registering(vin, inventory -> inventory.register(vehicle));
  }

  /**
   * Rotates an ECU's key (#inventory_db: the inventory records "an ECU key" per ECU; a key can
   * be compromised or renewed): from now on the ECU's reports must be signed by {@code newKey}.
   * The ECU keeps its serial, hardware, assignment and replay state, so reports it signed before
   * cannot be replayed as new ones.
   *
   * @param vehicleId the vehicle's identifier
   * @param ecuSerial the ECU's serial
   * @param newKey the ECU's new public key
   * @throws InvalidRepositoryException if the vehicle is not registered, the ECU is not its, or
   *     the key cannot verify signatures or is another ECU's of the vehicle
   * @throws IOException when the state store cannot be read or written
   */
  public void rotateEcuKey(String vehicleId, String ecuSerial, Key newKey)
      throws TufException, IOException {
    Objects.requireNonNull(newKey, "newKey");
    update(vehicleId, inventory -> {
      inventory.rotateKey(vehicleId, ecuSerial, newKey);
      return null;
    });
  }

  /**
   * Replaces an ECU of a vehicle by another (a part swapped in the workshop): {@code
   * replacement} takes {@code oldSerial}'s place, as the Primary when the old ECU was the
   * Primary. The old ECU's assignment passes to the replacement when the image lists the
   * replacement's hardware, and is withdrawn otherwise; the replacement starts with no replay
   * state. The old serial is no longer registered and may be registered again elsewhere.
   *
   * @param vehicleId the vehicle's identifier
   * @param oldSerial the serial of the ECU taken out
   * @param replacement the ECU put in (its serial may be {@code oldSerial}: a new unit with the
   *     same identifier)
   * @throws InvalidRepositoryException if the vehicle is not registered, {@code oldSerial} is
   *     not its, the replacement's serial is registered to a vehicle, the replacement is not
   *     the Primary exactly when the old ECU was, its key is another ECU's of the vehicle, or
   *     withdrawing the old ECU's assignment breaks another image's dependencies
   * @throws IOException when the state store cannot be read or written
   */
  public void replaceEcu(String vehicleId, String oldSerial, RegisteredEcu replacement)
      throws TufException, IOException {
    Objects.requireNonNull(replacement, "replacement");
    registering(vehicleId, inventory -> inventory.replace(vehicleId, oldSerial, replacement));
  }

  /**
   * Checks a vehicle version manifest the vehicle's Primary uploaded (#director_repository
   * steps 1–4) against the vehicle as registered and the replay state the Director keeps for
   * it in its state store, and stores the next replay state when the manifest is accepted. A
   * refused manifest changes nothing. Calls for one vehicle are serialised, across Directors
   * sharing a store too, so two uploads of one manifest cannot both be accepted.
   *
   * @param vehicleId the vehicle's identifier (from the TLS client certificate, say)
   * @param manifestJson the manifest as received
   * @param verifier the checks and the profile to read the manifest under
   * @param now the Director's current time
   * @return the accepted manifest
   * @throws TufException the subtype names the failed check (see {@link ManifestVerifier}), or
   *     {@link InvalidRepositoryException} when the vehicle is not registered
   * @throws IOException when the state store cannot be read or written
   */
  public VerifiedManifest receiveManifest(String vehicleId, byte[] manifestJson,
      ManifestVerifier verifier, Instant now) throws TufException, IOException {
    Objects.requireNonNull(verifier, "verifier");
    return update(vehicleId, inventory -> {
      VehicleRecord record = inventory.load(vehicleId);
      VerifiedManifest verified = verifier.verify(manifestJson, record.inventory(),
          record.replay(), now);
      inventory.save(record.withReplay(verified.nextState()));
      return verified;
    });
  }

  /**
   * The replay state the Director keeps for the vehicle: per ECU, the counter and time of its
   * last accepted report.
   *
   * @param vehicleId the vehicle's identifier
   * @return the state, {@link ManifestReplayState#EMPTY} before the first accepted manifest
   * @throws TufException when the vehicle is not registered or its record cannot be read
   * @throws IOException when the state store cannot be read
   */
  public ManifestReplayState replayState(String vehicleId) throws TufException, IOException {
    return read(inventory -> inventory.load(vehicleId)).replay();
  }

  /**
   * The registered vehicle, for checking its manifests ({@link ManifestVerifier}).
   *
   * @param vehicleId the vehicle's identifier
   * @return the vehicle as registered, or empty when it is not
   * @throws TufException when the stored record cannot be read as valid
   * @throws IOException when the state store cannot be read
   */
  public Optional<VehicleInventory> vehicle(String vehicleId) throws TufException, IOException {
    Optional<VehicleRecord> record = read(inventory -> inventory.find(vehicleId));
    return record.isPresent() ? Optional.of(record.get().inventory()) : Optional.empty();
  }

  /**
   * The vehicle identifier an ECU serial is registered to, if any.
   *
   * @param ecuSerial the ECU's serial
   * @return the vehicle's identifier, or empty when the ECU is not registered
   * @throws TufException when the ECU index cannot be read as valid
   * @throws IOException when the state store cannot be read
   */
  public Optional<String> ecuOwner(String ecuSerial) throws TufException, IOException {
    return read(inventory -> inventory.ecuOwner(ecuSerial));
  }

  // ------------------------------------------------------------------ assignments

  /**
   * The images the vehicle's ECUs are directed to install, by ECU serial.
   *
   * @param vehicleId the vehicle's identifier
   * @return the assignments, by ECU serial
   * @throws TufException when the vehicle is not registered or its record cannot be read
   * @throws IOException when the state store cannot be read
   */
  public Map<String, EcuAssignment> assignments(String vehicleId)
      throws TufException, IOException {
    return read(inventory -> inventory.load(vehicleId)).assignments();
  }

  /**
   * Directs one ECU to install an image; takes effect at the next {@link #generate}. Assigning
   * the same image again changes nothing.
   *
   * @param vehicleId the vehicle's identifier
   * @param assignment the ECU and the image, as the Image repository lists it
   * @throws InvalidRepositoryException if the ECU is not this vehicle's, already has another
   *     image assigned ({@link #unassign} it first), is not of a hardware the image lists,
   *     another ECU of the vehicle is assigned a different image under the same name, or the
   *     image depends on an image no ECU of the vehicle is assigned, or conflicts with one that
   *     is ({@link UptaneFields#IMAGE_DEPENDENCIES}, {@link UptaneFields#IMAGE_CONFLICTS};
   *     assign an image and its dependencies together with {@link #setAssignments})
   * @throws IOException when the state store cannot be read or written
   */
  public void assign(String vehicleId, EcuAssignment assignment)
      throws TufException, IOException {
    update(vehicleId, inventory -> {
      VehicleRecord record = inventory.load(vehicleId);
      EcuAssignment current = record.assignments().get(assignment.ecuSerial());
      if (assignment.equals(current)) {
        return null;
      }
      if (current != null) {
        throw new InvalidRepositoryException("ECU " + assignment.ecuSerial() + " of vehicle "
            + vehicleId + " is already directed to install " + current.image().path()
            + "; one image per ECU (#check_targets) — unassign it first");
      }
      Map<String, EcuAssignment> next = new TreeMap<>(record.assignments());
      next.put(assignment.ecuSerial(), assignment);
      inventory.save(inventory.checkAssignments(record, next));
      return null;
    });
  }

  /**
   * Replaces every assignment of the vehicle at once (an update campaign's plan for it).
   *
   * @param vehicleId the vehicle's identifier
   * @param assignments every assignment the vehicle should have; ECUs not listed get none
   * @throws InvalidRepositoryException as {@link #assign} does, and if an ECU appears twice
   * @throws IOException when the state store cannot be read or written
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
    update(vehicleId, inventory -> {
      inventory.save(inventory.checkAssignments(inventory.load(vehicleId), next));
      return null;
    });
  }

  /**
   * Withdraws an ECU's assignment; false if it had none.
   *
   * @param vehicleId the vehicle's identifier
   * @param ecuSerial the ECU's serial
   * @return true when an assignment was withdrawn
   * @throws TufException when the vehicle is not registered or its record cannot be read, or
   *     ({@link InvalidRepositoryException}) when another assigned image depends on this one
   * @throws IOException when the state store cannot be read or written
   */
  public boolean unassign(String vehicleId, String ecuSerial) throws TufException, IOException {
    return update(vehicleId, inventory -> {
      VehicleRecord record = inventory.load(vehicleId);
      if (!record.assignments().containsKey(ecuSerial)) {
        return false;
      }
      Map<String, EcuAssignment> next = new TreeMap<>(record.assignments());
      next.remove(ecuSerial);
      ImageRelations.check(vehicleId, next.values()); // another image may depend on this one
      inventory.save(record.withAssignments(next));
      return true;
    });
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
    return update(vehicleId, inventory -> {
      VehicleRecord record = inventory.load(vehicleId);
      SharedRoot shared = currentRoot();
      Optional<DirectorPublication> done = publisher.publish(record, shared, inventory, false);
      return done.isPresent() ? done.get()
          : publisher.publish(record, shared, inventory, true).orElseThrow(() ->
              new IllegalStateException("re-signing every role needs no published file"));
    });
  }

  /** Work on the inventory records of one unit of work of the {@link DirectorStore}. */
  @FunctionalInterface
  private interface InventoryWork<T> {
    T run(DirectorInventory inventory) throws TufException, IOException;
  }

  /** Registration work, which returns nothing. */
  @FunctionalInterface
  private interface Registration {
    void run(DirectorInventory inventory) throws TufException, IOException;
  }

  private <T> T update(String vehicleId, InventoryWork<T> work)
      throws TufException, IOException {
    return store.update(vehicleId, records -> work.run(new DirectorInventory(records)));
  }

  private void registering(String vehicleId, Registration work)
      throws TufException, IOException {
    store.register(vehicleId, records -> {
      work.run(new DirectorInventory(records));
      return null;
    });
  }

  private <T> T read(InventoryWork<T> work) throws TufException, IOException {
    return store.read(records -> work.run(new DirectorInventory(records)));
  }

  /** The newest root of the root repository, adopting versions published since last asked. */
  private SharedRoot currentRoot() throws TufException, IOException {
    SharedRoot r = root;
    if (!SharedRoot.nextPublished(rootRepository, r.version() + 1, encodings)) {
      return r;
    }
    synchronized (rootLock) {
      root = SharedRoot.load(rootRepository, root, clock, onlineSigners, encodings);
      return root;
    }
  }

  /** Configures and opens a {@link DirectorRepository}. */
  public static final class Builder {
    private Storage rootRepository;
    private Set<MetadataEncoding> encodings = Set.of(MetadataEncoding.JSON);
    private Storage published;
    private DirectorStore store;
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
     * The private inventory database as files in a storage that is never served, for one
     * process: the same as {@code store(DirectorStore.files(storage))}.
     *
     * @param storage the private storage
     * @return this builder
     */
    public Builder inventory(Storage storage) {
      return store(DirectorStore.files(Objects.requireNonNull(storage, "storage")));
    }

    /**
     * Where the Director keeps its inventory, assignments, published versions and replay state
     * (#inventory_db): {@link DirectorStore#files} for one process, or a store several Director
     * processes share, such as {@code PostgresDirectorStore} of the {@code tuf-director-jdbc}
     * module. Directors sharing a store must share the published storage too.
     *
     * @param store the state store
     * @return this builder
     */
    public Builder store(DirectorStore store) {
      this.store = Objects.requireNonNull(store, "store");
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
      if (!SharedRoot.ONLINE.contains(role)) {
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
      Objects.requireNonNull(store, "store (or inventory)");
      DirectorRepository d = new DirectorRepository(this);
      d.root = SharedRoot.load(rootRepository, null, clock, d.onlineSigners, d.encodings);
      return d;
    }
  }
}
