package org.tuf4j.testing;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.client.Fetcher;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * A mutable in-memory TUF repository for client and attack tests: real metadata, signed with
 * real keys through tuf4j's own model, served from a map of repository paths.
 *
 * <p>A test edits the repository (targets, keys, thresholds, delegations, versions, expiry) and
 * then calls {@link #publish()}, which re-signs what changed the way a real repository would:
 * a changed root gets the next version, every changed targets role gets the next version, the
 * snapshot is re-signed when a targets role was published, and the timestamp always is. The
 * fine-grained {@link #publishRoot()}, {@link #publishTargets(String)}, {@link #updateSnapshot()}
 * and {@link #updateTimestamp()} do one step each, so a test can leave the repository in a state
 * no honest repository would publish.
 *
 * <p>Files are kept under repository paths:
 * <ul>
 *   <li>{@code metadata/N.root.json} for every root version, {@code metadata/root.json} (latest);
 *   <li>{@code metadata/timestamp.json};
 *   <li>{@code metadata/N.snapshot.json} and {@code metadata/snapshot.json};
 *   <li>{@code metadata/N.ROLE.json} and {@code metadata/ROLE.json} for every targets role, the
 *       role name percent-encoded as {@link #encodeRoleName(String)} does;
 *   <li>{@code targets/PATH} and {@code targets/DIR/SHA256.BASENAME} for every target added.
 * </ul>
 * The versioned and unversioned names are both written whatever {@code consistent_snapshot}
 * says, so a test can check which one a client asks for in {@link #requests()}.
 *
 * <p>Escape hatches for attack tests: {@link #putFile}/{@link #removeFile} change served bytes
 * only; {@link #signWith} replaces a role's signers (wrong keys, missing keys, no signatures);
 * {@link #addKey(String, String, Signer)} can list one public key under a second key id;
 * {@link #publishWithType} writes a role with another {@code _type}; {@link #updateRoot} and
 * {@link #updateTargets} edit the draft records directly; {@link #sign} and {@link #signJson}
 * sign anything. All methods are thread-safe; the file map may be read while a test edits.
 *
 * <p>The repository is in one {@link MetadataEncoding} ({@link Builder#encoding}, JSON by
 * default): with CBOR, every name above ends in {@code .cbor} instead and every file is
 * deterministic CBOR signed over the deterministic CBOR of {@code signed}.
 */
public final class RepositorySimulator {
  /** The {@code spec_version} written into every role. */
  public static final String SPEC_VERSION = "1.0.34";
  /** Base of the URIs {@link #fetcher()} serves. */
  public static final URI BASE_URI = URI.create("memory://repo/");
  /** Default lifetime of new metadata. */
  public static final Duration DEFAULT_EXPIRY = Duration.ofDays(30);

  private static final List<String> TOP_LEVEL = List.of("root", "timestamp", "snapshot",
      "targets");

  private final Clock clock;
  private final Duration expiryPeriod;
  private final String keyScheme;
  private final MetadataEncoding encoding;

  // Drafts: what the next publish signs. Versions in the drafts are overwritten when published.
  private Root root;
  private final Map<String, Targets> targets = new LinkedHashMap<>();
  private final Map<String, String> delegatorOf = new HashMap<>();
  private final Map<String, Instant> expires = new HashMap<>();
  private final Map<String, Long> pinnedVersions = new HashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private boolean snapshotStale;
  private boolean timestampMetaDetails;
  private boolean snapshotMetaDetails;

  private final Map<String, Signer> signerById = new HashMap<>();
  private final Map<String, Map<String, Signer>> signWith = new HashMap<>();

  // What was last published, as signed and as bytes.
  private final TreeMap<Long, Signed<Root>> rootHistory = new TreeMap<>();
  private final Map<Long, byte[]> rootBytes = new HashMap<>();
  private Signed<Timestamp> publishedTimestamp;
  private Signed<Snapshot> publishedSnapshot;
  private final Map<String, Signed<Targets>> publishedTargets = new HashMap<>();
  private final Map<String, byte[]> publishedBytes = new HashMap<>();

  private final ConcurrentSkipListMap<String, byte[]> files = new ConcurrentSkipListMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  private RepositorySimulator(Builder b) {
    this.clock = b.clock;
    this.expiryPeriod = b.expiryPeriod;
    this.keyScheme = b.keyScheme;
    this.encoding = b.encoding;
    this.timestampMetaDetails = b.timestampMetaDetails;
    this.snapshotMetaDetails = b.snapshotMetaDetails;
    Map<String, Key> keys = new LinkedHashMap<>();
    Map<String, Role> roles = new LinkedHashMap<>();
    for (String name : TOP_LEVEL) {
      Signer s = newSigner();
      String id = keyIdOf(s);
      signerById.put(id, s);
      keys.put(id, keyOf(s));
      roles.put(name, new Role(List.of(id), 1));
    }
    root = new Root(SPEC_VERSION, 1, defaultExpires(), Optional.of(b.consistentSnapshot), keys,
        roles, Map.of());
    targets.put("targets", new Targets(SPEC_VERSION, 1, defaultExpires(), Map.of(),
        Optional.empty(), Map.of()));
    expires.put("snapshot", defaultExpires());
    expires.put("timestamp", defaultExpires());
    publishRoot();
    publishTargets("targets");
    updateSnapshot();
    updateTimestamp();
  }

  /** A repository with the defaults: system clock, 30-day expiry, consistent snapshots. */
  public static RepositorySimulator create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options for the initial repository; {@link #build()} publishes version 1 of every role. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration expiryPeriod = DEFAULT_EXPIRY;
    private boolean consistentSnapshot = true;
    private String keyScheme = "ed25519";
    private boolean timestampMetaDetails;
    private boolean snapshotMetaDetails;
    private MetadataEncoding encoding = MetadataEncoding.JSON;

    private Builder() {}

    /** The encoding every metadata file is written and signed in (default JSON). */
    public Builder encoding(MetadataEncoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    /** The clock that "now + expiry period" is read from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A fixed reference time. */
    public Builder now(Instant now) {
      return clock(Clock.fixed(now, ZoneOffset.UTC));
    }

    public Builder expiryPeriod(Duration period) {
      this.expiryPeriod = Objects.requireNonNull(period, "period");
      return this;
    }

    public Builder consistentSnapshot(boolean consistentSnapshot) {
      this.consistentSnapshot = consistentSnapshot;
      return this;
    }

    /** Scheme of every key the simulator generates: ed25519 (default), ecdsa-..., rsassa-.... */
    public Builder keyScheme(String scheme) {
      this.keyScheme = Objects.requireNonNull(scheme, "scheme");
      return this;
    }

    /** Whether timestamp's snapshot entry lists length and hashes (default false). */
    public Builder lengthAndHashesInTimestamp(boolean include) {
      this.timestampMetaDetails = include;
      return this;
    }

    /** Whether snapshot's targets entries list length and hashes (default false). */
    public Builder lengthAndHashesInSnapshot(boolean include) {
      this.snapshotMetaDetails = include;
      return this;
    }

    public RepositorySimulator build() {
      return new RepositorySimulator(this);
    }
  }

  // ---------------------------------------------------------------- publishing

  /**
   * Re-signs what changed since the last publish: root (next version) when its keys, roles,
   * expiry or consistent_snapshot changed; each changed targets role (next version); snapshot
   * when a targets role was published or snapshot itself changed; timestamp always.
   */
  public synchronized void publish() {
    if (dirty.contains("root")) {
      publishRoot();
    }
    for (String role : List.copyOf(targets.keySet())) {
      if (dirty.contains(role)) {
        publishTargets(role);
      }
    }
    if (snapshotStale || dirty.contains("snapshot")) {
      updateSnapshot();
    }
    updateTimestamp();
  }

  /**
   * Signs the draft root as the next version (or the version set with {@link #setVersion}),
   * with the keys of the draft root and of the previously published root, as a rotation needs.
   */
  public synchronized void publishRoot() {
    Map<String, Signer> signers = signingSet("root");
    long v = nextVersion("root", rootHistory.isEmpty() ? 0 : rootHistory.lastKey());
    root = new Root(root.specVersion(), v, root.expires(), root.consistentSnapshotField(),
        root.keys(), root.roles(), root.unrecognizedFields());
    Signed<Root> s = sign(root, signers, encoding);
    byte[] bytes = s.toBytes();
    rootHistory.put(v, s);
    rootBytes.put(v, bytes);
    files.put(metadataPath("root", v, encoding), bytes);
    files.put(metadataPath("root", encoding), bytes);
    dirty.remove("root");
  }

  /** Signs the draft of targets role {@code role} as its next version; snapshot goes stale. */
  public synchronized void publishTargets(String role) {
    Targets draft = draftTargets(role);
    Signed<Targets> previous = publishedTargets.get(role);
    long v = nextVersion(role, previous == null ? 0 : previous.signed().version());
    Targets t = withTargets(draft, v, draft.expires(), draft.targets(), draft.delegations());
    targets.put(role, t);
    Signed<Targets> s = sign(t, signingSet(role), encoding);
    byte[] bytes = s.toBytes();
    publishedTargets.put(role, s);
    publishedBytes.put(role, bytes);
    files.put(metadataPath(role, v, encoding), bytes);
    files.put(metadataPath(role, encoding), bytes);
    dirty.remove(role);
    snapshotStale = true;
  }

  /** Signs a new snapshot listing the last published version of every targets role. */
  public synchronized void updateSnapshot() {
    long v = nextVersion("snapshot",
        publishedSnapshot == null ? 0 : publishedSnapshot.signed().version());
    Map<String, MetaFile> meta = new LinkedHashMap<>();
    for (String role : targets.keySet()) {
      Signed<Targets> s = publishedTargets.get(role);
      if (s != null) {
        meta.put(role + ".json", metaFile(s.signed().version(), publishedBytes.get(role),
            snapshotMetaDetails));
      }
    }
    Snapshot snapshot = new Snapshot(SPEC_VERSION, v, expires.get("snapshot"), meta, Map.of());
    publishedSnapshot = sign(snapshot, signingSet("snapshot"), encoding);
    byte[] bytes = publishedSnapshot.toBytes();
    publishedBytes.put("snapshot", bytes);
    files.put(metadataPath("snapshot", v, encoding), bytes);
    files.put(metadataPath("snapshot", encoding), bytes);
    dirty.remove("snapshot");
    snapshotStale = false;
  }

  /** Signs a new timestamp naming the last published snapshot. */
  public synchronized void updateTimestamp() {
    long v = nextVersion("timestamp",
        publishedTimestamp == null ? 0 : publishedTimestamp.signed().version());
    MetaFile meta = metaFile(publishedSnapshot.signed().version(), publishedBytes.get("snapshot"),
        timestampMetaDetails);
    Timestamp timestamp = new Timestamp(SPEC_VERSION, v, expires.get("timestamp"), meta,
        Map.of());
    publishedTimestamp = sign(timestamp, signingSet("timestamp"), encoding);
    byte[] bytes = publishedTimestamp.toBytes();
    publishedBytes.put("timestamp", bytes);
    files.put(metadataPath("timestamp", encoding), bytes);
    dirty.remove("timestamp");
  }

  private long nextVersion(String role, long lastPublished) {
    Long pinned = pinnedVersions.remove(role);
    return pinned != null ? pinned : lastPublished + 1;
  }

  // ---------------------------------------------------------------- targets

  /** Adds (or replaces) a target of the top-level targets role. */
  public TargetFile addTarget(String path, byte[] content) {
    return addTarget("targets", path, content, Optional.empty());
  }

  /** Adds (or replaces) a target of any targets role. */
  public TargetFile addTarget(String role, String path, byte[] content) {
    return addTarget(role, path, content, Optional.empty());
  }

  /**
   * Adds (or replaces) a target with length, sha256 and sha512 of {@code content} and optional
   * {@code custom} data. The content is served at once under {@code targets/PATH} and
   * {@code targets/DIR/SHA256.BASENAME}; the metadata changes at the next publish.
   */
  public synchronized TargetFile addTarget(String role, String path, byte[] content,
      Optional<JsonValue> custom) {
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("sha256", hex(digest("SHA-256", content)));
    hashes.put("sha512", hex(digest("SHA-512", content)));
    TargetFile file = new TargetFile(path, content.length, hashes, custom, Map.of());
    putTargetEntry(role, file);
    // Served under the quoted path a URL carries, as an HTTP server maps it to its file.
    files.put(quoteTargetPath("targets/" + path), content.clone());
    files.put(quoteTargetPath(consistentTargetPath(path, hashes.get("sha256"))), content.clone());
    return file;
  }

  /** Lists {@code file} in {@code role}'s targets without touching served content. */
  public synchronized void putTargetEntry(String role, TargetFile file) {
    Targets t = draftTargets(role);
    Map<String, TargetFile> map = new LinkedHashMap<>(t.targets());
    map.put(file.path(), file);
    targets.put(role, withTargets(t, t.version(), t.expires(), map, t.delegations()));
    dirty.add(role);
  }

  /** Removes a target from {@code role}'s metadata and stops serving {@code targets/PATH}. */
  public synchronized void removeTarget(String role, String path) {
    Targets t = draftTargets(role);
    Map<String, TargetFile> map = new LinkedHashMap<>(t.targets());
    if (map.remove(path) == null) {
      throw new NoSuchElementException(role + " lists no target " + path);
    }
    targets.put(role, withTargets(t, t.version(), t.expires(), map, t.delegations()));
    files.remove("targets/" + path);
    dirty.add(role);
  }

  /** {@code targets/DIR/SHA256.BASENAME}: where a consistent-snapshot client fetches a target. */
  public static String consistentTargetPath(String targetPath, String sha256) {
    int slash = targetPath.lastIndexOf('/');
    return "targets/" + targetPath.substring(0, slash + 1) + sha256 + "."
        + targetPath.substring(slash + 1);
  }

  // ---------------------------------------------------------------- keys and thresholds

  /** Adds {@code signer}'s key to {@code role} under its spec key id; returns the key id. */
  public String addKey(String role, Signer signer) {
    return addKey(role, keyIdOf(signer), signer);
  }

  /**
   * Adds {@code signer}'s key to {@code role} under {@code keyId}, in root for a top-level role
   * or in the delegating targets role otherwise. Listing a key already assigned under another
   * id is how a test builds the duplicate-key threshold bypass.
   */
  public synchronized String addKey(String role, String keyId, Signer signer) {
    Assignment a = assignment(role);
    if (a.keyIds.contains(keyId)) {
      throw new IllegalArgumentException(role + " already lists key id " + keyId);
    }
    Map<String, Key> keys = new LinkedHashMap<>(a.keys);
    keys.put(keyId, keyOf(signer));
    List<String> ids = new ArrayList<>(a.keyIds);
    ids.add(keyId);
    signerById.put(keyId, signer);
    assign(role, keys, ids, a.threshold);
    return keyId;
  }

  /** Unassigns a key from {@code role}; its signer is kept, for signing the next root. */
  public synchronized void removeKey(String role, String keyId) {
    Assignment a = assignment(role);
    List<String> ids = new ArrayList<>(a.keyIds);
    if (!ids.remove(keyId)) {
      throw new NoSuchElementException(role + " lists no key id " + keyId);
    }
    assign(role, a.keys, ids, a.threshold);
  }

  public synchronized void setThreshold(String role, int threshold) {
    Assignment a = assignment(role);
    assign(role, a.keys, a.keyIds, threshold);
  }

  /**
   * Replaces all of {@code role}'s keys with one new key and returns its signer. Rotating root
   * keys makes the next root be signed by the old and the new keys.
   */
  public synchronized Signer rotateKeys(String role) {
    Assignment a = assignment(role);
    Signer s = newSigner();
    String id = keyIdOf(s);
    Map<String, Key> keys = new LinkedHashMap<>(a.keys);
    keys.put(id, keyOf(s));
    signerById.put(id, s);
    assign(role, keys, List.of(id), 1);
    return s;
  }

  /** Forgets the private key of {@code keyId}: it stays listed but nothing is signed with it. */
  public synchronized void forgetSigner(String keyId) {
    signerById.remove(keyId);
  }

  /** The signer of a key id, when the simulator holds it. */
  public synchronized Optional<Signer> signer(String keyId) {
    return Optional.ofNullable(signerById.get(keyId));
  }

  /** Key id to signer for the keys currently assigned to {@code role} whose signer is held. */
  public synchronized Map<String, Signer> signers(String role) {
    Map<String, Signer> out = new LinkedHashMap<>();
    for (String id : assignment(role).keyIds) {
      Signer s = signerById.get(id);
      if (s != null) {
        out.put(id, s);
      }
    }
    return out;
  }

  /** Key ids assigned to {@code role} by root or its delegator (draft). */
  public synchronized List<String> keyIds(String role) {
    return assignment(role).keyIds;
  }

  /** A new signer of the simulator's key scheme, not assigned to anything. */
  public Signer newSigner() {
    return KeyPairSigner.generate(keyScheme);
  }

  // ---------------------------------------------------------------- delegations

  /**
   * {@code t} with one more delegation, to {@code role} with the key {@code key} under {@code
   * keyId}: for graphs {@link #addDelegation} refuses, such as a role delegated by two
   * delegators (a diamond) or a delegation to a role that does not exist.
   */
  public static Targets withDelegation(Targets t, DelegatedRole role, String keyId, Key key) {
    Delegations d = t.delegations().orElse(new Delegations(Map.of(), Optional.of(List.of()),
        Optional.empty(), Map.of()));
    Map<String, Key> keys = new LinkedHashMap<>(d.keys());
    keys.put(keyId, key);
    List<DelegatedRole> roles = new ArrayList<>(d.roles().orElseThrow());
    roles.add(role);
    return new Targets(t.specVersion(), t.version(), t.expires(), t.targets(),
        Optional.of(new Delegations(keys, Optional.of(roles), Optional.empty(),
            d.unrecognizedFields())), t.unrecognizedFields());
  }

  /**
   * Delegates from {@code delegator} (any targets role) to {@code role}, adding the signers'
   * keys under the given key ids, and creates the role's empty targets metadata.
   */
  public synchronized void addDelegation(String delegator, DelegatedRole role,
      Map<String, Signer> signersByKeyId) {
    Targets parent = draftTargets(delegator);
    if (targets.containsKey(role.name())) {
      throw new IllegalArgumentException("a targets role named " + role.name() + " exists");
    }
    Delegations d = parent.delegations().orElse(new Delegations(Map.of(),
        Optional.of(List.of()), Optional.empty(), Map.of()));
    if (d.succinctRoles().isPresent()) {
      throw new IllegalStateException(delegator + " already delegates with succinct_roles");
    }
    Map<String, Key> keys = new LinkedHashMap<>(d.keys());
    signersByKeyId.forEach((id, s) -> {
      keys.put(id, keyOf(s));
      signerById.put(id, s);
    });
    List<DelegatedRole> roles = new ArrayList<>(d.roles().orElseThrow());
    roles.add(role);
    setDelegations(delegator, new Delegations(keys, Optional.of(roles), Optional.empty(),
        d.unrecognizedFields()));
    createRole(role.name(), delegator);
  }

  /** Delegates {@code paths} (glob patterns) to a new role with one new key, threshold 1. */
  public Signer delegate(String delegator, String name, List<String> paths, boolean terminating) {
    Signer s = newSigner();
    addDelegation(delegator, new DelegatedRole(name, List.of(keyIdOf(s)), 1,
        Optional.of(terminating), Optional.of(paths), Optional.empty(), Map.of()),
        Map.of(keyIdOf(s), s));
    return s;
  }

  /** Delegates by {@code path_hash_prefixes} to a new role with one new key, threshold 1. */
  public Signer delegateHashPrefixes(String delegator, String name, List<String> prefixes,
      boolean terminating) {
    Signer s = newSigner();
    addDelegation(delegator, new DelegatedRole(name, List.of(keyIdOf(s)), 1,
        Optional.of(terminating), Optional.empty(), Optional.of(prefixes), Map.of()),
        Map.of(keyIdOf(s), s));
    return s;
  }

  /**
   * Delegates from {@code delegator} to 2^{@code bitLength} succinct hash bins sharing one new
   * key (threshold 1) and creates every bin's empty targets metadata. Place targets with
   * {@code addTarget(binFor(delegator, path), path, content)}.
   */
  public synchronized Signer delegateSuccinct(String delegator, int bitLength,
      String namePrefix) {
    Targets parent = draftTargets(delegator);
    if (parent.delegations().isPresent()) {
      throw new IllegalStateException(delegator + " already has delegations");
    }
    Signer s = newSigner();
    String id = keyIdOf(s);
    signerById.put(id, s);
    SuccinctRoles bins = new SuccinctRoles(List.of(id), 1, bitLength, namePrefix, Map.of());
    for (long i = 0; i < bins.numberOfBins(); i++) {
      if (targets.containsKey(bins.roleName(i))) {
        throw new IllegalArgumentException("a targets role named " + bins.roleName(i)
            + " exists");
      }
    }
    setDelegations(delegator, new Delegations(Map.of(id, keyOf(s)), Optional.empty(),
        Optional.of(bins), Map.of()));
    for (long i = 0; i < bins.numberOfBins(); i++) {
      createRole(bins.roleName(i), delegator);
    }
    return s;
  }

  /** The succinct bin of {@code delegator} responsible for {@code targetPath}. */
  public synchronized String binFor(String delegator, String targetPath) {
    return draftTargets(delegator).delegations().flatMap(Delegations::succinctRoles)
        .orElseThrow(() -> new IllegalStateException(delegator + " has no succinct_roles"))
        .roleNameFor(targetPath);
  }

  /**
   * Removes the delegation to {@code name} (and the roles it delegates to, transitively): no
   * longer listed by its delegator or in snapshot. Files already served stay.
   */
  public synchronized void removeDelegation(String delegator, String name) {
    Delegations d = draftTargets(delegator).delegations().orElseThrow(() ->
        new NoSuchElementException(delegator + " has no delegations"));
    List<DelegatedRole> roles = new ArrayList<>(d.roles().orElseThrow(() ->
        new IllegalStateException(delegator + " delegates with succinct_roles")));
    if (!roles.removeIf(r -> r.name().equals(name))) {
      throw new NoSuchElementException(delegator + " does not delegate to " + name);
    }
    Set<String> used = new HashSet<>();
    roles.forEach(r -> used.addAll(r.keyIds()));
    setDelegations(delegator, new Delegations(pruneKeys(d.keys(), used), Optional.of(roles),
        Optional.empty(), d.unrecognizedFields()));
    dropRole(name);
  }

  private void dropRole(String name) {
    for (Map.Entry<String, String> e : List.copyOf(delegatorOf.entrySet())) {
      if (e.getValue().equals(name)) {
        dropRole(e.getKey());
      }
    }
    targets.remove(name);
    delegatorOf.remove(name);
    publishedTargets.remove(name);
    publishedBytes.remove(name);
    dirty.remove(name);
    snapshotStale = true;
  }

  private void createRole(String name, String delegator) {
    targets.put(name, new Targets(SPEC_VERSION, 1, defaultExpires(), Map.of(), Optional.empty(),
        Map.of()));
    delegatorOf.put(name, delegator);
    dirty.add(name);
  }

  private void setDelegations(String delegator, Delegations d) {
    Targets t = draftTargets(delegator);
    targets.put(delegator, withTargets(t, t.version(), t.expires(), t.targets(), Optional.of(d)));
    dirty.add(delegator);
  }

  // ---------------------------------------------------------------- versions, expiry, options

  /** The next publish of {@code role} gets exactly {@code version}; marks the role changed. */
  public synchronized void setVersion(String role, long version) {
    requireRole(role);
    pinnedVersions.put(role, version);
    dirty.add(role);
  }

  /** Sets {@code role}'s expiry for this and later publishes; marks the role changed. */
  public synchronized void setExpires(String role, Instant when) {
    Instant e = when.truncatedTo(ChronoUnit.SECONDS);
    if (role.equals("root")) {
      root = new Root(root.specVersion(), root.version(), e, root.consistentSnapshotField(),
          root.keys(), root.roles(), root.unrecognizedFields());
    } else if (targets.containsKey(role)) {
      Targets t = targets.get(role);
      targets.put(role, withTargets(t, t.version(), e, t.targets(), t.delegations()));
    } else {
      requireRole(role);
      expires.put(role, e);
    }
    dirty.add(role);
  }

  /** Marks {@code role} changed so the next {@link #publish()} re-signs it at the next version. */
  public synchronized void touch(String role) {
    requireRole(role);
    dirty.add(role);
  }

  public synchronized void setConsistentSnapshot(boolean consistentSnapshot) {
    root = new Root(root.specVersion(), root.version(), root.expires(),
        Optional.of(consistentSnapshot), root.keys(), root.roles(), root.unrecognizedFields());
    dirty.add("root");
  }

  /** Whether timestamp's snapshot entry lists length and sha256 (from the next timestamp). */
  public synchronized void includeLengthAndHashesInTimestamp(boolean include) {
    timestampMetaDetails = include;
  }

  /** Whether snapshot's entries list length and sha256; marks snapshot changed. */
  public synchronized void includeLengthAndHashesInSnapshot(boolean include) {
    snapshotMetaDetails = include;
    dirty.add("snapshot");
  }

  /** "Now" plus the expiry period, in whole seconds: the expiry of new metadata. */
  public Instant defaultExpires() {
    return clock.instant().plus(expiryPeriod).truncatedTo(ChronoUnit.SECONDS);
  }

  // ---------------------------------------------------------------- escape hatches

  /**
   * Edits the draft root record (unknown fields, odd roles, anything the model allows); marks
   * root changed. Its version is replaced when published; use {@link #setVersion} for that.
   */
  public synchronized void updateRoot(UnaryOperator<Root> edit) {
    root = Objects.requireNonNull(edit.apply(root));
    dirty.add("root");
  }

  /** Edits the draft of a targets role; marks it changed. */
  public synchronized void updateTargets(String role, UnaryOperator<Targets> edit) {
    targets.put(role, Objects.requireNonNull(edit.apply(draftTargets(role))));
    dirty.add(role);
  }

  /**
   * Signs {@code role} with these signers (under their spec key ids) instead of its own keys,
   * from its next signing until {@link #clearSignWith}; marks the role changed. No signers means
   * no signatures.
   */
  public void signWith(String role, Signer... signers) {
    Map<String, Signer> byId = new LinkedHashMap<>();
    for (Signer s : signers) {
      byId.put(keyIdOf(s), s);
    }
    signWith(role, byId);
  }

  /** Like {@link #signWith(String, Signer...)} with explicit key ids (wrong key, right id). */
  public synchronized void signWith(String role, Map<String, Signer> signersByKeyId) {
    requireRole(role);
    signWith.put(role, new LinkedHashMap<>(signersByKeyId));
    dirty.add(role);
  }

  public synchronized void clearSignWith(String role) {
    signWith.remove(role);
  }

  /**
   * Rewrites the last published {@code role} file(s) with {@code _type} set to {@code typeName},
   * validly signed by the role's signers: a file of the wrong role type.
   */
  public synchronized void publishWithType(String role, String typeName) {
    Signed<? extends RoleMetadata> current = role.equals("root") ? signedRoot()
        : role.equals("timestamp") ? publishedTimestamp
        : role.equals("snapshot") ? publishedSnapshot : signedTargets(role);
    Map<String, JsonValue> members = new LinkedHashMap<>(current.signed().toJson().members());
    members.put("_type", new JsonString(typeName));
    byte[] bytes = signFile(new JsonObject(members), signingSet(role), encoding);
    long v = current.signed().version();
    if (!role.equals("timestamp")) {
      files.put(metadataPath(role, v, encoding), bytes);
    }
    files.put(metadataPath(role, encoding), bytes);
  }

  /** Overrides or adds a served file (tampering); the model and published state are unchanged. */
  public void putFile(String path, byte[] bytes) {
    files.put(path, bytes.clone());
  }

  public void removeFile(String path) {
    files.remove(path);
  }

  /** {@code metadata} signed by each signer under its key id. */
  public static <T extends RoleMetadata> Signed<T> sign(T metadata,
      Map<String, Signer> signersByKeyId) {
    return sign(metadata, signersByKeyId, MetadataEncoding.JSON);
  }

  /** {@code metadata} in {@code encoding}, signed by each signer under its key id. */
  public static <T extends RoleMetadata> Signed<T> sign(T metadata,
      Map<String, Signer> signersByKeyId, MetadataEncoding encoding) {
    Signed<T> unsigned = Signed.of(metadata, List.of(), encoding);
    byte[] message = unsigned.canonicalSigned();
    List<Signature> sigs = new ArrayList<>();
    signersByKeyId.forEach((id, s) -> sigs.add(Signature.of(id, signBytes(s, message))));
    return unsigned.withSignatures(sigs);
  }

  /** A whole metadata file around an arbitrary {@code signed} object, in canonical JSON. */
  public static byte[] signJson(JsonObject signed, Map<String, Signer> signersByKeyId) {
    return signFile(signed, signersByKeyId, MetadataEncoding.JSON);
  }

  /** A whole metadata file in {@code encoding} around an arbitrary {@code signed} object. */
  public static byte[] signFile(JsonObject signed, Map<String, Signer> signersByKeyId,
      MetadataEncoding encoding) {
    byte[] message = encoding.encode(signed);
    List<JsonValue> sigs = new ArrayList<>();
    signersByKeyId.forEach((id, s) ->
        sigs.add(Signature.of(id, signBytes(s, message)).toJson()));
    return encoding.encode(new JsonObject(Map.of("signatures", new JsonArray(sigs),
        "signed", signed)));
  }

  /** The public key object of a signer. */
  public static Key keyOf(Signer signer) {
    return Key.of(signer.keyType(), signer.scheme(), signer.publicValue());
  }

  /** The spec key id (§4.2) of a signer's key. */
  public static String keyIdOf(Signer signer) {
    return keyOf(signer).computeKeyId();
  }

  // ---------------------------------------------------------------- access

  /** The latest published root. */
  public synchronized Signed<Root> signedRoot() {
    return rootHistory.lastEntry().getValue();
  }

  public synchronized Signed<Root> signedRoot(long version) {
    return Optional.ofNullable(rootHistory.get(version)).orElseThrow(() ->
        new NoSuchElementException("no root version " + version));
  }

  public synchronized Signed<Timestamp> signedTimestamp() {
    return publishedTimestamp;
  }

  public synchronized Signed<Snapshot> signedSnapshot() {
    return publishedSnapshot;
  }

  /** The last published metadata of a targets role (top-level or delegated). */
  public synchronized Signed<Targets> signedTargets(String role) {
    return Optional.ofNullable(publishedTargets.get(role)).orElseThrow(() ->
        new NoSuchElementException("targets role " + role + " is not published"));
  }

  /** The draft root (what the next root publish signs, version aside). */
  public synchronized Root draftRoot() {
    return root;
  }

  public synchronized Targets draftTargets(String role) {
    return Optional.ofNullable(targets.get(role)).orElseThrow(() ->
        new NoSuchElementException("no targets role " + role));
  }

  /** Every targets role, top-level first, in creation order. */
  public synchronized List<String> targetsRoles() {
    return List.copyOf(targets.keySet());
  }

  /** The root bytes published as {@code version} (unaffected by {@link #putFile}). */
  public synchronized byte[] rootBytes(long version) {
    byte[] b = rootBytes.get(version);
    if (b == null) {
      throw new NoSuchElementException("no root version " + version);
    }
    return b.clone();
  }

  /** Root version 1, to bootstrap a client's trust. */
  public byte[] trustedRootBytes() {
    return rootBytes(1);
  }

  /** The served bytes at a repository path. */
  public Optional<byte[]> findFile(String path) {
    return Optional.ofNullable(files.get(path)).map(byte[]::clone);
  }

  public byte[] file(String path) {
    return findFile(path).orElseThrow(() -> new NoSuchElementException("no file " + path));
  }

  /** A sorted copy of every served file. */
  public Map<String, byte[]> files() {
    Map<String, byte[]> copy = new TreeMap<>();
    files.forEach((p, b) -> copy.put(p, b.clone()));
    return copy;
  }

  /**
   * A fetcher serving {@code memory://repo/PATH} from the files by raw PATH: role files are kept
   * under quoted names, so a client that does not quote a role name gets "not found". Whole files are returned whatever
   * {@code maxLength} says, so the caller's own bound is what a test exercises.
   */
  public Fetcher fetcher() {
    return (uri, maxLength) -> {
      if (!"memory".equals(uri.getScheme()) || !"repo".equals(uri.getAuthority())
          || uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
        throw new FetchException(uri, "not a memory://repo/ URI");
      }
      String path = uri.getRawPath().substring(1);
      requests.add(path);
      byte[] body = files.get(path);
      if (body == null) {
        throw new NotFoundException(uri, "no " + path + " in the simulated repository");
      }
      return new ByteArrayInputStream(body.clone());
    };
  }

  /** The request paths the fetcher served or refused, in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clearRequests() {
    requests.clear();
  }

  /** {@code memory://repo/} plus a raw (already quoted) repository path. */
  public static URI uri(String path) {
    return URI.create(BASE_URI + path);
  }

  /** {@code metadata/ROLE.json}, ROLE percent-encoded. */
  public static String metadataPath(String role) {
    return metadataPath(role, MetadataEncoding.JSON);
  }

  /** {@code metadata/VERSION.ROLE.json}, ROLE percent-encoded. */
  public static String metadataPath(String role, long version) {
    return metadataPath(role, version, MetadataEncoding.JSON);
  }

  /** {@code metadata/ROLE.json} or {@code .cbor}, ROLE percent-encoded. */
  public static String metadataPath(String role, MetadataEncoding encoding) {
    return "metadata/" + encoding.fileName(encodeRoleName(role));
  }

  /** {@code metadata/VERSION.ROLE.json} or {@code .cbor}, ROLE percent-encoded. */
  public static String metadataPath(String role, long version, MetadataEncoding encoding) {
    return "metadata/" + version + "." + encoding.fileName(encodeRoleName(role));
  }

  /** The encoding of this repository's metadata. */
  public MetadataEncoding encoding() {
    return encoding;
  }

  /**
   * Percent-encodes a role name for a file name as python-tuf does ({@code quote(name, safe="")}):
   * UTF-8, every byte but ASCII letters, digits and {@code -_.~} as upper-case {@code %XX}.
   */
  public static String encodeRoleName(String name) {
    StringBuilder sb = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /** A target's repository path as a URL carries it: each '/'-separated part quoted. */
  public static String quoteTargetPath(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/", -1)) {
      parts.add(encodeRoleName(part));
    }
    return String.join("/", parts);
  }

  // ---------------------------------------------------------------- internals

  /** The keys a role's delegator lists and the role's key ids and threshold (drafts). */
  private record Assignment(Map<String, Key> keys, List<String> keyIds, int threshold) {}

  private Assignment assignment(String role) {
    if (TOP_LEVEL.contains(role)) {
      Role r = root.roles().get(role);
      return new Assignment(root.keys(), r.keyIds(), r.threshold());
    }
    String parent = delegatorOf.get(role);
    if (parent == null) {
      throw new NoSuchElementException("no role " + role);
    }
    Delegations d = targets.get(parent).delegations().orElseThrow();
    Role r = d.roleFor(role).orElseThrow();
    return new Assignment(d.keys(), r.keyIds(), r.threshold());
  }

  /** Writes a role's key assignment back into root or its delegator; unused keys are dropped. */
  private void assign(String role, Map<String, Key> keys, List<String> keyIds, int threshold) {
    if (TOP_LEVEL.contains(role)) {
      Map<String, Role> roles = new LinkedHashMap<>(root.roles());
      roles.put(role, new Role(keyIds, threshold, roles.get(role).unrecognizedFields()));
      Set<String> used = new HashSet<>();
      roles.values().forEach(r -> used.addAll(r.keyIds()));
      root = new Root(root.specVersion(), root.version(), root.expires(),
          root.consistentSnapshotField(), pruneKeys(keys, used), roles,
          root.unrecognizedFields());
      dirty.add("root");
      // The role must be re-signed by its new keys; root is signed at its own publish.
      dirty.add(role);
      return;
    }
    String parent = delegatorOf.get(role);
    Delegations d = targets.get(parent).delegations().orElseThrow();
    Set<String> used = new HashSet<>(keyIds);
    Delegations updated;
    if (d.succinctRoles().isPresent()) {
      SuccinctRoles s = d.succinctRoles().get();
      updated = new Delegations(pruneKeys(keys, used), Optional.empty(),
          Optional.of(new SuccinctRoles(keyIds, threshold, s.bitLength(), s.namePrefix(),
              s.unrecognizedFields())), d.unrecognizedFields());
      // Every bin shares the keys, so every bin is re-signed.
      delegatorOf.forEach((name, p) -> {
        if (p.equals(parent)) {
          dirty.add(name);
        }
      });
    } else {
      List<DelegatedRole> roles = new ArrayList<>();
      for (DelegatedRole r : d.roles().orElseThrow()) {
        DelegatedRole out = !r.name().equals(role) ? r : new DelegatedRole(r.name(), keyIds,
            threshold, r.terminatingField(), r.paths(), r.pathHashPrefixes(),
            r.unrecognizedFields());
        used.addAll(out.keyIds());
        roles.add(out);
      }
      updated = new Delegations(pruneKeys(keys, used), Optional.of(roles), Optional.empty(),
          d.unrecognizedFields());
    }
    setDelegations(parent, updated);
    dirty.add(role);
  }

  private static Map<String, Key> pruneKeys(Map<String, Key> keys, Set<String> used) {
    Map<String, Key> out = new LinkedHashMap<>();
    keys.forEach((id, k) -> {
      if (used.contains(id)) {
        out.put(id, k);
      }
    });
    return out;
  }

  /**
   * Who signs {@code role}: a {@link #signWith} override, else the held signers of its assigned
   * keys; for root also those of the previously published root, so a rotation is trusted.
   */
  private Map<String, Signer> signingSet(String role) {
    Map<String, Signer> override = signWith.get(role);
    if (override != null) {
      return override;
    }
    Set<String> ids = new LinkedHashSet<>();
    if (role.equals("root") && !rootHistory.isEmpty()) {
      ids.addAll(signedRoot().signed().role(RoleType.ROOT).keyIds());
    }
    ids.addAll(assignment(role).keyIds);
    Map<String, Signer> out = new LinkedHashMap<>();
    for (String id : ids) {
      Signer s = signerById.get(id);
      if (s != null) {
        out.put(id, s);
      }
    }
    return out;
  }

  private void requireRole(String role) {
    if (!TOP_LEVEL.contains(role) && !targets.containsKey(role)) {
      throw new NoSuchElementException("no role " + role);
    }
  }

  private static Targets withTargets(Targets t, long version, Instant expires,
      Map<String, TargetFile> files, Optional<Delegations> delegations) {
    return new Targets(t.specVersion(), version, expires, files, delegations,
        t.unrecognizedFields());
  }

  private static MetaFile metaFile(long version, byte[] bytes, boolean details) {
    if (!details) {
      return MetaFile.of(version);
    }
    return new MetaFile(version, OptionalLong.of(bytes.length),
        Map.of("sha256", hex(digest("SHA-256", bytes))), Map.of());
  }

  private static byte[] signBytes(Signer signer, byte[] message) {
    try {
      return signer.sign(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
