package org.tuf4j.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.verify.SignatureThreshold;
import org.tuf4j.verify.ThresholdResult;

/**
 * The next version of a repository, staged by {@link RepositoryEditor#stage}: the metadata to
 * write, its signatures so far, and what is still missing. Offline and multi-party signing
 * happen here: {@link #bytesToSign} gives the exact canonical bytes a key holder signs,
 * {@link #addSignature} accepts a detached signature only after verifying it, {@link #status}
 * says how many more each role needs (for a new root: a threshold of the previous root's keys
 * and of its own, TUF spec §5.3.4), and {@link #publish} writes only when every threshold is met
 * and tuf4j's own client accepts the result.
 */
public final class Release {
  private static final String ROOT = "root";
  private static final String SNAPSHOT = "snapshot";
  private static final String TIMESTAMP = "timestamp";

  private final RepositoryEditor editor;
  private final CryptoBackend backend = CryptoBackends.defaultBackend();
  private final Signed<Root> previousRoot;
  private Signed<Root> root;
  private final Map<String, Signed<Targets>> targets;
  private Signed<Snapshot> snapshot;
  private Signed<Timestamp> timestamp;
  private final Map<String, Object> content;
  private boolean published;

  Release(RepositoryEditor editor, Signed<Root> previousRoot, Signed<Root> newRoot,
      Map<String, Signed<Targets>> targets, boolean snapshotChanged,
      Map<String, ?> content) throws TufException, IOException {
    this.editor = editor;
    this.previousRoot = previousRoot;
    this.root = newRoot;
    this.targets = new TreeMap<>(targets);
    this.content = new LinkedHashMap<>(content);
    Signed<Snapshot> oldSnapshot = editor.publishedSnapshot();
    long snapshotVersion;
    if (snapshotChanged || oldSnapshot == null) {
      Map<String, MetaFile> meta = new TreeMap<>(
          oldSnapshot == null ? Map.of() : oldSnapshot.signed().meta());
      targets.forEach((role, s) -> meta.put(role + ".json", MetaFile.of(s.signed().version())));
      snapshotVersion = oldSnapshot == null ? 1 : oldSnapshot.signed().version() + 1;
      snapshot = Signed.of(new Snapshot(RepositoryEditor.SPEC_VERSION, snapshotVersion,
          editor.expiry(SNAPSHOT), meta, Map.of()), List.of());
    } else {
      snapshotVersion = oldSnapshot.signed().version();
    }
    Signed<Timestamp> oldTimestamp = editor.publishedTimestamp();
    long timestampVersion = oldTimestamp == null ? 1 : oldTimestamp.signed().version() + 1;
    timestamp = Signed.of(new Timestamp(RepositoryEditor.SPEC_VERSION, timestampVersion,
        editor.expiry(TIMESTAMP), MetaFile.of(snapshotVersion), Map.of()), List.of());
    if (editor.timestampListsSnapshotHashes()) {
      describeSnapshotInTimestamp(snapshot != null ? snapshot.toCanonicalJson()
          : RepositoryEditor.require(editor.storage(), RepositoryEditor.metadataPath(SNAPSHOT,
              snapshotVersion, finalRoot().consistentSnapshot())));
    }
  }

