package org.tuf4j.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TooLargeException;
import org.tuf4j.TufException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.internal.Sha256;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
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
 *
 * <p>A repository publishing several {@link MetadataEncoding}s gets one file set per encoding,
 * with the same content: signatures cover the bytes of one encoding, so each role is signed once
 * per encoding ({@link #sign} does all; detached signatures name their encoding in {@link
 * #bytesToSign(String, MetadataEncoding)} and {@link #addSignature(String, MetadataEncoding,
 * Signature)}). The methods without an encoding act on the repository's only encoding and refuse
 * to guess when it has more than one.
 */
public final class Release {
  private static final String ROOT = "root";
  private static final String SNAPSHOT = "snapshot";
  private static final String TIMESTAMP = "timestamp";

  private final RepositoryEditor editor;
  private final CryptoBackend backend = CryptoBackends.defaultBackend();
  // One file set per encoding the repository publishes. Their content is the same, except that
  // an encoding left a root behind by an interrupted publish gets that root here.
  private final Map<MetadataEncoding, FileSet> files = new EnumMap<>(MetadataEncoding.class);
  private final Map<String, Object> content;
  private boolean published;
  // The keys this release was signed with in this process (never saved): a snapshot or timestamp
  // whose description changes when a role it describes gains a signature is signed again by them.
  private final List<Signer> signers = new ArrayList<>();

  /** The metadata of one encoding; roles absent from the release are null or not listed. */
  private static final class FileSet {
    Signed<Root> root;
    final Map<String, Signed<Targets>> targets = new TreeMap<>();
    Signed<Snapshot> snapshot;
    Signed<Timestamp> timestamp;
  }

  Release(RepositoryEditor editor, Root newRoot, Map<String, Targets> targets,
      boolean snapshotChanged, Map<String, ?> content) throws TufException, IOException {
    this.editor = editor;
    this.content = new LinkedHashMap<>(content);
    Signed<Snapshot> oldSnapshot = editor.publishedSnapshot();
    Snapshot snapshot = null;
    long snapshotVersion;
    if (snapshotChanged || oldSnapshot == null) {
      Map<String, MetaFile> meta = new TreeMap<>(
          oldSnapshot == null ? Map.of() : oldSnapshot.signed().meta());
      // "ROLE.json" in every encoding: the spec's METAPATH names the role (see MetadataEncoding).
      targets.forEach((role, t) -> meta.put(role + ".json", MetaFile.of(t.version())));
      snapshotVersion = oldSnapshot == null ? 1 : oldSnapshot.signed().version() + 1;
      snapshot = new Snapshot(RepositoryEditor.SPEC_VERSION, snapshotVersion,
          editor.expiry(SNAPSHOT), meta, Map.of());
    } else {
      snapshotVersion = oldSnapshot.signed().version();
    }
    Signed<Timestamp> oldTimestamp = editor.publishedTimestamp();
    long timestampVersion = oldTimestamp == null ? 1 : oldTimestamp.signed().version() + 1;
    Timestamp timestamp = new Timestamp(RepositoryEditor.SPEC_VERSION, timestampVersion,
        editor.expiry(TIMESTAMP), MetaFile.of(snapshotVersion), Map.of());
    Map<MetadataEncoding, Root> pendingRoots = editor.pendingRoots();
    for (MetadataEncoding e : editor.encodings()) {
      FileSet f = new FileSet();
      Root root = newRoot != null ? newRoot : pendingRoots.get(e);
      f.root = root == null ? null : Signed.of(root, List.of(), e);
      targets.forEach((role, t) -> f.targets.put(role, Signed.of(t, List.of(), e)));
      f.snapshot = snapshot == null ? null : Signed.of(snapshot, List.of(), e);
      f.timestamp = Signed.of(timestamp, List.of(), e);
      files.put(e, f);
    }
    for (MetadataEncoding e : editor.encodings()) {
      FileSet f = files.get(e);
      for (String role : targets.keySet()) {
        describeTargetsInSnapshot(f, role);
      }
      describeSnapshotInTimestamp(f);
    }
  }

  /**
   * The snapshot of {@code f} names {@code role}'s targets file by length and sha256 as it would
   * be written now (when the repository lists them): a new description leaves the snapshot
   * unsigned, and if it was signed, the keys this release was signed with sign it again.
   */
  private void describeTargetsInSnapshot(FileSet f, String role)
      throws TufException, IOException {
    if (!editor.snapshotListsTargetsHashes() || f.snapshot == null) {
      return;
    }
    Snapshot s = f.snapshot.signed();
    String name = role + ".json";
    MetaFile current = s.meta().get(name);
    MetaFile described = describe(current.version(), f.targets.get(role).toBytes());
    if (described.equals(current)) {
      return;
    }
    boolean wasSigned = !f.snapshot.signatures().isEmpty();
    Map<String, MetaFile> meta = new TreeMap<>(s.meta());
    meta.put(name, described);
    f.snapshot = Signed.of(new Snapshot(s.specVersion(), s.version(), s.expires(), meta,
        s.unrecognizedFields()), List.of(), f.snapshot.encoding());
    describeSnapshotInTimestamp(f);
    if (wasSigned) {
      signAgain(SNAPSHOT, f.snapshot.encoding());
    }
  }

