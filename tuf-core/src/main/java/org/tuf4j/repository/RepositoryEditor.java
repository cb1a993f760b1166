package org.tuf4j.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * Edits a TUF repository and prepares the next {@link Release} (TUF spec §6 "Repository
 * operations"): targets added, replaced or removed; delegations by paths, hash prefixes or
 * succinct hash bins (TAP 15); keys and thresholds of any role; expiry periods. Only what
 * changed is re-signed: changing one target re-signs the role that lists it, the snapshot and
 * the timestamp — with hash bins, one bin out of thousands.
 *
 * <pre>{@code
 * RepositoryEditor editor = RepositoryEditor.open(storage, Clock.systemUTC());
 * editor.addTarget("firmware/v2.bin", Path.of("build/v2.bin"), Optional.empty());
 * Release release = editor.stage(onlineSigners);   // versions bumped, expiry reset, signed
 * release.publish();                               // verified as a client would, then written
 * }</pre>
 *
 * <p>Targets roles are loaded from storage only when an edit touches them, so editing a
 * repository of a million targets in hash bins reads and writes a few small files. Instances
 * are not thread-safe.
 *
 * <p>A repository publishes its metadata in one or more {@link MetadataEncoding}s, chosen when
 * it is created (JSON unless said otherwise) and found again by {@link #open}: with JSON and
 * CBOR, every release writes both file sets side by side ({@code N.ROLE.json} and {@code
 * N.ROLE.cbor}), with the same content, each signed in its own encoding by the same keys.
 */
public final class RepositoryEditor implements AutoCloseable {
  static final String SPEC_VERSION = "1.0.34";
  static final String TARGETS = RoleType.TARGETS.typeName();

  private final Storage storage;
  private final Clock clock;
  // The writer lock (Storage#lock), from open or create until a release is published or saved,
  // or the editor is closed; staging again takes it again.
  private Storage.Lock lock;
  private boolean readOnly;
  // Each encoding's timestamp.json as this editor last read or wrote it: publishing checks that
  // no other writer replaced it in between.
  private final Map<MetadataEncoding, byte[]> timestampSeen =
      new EnumMap<>(MetadataEncoding.class);
  private final Set<MetadataEncoding> encodings;
  // The encoding whose published state edits build on: the one with the newest root.
  private MetadataEncoding primary;
  // The publishing policy (RepositoryConfig.PATH), written with the next release when changed.
  private RepositoryConfig config = new RepositoryConfig();
  private boolean configChanged;

  // Published state per encoding (no entry for a repository that has never been published),
  // and the targets roles read so far, parsed from the first encoding.
  private final Map<MetadataEncoding, Published> published =
      new EnumMap<>(MetadataEncoding.class);
  private final Map<String, Signed<Targets>> publishedTargets = new HashMap<>();

  /** What is published in one encoding; targets files are read when first needed. */
  private static final class Published {
    Signed<Root> root;
    Signed<Timestamp> timestamp;
    Signed<Snapshot> snapshot;
    final Map<String, byte[]> targetsBytes = new HashMap<>();

    Published(Signed<Root> root, Signed<Timestamp> timestamp, Signed<Snapshot> snapshot) {
      this.root = root;
      this.timestamp = timestamp;
      this.snapshot = snapshot;
    }
  }

  // Drafts.
  private Root root;
  private boolean rootChanged;
  private final Map<String, Draft> drafts = new LinkedHashMap<>();
  private final Map<String, String> delegatorOf = new HashMap<>();
  // Target path to its content (byte[] in memory or a local Path), written at publish.
  private final Map<String, Object> newContent = new LinkedHashMap<>();
  private boolean snapshotChanged;

  /** A targets role being edited: its last published form plus the changes. */
  private static final class Draft {
    final String name;
    Map<String, TargetFile> targets;
    Optional<Delegations> delegations;
    Instant expires;
    Map<String, JsonValue> unrecognized;
    long publishedVersion;
    boolean changed;

    Draft(String name) {
      this.name = name;
    }
  }

  private RepositoryEditor(Storage storage, Clock clock, Set<MetadataEncoding> encodings) {
    this.storage = storage;
    this.clock = clock;
    this.encodings = Collections.unmodifiableSet(EnumSet.copyOf(encodings));
    this.primary = this.encodings.iterator().next();
    config.encodings.addAll(this.encodings);
  }

  /**
   * A new repository: root v1 with these keys and thresholds for the four top-level roles, an
   * empty targets role. Nothing is written until {@link Release#publish()}.
   *
   * @param storage where the repository is published; it must not hold one already
   * @param clock the source of every expiry and of the staging time
   * @param roles the keys and threshold of each top-level role
   * @param consistentSnapshot publish {@code N.role.json} and {@code <hash>.<name>} targets (one
   *     name per listed hash: sha256 and sha512)
   * @return an editor of the new repository, publishing JSON
   * @throws TufException when {@code storage} already holds a repository or cannot be read ({@link
   *     InvalidRepositoryException})
   */
  public static RepositoryEditor create(Storage storage, Clock clock,
      Map<RoleType, RoleKeys> roles, boolean consistentSnapshot) throws TufException {
    return create(storage, clock, roles, consistentSnapshot, Set.of(MetadataEncoding.JSON));
  }

  /**
   * As {@link #create(Storage, Clock, Map, boolean)}, publishing metadata in each of {@code
   * encodings}: JSON, CBOR, or both side by side. Every later release of the repository
   * publishes the same encodings.
   *
   * @param storage where the repository is published; it must not hold one already
   * @param clock the source of every expiry and of the staging time
   * @param roles the keys and threshold of each top-level role
   * @param consistentSnapshot publish {@code N.role.json} and {@code <hash>.<name>} targets
   * @param encodings the metadata encodings to publish, at least one
   * @return an editor of the new repository
   * @throws TufException when {@code storage} already holds a repository or cannot be read ({@link
   *     InvalidRepositoryException})
   */
  public static RepositoryEditor create(Storage storage, Clock clock,
      Map<RoleType, RoleKeys> roles, boolean consistentSnapshot,
      Set<MetadataEncoding> encodings) throws TufException {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(clock, "clock");
    if (encodings.isEmpty()) {
      throw new IllegalArgumentException("a repository publishes at least one encoding");
    }
    Storage.Lock lock = lockOrRefuse(storage);
    try {
      for (MetadataEncoding e : MetadataEncoding.values()) {
        if (storage.exists("metadata/" + e.fileName("1.root"))
            || storage.exists("metadata/" + e.fileName("root"))) {
          throw new InvalidRepositoryException("storage already holds a repository; open it "
              + "instead");
        }
      }
    } catch (IOException e) {
      closeQuietly(lock, e);
      throw new InvalidRepositoryException("cannot read storage: " + e.getMessage(), e);
    } catch (TufException | RuntimeException e) {
      closeQuietly(lock, e);
      throw e;
    }
    RepositoryEditor editor = new RepositoryEditor(storage, clock, encodings);
    editor.lock = lock;
    editor.configChanged = true;
    Map<String, Key> keys = new LinkedHashMap<>();
    Map<String, Role> roleMap = new LinkedHashMap<>();
    for (RoleType type : RoleType.values()) {
      RoleKeys rk = roles.get(type);
      if (rk == null) {
        throw new IllegalArgumentException("no keys for the " + type + " role");
      }
      keys.putAll(rk.byId());
      roleMap.put(type.typeName(), new Role(rk.keyIds(), rk.threshold()));
    }
    editor.root = new Root(SPEC_VERSION, 1, editor.expiry("root"),
        Optional.of(consistentSnapshot), keys, roleMap, Map.of());
    editor.rootChanged = true;
    Draft targets = new Draft(TARGETS);
    targets.targets = new LinkedHashMap<>();
    targets.delegations = Optional.empty();
    targets.unrecognized = Map.of();
    targets.changed = true;
    editor.drafts.put(TARGETS, targets);
    editor.snapshotChanged = true;
    return editor;
  }

  /**
   * Opens the repository published in {@code storage}: the newest root, the timestamp, the
   * snapshot it names, in every encoding the repository publishes (those with a root file).
   * Targets roles are read when first edited.
   *
   * <p>A publish interrupted between the root files of two encodings leaves one encoding a root
   * version behind; the next release then publishes that root in it too (signed again in that
   * encoding), and cannot change root itself.
   *
   * @param storage where the repository is published
   * @param clock the source of every expiry and of the staging time
   * @return an editor of the repository
   * @throws InvalidRepositoryException when there is no repository, or an encoding's newest root
   *     is more than one version behind another's
   * @throws TufException when {@code storage} holds no repository, or metadata that does not parse
   * @throws IOException when the storage cannot be read
   */
  public static RepositoryEditor open(Storage storage, Clock clock)
      throws TufException, IOException {
    Storage.Lock lock = lockOrRefuse(storage);
    try {
      RepositoryEditor editor = read(storage, clock);
      editor.lock = lock;
      return editor;
    } catch (IOException | TufException | RuntimeException e) {
      closeQuietly(lock, e);
      throw e;
    }
  }

  /**
   * The repository published in {@code storage}, for reading only: no lock is taken, so a
   * writer elsewhere may be editing it meanwhile, and nothing can be staged, saved or published
   * through this editor or a release it resumes.
   *
   * @param storage where the repository is published
   * @param clock the source of the times its answers use
   * @return a read-only editor of the repository
   * @throws TufException when {@code storage} holds no repository, or metadata that does not parse
   * @throws IOException when the storage cannot be read
   */
  public static RepositoryEditor inspect(Storage storage, Clock clock)
      throws TufException, IOException {
    RepositoryEditor editor = read(storage, clock);
    editor.readOnly = true;
    return editor;
  }

  /** Refuses a write through an editor opened by {@link #inspect}. */
  void requireWritable(String what) {
    if (readOnly) {
      throw new IllegalStateException("cannot " + what + ": the repository was opened for "
          + "reading only (RepositoryEditor.inspect); open it to edit");
    }
  }

  /** The writer lock, or a refusal that names the holder. */
  private static Storage.Lock lockOrRefuse(Storage storage) throws TufException {
    try {
      return storage.lock();
    } catch (IOException e) {
      throw new InvalidRepositoryException("cannot lock the repository: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Storage.Lock lock, Throwable failure) {
    try {
      lock.close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Reads the published state; the caller holds the lock. */
  private static RepositoryEditor read(Storage storage, Clock clock)
      throws TufException, IOException {
    Map<MetadataEncoding, Published> found = new EnumMap<>(MetadataEncoding.class);
    Map<MetadataEncoding, byte[]> timestamps = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : MetadataEncoding.values()) {
      Optional<Signed<Root>> root = newestRoot(storage, e);
      if (root.isPresent()) {
        byte[] timestampBytes = require(storage, "metadata/" + e.fileName("timestamp"));
        timestamps.put(e, timestampBytes);
        Signed<Timestamp> timestamp = Signed.parse(timestampBytes, Timestamp.class,
            ParseOptions.DEFAULT.withEncoding(e));
        long snapshotVersion = timestamp.signed().snapshotMeta().version();
        Signed<Snapshot> snapshot = Signed.parse(require(storage, metadataPath("snapshot",
            snapshotVersion, root.get().signed().consistentSnapshot(), e)), Snapshot.class,
            ParseOptions.DEFAULT.withEncoding(e));
        found.put(e, new Published(root.get(), timestamp, snapshot));
      }
    }
    if (found.isEmpty()) {
      throw new InvalidRepositoryException("no repository in storage: metadata/1.root.json "
          + "and metadata/root.json are missing (nor .cbor)");
    }
    RepositoryEditor editor = new RepositoryEditor(storage, clock, found.keySet());
    editor.published.putAll(found);
    editor.timestampSeen.putAll(timestamps);
    for (Map.Entry<MetadataEncoding, Published> e : found.entrySet()) {
      if (e.getValue().root.signed().version() > editor.publishedRoot().signed().version()) {
        editor.primary = e.getKey();
      }
    }
    long newest = editor.publishedRoot().signed().version();
    for (Map.Entry<MetadataEncoding, Published> e : found.entrySet()) {
      if (e.getValue().root.signed().version() < newest - 1) {
        throw new InvalidRepositoryException("the " + e.getKey() + " metadata's newest root is v"
            + e.getValue().root.signed().version() + " but the " + editor.primary + " metadata's"
            + " is v" + newest + "; only one interrupted root version can be completed");
      }
    }
    editor.root = editor.publishedRoot().signed();
    Optional<byte[]> config = storage.read(RepositoryConfig.PATH);
    if (config.isPresent()) {
      editor.config = RepositoryConfig.parse(config.get(), editor::isRoleName);
      if (!editor.config.encodings.equals(editor.encodings)) {
        editor.config.encodings.clear(); // what the metadata shows wins over what was recorded
        editor.config.encodings.addAll(editor.encodings);
        editor.configChanged = true;
      }
    } else {
      editor.configChanged = true; // a repository from before the file: written with its next release
    }
    return editor;
  }

  /** The newest {@code N.root} of {@code encoding}, else the plain {@code root} file. */
  private static Optional<Signed<Root>> newestRoot(Storage storage, MetadataEncoding encoding)
      throws TufException, IOException {
    Signed<Root> root = null;
    for (long v = 1; ; v++) {
      Optional<byte[]> bytes = storage.read("metadata/" + encoding.fileName(v + ".root"));
      if (bytes.isEmpty()) {
        break;
      }
      root = Signed.parse(bytes.get(), Root.class, ParseOptions.DEFAULT.withEncoding(encoding));
    }
    if (root == null) {
      Optional<byte[]> plain = storage.read("metadata/" + encoding.fileName("root"));
      if (plain.isPresent()) {
        root = Signed.parse(plain.get(), Root.class, ParseOptions.DEFAULT.withEncoding(encoding));
      }
    }
    return Optional.ofNullable(root);
  }

  static byte[] require(Storage storage, String path)
      throws IOException, InvalidRepositoryException {
    return storage.read(path).orElseThrow(() -> new InvalidRepositoryException(
        "repository is incomplete: " + path + " is missing"));
  }

  /** Repository path of a role's JSON metadata file. */
  static String metadataPath(String role, long version, boolean consistent) {
    return metadataPath(role, version, consistent, MetadataEncoding.JSON);
  }

  /** Repository path of a role's metadata file in {@code encoding}. */
  static String metadataPath(String role, long version, boolean consistent,
      MetadataEncoding encoding) {
    String name = encoding.fileName(quote(role));
    return "metadata/" + (consistent ? version + "." + name : name);
  }

  /** Percent-encodes a role name into one path segment, as clients request it. */
  static String quote(String role) {
    StringBuilder out = new StringBuilder();
    for (byte b : role.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ policy

  /**
   * How long a role's metadata stays valid after it is signed, for this and every later release
   * (kept in the repository's configuration). Delegated roles without a period of their own use
   * {@code targets}'.
   *
   * @param role a top-level role, or a delegated role of this repository
   * @param period the validity period
   * @return this editor
   * @throws IllegalArgumentException when the period is not positive, or the repository has no
   *     role of that name (a mistyped name is never accepted)
   */
  public RepositoryEditor setExpiryPeriod(String role, Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("expiry period must be positive");
    }
    requireRoleName(role);
    config.expiry.put(role, period);
    configChanged = true;
    return this;
  }

  /**
   * Which roles sign with keys kept online (by default snapshot and timestamp), recorded in the
   * repository's configuration for the tools that re-sign it ({@link #resignExpiring}).
   *
   * @param roles roles of this repository
   * @return this editor
   * @throws IllegalArgumentException when the repository has no role of one of those names
   */
  public RepositoryEditor setOnlineRoles(Set<String> roles) {
    roles.forEach(this::requireRoleName);
    config.onlineRoles.clear();
    config.onlineRoles.addAll(roles);
    configChanged = true;
    return this;
  }

  /**
   * The roles recorded as signing with online keys ({@link #setOnlineRoles}).
   *
   * @return the role names, sorted
   */
  public Set<String> onlineRoles() {
    return Collections.unmodifiableSet(new TreeSet<>(config.onlineRoles));
  }

  /**
   * Which digests targets added from now on list: {@code sha256} alone, or {@code sha256} and
   * {@code sha512} (the default). Kept in the repository's configuration.
   *
   * @param algorithms the digest names
   * @return this editor
   * @throws IllegalArgumentException for an unknown name, or a set without {@code sha256}
   */
  public RepositoryEditor setTargetHashes(Set<String> algorithms) {
    if (!RepositoryConfig.TARGET_HASHES.containsAll(algorithms)
        || !algorithms.contains("sha256")) {
      throw new IllegalArgumentException("target hashes must be sha256, optionally with sha512; "
          + "got " + algorithms);
    }
    config.targetHashes.clear();
    config.targetHashes.addAll(algorithms);
    configChanged = true;
    return this;
  }

  private void requireRoleName(String role) {
    if (!isRoleName(role)) {
      throw new IllegalArgumentException("this repository has no role named \"" + role
          + "\"; its roles are " + targetsRolesAndTopLevel());
    }
  }

  /** A top-level role, or a targets role published or created in this editor. */
  private boolean isRoleName(String role) {
    return RoleType.fromTypeName(role).isPresent() || roleExists(role);
  }

  private Set<String> targetsRolesAndTopLevel() {
    Set<String> all = new TreeSet<>(targetsRoles());
    for (RoleType t : RoleType.values()) {
      all.add(t.typeName());
    }
    return all;
  }

  /**
   * Whether timestamps list the length and sha256 of the snapshot file they name, not only its
   * version (the default). TUF makes both optional (§4.6); listed, they bound the client's
   * download of the snapshot (§5.5.1), and the Uptane Standard requires the hashes
   * (#timestamp_meta). The timestamp of a {@link Release} always describes the snapshot file as
   * it would be written: a signature added to the snapshot later replaces the timestamp's
   * signatures by those of the keys the release was signed with so far ({@link Release#sign}).
   *
   * @param listHashes true to list the snapshot's length and hashes
   * @return this editor
   */
  public RepositoryEditor setTimestampListsSnapshotHashes(boolean listHashes) {
    config.timestampListsSnapshotHashes = listHashes;
    configChanged = true;
    return this;
  }

  boolean timestampListsSnapshotHashes() {
    return config.timestampListsSnapshotHashes;
  }

  /**
   * Whether snapshots list the length and sha256 of each targets file they name, not only its
   * version (the default). Listed, they bound the client's download of each targets role
   * (§5.6.1), so a large role is read without raising a client's configured maximum. The
   * snapshot of a {@link Release} always describes the targets files as they would be written:
   * a signature added to a targets role later replaces the snapshot's (and the timestamp's)
   * signatures by those of the keys the release was signed with so far ({@link Release#sign});
   * without them, sign the snapshot and timestamp again before publishing.
   *
   * @param listHashes true to list each targets file's length and hashes
   * @return this editor
   */
  public RepositoryEditor setSnapshotListsTargetsHashes(boolean listHashes) {
    config.snapshotListsTargetsHashes = listHashes;
    configChanged = true;
    return this;
  }

  boolean snapshotListsTargetsHashes() {
    return config.snapshotListsTargetsHashes;
  }

  Instant expiry(String role) {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(expiryPeriod(role));
  }

  private Duration expiryPeriod(String role) {
    return config.expiry.getOrDefault(role, config.expiry.get(TARGETS));
  }

  /** {@return the clock expiries are computed from} */
  public Clock clock() {
    return clock;
  }

  /**
   * The encodings this repository publishes, JSON first when it is one of them.
   *
   * @return the encodings
   */
  public Set<MetadataEncoding> encodings() {
    return encodings;
  }

  Storage storage() {
    return storage;
  }

  // ------------------------------------------------------------------ top-level keys

  /**
   * The root as it will be signed next (version not yet bumped).
   *
   * @return the root with every root change so far
   */
  public Root root() {
    return root;
  }

  /**
   * Adds {@code key} to a top-level role: a root change (§6.1 key management).
   *
   * @param role the top-level role
   * @param key the key to add
   * @return this editor
   */
  public RepositoryEditor addKey(RoleType role, Key key) {
    Role current = root.role(role);
    String id = key.computeKeyId();
    if (current.keyIds().contains(id)) {
      return this;
    }
    List<String> ids = new ArrayList<>(current.keyIds());
    ids.add(id);
    Map<String, Key> keys = new LinkedHashMap<>(root.keys());
    keys.put(id, key);
    replaceRole(role, new Role(ids, current.threshold()), keys);
    return this;
  }

  /**
   * Removes a key from a top-level role: a root change.
   *
   * @param role the top-level role
   * @param keyId the id of the key to remove
   * @return this editor
   * @throws InvalidRepositoryException if the role's threshold could no longer be reached
   */
  public RepositoryEditor revokeKey(RoleType role, String keyId)
      throws InvalidRepositoryException {
    Role current = root.role(role);
    if (!current.keyIds().contains(keyId)) {
      throw new InvalidRepositoryException(role + " has no key " + keyId);
    }
    List<String> ids = new ArrayList<>(current.keyIds());
    ids.remove(keyId);
    if (ids.size() < current.threshold()) {
      throw new InvalidRepositoryException("revoking " + keyId + " leaves " + role + " with "
          + ids.size() + " key(s) for a threshold of " + current.threshold()
          + "; add a key or lower the threshold first");
    }
    replaceRole(role, new Role(ids, current.threshold()), root.keys());
    return this;
  }

  /**
   * Sets a top-level role's threshold: a root change.
   *
   * @param role the top-level role
   * @param threshold the new threshold
   * @return this editor
   * @throws InvalidRepositoryException when the role has fewer keys than {@code threshold}, or the
   *     threshold is below 1
   */
  public RepositoryEditor setThreshold(RoleType role, int threshold)
      throws InvalidRepositoryException {
    Role current = root.role(role);
    if (threshold < 1 || threshold > current.keyIds().size()) {
      throw new InvalidRepositoryException(role + " threshold " + threshold
          + " cannot be reached with " + current.keyIds().size() + " key(s)");
    }
    replaceRole(role, new Role(current.keyIds(), threshold), root.keys());
    return this;
  }

  /**
   * Switches between the consistent-snapshot and plain layouts: a root change.
   *
   * @param consistent true for {@code N.role.json} and {@code <hash>.<name>} targets
   * @return this editor
   */
  public RepositoryEditor setConsistentSnapshot(boolean consistent) {
    root = new Root(root.specVersion(), root.version(), root.expires(), Optional.of(consistent),
        root.keys(), root.roles(), root.unrecognizedFields());
    rootChanged = true;
    return this;
  }

  /**
   * Marks a role for re-signing at its next version (to renew its expiry).
   *
   * @param role any role name
   * @return this editor
   * @throws TufException when no such role exists
   * @throws IOException when the role's metadata cannot be read
   */
  public RepositoryEditor touch(String role) throws TufException, IOException {
    switch (role) {
      case "root" -> rootChanged = true;
      case "timestamp" -> { } // the timestamp is re-signed by every release
      case "snapshot" -> snapshotChanged = true;
      default -> draft(role).changed = true;
    }
    return this;
  }

  private void replaceRole(RoleType type, Role role, Map<String, Key> keys) {
    Map<String, Role> roles = new LinkedHashMap<>(root.roles());
    roles.put(type.typeName(), role);
    // Keep only keys some role still uses.
    Set<String> used = new TreeSet<>();
    roles.values().forEach(r -> used.addAll(r.keyIds()));
    Map<String, Key> kept = new LinkedHashMap<>();
    keys.forEach((id, k) -> {
      if (used.contains(id)) {
        kept.put(id, k);
      }
    });
    root = new Root(root.specVersion(), root.version(), root.expires(),
        root.consistentSnapshotField(), kept, roles, root.unrecognizedFields());
    rootChanged = true;
  }

  // ------------------------------------------------------------------ targets

  /**
   * Adds or replaces a target with content from a file, in the role responsible for its path
   * (the hash bin when the top-level targets role delegates to succinct bins, else the top-level
   * role). Length, sha256 and sha512 are computed while reading.
   *
   * @param path the target path
   * @param file the content
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is not a valid target path ({@link #checkTargetPath})
   * @throws IOException when the file or the repository's metadata cannot be read
   */
  public TargetFile addTarget(String path, Path file, Optional<JsonValue> custom)
      throws TufException, IOException {
    return addTarget(responsibleRole(path), path, file, custom);
  }

  /**
   * Adds or replaces a target with content from a file in the given targets role.
   *
   * @param role the targets role that lists the target
   * @param path the target path
   * @param file the content
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is invalid or no targets role has that name
   * @throws IOException when the file or the repository's metadata cannot be read
   */
  public TargetFile addTarget(String role, String path, Path file, Optional<JsonValue> custom)
      throws TufException, IOException {
    checkTargetPath(path);
    TargetFile t;
    try (InputStream in = Files.newInputStream(file)) {
      t = withConfiguredHashes(describe(path, in, custom));
    }
    putTarget(role, t);
    newContent.put(path, file);
    return t;
  }

  /**
   * Adds or replaces a target with content read from a stream, in the given targets role. The
   * stream is spooled to a temporary file (deleted when the JVM exits) so that publishing can
   * write it later without holding it in memory.
   *
   * @param role the targets role that lists the target
   * @param path the target path
   * @param content the content, read to its end; not closed
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is invalid or no targets role has that name
   * @throws IOException when reading the content or spooling it fails
   */
  public TargetFile addTarget(String role, String path, InputStream content,
      Optional<JsonValue> custom) throws TufException, IOException {
    checkTargetPath(path);
    Path spool = Files.createTempFile("tuf4j-target-", ".tmp");
    spool.toFile().deleteOnExit();
    Files.copy(content, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return addTarget(role, path, spool, custom);
  }

  /**
   * Adds or replaces a target with content in memory; see {@link #addTarget(String, Path,
   * Optional)}.
   *
   * @param path the target path
   * @param content the content
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is not a valid target path ({@link #checkTargetPath})
   * @throws IOException when the repository's metadata cannot be read
   */
  public TargetFile addTarget(String path, byte[] content, Optional<JsonValue> custom)
      throws TufException, IOException {
    return addTarget(responsibleRole(path), path, content, custom);
  }

  /**
   * Adds or replaces a target with content in memory in the given targets role.
   *
   * @param role the targets role that lists the target
   * @param path the target path
   * @param content the content
   * @param custom the target's {@code custom} value, if any
   * @return the target as listed
   * @throws TufException when the path is invalid or no targets role has that name
   * @throws IOException when the repository's metadata cannot be read
   */
  public TargetFile addTarget(String role, String path, byte[] content,
      Optional<JsonValue> custom) throws TufException, IOException {
    checkTargetPath(path);
    TargetFile t = withConfiguredHashes(describe(path, new java.io.ByteArrayInputStream(content),
        custom));
    putTarget(role, t);
    newContent.put(path, content.clone());
    return t;
  }

  /**
   * Lists a target in {@code role} from its description only; its content is stored elsewhere
   * (an OTA server's blob store, say) and is not written by {@link Release#publish()}.
   *
   * @param role the targets role that lists the target
   * @param target the target's path, length, hashes and custom value
   * @throws TufException when the path is invalid or no targets role has that name
   * @throws IOException when the repository's metadata cannot be read
   */
  public void putTargetInfo(String role, TargetFile target) throws TufException, IOException {
    putTarget(role, target);
  }

  /**
   * Removes a target from every role that lists it among the roles a client would search for
   * its path (TUF spec §5.6.7: the delegations whose paths, hash prefixes or bin cover it);
   * false if none lists it.
   *
   * @param path the target path
   * @return true when the target was listed and is now removed
   * @throws TufException when a role's metadata cannot be read as valid metadata
   * @throws IOException when the repository's metadata cannot be read
   */
  public boolean removeTarget(String path) throws TufException, IOException {
    boolean removed = false;
    for (String role : rolesSearchedFor(path)) {
      removed |= removeListed(role, path);
    }
    return removed;
  }

  /**
   * Removes a target from {@code role}; false if that role does not list it.
   *
   * @param role a targets role
   * @param path the target path
   * @return true when the target was listed and is now removed
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public boolean removeTarget(String role, String path) throws TufException, IOException {
    return removeListed(role, path);
  }

  private boolean removeListed(String role, String path) throws TufException, IOException {
    Draft d = draft(role);
    if (d.targets.remove(path) == null) {
      return false;
    }
    d.changed = true;
    newContent.remove(path);
    return true;
  }

  /**
   * The target a client would find for {@code path}: listed by the first role, in the order of
   * the client's search (§5.6.7), that lists it.
   *
   * @param path the target path
   * @return the target, or empty when no role a client searches lists it
   * @throws TufException when a role's metadata cannot be read as valid metadata
   * @throws IOException when the repository's metadata cannot be read
   */
  public Optional<TargetFile> target(String path) throws TufException, IOException {
    for (String role : rolesSearchedFor(path)) {
      TargetFile t = draft(role).targets.get(path);
      if (t != null) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The roles a client searching for {@code path} would visit (§5.6.7), pre-order depth first
   * from targets through every delegation that covers the path, each once, stopping after a
   * matching terminating delegation's subtree.
   */
  private List<String> rolesSearchedFor(String path) throws TufException, IOException {
    List<String> order = new ArrayList<>();
    Deque<String> stack = new ArrayDeque<>(List.of(TARGETS));
    Set<String> visited = new HashSet<>();
    while (!stack.isEmpty()) {
      String role = stack.pop();
      if (!visited.add(role)) {
        continue;
      }
      order.add(role);
      Optional<Delegations> dels = draft(role).delegations;
      if (dels.isEmpty()) {
        continue;
      }
      List<String> children = new ArrayList<>();
      boolean terminated = false;
      if (dels.get().succinctRoles().isPresent()) {
        children.add(dels.get().succinctRoles().get().roleNameFor(path));
      } else {
        for (DelegatedRole r : dels.get().roles().orElseThrow()) {
          if (r.isDelegatedPath(path)) {
            children.add(r.name());
            if (r.terminating()) {
              terminated = true;
              break;
            }
          }
        }
      }
      if (terminated) {
        stack.clear();
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
    }
    return order;
  }

  /**
   * A target as currently listed by {@code role}, edits included.
   *
   * @param role a targets role
   * @param path the target path
   * @return the target, or empty when {@code role} does not list it
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public Optional<TargetFile> target(String role, String path) throws TufException, IOException {
    return Optional.ofNullable(draft(role).targets.get(path));
  }

  private void putTarget(String role, TargetFile target) throws TufException, IOException {
    checkTargetPath(target.path());
    RepositoryNames.checkTargetPathFitsClients(target.path(), root.consistentSnapshot());
    requireDelegated(role, target.path());
    Draft d = draft(role);
    d.targets.put(target.path(), target);
    d.changed = true;
  }

  /**
   * {@code role} may list {@code path}: every delegation from targets down to it covers the
   * path (§5.6.7: a client looks for the path only through delegations whose paths, hash
   * prefixes or bin match it), or the target could never be found.
   */
  private void requireDelegated(String role, String path) throws TufException, IOException {
    for (String child = role; !TARGETS.equals(child); child = delegatorOf(child)) {
      String parent = delegatorOf(child);
      Delegations d = draft(parent).delegations.orElseThrow();
      boolean covered;
      if (d.succinctRoles().isPresent()) {
        covered = d.succinctRoles().get().roleNameFor(path).equals(child);
      } else {
        String name = child;
        covered = d.roles().orElseThrow().stream().filter(r -> r.name().equals(name))
            .anyMatch(r -> r.isDelegatedPath(path));
      }
      if (!covered) {
        throw new InvalidRepositoryException("target " + path + " is outside what " + parent
            + " delegates to " + child + (role.equals(child) ? "" : " (on the way to " + role
            + ")") + ": no client would ever find it there");
      }
    }
  }

  /**
   * A new delegation from {@code delegator} can apply to some path: its patterns (or hash
   * prefixes) share at least one path with what {@code delegator} and the roles above it are
   * delegated. {@code docs/sub/*} under a role delegated {@code docs/*} never applies, since
   * {@code *} does not match {@code /}.
   */
  private void requireReachable(String delegator, DelegatedRole role)
      throws TufException, IOException {
    List<List<String>> patterns = new ArrayList<>();
    List<List<String>> prefixes = new ArrayList<>();
    role.paths().ifPresent(patterns::add);
    role.pathHashPrefixes().ifPresent(prefixes::add);
    for (String child = delegator; !TARGETS.equals(child); child = delegatorOf(child)) {
      Delegations d = draft(delegatorOf(child)).delegations.orElseThrow();
      String name = child;
      d.roles().flatMap(rs -> rs.stream().filter(r -> r.name().equals(name)).findFirst())
          .ifPresent(entry -> {
            entry.paths().ifPresent(patterns::add);
            entry.pathHashPrefixes().ifPresent(prefixes::add);
          });
    }
    // Path patterns against path patterns, and hash prefixes against hash prefixes; one kind
    // against the other cannot be decided and is allowed.
    boolean reachable = patterns.size() < 2 || DelegatedRole.somePathMatchesAll(patterns);
    if (reachable && prefixes.size() >= 2) {
      reachable = prefixesOverlap(prefixes);
    }
    if (!reachable) {
      boolean byPath = role.paths().isPresent();
      List<List<String>> above = byPath ? patterns : prefixes;
      throw new InvalidRepositoryException("delegating " + above.get(0) + " from " + delegator
          + " to " + role.name() + " can never apply: no " + (byPath ? "path" : "hash")
          + " matches both it and what " + delegator + " is delegated ("
          + above.subList(1, above.size()) + (byPath ? "; '*' never matches '/')" : ")"));
    }
  }

  /** Some hash is prefixed by a prefix of every list (one prefix extends another at each). */
  private static boolean prefixesOverlap(List<List<String>> lists) {
    List<String> narrowest = List.of("");
    for (List<String> level : lists) {
      List<String> next = new ArrayList<>();
      for (String a : narrowest) {
        for (String b : level) {
          String la = a.toLowerCase(Locale.ROOT);
          String lb = b.toLowerCase(Locale.ROOT);
          if (la.startsWith(lb)) {
            next.add(la);
          } else if (lb.startsWith(la)) {
            next.add(lb);
          }
        }
      }
      if (next.isEmpty()) {
        return false;
      }
      narrowest = next;
    }
    return true;
  }

  /** Every role name in the repository, {@link RepositoryNames#fold}ed, to the name. */
  private Map<String, String> foldedRoleNames() {
    Map<String, String> out = new HashMap<>();
    for (String name : targetsRoles()) {
      out.put(RepositoryNames.fold(name), name);
    }
    return out;
  }

  /**
   * Target paths become storage paths: relative, {@code /}-separated, no empty, {@code .} or
   * {@code ..} segment, no backslash or NUL (clients would cope; a repository should not publish
   * names that mean different files on different systems).
   *
   * @param path the target path to check
   * @throws InvalidRepositoryException naming the rule {@code path} breaks
   */
  public static void checkTargetPath(String path) throws InvalidRepositoryException {
    if (path.isEmpty() || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      throw new InvalidRepositoryException("invalid target path: \"" + path + "\"");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidRepositoryException("target path \"" + path
            + "\" has an empty, . or .. segment");
      }
    }
  }

  /**
   * The role a target path is added to by {@link #addTarget(String, byte[], Optional)}: the
   * succinct bin for it if the top-level targets role delegates to bins, else targets itself.
   *
   * @param path the target path
   * @return the role name
   * @throws TufException when the top-level targets metadata cannot be read as valid metadata
   * @throws IOException when the repository's metadata cannot be read
   */
  public String responsibleRoleFor(String path) throws TufException, IOException {
    return responsibleRole(path);
  }

  /**
   * Describes content as a target: its length, sha256 and sha512, computed in one pass.
   *
   * @param path the target path
   * @param content the content, read to its end; not closed
   * @param custom the target's {@code custom} value, if any
   * @return the description
   * @throws IOException when reading the content fails
   */
  public static TargetFile describeTarget(String path, InputStream content,
      Optional<JsonValue> custom) throws IOException {
    return describe(path, content, custom);
  }

  /** The succinct bin for {@code path} if targets delegates to bins, else targets itself. */
  String responsibleRole(String path) throws TufException, IOException {
    Optional<SuccinctRoles> bins = draft(TARGETS).delegations.flatMap(Delegations::succinctRoles);
    return bins.isPresent() ? bins.get().roleNameFor(path) : TARGETS;
  }

  /** {@code t} listing only the digests the repository's configuration names. */
  private TargetFile withConfiguredHashes(TargetFile t) {
    Map<String, String> hashes = new LinkedHashMap<>(t.hashes());
    hashes.keySet().retainAll(config.targetHashes);
    return hashes.size() == t.hashes().size() ? t
        : new TargetFile(t.path(), t.length(), hashes, t.custom(), t.unrecognizedFields());
  }

  static TargetFile describe(String path, InputStream in, Optional<JsonValue> custom)
      throws IOException {
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest sha512 = digest("SHA-512");
    byte[] buf = new byte[64 * 1024];
    long length = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      sha256.update(buf, 0, n);
      sha512.update(buf, 0, n);
      length += n;
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("sha256", HexFormat.of().formatHex(sha256.digest()));
    hashes.put("sha512", HexFormat.of().formatHex(sha512.digest()));
    return new TargetFile(path, length, hashes, custom, Map.of());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }

  // ------------------------------------------------------------------ delegations

  /**
   * Delegates to a new role (TUF spec §4.5): paths or path hash prefixes, terminating or not,
   * with its own keys and threshold; the new role starts with no targets.
   *
   * @param delegator the targets role that delegates
   * @param name the new role's name
   * @param keys the new role's keys and threshold
   * @param paths the path patterns delegated, or empty when delegating by hash prefix
   * @param pathHashPrefixes the hash prefixes delegated, or empty when delegating by path
   * @param terminating whether a match in the new role ends the search (§5.6.7.2.1)
   * @return this editor
   * @throws InvalidRepositoryException if the name is taken or would create a delegation cycle
   * @throws IOException when the delegator's metadata cannot be read
   */
  public RepositoryEditor delegate(String delegator, String name, RoleKeys keys,
      Optional<List<String>> paths, Optional<List<String>> pathHashPrefixes, boolean terminating)
      throws TufException, IOException {
    return delegate(delegator, name, keys, paths, pathHashPrefixes, terminating, Map.of());
  }

  /**
   * As {@link #delegate(String, String, RoleKeys, Optional, Optional, boolean)}, with extra
   * members written into the delegated role's entry — fields TUF leaves to applications, such as
   * the hardware identifiers an Uptane delegation applies to (Uptane Standard #delegations_meta).
   *
   * @param delegator the targets role that delegates
   * @param name the new role's name
   * @param keys the new role's keys and threshold
   * @param paths the path patterns delegated, or empty when delegating by hash prefix
   * @param pathHashPrefixes the hash prefixes delegated, or empty when delegating by path
   * @param terminating whether a match in the new role ends the search (§5.6.7.2.1)
   * @param extraFields members other than the ones TUF defines for a delegated role
   * @return this editor
   * @throws IllegalArgumentException if {@code extraFields} names a member TUF defines
   * @throws TufException when the name is taken or would create a delegation cycle ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the delegator's metadata cannot be read
   */
  public RepositoryEditor delegate(String delegator, String name, RoleKeys keys,
      Optional<List<String>> paths, Optional<List<String>> pathHashPrefixes, boolean terminating,
      Map<String, JsonValue> extraFields) throws TufException, IOException {
    if (RoleType.fromTypeName(name).isPresent() || roleExists(name)) {
      throw new InvalidRepositoryException("a role named " + name + " already exists");
    }
    RepositoryNames.checkRoleName(name, foldedRoleNames());
    Draft parent = draft(delegator);
    if (parent.delegations.flatMap(Delegations::succinctRoles).isPresent()) {
      throw new InvalidRepositoryException(delegator
          + " delegates to hash bins and cannot also list roles");
    }
    DelegatedRole role = new DelegatedRole(name, keys.keyIds(), keys.threshold(),
        Optional.of(terminating), paths, pathHashPrefixes, extraFields);
    requireReachable(delegator, role);
    Map<String, Key> allKeys = new LinkedHashMap<>(
        parent.delegations.map(Delegations::keys).orElse(Map.of()));
    allKeys.putAll(keys.byId());
    List<DelegatedRole> roles = new ArrayList<>(
        parent.delegations.flatMap(Delegations::roles).orElse(List.of()));
    roles.add(role);
    parent.delegations = Optional.of(new Delegations(allKeys, Optional.of(roles),
        Optional.empty(), Map.of()));
    parent.changed = true;
    newRole(name, delegator);
    return this;
  }

  /**
   * Replaces the keys and threshold {@code delegator} assigns to a delegated role, or to all its
   * hash bins when {@code role} is one of them (key rotation or revocation for delegated roles).
   * Only the delegator is re-signed; the role's own metadata must then be signed by the new keys
   * at its next change, so it is marked changed too.
   *
   * @param delegator the targets role that delegates
   * @param role the delegated role, or one of its hash bins
   * @param keys the new keys and threshold
   * @return this editor
   * @throws TufException when {@code delegator} does not delegate to {@code role} ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the delegator's metadata cannot be read
   */
  public RepositoryEditor setDelegatedKeys(String delegator, String role, RoleKeys keys)
      throws TufException, IOException {
    Draft parent = draft(delegator);
    Delegations d = parent.delegations.orElseThrow(() -> new InvalidRepositoryException(
        delegator + " delegates to no role"));
    if (d.roleFor(role).isEmpty()) {
      throw new InvalidRepositoryException(delegator + " does not delegate to " + role);
    }
    Delegations updated;
    if (d.succinctRoles().isPresent()) {
      SuccinctRoles b = d.succinctRoles().get();
      updated = new Delegations(keys.byId(), Optional.empty(), Optional.of(new SuccinctRoles(
          keys.keyIds(), keys.threshold(), b.bitLength(), b.namePrefix(),
          b.unrecognizedFields())), d.unrecognizedFields());
      for (long i = 0; i < b.numberOfBins(); i++) {
        draft(b.roleName(i)).changed = true;
      }
    } else {
      List<DelegatedRole> roles = new ArrayList<>();
      Map<String, Key> allKeys = new LinkedHashMap<>(d.keys());
      allKeys.putAll(keys.byId());
      for (DelegatedRole r : d.roles().orElseThrow()) {
        roles.add(!r.name().equals(role) ? r : new DelegatedRole(r.name(), keys.keyIds(),
            keys.threshold(), r.terminatingField(), r.paths(), r.pathHashPrefixes(),
            r.unrecognizedFields()));
      }
      // Revoked keys leave the delegation unless another role still uses them.
      Set<String> used = new TreeSet<>();
      roles.forEach(r -> used.addAll(r.keyIds()));
      allKeys.keySet().retainAll(used);
      updated = new Delegations(allKeys, Optional.of(roles), Optional.empty(),
          d.unrecognizedFields());
      draft(role).changed = true;
    }
    parent.delegations = Optional.of(updated);
    parent.changed = true;
    return this;
  }

  /**
   * Delegates every target of {@code delegator} to 2^bitLength succinct hash bins (TAP 15)
   * sharing {@code keys}; existing targets of {@code delegator} move into their bins, and later
   * {@link #addTarget} calls place targets in bins automatically.
   *
   * @param delegator the targets role whose targets go into bins
   * @param bitLength how many leading bits of a path's SHA-256 select its bin (1 to 32)
   * @param namePrefix the bins' name prefix
   * @param keys the keys and threshold every bin shares
   * @return this editor
   * @throws TufException when {@code delegator} already delegates or a bin name is taken ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the delegator's metadata cannot be read
   */
  public RepositoryEditor delegateHashBins(String delegator, int bitLength, String namePrefix,
      RoleKeys keys) throws TufException, IOException {
    Draft parent = draft(delegator);
    if (parent.delegations.isPresent()) {
      throw new InvalidRepositoryException(delegator + " already delegates");
    }
    SuccinctRoles bins = new SuccinctRoles(keys.keyIds(), keys.threshold(), bitLength,
        namePrefix, Map.of());
    Map<String, String> existing = foldedRoleNames();
    for (long i = 0; i < bins.numberOfBins(); i++) {
      if (roleExists(bins.roleName(i))) {
        throw new InvalidRepositoryException("a role named " + bins.roleName(i)
            + " already exists");
      }
      RepositoryNames.checkRoleName(bins.roleName(i), existing);
    }
    parent.delegations = Optional.of(new Delegations(keys.byId(), Optional.empty(),
        Optional.of(bins), Map.of()));
    parent.changed = true;
    for (long i = 0; i < bins.numberOfBins(); i++) {
      newRole(bins.roleName(i), delegator);
    }
    Map<String, TargetFile> moving = new LinkedHashMap<>(parent.targets);
    parent.targets.clear();
    for (TargetFile t : moving.values()) {
      putTarget(bins.roleNameFor(t.path()), t);
    }
    return this;
  }

  private void newRole(String name, String delegator) {
    Draft d = new Draft(name);
    d.targets = new LinkedHashMap<>();
    d.delegations = Optional.empty();
    d.unrecognized = Map.of();
    d.changed = true;
    drafts.put(name, d);
    delegatorOf.put(name, delegator);
  }

  private boolean roleExists(String name) {
    Signed<Snapshot> snapshot = publishedSnapshot();
    return drafts.containsKey(name) || (snapshot != null
        && snapshot.signed().metaFor(name).isPresent());
  }

  /** The role that delegates to {@code role} ({@code null} for targets). */
  String delegatorOf(String role) throws TufException, IOException {
    if (TARGETS.equals(role)) {
      return null;
    }
    String known = delegatorOf.get(role);
    if (known != null) {
      return known;
    }
    // Search published delegations from the top, breadth first, loading as needed.
    List<String> queue = new ArrayList<>(List.of(TARGETS));
    Set<String> seen = new TreeSet<>();
    while (!queue.isEmpty()) {
      String current = queue.remove(0);
      if (!seen.add(current)) {
        continue;
      }
      Optional<Delegations> dels = draft(current).delegations;
      if (dels.isEmpty()) {
        continue;
      }
      if (dels.get().roleFor(role).isPresent()) {
        delegatorOf.put(role, current);
        return current;
      }
      dels.get().roles().ifPresent(rs -> rs.forEach(r -> queue.add(r.name())));
    }
    throw new InvalidRepositoryException("no role delegates to " + role);
  }

  /** The draft of a targets role, loading its published version on first use. */
  Draft draft(String role) throws TufException, IOException {
    Draft d = drafts.get(role);
    if (d != null) {
      return d;
    }
    Signed<Targets> published = loadPublished(role);
    d = new Draft(role);
    Targets t = published.signed();
    d.targets = new LinkedHashMap<>(t.targets());
    d.delegations = t.delegations();
    d.expires = t.expires();
    d.unrecognized = t.unrecognizedFields();
    d.publishedVersion = t.version();
    drafts.put(role, d);
    return d;
  }

  Signed<Targets> loadPublished(String role) throws TufException, IOException {
    Signed<Targets> cached = publishedTargets.get(role);
    if (cached != null) {
      return cached;
    }
    Signed<Targets> parsed = Signed.parse(publishedBytes(role, primary), Targets.class,
        ParseOptions.DEFAULT.withEncoding(primary));
    publishedTargets.put(role, parsed);
    return parsed;
  }

  /**
   * The published file of targets role {@code role} in {@code encoding}, as stored: the version
   * the snapshot edits build on names (every encoding's targets files are written before any
   * timestamp, so it exists even if this encoding's timestamp was not written yet).
   */
  byte[] publishedBytes(String role, MetadataEncoding encoding)
      throws TufException, IOException {
    Published p = published.get(encoding);
    Signed<Snapshot> snapshot = publishedSnapshot();
    if (p == null || snapshot == null) {
      throw new InvalidRepositoryException("no targets role named " + role);
    }
    byte[] cached = p.targetsBytes.get(role);
    if (cached != null) {
      return cached;
    }
    MetaFile meta = snapshot.signed().metaFor(role).orElseThrow(
        () -> new InvalidRepositoryException("no targets role named " + role));
    byte[] bytes = require(storage, metadataPath(role, meta.version(),
        publishedRoot().signed().consistentSnapshot(), encoding));
    p.targetsBytes.put(role, bytes);
    return bytes;
  }

  /**
   * The published snapshot {@code version} in {@code encoding}, exactly as stored (the one its
   * timestamp names, or one written by a publish interrupted before this encoding's timestamp):
   * a timestamp describes these bytes, never a re-encoding of them.
   */
  byte[] publishedSnapshotBytes(long version, MetadataEncoding encoding)
      throws TufException, IOException {
    return require(storage, metadataPath("snapshot", version,
        publishedRoot().signed().consistentSnapshot(), encoding));
  }

  /**
   * Encodings whose newest root is one version behind the newest (an interrupted publish), and
   * that root, which the next release publishes in them too.
   */
  Map<MetadataEncoding, Root> pendingRoots() {
    Map<MetadataEncoding, Root> out = new EnumMap<>(MetadataEncoding.class);
    Signed<Root> newest = publishedRoot();
    published.forEach((e, p) -> {
      if (p.root.signed().version() < newest.signed().version()) {
        out.put(e, newest.signed());
      }
    });
    return out;
  }

  // ------------------------------------------------------------------ staging

  /**
   * Re-signs, at their next version with a fresh expiry, the published roles that expire within
   * {@code window} and whose keys {@code signers} hold (enough of them to meet the role's
   * threshold): timestamp, snapshot, root, targets, delegated roles and hash bins alike. Roles
   * that are fresh are left as they are, so a periodic job keeps a repository alive without
   * churning it. A role re-signed this way changes the snapshot, and every release a new
   * timestamp.
   *
   * @param window how far ahead an expiry counts as due
   * @param signers the keys at hand (typically the online ones)
   * @return the release to publish, or empty when nothing expires within the window
   * @throws TufException when a role's metadata cannot be read as valid metadata
   * @throws IOException when the repository's metadata cannot be read
   */
  public Optional<Release> resignExpiring(Duration window, List<Signer> signers)
      throws TufException, IOException {
    Instant due = clock.instant().plus(window);
    boolean any = false;
    if (root.expires().isBefore(due) && canSign(root.keys(), root.role(RoleType.ROOT), signers)) {
      touch("root");
      any = true;
    }
    Signed<Snapshot> snapshot = publishedSnapshot();
    if (snapshot != null && snapshot.signed().expires().isBefore(due)
        && canSign(root.keys(), root.role(RoleType.SNAPSHOT), signers)) {
      touch("snapshot");
      any = true;
    }
    for (String role : targetsRoles()) {
      Draft d = draft(role);
      if (!d.expires.isBefore(due)) {
        continue;
      }
      boolean signable = TARGETS.equals(role)
          ? canSign(root.keys(), root.role(RoleType.TARGETS), signers)
          : draft(delegatorOf(role)).delegations.flatMap(x -> x.roleFor(role)
              .map(r -> canSign(x.keys(), r, signers))).orElse(false);
      if (signable) {
        d.changed = true;
        any = true;
      }
    }
    Signed<Timestamp> timestamp = publishedTimestamp();
    boolean timestampDue = timestamp == null || timestamp.signed().expires().isBefore(due);
    if (!any && !(timestampDue && canSign(root.keys(), root.role(RoleType.TIMESTAMP), signers))) {
      return Optional.empty();
    }
    return Optional.of(stage(signers));
  }

  /**
   * Whether {@code signers} hold at least the threshold of {@code role}'s keys (compared by key
   * material: one key can be written several ways).
   */
  private static boolean canSign(Map<String, Key> keys, Role role, List<Signer> signers) {
    List<byte[]> held = new ArrayList<>();
    for (Signer s : signers) {
      held.add(identity(Key.of(s.keyType(), s.scheme(), s.publicValue())));
    }
    int count = 0;
    for (String id : role.keyIds()) {
      Key key = keys.get(id);
      byte[] trusted = key == null ? new byte[0] : identity(key);
      if (trusted.length > 0 && held.stream().anyMatch(h -> Arrays.equals(h, trusted))) {
        count++;
      }
    }
    return count >= role.threshold();
  }

  private static byte[] identity(Key key) {
    try {
      return CryptoBackends.defaultBackend().verifier(key.keyType(), key.scheme(),
          key.publicValue().orElseThrow()).publicKeyIdentity();
    } catch (TufException | java.util.NoSuchElementException e) {
      return new byte[0]; // a key tuf4j cannot use is held by no signer
    }
  }

  /**
   * Freezes the edits into the next release: every changed role at its next version with a
   * fresh expiry, the snapshot if any targets role changed, a new timestamp; each signed by
   * whichever of {@code signers} the role trusts. Roles whose threshold these signers cannot
   * meet wait for offline signatures ({@link Release#addSignature}).
   *
   * @param signers the online keys; may be empty
   * @return the release, signed as far as {@code signers} can
   * @throws TufException when a root change leaves some encoding behind ({@link
   *     InvalidRepositoryException}) or a signature does not verify
   * @throws IOException when the repository's metadata or a signer's token fails
   */
  public Release stage(List<Signer> signers) throws TufException, IOException {
    requireWritable("stage a release");
    if (lock == null) {
      lock = lockOrRefuse(storage); // after a publish or a save: this editor writes again
      requireUnchangedSinceRead();
    }
    Map<String, Targets> targets = new TreeMap<>();
    for (Draft d : drafts.values()) {
      if (!d.changed) {
        continue;
      }
      long version = d.publishedVersion + 1;
      targets.put(d.name, new Targets(SPEC_VERSION, version, expiry(d.name),
          new LinkedHashMap<>(d.targets), d.delegations, d.unrecognized));
    }
    Root newRoot = null;
    if (rootChanged && !pendingRoots().isEmpty()) {
      throw new InvalidRepositoryException("the " + pendingRoots().keySet() + " metadata lacks "
          + "root v" + publishedRoot().signed().version() + " (a publish was interrupted): "
          + "publish a release without root changes first, which completes it");
    }
    if (rootChanged) {
      Signed<Root> publishedRoot = publishedRoot();
      long version = publishedRoot == null ? 1 : publishedRoot.signed().version() + 1;
      newRoot = new Root(root.specVersion(), version, expiry("root"),
          root.consistentSnapshotField(), root.keys(), root.roles(), root.unrecognizedFields());
    }
    Release release = new Release(this, newRoot, targets,
        !targets.isEmpty() || snapshotChanged, Map.copyOf(newContent));
    release.signAll(signers);
    return release;
  }

  /**
   * The release {@link Release#save()}d in {@code storage} by an earlier process, on top of the
   * repository published there: add signatures to it and publish it.
   *
   * @param storage the repository's storage
   * @param clock the source of every expiry
   * @return the saved release
   * @throws TufException when there is no saved release, or it no longer fits the published
   *     repository
   * @throws IOException when the storage cannot be read
   */
  public static Release resume(Storage storage, Clock clock) throws TufException, IOException {
    return Release.resume(open(storage, clock));
  }

  /**
   * The release {@link Release#save()}d in this editor's storage, on top of the repository this
   * editor opened (with this editor's settings, such as {@link
   * #setTimestampListsSnapshotHashes}).
   *
   * @return the saved release
   * @throws TufException when there is no saved release, or it no longer fits the published
   *     repository
   * @throws IOException when the storage cannot be read
   */
  public Release resumeStaged() throws TufException, IOException {
    return Release.resume(this);
  }

  /**
   * Abandons the release {@link Release#save()}d in {@code storage}, if there is one.
   *
   * @param storage the repository's storage
   * @throws TufException when the saved release's manifest cannot be read
   * @throws IOException when the storage cannot be read or written
   */
  public static void discardStaged(Storage storage) throws TufException, IOException {
    try (Storage.Lock held = lockOrRefuse(storage)) {
      Release.discardStaged(storage);
    }
  }

  /**
   * Whether {@code storage} holds a {@link Release#save()}d release waiting for signatures.
   *
   * @param storage the repository's storage
   * @return true when a saved release is waiting
   * @throws IOException when the storage cannot be read
   */
  public static boolean hasStaged(Storage storage) throws IOException {
    return storage.exists(Release.STAGED + Release.MANIFEST);
  }

  /**
   * Every targets role: the published ones (from the snapshot) and any created since.
   *
   * @return the role names, {@code targets} first
   */
  public List<String> targetsRoles() {
    Set<String> roles = new TreeSet<>(drafts.keySet());
    Signed<Snapshot> publishedSnapshot = publishedSnapshot();
    if (publishedSnapshot != null) {
      publishedSnapshot.signed().meta().keySet()
          .forEach(name -> roles.add(name.substring(0, name.length() - ".json".length())));
    }
    return List.copyOf(roles);
  }

  /**
   * The targets {@code role} lists now, edits included.
   *
   * @param role a targets role
   * @return the targets, by path
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public Map<String, TargetFile> targets(String role) throws TufException, IOException {
    return Map.copyOf(draft(role).targets);
  }

  /**
   * The delegations {@code role} makes now, edits included.
   *
   * @param role a targets role
   * @return the delegations, or empty when the role delegates nothing
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public Optional<Delegations> delegations(String role) throws TufException, IOException {
    return draft(role).delegations;
  }

  /**
   * The role that delegates to {@code role}; empty for the top-level targets role.
   *
   * @param role a targets role
   * @return the delegating role's name, or empty
   * @throws TufException when no role delegates to {@code role}
   * @throws IOException when a role's metadata cannot be read
   */
  public Optional<String> delegator(String role) throws TufException, IOException {
    return Optional.ofNullable(delegatorOf(role));
  }

  /** Called by a published release: the editor now edits the next version. */
  void published(Release release) throws IOException {
    for (MetadataEncoding e : encodings) {
      timestampSeen.put(e, release.timestamp(e).toBytes());
      Published p = published.computeIfAbsent(e, x -> new Published(null, null, null));
      release.root(e).ifPresent(r -> p.root = r);
      p.timestamp = release.timestamp(e);
      release.snapshot(e).ifPresent(s -> p.snapshot = s);
      release.targets(e).forEach((role, s) -> p.targetsBytes.put(role, s.toBytes()));
    }
    release.root().ifPresent(r -> root = r.signed());
    drafts.values().forEach(d -> d.changed = false);
    release.targets().forEach((role, s) -> {
      publishedTargets.put(role, s);
      Draft d = drafts.get(role);
      if (d != null) { // else a resumed release: nothing of this role was being edited here
        d.publishedVersion = s.signed().version();
        d.expires = s.signed().expires();
      }
    });
    rootChanged = false;
    snapshotChanged = false;
    newContent.clear();
    if (configChanged) {
      storage.write(RepositoryConfig.PATH, config.toBytes());
      configChanged = false;
    }
    releaseLock();
  }

  /**
   * No other writer published since this editor read the repository (or published through
   * it): each encoding's {@code timestamp.json} is still the one it saw.
   *
   * @throws InvalidRepositoryException with reason {@link
   *     InvalidRepositoryException.Reason#CONCURRENTLY_MODIFIED} otherwise
   */
  void requireUnchangedSinceRead() throws TufException, IOException {
    for (MetadataEncoding e : encodings) {
      Optional<byte[]> now = storage.read("metadata/" + e.fileName("timestamp"));
      byte[] seen = timestampSeen.get(e);
      boolean same = seen == null ? now.isEmpty() : now.isPresent()
          && Arrays.equals(seen, now.get());
      if (!same) {
        throw new InvalidRepositoryException(InvalidRepositoryException.Reason
            .CONCURRENTLY_MODIFIED, "another writer published to this repository after this "
            + "editor read it; open it again and redo the edit", null);
      }
    }
  }

  /** Releases the writer lock, if held (after a publish or a save). */
  void releaseLock() throws IOException {
    if (lock != null) {
      Storage.Lock held = lock;
      lock = null;
      held.close();
    }
  }

  /**
   * Releases the repository's writer lock ({@link Storage#lock()}) if this editor holds it:
   * edits not staged and published are dropped by the caller. Publishing or saving a release
   * releases it too; staging again takes it again.
   *
   * @throws IOException when the storage cannot record the release
   */
  @Override
  public void close() throws IOException {
    releaseLock();
  }

  /** The newest published root (of any encoding), or null before the first release. */
  Signed<Root> publishedRoot() {
    return publishedRoot(primary);
  }

  Signed<Timestamp> publishedTimestamp() {
    return publishedTimestamp(primary);
  }

  Signed<Snapshot> publishedSnapshot() {
    return publishedSnapshot(primary);
  }

  Signed<Root> publishedRoot(MetadataEncoding encoding) {
    Published p = published.get(encoding);
    return p == null ? null : p.root;
  }

  Signed<Timestamp> publishedTimestamp(MetadataEncoding encoding) {
    Published p = published.get(encoding);
    return p == null ? null : p.timestamp;
  }

  Signed<Snapshot> publishedSnapshot(MetadataEncoding encoding) {
    Published p = published.get(encoding);
    return p == null ? null : p.snapshot;
  }

  Map<String, Draft> drafts() {
    return drafts;
  }

  Instant draftExpires(String role) {
    Draft d = drafts.get(role);
    return d == null ? null : d.expires;
  }
}
