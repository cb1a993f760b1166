package org.tuf4j.repository;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.TargetFile;

/**
 * Edits a TUF repository and prepares the next {@link Release} (TUF spec §6 "Repository
 * operations"): opens it across its encodings, and stages what changed (§6.3: each changed role
 * at its next version with a fresh expiry, the snapshot, the timestamp). The edits go through
 * one object per concept: targets added, replaced or removed (§6.3.1) through {@link
 * #targets()}; delegations by paths, hash prefixes or succinct hash bins (§4.5, TAP 15) through
 * {@link #delegations()}; keys and thresholds of the top-level roles (§6.1) through {@link
 * #keys()}; expiry periods and what snapshot and timestamp list through {@link #policy()}.
 * Only what changed is re-signed:
 * changing one target re-signs the role that lists it, the snapshot and the timestamp — with
 * hash bins, one bin out of thousands.
 *
 * <pre>{@code
 * RepositoryEditor editor = RepositoryEditor.open(storage, Clock.systemUTC());
 * editor.targets().addTarget("firmware/v2.bin", Path.of("build/v2.bin"), Optional.empty());
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
  private final WriterLock lock;
  private final PublishedRepository published;
  private final KeyEditor keys;
  private final TargetsDrafts drafts;
  private final TargetEditor targets;
  private final DelegationEditor delegations;
  private final PolicyEditor policy;
  private final Staging staging;

  private RepositoryEditor(Storage storage, Clock clock, WriterLock lock,
      PublishedRepository published, Root root, RepositoryConfig config, boolean configChanged,
      boolean created) {
    this.storage = storage;
    this.clock = clock;
    this.lock = lock;
    this.published = published;
    this.keys = new KeyEditor(root, created);
    this.drafts = new TargetsDrafts(published, () -> keys.root().consistentSnapshot());
    this.delegations = new DelegationEditor(drafts);
    this.policy = new PolicyEditor(config, configChanged, drafts);
    this.targets = new TargetEditor(drafts, policy);
    this.staging = new Staging(this, created);
    if (created) {
      drafts.newRole(TARGETS, null);
    }
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
    // Arguments first: a refused call must not leave the repository locked.
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
    Storage.Lock lock = WriterLock.acquire(storage);
    try {
      for (MetadataEncoding e : MetadataEncoding.values()) {
        if (storage.exists("metadata/" + e.fileName("1.root"))
            || storage.exists("metadata/" + e.fileName("root"))) {
          throw new InvalidRepositoryException("storage already holds a repository; open it "
              + "instead");
        }
      }
    } catch (IOException e) {
      WriterLock.closeQuietly(lock, e);
      throw new InvalidRepositoryException("cannot read storage: " + e.getMessage(), e);
    } catch (TufException | RuntimeException e) {
      WriterLock.closeQuietly(lock, e);
      throw e;
    }
    Set<MetadataEncoding> published = Collections.unmodifiableSet(EnumSet.copyOf(encodings));
    RepositoryConfig config = new RepositoryConfig();
    config.encodings.addAll(published);
    Root root = new Root(SPEC_VERSION, 1, config.expiry("root", clock),
        Optional.of(consistentSnapshot), keys, roleMap, Map.of());
    return new RepositoryEditor(storage, clock, new WriterLock(storage, lock, false),
        new PublishedRepository(storage, published), root, config, true, true);
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
    Storage.Lock lock = WriterLock.acquire(storage);
    try {
      return read(storage, clock, new WriterLock(storage, lock, false));
    } catch (IOException | TufException | RuntimeException e) {
      WriterLock.closeQuietly(lock, e);
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
    return read(storage, clock, new WriterLock(storage, null, true));
  }

  /** Reads the published state; the caller holds the lock. */
  private static RepositoryEditor read(Storage storage, Clock clock, WriterLock lock)
      throws TufException, IOException {
    PublishedRepository published = PublishedRepository.read(storage);
    Optional<byte[]> file = storage.read(RepositoryConfig.PATH);
    RepositoryConfig config = new RepositoryConfig();
    config.encodings.addAll(published.encodings());
    // A repository from before the file: written with its next release.
    boolean configChanged = file.isEmpty();
    if (file.isPresent()) {
      config = RepositoryConfig.parse(file.get(),
          role -> RoleType.fromTypeName(role).isPresent() || published.listsRole(role));
      if (!config.encodings.equals(published.encodings())) {
        config.encodings.clear(); // what the metadata shows wins over what was recorded
        config.encodings.addAll(published.encodings());
        configChanged = true;
      }
    }
    return new RepositoryEditor(storage, clock, lock, published, published.root().signed(),
        config, configChanged, false);
  }

  // ------------------------------------------------------------------ concepts

  /**
   * The targets, added, removed and looked up as clients find them.
   *
   * @return this repository's target editor
   */
  public TargetEditor targets() {
    return targets;
  }

  /**
   * The keys and thresholds of the top-level roles: each change is a root change.
   *
   * @return this repository's key editor
   */
  public KeyEditor keys() {
    return keys;
  }

  /**
   * The delegations of the targets roles, hash bins included.
   *
   * @return this repository's delegation editor
   */
  public DelegationEditor delegations() {
    return delegations;
  }

  /**
   * The publishing policy: expiry periods, online roles, target digests, what snapshot and
   * timestamp list.
   *
   * @return this repository's policy
   */
  public PolicyEditor policy() {
    return policy;
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
    return published.encodings();
  }

  /**
   * The root as it will be signed next (version not yet bumped).
   *
   * @return the root with every root change so far
   */
  public Root root() {
    return keys.root();
  }

  /**
   * Switches between the consistent-snapshot and plain layouts (§6.2): a root change.
   *
   * @param consistent true for {@code N.role.json} and {@code <hash>.<name>} targets
   * @return this editor
   */
  public RepositoryEditor setConsistentSnapshot(boolean consistent) {
    keys.setConsistentSnapshot(consistent);
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
      case "root" -> keys.touch();
      case "timestamp" -> { } // the timestamp is re-signed by every release
      case "snapshot" -> staging.touchSnapshot();
      default -> drafts.draft(role).changed = true;
    }
    return this;
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
    return TargetHashing.describe(path, content, custom);
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
    return staging.resignExpiring(window, signers);
  }

  /**
   * Freezes the edits into the next release: every changed role at its next version with a
   * fresh expiry, the snapshot if any targets role changed, a new timestamp; each signed by
   * whichever of {@code signers} the role trusts. Roles whose threshold these signers cannot
   * meet wait for offline signatures ({@link ReleaseFiles#addSignature}).
   *
   * @param signers the online keys; may be empty
   * @return the release, signed as far as {@code signers} can
   * @throws TufException when a root change leaves some encoding behind ({@link
   *     InvalidRepositoryException}) or a signature does not verify
   * @throws IOException when the repository's metadata or a signer's token fails
   */
  public Release stage(List<Signer> signers) throws TufException, IOException {
    lock.requireWritable("stage a release");
    if (lock.reacquire()) { // after a publish or a save: this editor writes again
      published.requireUnchangedSinceRead();
    }
    return staging.stage(signers);
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
    return SavedRelease.resume(open(storage, clock));
  }

  /**
   * The release {@link Release#save()}d in this editor's storage, on top of the repository this
   * editor opened (with this editor's settings, such as {@link
   * PolicyEditor#setTimestampListsSnapshotHashes}).
   *
   * @return the saved release
   * @throws TufException when there is no saved release, or it no longer fits the published
   *     repository
   * @throws IOException when the storage cannot be read
   */
  public Release resumeStaged() throws TufException, IOException {
    return SavedRelease.resume(this);
  }

  /**
   * Abandons the release {@link Release#save()}d in {@code storage}, if there is one.
   *
   * @param storage the repository's storage
   * @throws TufException when the saved release's manifest cannot be read
   * @throws IOException when the storage cannot be read or written
   */
  public static void discardStaged(Storage storage) throws TufException, IOException {
    try (Storage.Lock held = WriterLock.acquire(storage)) {
      SavedRelease.discard(storage);
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
    return SavedRelease.exists(storage);
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
    lock.release();
  }

  // ------------------------------------------------------------------ for Release

  /** Called by a published release: the editor now edits the next version. */
  void afterPublish(Release release) throws IOException {
    published.afterPublish(release);
    keys.published(release.root().map(r -> r.signed()));
    drafts.published(release.files(release.first()).targets());
    staging.published();
    policy.writeIfChanged(storage);
    lock.release();
  }

  WriterLock lock() {
    return lock;
  }

  Instant expiry(String role) {
    return policy.expiry(role, clock);
  }

  Storage storage() {
    return storage;
  }

  PublishedRepository published() {
    return published;
  }

  TargetsDrafts targetsDrafts() {
    return drafts;
  }
}