  /**
   * The timestamp of {@code f} names its snapshot file by length and sha256 as it would be
   * written now (when the repository lists them; Uptane Standard #timestamp_meta requires
   * them): as {@link #describeTargetsInSnapshot} for the snapshot.
   */
  private void describeSnapshotInTimestamp(FileSet f) throws TufException, IOException {
    if (!editor.timestampListsSnapshotHashes()) {
      return;
    }
    Timestamp t = f.timestamp.signed();
    MetadataEncoding e = f.timestamp.encoding();
    byte[] snapshotFile = f.snapshot != null ? f.snapshot.toBytes()
        : editor.publishedSnapshotBytes(t.snapshotMeta().version(), e);
    MetaFile described = describe(t.snapshotMeta().version(), snapshotFile);
    if (described.equals(t.snapshotMeta())) {
      return;
    }
    boolean wasSigned = !f.timestamp.signatures().isEmpty();
    f.timestamp = Signed.of(new Timestamp(t.specVersion(), t.version(), t.expires(), described,
        t.unrecognizedFields()), List.of(), e);
    if (wasSigned) {
      signAgain(TIMESTAMP, e);
    }
  }

  /** A file's version with its length and sha256 (TUF spec §4.4 METAFILES). */
  private static MetaFile describe(long version, byte[] file) {
    return new MetaFile(version, OptionalLong.of(file.length),
        Map.of("sha256", Sha256.hex(file)), Map.of());
  }

  /** Signs {@code role}'s file in {@code encoding} again with every key this release knows. */
  private void signAgain(String role, MetadataEncoding encoding)
      throws TufException, IOException {
    for (Signer signer : signers) {
      signIn(signer, role, encoding);
    }
  }

  /** A release read back from {@link #save()}d files. */
  private Release(RepositoryEditor editor, Map<MetadataEncoding, FileSet> files,
      Map<String, ?> content) {
    this.editor = editor;
    this.files.putAll(files);
    this.content = new LinkedHashMap<>(content);
  }

  /**
   * The encodings this release is written in: the repository's.
   *
   * @return the encodings, JSON first when it is one of them
   */
  public Set<MetadataEncoding> encodings() {
    return Collections.unmodifiableSet(files.keySet());
  }

  /**
   * The new root, if this release rotates root (in the first encoding that has it).
   *
   * @return the new root, or empty when root does not change
   */
  public Optional<Signed<Root>> root() {
    for (FileSet f : files.values()) {
      if (f.root != null) {
        return Optional.of(f.root);
      }
    }
    return Optional.empty();
  }

  /**
   * The new root in {@code encoding}, if this release rotates root.
   *
   * @param encoding one of {@link #encodings()}
   * @return the new root, or empty when root does not change
   */
  public Optional<Signed<Root>> root(MetadataEncoding encoding) {
    return Optional.ofNullable(fileSet(encoding).root);
  }

  /**
   * Changed targets roles, by name (in the first encoding).
   *
   * @return the changed targets metadata, by role name
   */
  public Map<String, Signed<Targets>> targets() {
    return targets(first());
  }

  /**
   * Changed targets roles in {@code encoding}, by name.
   *
   * @param encoding one of {@link #encodings()}
   * @return the changed targets metadata, by role name
   */
  public Map<String, Signed<Targets>> targets(MetadataEncoding encoding) {
    return Map.copyOf(fileSet(encoding).targets);
  }

  /**
   * The new snapshot, unless no targets role changed (in the first encoding).
   *
   * @return the new snapshot, or empty when the release keeps the published one
   */
  public Optional<Signed<Snapshot>> snapshot() {
    return snapshot(first());
  }

  /**
   * The new snapshot in {@code encoding}, unless no targets role changed.
   *
   * @param encoding one of {@link #encodings()}
   * @return the new snapshot, or empty when the release keeps the published one
   */
  public Optional<Signed<Snapshot>> snapshot(MetadataEncoding encoding) {
    return Optional.ofNullable(fileSet(encoding).snapshot);
  }

  /**
   * The new timestamp (in the first encoding).
   *
   * @return the timestamp every release publishes
   */
  public Signed<Timestamp> timestamp() {
    return timestamp(first());
  }

  /**
   * The new timestamp in {@code encoding}.
   *
   * @param encoding one of {@link #encodings()}
   * @return the timestamp every release publishes
   */
  public Signed<Timestamp> timestamp(MetadataEncoding encoding) {
    return fileSet(encoding).timestamp;
  }

  /**
   * The roles this release signs, root first and timestamp last.
   *
   * @return the role names, in signing order
   */
  public List<String> roles() {
    FileSet f = files.get(first());
    List<String> out = new ArrayList<>();
    if (root().isPresent()) {
      out.add(ROOT);
    }
    out.addAll(f.targets.keySet());
    if (f.snapshot != null) {
      out.add(SNAPSHOT);
    }
    out.add(TIMESTAMP);
    return out;
  }