  /**
   * Makes the timestamp name the snapshot file {@code snapshotFile} by length and sha256 (Uptane
   * Standard #timestamp_meta), unsigned: signatures over the previous description no longer apply.
   */
  private void describeSnapshotInTimestamp(byte[] snapshotFile) {
    Timestamp t = timestamp.signed();
    MetaFile meta = new MetaFile(t.snapshotMeta().version(), OptionalLong.of(snapshotFile.length),
        Map.of("sha256", HexFormat.of().formatHex(sha256(snapshotFile))), Map.of());
    timestamp = Signed.of(new Timestamp(t.specVersion(), t.version(), t.expires(), meta,
        t.unrecognizedFields()), List.of());
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** A release read back from {@link #save()}d files. */
  Release(RepositoryEditor editor, Signed<Root> previousRoot, Signed<Root> root,
      Map<String, Signed<Targets>> targets, Signed<Snapshot> snapshot,
      Signed<Timestamp> timestamp, Map<String, ?> content) {
    this.editor = editor;
    this.previousRoot = previousRoot;
    this.root = root;
    this.targets = new TreeMap<>(targets);
    this.snapshot = snapshot;
    this.timestamp = timestamp;
    this.content = new LinkedHashMap<>(content);
  }

  /** The new root, if this release rotates root. */
  public Optional<Signed<Root>> root() {
    return Optional.ofNullable(root);
  }

  /** Changed targets roles, by name. */
  public Map<String, Signed<Targets>> targets() {
    return Map.copyOf(targets);
  }

  /** The new snapshot, unless no targets role changed. */
  public Optional<Signed<Snapshot>> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  public Signed<Timestamp> timestamp() {
    return timestamp;
  }

  /** The roles this release signs, root first and timestamp last. */
  public List<String> roles() {
    List<String> out = new ArrayList<>();
    if (root != null) {
      out.add(ROOT);
    }
    out.addAll(targets.keySet());
    if (snapshot != null) {
      out.add(SNAPSHOT);
    }
    out.add(TIMESTAMP);
    return out;
  }

  /** The exact bytes a signature for {@code role} must cover (TUF spec §4.2, canonical JSON). */
  public byte[] bytesToSign(String role) {
    return metadata(role).canonicalSigned();
  }

  /** The role's metadata file as it would be written now, with the signatures so far. */
  public byte[] export(String role) {
    return metadata(role).toCanonicalJson();
  }

  /** Signs every role of this release that trusts {@code signer}'s key. */
  public void sign(Signer signer) throws TufException, IOException {
    sign(signer, roles());
  }

  private void sign(Signer signer, List<String> roles) throws TufException, IOException {
    byte[] identity = identity(Key.of(signer.keyType(), signer.scheme(), signer.publicValue()));
    for (String role : roles) {
      for (Map.Entry<String, Key> trusted : keysFor(role).entrySet()) {
        // Compare key material, not spelling: one PEM key can be written several ways.
        if (identity.length > 0 && Arrays.equals(identity, identity(trusted.getValue()))) {
          try {
            addSignature(role, Signature.of(trusted.getKey(),
                signer.sign(bytesToSign(role))));
          } catch (GeneralSecurityException e) {
            throw new InvalidRepositoryException("signing " + role + " failed: "
                + e.getMessage(), e);
          }
        }
      }
    }
  }

  private byte[] identity(Key key) {
    try {
      return backend.verifier(key.keyType(), key.scheme(), key.publicValue().orElseThrow())
          .publicKeyIdentity();
    } catch (TufException | java.util.NoSuchElementException e) {
      return new byte[0]; // a key tuf4j cannot use never matches a signer
    }
  }

  /**
   * A signature by {@code signer} over {@code role}, under the key id the role lists for its
   * key, without adding it: for a key holder who sends the signature back (detached signing).
   *
   * @throws InvalidRepositoryException if the role does not trust the signer's key
   */
  public Signature detachedSignature(String role, Signer signer)
      throws TufException, IOException {
    byte[] identity = identity(Key.of(signer.keyType(), signer.scheme(), signer.publicValue()));
    for (Map.Entry<String, Key> trusted : keysFor(role).entrySet()) {
      if (identity.length > 0 && Arrays.equals(identity, identity(trusted.getValue()))) {
        try {
          return Signature.of(trusted.getKey(), signer.sign(bytesToSign(role)));
        } catch (GeneralSecurityException e) {
          throw new InvalidRepositoryException("signing " + role + " failed: "
              + e.getMessage(), e);
        }
      }
    }
    throw new InvalidRepositoryException(role + " does not trust this key");
  }

  void signAll(List<Signer> signers) throws TufException, IOException {
    // The timestamp last: it may describe the snapshot file, signatures included.
    List<String> beforeTimestamp = new ArrayList<>(roles());
    beforeTimestamp.remove(TIMESTAMP);
    for (Signer s : signers) {
      sign(s, beforeTimestamp);
    }
    for (Signer s : signers) {
      sign(s, List.of(TIMESTAMP));
    }
  }

  /**
   * Adds a detached signature made elsewhere (offline, another process, a hardware token) after
   * checking it: the key id must be one the role trusts and the signature must verify over
   * {@link #bytesToSign}. A signature by a key already counted replaces the old one.
   *
   * @throws InvalidRepositoryException if the key is not trusted for the role or the signature
   *     is not valid
   */
  public void addSignature(String role, Signature signature)
      throws TufException, IOException {
    requireNotPublished();
    Key key = keysFor(role).get(signature.keyId());
    if (key == null) {
      throw new InvalidRepositoryException(role + " does not trust key " + signature.keyId());
    }
    byte[] sig = signature.bytes().orElseThrow(() -> new InvalidRepositoryException(
        "signature by " + signature.keyId() + " is not hex"));
    try {
      backend.verifier(key.keyType(), key.scheme(), key.publicValue().orElseThrow())
          .verify(bytesToSign(role), sig);
    } catch (TufException e) {
      throw new InvalidRepositoryException("signature by " + signature.keyId() + " over "
          + role + " is not valid: " + e.getMessage(), e);
    }
    Signed<?> current = metadata(role);
    List<Signature> sigs = new ArrayList<>();
    for (Signature s : current.signatures()) {
      if (!s.keyId().equals(signature.keyId())) {
        sigs.add(s);
      }
    }
    sigs.add(signature);
    replace(role, current.withSignatures(sigs));
  }

  /**
   * Adds the valid signatures of a partially signed copy of {@code role} (as {@link #export}
   * wrote it and another key holder signed it); its {@code signed} part must be byte-identical.
   *
   * @return how many signatures were added
   */
  public int importSignatures(String role, byte[] signedFile) throws TufException, IOException {
    Signed<RoleMetadata> other = Signed.parseAny(signedFile, JsonLimits.DEFAULT);
    if (!Arrays.equals(other.canonicalSigned(), bytesToSign(role))) {
      throw new InvalidRepositoryException("the file is not this release's " + role
          + " (its signed content differs)");
    }
    int added = 0;
    for (Signature s : other.signatures()) {
      if (keysFor(role).containsKey(s.keyId())) {
        addSignature(role, s);
        added++;
      }
    }
    return added;
  }

  /**
   * Saves this release under {@code staged/} in the repository's storage — each role's metadata
   * with the signatures so far, the target content, and a manifest — so that other key holders,
   * possibly in other processes or on other machines, can add signatures and publish it with
   * {@link RepositoryEditor#resume}. Clients never read {@code staged/}.
   */
  public void save() throws IOException {
    requireNotPublished();
    Storage storage = editor.storage();
    Map<String, JsonValue> stagedContent = new TreeMap<>();
    for (Map.Entry<String, Object> e : content.entrySet()) {
      TargetFile t = findTarget(e.getKey());
      if (t == null) {
        continue;
      }
      String path = STAGED + "content/" + t.hashes().get("sha256");
      if (e.getValue() instanceof byte[] bytes) {
        storage.write(path, bytes);
      } else if (e.getValue() instanceof java.nio.file.Path file) {
        try (InputStream in = Files.newInputStream(file)) {
          storage.write(path, in);
        }
      } else if (!e.getValue().equals(path)) {
        storage.write(path, storage.read((String) e.getValue()).orElseThrow());
      }
      stagedContent.put(e.getKey(), new JsonValue.JsonString(path));
    }
    List<JsonValue> names = new ArrayList<>();
    for (String role : roles()) {
      storage.write(STAGED + RepositoryEditor.quote(role) + ".json", export(role));
      names.add(new JsonValue.JsonString(role));
    }
    Map<String, JsonValue> manifest = new TreeMap<>();
    manifest.put("roles", new JsonValue.JsonArray(names));
    manifest.put("content", new JsonValue.JsonObject(stagedContent));
    storage.write(STAGED + MANIFEST, CanonicalJson.encode(new JsonValue.JsonObject(manifest)));
  }

  static final String STAGED = "staged/";
  static final String MANIFEST = "release.json";

  /** Reads a release {@link #save()}d in {@code editor}'s storage. */
  static Release resume(RepositoryEditor editor) throws TufException, IOException {
    Storage storage = editor.storage();
    byte[] manifestBytes = storage.read(STAGED + MANIFEST).orElseThrow(
        () -> new InvalidRepositoryException("no staged release (staged/release.json)"));
    JsonValue.JsonObject manifest = (JsonValue.JsonObject) CanonicalJson.parse(manifestBytes);
    Signed<Root> root = null;
    Signed<Snapshot> snapshot = null;
    Signed<Timestamp> timestamp = null;
    Map<String, Signed<Targets>> targets = new TreeMap<>();
    for (JsonValue v : ((JsonValue.JsonArray) manifest.get("roles")).elements()) {
      String role = ((JsonValue.JsonString) v).value();
      byte[] bytes = storage.read(STAGED + RepositoryEditor.quote(role) + ".json").orElseThrow(
          () -> new InvalidRepositoryException("staged release is missing " + role));
      switch (role) {
        case ROOT -> root = Signed.parse(bytes, Root.class);
        case SNAPSHOT -> snapshot = Signed.parse(bytes, Snapshot.class);
        case TIMESTAMP -> timestamp = Signed.parse(bytes, Timestamp.class);
        default -> targets.put(role, Signed.parse(bytes, Targets.class));
      }
    }
    if (timestamp == null) {
      throw new InvalidRepositoryException("staged release has no timestamp");
    }
    Map<String, Object> content = new LinkedHashMap<>();
    ((JsonValue.JsonObject) manifest.get("content")).members().forEach(
        (path, staged) -> content.put(path, ((JsonValue.JsonString) staged).value()));
    return new Release(editor, editor.publishedRoot(), root, targets, snapshot, timestamp,
        content);
  }

  /** Signature status of every role in this release. */
  public List<RoleStatus> status() throws TufException, IOException {
    List<RoleStatus> out = new ArrayList<>();
    for (String role : roles()) {
      out.add(status(role));
    }
    return out;
  }

  /** How far {@code role} is from its threshold(s). */
  public RoleStatus status(String role) throws TufException, IOException {
    Signed<?> md = metadata(role);
    List<ThresholdResult> checks = new ArrayList<>();
    if (ROOT.equals(role)) {
      if (previousRoot != null) {
        checks.add(SignatureThreshold.check("root (keys of v" + previousRoot.signed().version()
            + ")", previousRoot.signed().keys(), previousRoot.signed().role(RoleType.ROOT), md,
            backend));
      }
      checks.add(SignatureThreshold.check("root (keys of v" + root.signed().version() + ")",
          root.signed().keys(), root.signed().role(RoleType.ROOT), md, backend));
    } else {
      Map<String, Key> keys = keysFor(role);
      checks.add(SignatureThreshold.check(role, keys, roleFor(role), md, backend));
    }
    return new RoleStatus(role, md.signed().version(), md.signed().expires(), checks);
  }

  /** Whether every role's threshold is met. */
  public boolean isFullySigned() throws TufException, IOException {
    for (RoleStatus s : status()) {
      if (!s.isComplete()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Verifies the release as a client would and writes it: target files, then delegated and
   * top-level targets metadata, the snapshot, the root (as {@code N.root.json} and
   * {@code root.json}), and {@code timestamp.json} last, each write atomic. Until the timestamp
   * is written, clients keep seeing the previous release.
   *
   * @throws InvalidRepositoryException if a threshold is unmet or a client would reject the
   *     result; nothing is written then
   */
  public void publish() throws TufException, IOException {
    requireNotPublished();
    for (RoleStatus s : status()) {
      if (!s.isComplete()) {
        throw new InvalidRepositoryException("cannot publish: " + s.describe());
      }
    }
    validate();
    Storage storage = editor.storage();
    boolean consistent = finalRoot().consistentSnapshot();
    for (Map.Entry<String, Object> e : content.entrySet()) {
      TargetFile t = findTarget(e.getKey());
      if (t == null) {
        continue; // removed again before staging
      }
      String path = targetPath(t, consistent);
      if (e.getValue() instanceof byte[] bytes) {
        storage.write(path, bytes);
      } else if (e.getValue() instanceof String staged) {
        storage.write(path, storage.read(staged).orElseThrow(() -> new InvalidRepositoryException(
            "staged content for " + e.getKey() + " is missing (" + staged + ")")));
      } else {
        try (InputStream in = Files.newInputStream((java.nio.file.Path) e.getValue())) {
          storage.write(path, in);
        }
      }
    }
    // Deepest roles first, top-level targets last: a client following delegations never meets
    // a delegator that names a version not yet written.
    List<String> order = new ArrayList<>(targets.keySet());
    order.remove(RepositoryEditor.TARGETS);
    order.add(RepositoryEditor.TARGETS);
    for (String role : order) {
      Signed<Targets> s = targets.get(role);
      if (s != null) {
        storage.write(RepositoryEditor.metadataPath(role, s.signed().version(), consistent),
            s.toCanonicalJson());
      }
    }
    if (snapshot != null) {
      storage.write(RepositoryEditor.metadataPath(SNAPSHOT, snapshot.signed().version(),
          consistent), snapshot.toCanonicalJson());
    }
    if (root != null) {
      byte[] bytes = root.toCanonicalJson();
      storage.write("metadata/" + root.signed().version() + ".root.json", bytes);
      storage.write("metadata/root.json", bytes);
    }
    storage.write("metadata/timestamp.json", timestamp.toCanonicalJson());
    published = true;
    discardStaged(storage);
    editor.published(this);
  }

  /** Removes a {@link #save()}d release, if any (after it is published, or to abandon it). */
  static void discardStaged(Storage storage) throws TufException, IOException {
    Optional<byte[]> manifest = storage.read(STAGED + MANIFEST);
    if (manifest.isEmpty()) {
      return;
    }
    JsonValue.JsonObject m = (JsonValue.JsonObject) CanonicalJson.parse(manifest.get());
    for (JsonValue v : ((JsonValue.JsonArray) m.get("roles")).elements()) {
      storage.delete(STAGED + RepositoryEditor.quote(((JsonValue.JsonString) v).value())
          + ".json");
    }
    for (JsonValue v : ((JsonValue.JsonObject) m.get("content")).members().values()) {
      storage.delete(((JsonValue.JsonString) v).value());
    }
    storage.delete(STAGED + MANIFEST);
  }

  /** Where a target's content is stored (TUF spec "Consistent snapshots"). */
  static String targetPath(TargetFile t, boolean consistent) {
    if (!consistent) {
      return "targets/" + t.path();
    }
    int slash = t.path().lastIndexOf('/');
    return "targets/" + t.path().substring(0, slash + 1) + t.hashes().get("sha256") + "."
        + t.path().substring(slash + 1);
  }

  private TargetFile findTarget(String path) {
    for (Signed<Targets> s : targets.values()) {
      TargetFile t = s.signed().targets().get(path);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** Runs tuf4j's client state machine over exactly the bytes that would be written. */
  private void validate() throws TufException, IOException {
    byte[] startRoot = (previousRoot != null ? previousRoot : root).toCanonicalJson();
    try {
      TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(startRoot,
          editor.clock().instant(), backend, JsonLimits.DEFAULT);
      if (previousRoot != null && root != null) {
        set.updateRoot(root.toCanonicalJson());
      }
      boolean rotated = set.timestampOrSnapshotKeysRotated();
      Signed<Timestamp> oldTimestamp = editor.publishedTimestamp();
      if (oldTimestamp != null && !rotated) {
        set.loadLocalTimestamp(oldTimestamp.toCanonicalJson());
      }
      if (set.updateTimestamp(timestamp.toCanonicalJson())
          != TrustedMetadataSet.TimestampUpdate.UPDATED) {
        throw new InvalidRepositoryException("timestamp version does not increase");
      }
      Signed<Snapshot> oldSnapshot = editor.publishedSnapshot();
      if (snapshot != null) {
        if (oldSnapshot != null && !rotated) {
          set.loadLocalSnapshot(oldSnapshot.toCanonicalJson());
        }
        set.updateSnapshot(snapshot.toCanonicalJson());
      } else {
        set.updateSnapshot(oldSnapshot.toCanonicalJson());
      }
      set.updateTargets(targetsBytes(RepositoryEditor.TARGETS));
      for (String role : targets.keySet()) {
        loadChain(set, role);
      }
    } catch (InvalidRepositoryException e) {
      throw e;
    } catch (TufException e) {
      throw new InvalidRepositoryException("clients would reject this release: "
          + e.getMessage(), e);
    }
  }

  private void loadChain(TrustedMetadataSet set, String role) throws TufException, IOException {
    if (set.targets(role).isPresent()) {
      return;
    }
    String delegator = delegatorOf(role);
    loadChain(set, delegator);
    set.updateDelegatedTargets(targetsBytes(role), role, delegator);
  }

  private byte[] targetsBytes(String role) throws TufException, IOException {
    Signed<Targets> s = targets.get(role);
    return s != null ? s.toCanonicalJson() : editor.publishedBytes(role);
  }

  private Root finalRoot() {
    return root != null ? root.signed() : previousRoot.signed();
  }

  /** The keys that may sign {@code role} in this release (for root: old and new root keys). */
  private Map<String, Key> keysFor(String role) throws TufException, IOException {
    if (ROOT.equals(role)) {
      Map<String, Key> keys = new HashMap<>();
      if (previousRoot != null) {
        roleKeys(previousRoot.signed().keys(), previousRoot.signed().role(RoleType.ROOT), keys);
      }
      roleKeys(root.signed().keys(), root.signed().role(RoleType.ROOT), keys);
      return keys;
    }
    Optional<RoleType> top = RoleType.fromTypeName(role);
    if (top.isPresent()) {
      Map<String, Key> keys = new HashMap<>();
      roleKeys(finalRoot().keys(), finalRoot().role(top.get()), keys);
      return keys;
    }
    Delegations d = delegatorMetadata(role).delegations().orElseThrow();
    Map<String, Key> keys = new HashMap<>();
    roleKeys(d.keys(), d.roleFor(role).orElseThrow(), keys);
    return keys;
  }

  private Role roleFor(String role) throws TufException, IOException {
    Optional<RoleType> top = RoleType.fromTypeName(role);
    if (top.isPresent()) {
      return finalRoot().role(top.get());
    }
    return delegatorMetadata(role).delegations().orElseThrow().roleFor(role).orElseThrow();
  }

  /** The role delegating to {@code role}: a staged targets role first, else the published ones. */
  private String delegatorOf(String role) throws TufException, IOException {
    for (Map.Entry<String, Signed<Targets>> e : targets.entrySet()) {
      Optional<Delegations> d = e.getValue().signed().delegations();
      if (d.isPresent() && d.get().roleFor(role).isPresent()) {
        return e.getKey();
      }
    }
    return editor.delegatorOf(role);
  }

  private Targets delegatorMetadata(String role) throws TufException, IOException {
    String delegator = delegatorOf(role);
    Signed<Targets> staged = targets.get(delegator);
    return staged != null ? staged.signed() : editor.loadPublished(delegator).signed();
  }

  private static void roleKeys(Map<String, Key> keys, Role role, Map<String, Key> out) {
    for (String id : role.keyIds()) {
      Key k = keys.get(id);
      if (k != null) {
        out.put(id, k);
      }
    }
  }

  private Signed<?> metadata(String role) {
    Signed<?> md = switch (role) {
      case ROOT -> root;
      case SNAPSHOT -> snapshot;
      case TIMESTAMP -> timestamp;
      default -> targets.get(role);
    };
    if (md == null) {
      throw new IllegalArgumentException("this release does not sign " + role
          + "; it signs " + roles());
    }
    return md;
  }

  @SuppressWarnings("unchecked")
  private void replace(String role, Signed<?> md) {
    switch (role) {
      case ROOT -> root = (Signed<Root>) md;
      case SNAPSHOT -> {
        snapshot = (Signed<Snapshot>) md;
        if (editor.timestampListsSnapshotHashes()) {
          describeSnapshotInTimestamp(snapshot.toCanonicalJson());
        }
      }
      case TIMESTAMP -> timestamp = (Signed<Timestamp>) md;
      default -> targets.put(role, (Signed<Targets>) md);
    }
  }

  private void requireNotPublished() {
    if (published) {
      throw new IllegalStateException("this release is already published");
    }
  }

  static Set<String> topLevelNames() {
    return Set.of(ROOT, SNAPSHOT, TIMESTAMP, RepositoryEditor.TARGETS);
  }
}