  /**
   * The exact bytes a signature for {@code role} must cover (TUF spec §4.2: the canonical form of
   * its {@code signed}), in the repository's only encoding.
   *
   * @param role a role of {@link #roles()}
   * @return the bytes to sign
   * @throws IllegalStateException when the repository publishes several encodings: use
   *     {@link #bytesToSign(String, MetadataEncoding)}
   */
  public byte[] bytesToSign(String role) {
    return bytesToSign(role, onlyEncoding());
  }

  /**
   * The exact bytes a signature for {@code role}'s file in {@code encoding} must cover: the
   * canonical encoding of its {@code signed} in that encoding.
   *
   * @param role a role of {@link #roles()}
   * @param encoding one of {@link #encodings()}
   * @return the bytes to sign
   */
  public byte[] bytesToSign(String role, MetadataEncoding encoding) {
    return metadata(role, encoding).canonicalSigned();
  }

  /**
   * The role's metadata file as it would be written now, with the signatures so far, in the
   * repository's only encoding (see {@link #bytesToSign(String)}).
   *
   * @param role a role of {@link #roles()}
   * @return the file's bytes
   */
  public byte[] export(String role) {
    return export(role, onlyEncoding());
  }

  /**
   * The role's metadata file in {@code encoding} as it would be written now.
   *
   * @param role a role of {@link #roles()}
   * @param encoding one of {@link #encodings()}
   * @return the file's bytes
   */
  public byte[] export(String role, MetadataEncoding encoding) {
    return metadata(role, encoding).toBytes();
  }

  /**
   * Signs every role of this release that trusts {@code signer}'s key, in every encoding.
   *
   * @param signer a key holder; roles that do not list its key are left alone
   * @throws TufException when a signature the signer makes does not verify
   * @throws IOException when the signer's token fails
   */
  public void sign(Signer signer) throws TufException, IOException {
    remember(signer);
    sign(signer, roles());
  }

  /**
   * Signs the given roles of this release that trust {@code signer}'s key, in every encoding:
   * for a repository whose online keys sign only some roles (an Uptane Image repository signs its
   * snapshot and timestamp online, its targets offline). As with {@link #sign(Signer)}, a
   * snapshot or timestamp this signer signed is signed again when a later signature changes the
   * file it describes.
   *
   * @param signer a key holder
   * @param roles roles of {@link #roles()} to sign; others are left alone
   * @throws TufException when a signature the signer makes does not verify
   * @throws IOException when the signer's token fails
   */
  public void sign(Signer signer, Collection<String> roles) throws TufException, IOException {
    remember(signer);
    List<String> ordered = new ArrayList<>(roles());
    ordered.retainAll(roles);
    sign(signer, ordered);
  }

  private void remember(Signer signer) {
    if (!signers.contains(signer)) {
      signers.add(signer);
    }
  }

  private void sign(Signer signer, List<String> roles) throws TufException, IOException {
    for (String role : roles) {
      for (MetadataEncoding e : encodingsOf(role)) {
        signIn(signer, role, e);
      }
    }
  }

  /** Signs {@code role}'s file in {@code encoding} if the role trusts {@code signer}'s key. */
  private void signIn(Signer signer, String role, MetadataEncoding encoding)
      throws TufException, IOException {
    byte[] identity = identity(Key.of(signer.keyType(), signer.scheme(), signer.publicValue()));
    for (Map.Entry<String, Key> trusted : keysFor(role, encoding).entrySet()) {
      // Compare key material, not spelling: one PEM key can be written several ways.
      if (identity.length > 0 && Arrays.equals(identity, identity(trusted.getValue()))) {
        addSignature(role, encoding, signWith(signer, trusted.getKey(), role, encoding));
      }
    }
  }

  private Signature signWith(Signer signer, String keyId, String role, MetadataEncoding encoding)
      throws InvalidRepositoryException {
    try {
      return Signature.of(keyId, signer.sign(bytesToSign(role, encoding)));
    } catch (GeneralSecurityException e) {
      throw new InvalidRepositoryException("signing " + role + " failed: " + e.getMessage(), e);
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
   * In the repository's only encoding (see {@link #bytesToSign(String)}).
   *
   * @param role a role of {@link #roles()}
   * @param signer the key holder
   * @return the signature, to pass to {@link #addSignature(String, Signature)}
   * @throws InvalidRepositoryException if the role does not trust the signer's key
   * @throws IOException when the signer's token fails
   */
  public Signature detachedSignature(String role, Signer signer)
      throws TufException, IOException {
    return detachedSignature(role, onlyEncoding(), signer);
  }

  /**
   * As {@link #detachedSignature(String, Signer)}, over {@code role}'s {@code encoding} file.
   *
   * @param role a role of {@link #roles()}
   * @param encoding one of {@link #encodings()}
   * @param signer the key holder
   * @return the signature, to pass to {@link #addSignature(String, MetadataEncoding, Signature)}
   * @throws TufException when the role does not trust the signer's key ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the signer's token fails
   */
  public Signature detachedSignature(String role, MetadataEncoding encoding, Signer signer)
      throws TufException, IOException {
    byte[] identity = identity(Key.of(signer.keyType(), signer.scheme(), signer.publicValue()));
    for (Map.Entry<String, Key> trusted : keysFor(role, encoding).entrySet()) {
      if (identity.length > 0 && Arrays.equals(identity, identity(trusted.getValue()))) {
        return signWith(signer, trusted.getKey(), role, encoding);
      }
    }
    throw new InvalidRepositoryException(role + " does not trust this key");
  }

  void signAll(List<Signer> signers) throws TufException, IOException {
    signers.forEach(this::remember);
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
   * {@link #bytesToSign}. A signature by a key already counted replaces the old one. In the
   * repository's only encoding (see {@link #bytesToSign(String)}).
   *
   * @param role a role of {@link #roles()}
   * @param signature the detached signature
   * @throws InvalidRepositoryException if the key is not trusted for the role or the signature
   *     is not valid
   * @throws IOException when the release cannot be read back from storage
   */
  public void addSignature(String role, Signature signature)
      throws TufException, IOException {
    addSignature(role, onlyEncoding(), signature);
  }

  /**
   * As {@link #addSignature(String, Signature)} for {@code role}'s file in {@code encoding}: the
   * signature must verify over {@link #bytesToSign(String, MetadataEncoding)}, so a signature
   * made over another encoding's bytes is refused.
   *
   * @param role a role of {@link #roles()}
   * @param encoding one of {@link #encodings()}
   * @param signature the detached signature
   * @throws TufException when the key is not trusted for the role ({@link
   *     InvalidRepositoryException}) or the signature does not verify ({@link
   *     org.tuf4j.BadSignatureException})
   * @throws IOException when the release cannot be read back from storage
   */
  public void addSignature(String role, MetadataEncoding encoding, Signature signature)
      throws TufException, IOException {
    requireNotPublished();
    Key key = keysFor(role, encoding).get(signature.keyId());
    if (key == null) {
      throw new InvalidRepositoryException(role + " does not trust key " + signature.keyId());
    }
    byte[] sig = signature.bytes().orElseThrow(() -> new InvalidRepositoryException(
        "signature by " + signature.keyId() + " is not hex"));
    try {
      backend.verifier(key.keyType(), key.scheme(), key.publicValue().orElseThrow())
          .verify(bytesToSign(role, encoding), sig);
    } catch (TufException e) {
      throw new InvalidRepositoryException("signature by " + signature.keyId() + " over "
          + role + label(encoding) + " is not valid: " + e.getMessage(), e);
    }
    Signed<?> current = metadata(role, encoding);
    List<Signature> sigs = new ArrayList<>();
    for (Signature s : current.signatures()) {
      if (!s.keyId().equals(signature.keyId())) {
        sigs.add(s);
      }
    }
    sigs.add(signature);
    replace(role, encoding, current.withSignatures(sigs));
  }

  /**
   * Adds the valid signatures of a partially signed copy of {@code role} (as {@link #export}
   * wrote it and another key holder signed it); its {@code signed} part must be byte-identical.
   *
   * @param role a role of {@link #roles()}
   * @param signedFile the signed copy, in the repository's only encoding
   * @return how many signatures were added
   * @throws TufException when the copy cannot be parsed or its {@code signed} part differs
   * @throws IOException when the release cannot be read back from storage
   */
  public int importSignatures(String role, byte[] signedFile) throws TufException, IOException {
    return importSignatures(role, onlyEncoding(), signedFile);
  }

  /**
   * As {@link #importSignatures(String, byte[])} for a copy of the file in {@code encoding}.
   *
   * @param role a role of {@link #roles()}
   * @param encoding the copy's encoding, one of {@link #encodings()}
   * @param signedFile the signed copy
   * @return how many signatures were added
   * @throws TufException when the copy cannot be parsed or its {@code signed} part differs
   * @throws IOException when the release cannot be read back from storage
   */
  public int importSignatures(String role, MetadataEncoding encoding, byte[] signedFile)
      throws TufException, IOException {
    Signed<RoleMetadata> other = Signed.parseAny(signedFile,
        ParseOptions.DEFAULT.withEncoding(encoding));
    if (!Arrays.equals(other.canonicalSigned(), bytesToSign(role, encoding))) {
      throw new InvalidRepositoryException("the file is not this release's " + role
          + label(encoding) + " (its signed content differs)");
    }
    int added = 0;
    for (Signature s : other.signatures()) {
      if (keysFor(role, encoding).containsKey(s.keyId())) {
        addSignature(role, encoding, s);
        added++;
      }
    }
    return added;
  }

  /**
   * Saves this release under {@code staged/} in the repository's storage — each role's metadata
   * with the signatures so far, the target content, and a manifest — so that other key holders,
   * possibly in other processes or on other machines, can add signatures and publish it with
   * {@link RepositoryEditor#resume}. Clients never read {@code staged/}. Saving hands the
   * repository on: the editor's lock ({@link Storage#lock()}) is released.
   *
   * @throws IOException when the storage cannot be written
   */
  public void save() throws IOException {
    editor.requireWritable("save a release");
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
      for (MetadataEncoding e : encodingsOf(role)) {
        storage.write(stagedPath(role, e), export(role, e));
      }
      names.add(new JsonValue.JsonString(role));
    }
    List<JsonValue> encodingNames = new ArrayList<>();
    files.keySet().forEach(e -> encodingNames.add(new JsonValue.JsonString(e.name())));
    Map<String, JsonValue> manifest = new TreeMap<>();
    manifest.put("roles", new JsonValue.JsonArray(names));
    manifest.put("encodings", new JsonValue.JsonArray(encodingNames));
    manifest.put("content", new JsonValue.JsonObject(stagedContent));
    storage.write(STAGED + MANIFEST, CanonicalJson.encodeForFile(
        new JsonValue.JsonObject(manifest)));
    editor.releaseLock(); // other key holders resume it, each taking the lock in turn
  }

  static final String STAGED = "staged/";
  static final String MANIFEST = "release.json";

  private static String stagedPath(String role, MetadataEncoding encoding) {
    return STAGED + encoding.fileName(RepositoryEditor.quote(role));
  }

  /** The encodings a saved manifest lists; a manifest from before CBOR lists none: JSON. */
  private static List<MetadataEncoding> stagedEncodings(JsonValue.JsonObject manifest)
      throws InvalidRepositoryException {
    if (!(manifest.get("encodings") instanceof JsonValue.JsonArray names)) {
      return List.of(MetadataEncoding.JSON);
    }
    List<MetadataEncoding> out = new ArrayList<>();
    for (JsonValue v : names.elements()) {
      try {
        out.add(MetadataEncoding.valueOf(((JsonValue.JsonString) v).value()));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new InvalidRepositoryException("staged release names an unknown encoding: " + v);
      }
    }
    return out;
  }

  /** Reads a release {@link #save()}d in {@code editor}'s storage. */
  static Release resume(RepositoryEditor editor) throws TufException, IOException {
    Storage storage = editor.storage();
    byte[] manifestBytes = storage.read(STAGED + MANIFEST).orElseThrow(
        () -> new InvalidRepositoryException("no staged release (staged/release.json)"));
    JsonValue.JsonObject manifest = (JsonValue.JsonObject) CanonicalJson.parse(manifestBytes);
    List<MetadataEncoding> encodings = stagedEncodings(manifest);
    if (!Set.copyOf(encodings).equals(editor.encodings())) {
      throw new InvalidRepositoryException("the staged release is in " + encodings
          + " but the repository publishes " + editor.encodings());
    }
    Map<MetadataEncoding, FileSet> files = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : encodings) {
      FileSet f = new FileSet();
      for (JsonValue v : ((JsonValue.JsonArray) manifest.get("roles")).elements()) {
        String role = ((JsonValue.JsonString) v).value();
        Optional<byte[]> staged = storage.read(stagedPath(role, e));
        if (staged.isEmpty() && ROOT.equals(role)) {
          continue; // a root completing another encoding only (see RepositoryEditor#open)
        }
        byte[] bytes = staged.orElseThrow(
            () -> new InvalidRepositoryException("staged release is missing " + role
                + " (" + e + ")"));
        ParseOptions options = ParseOptions.DEFAULT.withEncoding(e);
        switch (role) {
          case ROOT -> f.root = Signed.parse(bytes, Root.class, options);
          case SNAPSHOT -> f.snapshot = Signed.parse(bytes, Snapshot.class, options);
          case TIMESTAMP -> f.timestamp = Signed.parse(bytes, Timestamp.class, options);
          default -> f.targets.put(role, Signed.parse(bytes, Targets.class, options));
        }
      }
      if (f.timestamp == null) {
        throw new InvalidRepositoryException("staged release has no timestamp");
      }
      files.put(e, f);
    }
    Map<String, Object> content = new LinkedHashMap<>();
    ((JsonValue.JsonObject) manifest.get("content")).members().forEach(
        (path, staged) -> content.put(path, ((JsonValue.JsonString) staged).value()));
    return new Release(editor, files, content);
  }

  /**
   * Signature status of every role in this release.
   *
   * @return one status per role, in {@link #roles()} order
   * @throws TufException when a signature cannot be checked
   * @throws IOException when the release cannot be read back from storage
   */
  public List<RoleStatus> status() throws TufException, IOException {
    List<RoleStatus> out = new ArrayList<>();
    for (String role : roles()) {
      out.add(status(role));
    }
    return out;
  }

  /**
   * How far {@code role} is from its threshold(s): one per encoding, two for a new root (its
   * previous root's keys and its own).
   *
   * @param role a role of {@link #roles()}
   * @return the role's version, expiry and thresholds
   * @throws TufException when a signature cannot be checked
   * @throws IOException when the release cannot be read back from storage
   */
  public RoleStatus status(String role) throws TufException, IOException {
    List<ThresholdResult> checks = new ArrayList<>();
    Signed<?> md = null;
    for (MetadataEncoding e : encodingsOf(role)) {
      md = metadata(role, e);
      String in = files.size() > 1 ? ", " + e : ""; // one label per encoding when several
      if (ROOT.equals(role)) {
        Root newRoot = files.get(e).root.signed();
        Signed<Root> previousRoot = editor.publishedRoot(e);
        if (previousRoot != null) {
          checks.add(SignatureThreshold.check("root (keys of v" + previousRoot.signed().version()
              + in + ")", previousRoot.signed().keys(), previousRoot.signed().role(RoleType.ROOT),
              md, backend));
        }
        checks.add(SignatureThreshold.check("root (keys of v" + newRoot.version() + in + ")",
            newRoot.keys(), newRoot.role(RoleType.ROOT), md, backend));
      } else {
        checks.add(SignatureThreshold.check(role + label(e), keysFor(role, e), roleFor(role), md,
            backend));
      }
    }
    return new RoleStatus(role, md.signed().version(), md.signed().expires(), checks);
  }

  /**
   * Whether every role's threshold is met.
   *
   * @return true when {@link #publish()} can go ahead
   * @throws TufException when a signature cannot be checked
   * @throws IOException when the release cannot be read back from storage
   */
  public boolean isFullySigned() throws TufException, IOException {
    for (RoleStatus s : status()) {
      if (!s.isComplete()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Verifies the release as a client would, in each encoding, and writes it: target files, then
   * delegated and top-level targets metadata, the snapshot, the root (as {@code N.root.json} and
   * {@code root.json}), and {@code timestamp.json} last, each write atomic; with several
   * encodings, each step writes every encoding's file before the next step. Until the timestamp
   * is written, clients keep seeing the previous release.
   *
   * @throws InvalidRepositoryException if a threshold is unmet or a client would reject the
   *     result; nothing is written then
   * @throws IOException when the storage cannot be read or written
   */
  public void publish() throws TufException, IOException {
    editor.requireWritable("publish");
    requireNotPublished();
    for (RoleStatus s : status()) {
      if (!s.isComplete()) {
        throw new InvalidRepositoryException("cannot publish: " + s.describe());
      }
    }
    for (MetadataEncoding e : files.keySet()) {
      validate(e);
    }
    editor.requireUnchangedSinceRead();
    try {
      write(editor.storage(), finalRoot().consistentSnapshot());
    } catch (FileAlreadyExistsException e) {
      throw new InvalidRepositoryException(InvalidRepositoryException.Reason
          .CONCURRENTLY_MODIFIED, "another writer published " + e.getFile() + " first; this "
          + "release is not published: open the repository again and redo the edit", e);
    }
    published = true;
    discardStaged(editor.storage());
    editor.published(this);
  }

  /**
   * The files, in the order that keeps clients safe: targets, delegated then top-level targets
   * metadata, snapshot, root, timestamp last. A versioned or hash-named file is written once
   * ({@link Storage#writeNew}); {@code root.json}, {@code timestamp.json} and the plain names of a
   * repository without consistent snapshots are replaced.
   */
  private void write(Storage storage, boolean consistent) throws TufException, IOException {
    for (Map.Entry<String, Object> e : content.entrySet()) {
      TargetFile t = findTarget(e.getKey());
      if (t == null) {
        continue; // removed again before staging
      }
      // With consistent snapshots, one name per listed hash: the first is written, the others
      // name the same bytes (hard links in a FileSystemStorage).
      List<String> paths = targetPaths(t, consistent);
      String path = paths.get(0);
      try (InputStream in = contentOf(e.getKey(), e.getValue())) {
        if (consistent) {
          storage.writeNew(path, in);
        } else {
          storage.write(path, in);
        }
      }
      for (String other : paths.subList(1, paths.size())) {
        storage.link(path, other);
      }
    }
    // Deepest roles first, top-level targets last: a client following delegations never meets
    // a delegator that names a version not yet written.
    List<String> order = new ArrayList<>(files.get(first()).targets.keySet());
    order.remove(RepositoryEditor.TARGETS);
    order.add(RepositoryEditor.TARGETS);
    for (String role : order) {
      for (Map.Entry<MetadataEncoding, FileSet> e : files.entrySet()) {
        Signed<Targets> s = e.getValue().targets.get(role);
        if (s != null) {
          writeVersioned(storage, RepositoryEditor.metadataPath(role, s.signed().version(),
              consistent, e.getKey()), s.toBytes(), consistent);
        }
      }
    }
    for (Map.Entry<MetadataEncoding, FileSet> e : files.entrySet()) {
      Signed<Snapshot> snapshot = e.getValue().snapshot;
      if (snapshot != null) {
        writeVersioned(storage, RepositoryEditor.metadataPath(SNAPSHOT,
            snapshot.signed().version(), consistent, e.getKey()), snapshot.toBytes(),
            consistent);
      }
    }
    for (Map.Entry<MetadataEncoding, FileSet> e : files.entrySet()) {
      Signed<Root> root = e.getValue().root;
      if (root != null) {
        byte[] bytes = root.toBytes();
        storage.writeNew("metadata/" + e.getKey().fileName(root.signed().version() + ".root"),
            bytes);
        storage.write("metadata/" + e.getKey().fileName(ROOT), bytes);
      }
    }
    for (Map.Entry<MetadataEncoding, FileSet> e : files.entrySet()) {
      storage.write("metadata/" + e.getKey().fileName(TIMESTAMP),
          e.getValue().timestamp.toBytes());
    }
  }

  private static void writeVersioned(Storage storage, String path, byte[] bytes,
      boolean consistent) throws IOException {
    if (consistent) {
      storage.writeNew(path, bytes);
    } else {
      storage.write(path, bytes);
    }
  }

  /** A staged target's content: bytes in memory, a file, or a copy saved under staged/. */
  private InputStream contentOf(String target, Object content)
      throws TufException, IOException {
    if (content instanceof byte[] bytes) {
      return new java.io.ByteArrayInputStream(bytes);
    } else if (content instanceof String staged) {
      return new java.io.ByteArrayInputStream(editor.storage().read(staged).orElseThrow(
          () -> new InvalidRepositoryException("staged content for " + target
              + " is missing (" + staged + ")")));
    }
    return Files.newInputStream((java.nio.file.Path) content);
  }

  /** Removes a {@link #save()}d release, if any (after it is published, or to abandon it). */
  static void discardStaged(Storage storage) throws TufException, IOException {
    Optional<byte[]> manifest = storage.read(STAGED + MANIFEST);
    if (manifest.isEmpty()) {
      return;
    }
    JsonValue.JsonObject m = (JsonValue.JsonObject) CanonicalJson.parse(manifest.get());
    for (MetadataEncoding e : stagedEncodings(m)) {
      for (JsonValue v : ((JsonValue.JsonArray) m.get("roles")).elements()) {
        storage.delete(stagedPath(((JsonValue.JsonString) v).value(), e));
      }
    }
    for (JsonValue v : ((JsonValue.JsonObject) m.get("content")).members().values()) {
      storage.delete(((JsonValue.JsonString) v).value());
    }
    storage.delete(STAGED + MANIFEST);
  }

  /**
   * Where a target's content is stored: its path in the plain layout; with consistent snapshots
   * {@code <hash>.<name>} for every hash the metadata lists (TUF spec §5.7.3: a client may
   * prefix the name with any of them), in the order of the algorithm names.
   */
  static List<String> targetPaths(TargetFile t, boolean consistent) {
    if (!consistent) {
      return List.of("targets/" + t.path());
    }
    int slash = t.path().lastIndexOf('/');
    String dir = "targets/" + t.path().substring(0, slash + 1);
    String name = t.path().substring(slash + 1);
    List<String> out = new ArrayList<>();
    new TreeMap<>(t.hashes()).values().forEach(hash -> out.add(dir + hash + "." + name));
    return out;
  }

  private TargetFile findTarget(String path) {
    for (Signed<Targets> s : files.get(first()).targets.values()) {
      TargetFile t = s.signed().targets().get(path);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /**
   * Runs tuf4j's client state machine, with the bounds of a default client ({@link
   * UpdaterConfig#defaults()}), over exactly the bytes that would be written in {@code
   * encoding}, from the repository's files already published in it: a release a default client
   * would refuse is not published.
   */
  private void validate(MetadataEncoding encoding) throws TufException, IOException {
    FileSet f = files.get(encoding);
    Signed<Root> publishedRoot = editor.publishedRoot(encoding);
    byte[] startRoot = (publishedRoot != null ? publishedRoot : f.root).toBytes();
    try {
      TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(startRoot, TrustOptions.at(
          editor.clock().instant()).withBackend(backend).withBounds(DEFAULT_CLIENT)
          .withEncoding(encoding));
      if (publishedRoot != null && f.root != null) {
        set.updateRoot(f.root.toBytes());
      }
      boolean rotated = set.timestampOrSnapshotKeysRotated();
      Signed<Timestamp> oldTimestamp = editor.publishedTimestamp(encoding);
      if (oldTimestamp != null && !rotated) {
        set.loadLocalTimestamp(oldTimestamp.toBytes());
      }
      if (set.updateTimestamp(f.timestamp.toBytes())
          != TrustedMetadataSet.TimestampUpdate.UPDATED) {
        throw new InvalidRepositoryException("timestamp version does not increase");
      }
      Signed<Snapshot> oldSnapshot = editor.publishedSnapshot(encoding);
      if (f.snapshot != null) {
        if (oldSnapshot != null && !rotated) {
          set.loadLocalSnapshot(oldSnapshot.toBytes());
        }
        set.updateSnapshot(f.snapshot.toBytes());
      } else {
        set.updateSnapshot(editor.publishedSnapshotBytes(
            f.timestamp.signed().snapshotMeta().version(), encoding));
      }
      set.updateTargets(targetsBytes(RepositoryEditor.TARGETS, encoding));
      for (String role : f.targets.keySet()) {
        loadChain(set, role, encoding);
      }
    } catch (InvalidRepositoryException e) {
      throw e;
    } catch (TooLargeException e) {
      throw new InvalidRepositoryException("a default client would refuse this release"
          + label(encoding) + ": " + e.getMessage() + "; list each targets file's length in "
          + "the snapshot (RepositoryEditor.setSnapshotListsTargetsHashes, the default) so "
          + "clients bound it by that length, or split large roles into hash bins "
          + "(RepositoryEditor.delegateHashBins)", e);
    } catch (TufException e) {
      throw new InvalidRepositoryException("clients would reject this release"
          + label(encoding) + ": " + e.getMessage(), e);
    }
  }

  /** The bounds a client has when its application changes nothing. */
  private static final UpdaterConfig DEFAULT_CLIENT = UpdaterConfig.defaults();

  private void loadChain(TrustedMetadataSet set, String role, MetadataEncoding encoding)
      throws TufException, IOException {
    if (set.targets(role).isPresent()) {
      return;
    }
    String delegator = delegatorOf(role);
    loadChain(set, delegator, encoding);
    set.updateDelegatedTargets(targetsBytes(role, encoding), role, delegator);
  }

  private byte[] targetsBytes(String role, MetadataEncoding encoding)
      throws TufException, IOException {
    Signed<Targets> s = files.get(encoding).targets.get(role);
    return s != null ? s.toBytes() : editor.publishedBytes(role, encoding);
  }

  private Root finalRoot() {
    return root().orElse(editor.publishedRoot()).signed();
  }

  /**
   * The keys that may sign {@code role} in this release's {@code encoding} files (for root:
   * the keys of the encoding's previous root and of the new one).
   */
  private Map<String, Key> keysFor(String role, MetadataEncoding encoding)
      throws TufException, IOException {
    if (ROOT.equals(role)) {
      Map<String, Key> keys = new HashMap<>();
      Signed<Root> previousRoot = editor.publishedRoot(encoding);
      if (previousRoot != null) {
        roleKeys(previousRoot.signed().keys(), previousRoot.signed().role(RoleType.ROOT), keys);
      }
      metadata(ROOT, encoding); // this release signs root in this encoding
      Root root = files.get(encoding).root.signed();
      roleKeys(root.keys(), root.role(RoleType.ROOT), keys);
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
    for (Map.Entry<String, Signed<Targets>> e : files.get(first()).targets.entrySet()) {
      Optional<Delegations> d = e.getValue().signed().delegations();
      if (d.isPresent() && d.get().roleFor(role).isPresent()) {
        return e.getKey();
      }
    }
    return editor.delegatorOf(role);
  }

  private Targets delegatorMetadata(String role) throws TufException, IOException {
    String delegator = delegatorOf(role);
    Signed<Targets> staged = files.get(first()).targets.get(delegator);
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

  private Signed<?> metadata(String role, MetadataEncoding encoding) {
    FileSet f = fileSet(encoding);
    Signed<?> md = switch (role) {
      case ROOT -> f.root;
      case SNAPSHOT -> f.snapshot;
      case TIMESTAMP -> f.timestamp;
      default -> f.targets.get(role);
    };
    if (md == null) {
      throw new IllegalArgumentException("this release does not sign " + role
          + "; it signs " + roles());
    }
    return md;
  }

  /**
   * Puts {@code md} in place of {@code role}'s file; the snapshot and timestamp descriptions that
   * cover it follow (the bytes a file's length and hash describe include its signatures).
   */
  @SuppressWarnings("unchecked")
  private void replace(String role, MetadataEncoding encoding, Signed<?> md)
      throws TufException, IOException {
    FileSet f = files.get(encoding);
    switch (role) {
      case ROOT -> f.root = (Signed<Root>) md;
      case SNAPSHOT -> {
        f.snapshot = (Signed<Snapshot>) md;
        describeSnapshotInTimestamp(f);
      }
      case TIMESTAMP -> f.timestamp = (Signed<Timestamp>) md;
      default -> {
        f.targets.put(role, (Signed<Targets>) md);
        describeTargetsInSnapshot(f, role);
      }
    }
  }

  private FileSet fileSet(MetadataEncoding encoding) {
    FileSet f = files.get(Objects.requireNonNull(encoding, "encoding"));
    if (f == null) {
      throw new IllegalArgumentException("this release is written in " + files.keySet()
          + ", not " + encoding);
    }
    return f;
  }

  private MetadataEncoding first() {
    return files.keySet().iterator().next();
  }

  /** The encodings in which this release writes {@code role}: all, except maybe for root. */
  private List<MetadataEncoding> encodingsOf(String role) {
    List<MetadataEncoding> out = new ArrayList<>();
    files.forEach((e, f) -> {
      if (!ROOT.equals(role) || f.root != null) {
        out.add(e);
      }
    });
    return out;
  }

  /** The only encoding, for the methods that do not name one. */
  private MetadataEncoding onlyEncoding() {
    if (files.size() > 1) {
      throw new IllegalStateException("this release is written in " + files.keySet()
          + ", each signed separately: name the encoding");
    }
    return first();
  }

  /** " (CBOR)" for messages about one encoding's file, when there are several. */
  private String label(MetadataEncoding encoding) {
    return files.size() > 1 ? " (" + encoding + ")" : "";
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
