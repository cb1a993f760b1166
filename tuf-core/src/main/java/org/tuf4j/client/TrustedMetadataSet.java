package org.tuf4j.client;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.RoleNotListedException;
import org.tuf4j.RollbackException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.verify.MetadataChecks;
import org.tuf4j.verify.SignatureThreshold;

/**
 * The metadata a client trusts, and the only transitions that may change it: TUF spec §5.2–§5.6
 * as a state machine. Pure — no I/O, no clock: the caller passes bytes in and the reference time
 * (§5.1) is fixed at construction. Every method either accepts the new metadata or throws and
 * leaves the set exactly as it was.
 *
 * <p>Order is enforced: root updates only before the timestamp, the timestamp before the snapshot,
 * the snapshot before targets, a delegator before the roles it delegates to. Violating the order
 * is a programming error ({@link IllegalStateException}), not a verification failure.
 *
 * <p>Two kinds of trust are kept apart (lesson: an expired-but-usable state must not look like a
 * valid one). Metadata loaded from the local store with {@link #loadLocalTimestamp} or
 * {@link #loadLocalSnapshot} is only a <em>rollback floor</em>: its signature is verified, its
 * expiry is not, and it is never returned by the getters. The getters return only metadata that
 * passed every check of this refresh, expiry included.
 *
 * <p>A set reads one {@link MetadataEncoding} and dialect, fixed at construction by its {@link
 * TrustOptions} (JSON unless said otherwise): every file it is given, the starting root included,
 * must be in it, and signatures are checked over that encoding's canonical bytes of {@code
 * signed}. The targets roles it accepts, and the per-delegation trust of §5.6.7, are kept by
 * {@link TrustedTargets}.
 */
public final class TrustedMetadataSet {
  private final Instant referenceTime;
  private final CryptoBackend backend;
  private final TrustOptions options;
  private final Signed<Root> initialRoot;
  private Signed<Root> root;
  private Signed<Timestamp> timestampFloor;
  private Signed<Timestamp> timestamp;
  private Signed<Snapshot> snapshotFloor;
  private Signed<Snapshot> snapshot;
  private final TrustedTargets targets = new TrustedTargets(); // by name and per delegation
  private Signed<Targets> targetsFloor; // only for updateTargetsWithoutSnapshot

  private TrustedMetadataSet(Signed<Root> root, TrustOptions options) {
    this.options = options;
    this.initialRoot = root;
    this.root = root;
    this.referenceTime = options.referenceTime();
    this.backend = options.backend();
  }

  /**
   * §5.2: starts from a root the client already trusts (shipped with it or persisted by an
   * earlier refresh). It must be signed by a threshold of its own root keys — a corrupted or
   * tampered local copy is refused — but its expiry does not matter yet (§5.3.10 checks the final
   * root).
   *
   * @param root the trusted root, in the encoding and dialect of {@code options}
   * @param options the reference time (§5.1) every expiry is checked against, the backend that
   *     verifies signatures, the per-role parsing bounds, and the encoding and dialect of every
   *     metadata file of the repository
   * @return a set that trusts this root and nothing else yet
   * @throws TufException when the root is malformed or not signed by a threshold of its own keys
   */
  public static TrustedMetadataSet fromTrustedRoot(byte[] root, TrustOptions options)
      throws TufException {
    Objects.requireNonNull(options, "options");
    Signed<Root> trusted = options.parse(root, Root.class);
    SignatureThreshold.verify(trusted.signed(), RoleType.ROOT, trusted, options.backend());
    return new TrustedMetadataSet(trusted, options);
  }

  /**
   * The encoding every file of this set is read in.
   *
   * @return JSON or deterministic CBOR
   */
  public MetadataEncoding encoding() {
    return options.encoding();
  }

  /**
   * The fixed update start time of this refresh (§5.1).
   *
   * @return the reference time
   */
  public Instant referenceTime() {
    return referenceTime;
  }

  /**
   * The newest trusted root. Before {@link #updateTimestamp} its expiry is not yet checked.
   *
   * @return the newest trusted root
   */
  public Signed<Root> root() {
    return root;
  }

  /**
   * The timestamp accepted in this refresh, if any.
   *
   * @return the trusted timestamp, or empty before {@link #updateTimestamp} accepted one
   */
  public Optional<Signed<Timestamp>> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  /**
   * The snapshot accepted in this refresh, if any.
   *
   * @return the trusted snapshot, or empty before one was accepted
   */
  public Optional<Signed<Snapshot>> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /**
   * Top-level ({@code "targets"}) or delegated targets metadata accepted in this refresh. A
   * delegated role is returned once it was verified through any of its delegators; a search for
   * a target must use {@link #delegatedTargets}, which answers for one delegation.
   *
   * @param roleName {@code "targets"} or a delegated role's name
   * @return the trusted metadata, or empty when that role was not accepted in this refresh
   */
  public Optional<Signed<Targets>> targets(String roleName) {
    return targets.byName(roleName);
  }

  /**
   * §5.6.7: {@code roleName}'s metadata as trusted through the delegation from {@code
   * delegatorName}, the delegation a search is following. Trust belongs to the (delegator, role)
   * pair: metadata accepted through another delegator is verified again here, with the keys and
   * threshold {@code delegatorName} assigns (cheap: verifiers are cached per key), and is
   * returned only if it passes. Empty when the role's metadata has not been loaded yet (load it
   * with {@link #updateDelegatedTargets}).
   *
   * @param roleName the delegated role
   * @param delegatorName the trusted targets role whose delegation is being followed
   * @return the metadata trusted through that delegation, or empty when not loaded yet
   * @throws ThresholdNotMetException if the loaded metadata is not signed by a threshold of the
   *     keys {@code delegatorName} assigns to {@code roleName}
   * @throws RoleNotListedException if {@code delegatorName} does not delegate to {@code roleName}
   * @throws IllegalStateException if {@code delegatorName} is not trusted yet
   */
  public Optional<Signed<Targets>> delegatedTargets(String roleName, String delegatorName)
      throws TufException {
    Objects.requireNonNull(roleName, "roleName");
    Objects.requireNonNull(delegatorName, "delegatorName");
    return targets.throughDelegation(roleName, delegatorName, backend);
  }

  /**
   * §5.3.4–§5.3.7: accepts root version N+1, signed by a threshold of version N's root keys
   * <em>and</em> of its own. Expiry is not checked here (§5.3.6). The caller bounds how many
   * versions it fetches (§5.3.3).
   *
   * @param json the file {@code N+1.root.json} as fetched
   * @return the new trusted root
   * @throws TufException when the file is malformed, is not a root, is not version N+1, or lacks
   *     either threshold of signatures
   */
  public Signed<Root> updateRoot(byte[] json) throws TufException {
    if (timestamp != null || timestampFloor != null) {
      throw new IllegalStateException("root cannot be updated after the timestamp is loaded");
    }
    if (targetsFloor != null || !targets.isEmpty()) {
      throw new IllegalStateException("root cannot be updated after targets are loaded");
    }
    Signed<Root> next = options.parse(json, Root.class);
    SignatureThreshold.verify(root.signed(), RoleType.ROOT, next, backend);
    SignatureThreshold.verify(next.signed(), RoleType.ROOT, next, backend);
    MetadataChecks.checkVersion("root", root.signed().version() + 1, next.signed().version());
    root = next;
    return next;
  }

  /**
   * §5.3.11: whether the timestamp or snapshot keys or thresholds changed between the root this
   * set started from and the current one. If so the client must delete its stored timestamp and
   * snapshot (fast-forward attack recovery) and must not load them as rollback floors.
   *
   * @return true when the timestamp or snapshot role's keys or threshold changed
   */
  public boolean timestampOrSnapshotKeysRotated() {
    return !sameKeys(RoleType.TIMESTAMP) || !sameKeys(RoleType.SNAPSHOT);
  }

  private boolean sameKeys(RoleType type) {
    Root a = initialRoot.signed();
    Root b = root.signed();
    var roleA = a.role(type);
    var roleB = b.role(type);
    if (roleA.threshold() != roleB.threshold()
        || !Set.copyOf(roleA.keyIds()).equals(Set.copyOf(roleB.keyIds()))) { // ids are unique
      return false;
    }
    for (String id : roleA.keyIds()) {
      if (!Objects.equals(a.keys().get(id), b.keys().get(id))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Loads the timestamp from the local store as the rollback floor for §5.4.3. Its signature
   * must verify with the current root's keys; its expiry is not checked, so an expired local
   * timestamp still protects against rollback. It is not returned by {@link #timestamp()}
   * unless a later {@link #updateTimestamp} finds the repository's copy at the same version.
   *
   * @param json the stored {@code timestamp.json}
   * @throws TufException when the stored file is malformed or lacks the root's timestamp threshold
   *     of signatures
   */
  public void loadLocalTimestamp(byte[] json) throws TufException {
    requireRootStage("a local timestamp");
    if (timestampFloor != null) {
      throw new IllegalStateException("local timestamp already loaded");
    }
    if (targetsFloor != null) {
      throw new IllegalStateException("a repository without a snapshot has no timestamp");
    }
    requireNoRotation("timestamp");
    Signed<Timestamp> local = options.parse(json, Timestamp.class);
    SignatureThreshold.verify(root.signed(), RoleType.TIMESTAMP, local, backend);
    timestampFloor = local;
  }

  /**
   * §5.3.10 then §5.4.2–§5.4.4: checks that the final root has not expired, then accepts the
   * repository's timestamp: signed by the root's timestamp threshold, version and snapshot version
   * not lower than the floor's, not expired.
   *
   * @param json the repository's {@code timestamp.json} as fetched
   * @return {@link TimestampUpdate#UNCHANGED} when the new timestamp has the floor's version: per
   *     §5.4.3.1 the new file is discarded and the (unexpired) floor becomes the trusted timestamp
   * @throws TufException when the root has expired, or the timestamp is malformed, lacks its
   *     threshold of signatures, rolls back its own or the snapshot's version, or has expired
   */
  public TimestampUpdate updateTimestamp(byte[] json) throws TufException {
    requireRootStage("the timestamp");
    if (targetsFloor != null) {
      throw new IllegalStateException("a repository without a snapshot has no timestamp");
    }
    MetadataChecks.checkNotExpired("root", root.signed(), referenceTime);
    Signed<Timestamp> next = options.parse(json, Timestamp.class);
    SignatureThreshold.verify(root.signed(), RoleType.TIMESTAMP, next, backend);
    if (timestampFloor != null) {
      Timestamp floor = timestampFloor.signed();
      MetadataChecks.checkNotRolledBack("timestamp", floor.version(), next.signed().version());
      MetadataChecks.checkNotRolledBack("snapshot (in timestamp)",
          floor.snapshotMeta().version(), next.signed().snapshotMeta().version());
      if (next.signed().version() == floor.version()) {
        MetadataChecks.checkNotExpired("timestamp", floor, referenceTime);
        timestamp = timestampFloor;
        return TimestampUpdate.UNCHANGED;
      }
    }
    MetadataChecks.checkNotExpired("timestamp", next.signed(), referenceTime);
    timestamp = next;
    return TimestampUpdate.UPDATED;
  }

  /**
   * Outcome of {@link #updateTimestamp} (and of {@link #updateTargetsWithoutSnapshot}, where the
   * top-level targets play the timestamp's part): whether the caller should persist the new file.
   */
  public enum TimestampUpdate {
    /** The new timestamp is trusted; persist it (§5.4.5). */
    UPDATED,
    /** Same version as the stored one, which stays trusted; nothing to persist (§5.4.3.1). */
    UNCHANGED
  }

  /**
   * Loads the snapshot from the local store. Its signature must verify with the current root's
   * keys; it then serves as the rollback floor of §5.5.5. If it is also exactly the version the
   * trusted timestamp names, matches the timestamp's length and hashes when listed, and has not
   * expired, it becomes the trusted snapshot and the caller need not download one.
   *
   * @param json the stored snapshot file
   * @return whether the local snapshot is now the trusted snapshot
   * @throws TufException when the stored file is malformed or lacks the root's snapshot threshold
   *     of signatures; a stored file that merely differs from what the timestamp names is kept as
   *     the floor and not reported
   */
  public boolean loadLocalSnapshot(byte[] json) throws TufException {
    requireTimestamp("a local snapshot");
    if (snapshotFloor != null || snapshot != null) {
      throw new IllegalStateException("local snapshot already loaded");
    }
    requireNoRotation("snapshot");
    Signed<Snapshot> local = options.parse(json, Snapshot.class);
    SignatureThreshold.verify(root.signed(), RoleType.SNAPSHOT, local, backend);
    snapshotFloor = local;
    try {
      checkAgainst("snapshot", timestamp.signed().snapshotMeta(), json);
      MetadataChecks.checkVersion("snapshot", timestamp.signed().snapshotMeta().version(),
          local.signed().version());
      MetadataChecks.checkNotExpired("snapshot", local.signed(), referenceTime);
    } catch (TufException notCurrent) {
      return false;
    }
    snapshot = local;
    return true;
  }

  /**
   * §5.5.2–§5.5.6: accepts the repository's snapshot: length and hashes as the timestamp lists
   * them, signed by the root's snapshot threshold, exactly the version the timestamp names, no
   * targets role removed or rolled back relative to the floor, not expired.
   *
   * @param json the snapshot file as fetched
   * @return the new trusted snapshot
   * @throws TufException when the file differs from the timestamp's length or hashes, lacks its
   *     threshold of signatures, has another version than the timestamp names, removes or rolls
   *     back a targets role, or has expired
   */
  public Signed<Snapshot> updateSnapshot(byte[] json) throws TufException {
    requireTimestamp("the snapshot");
    if (!targets.isEmpty()) {
      throw new IllegalStateException("snapshot cannot be updated after targets are loaded");
    }
    MetaFile expected = timestamp.signed().snapshotMeta();
    // §5.5.2 before §5.5.3 in outcome.
    Root trustedRoot = root.signed();
    Signed<Snapshot> next = checkAgainstBeside("snapshot", Snapshot.class, expected, json,
        trustedRoot.keys(), Optional.of(trustedRoot.role(RoleType.SNAPSHOT)),
        (parsed, verifying) -> SignatureThreshold.verify(trustedRoot, RoleType.SNAPSHOT, parsed,
            verifying));
    MetadataChecks.checkVersion("snapshot", expected.version(), next.signed().version());
    Signed<Snapshot> floor = snapshot != null ? snapshot : snapshotFloor;
    if (floor != null) { // entries that did not change cannot have rolled back
      for (String name : next.signed().metaChangedSince(floor.signed())) {
        MetaFile before = floor.signed().meta().get(name);
        MetaFile now = next.signed().meta().get(name);
        if (now == null) {
          throw RollbackException.removed(name, "snapshot", before.version());
        }
        MetadataChecks.checkNotRolledBack(name, before.version(), now.version());
      }
    }
    MetadataChecks.checkNotExpired("snapshot", next.signed(), referenceTime);
    snapshot = next;
    return next;
  }

  /**
   * §5.6.2–§5.6.5 for the top-level targets role: length and hashes as the snapshot lists them,
   * signed by the root's targets threshold, exactly the version the snapshot names, not expired.
   *
   * @param json the targets file as fetched
   * @return the new trusted top-level targets
   * @throws TufException when the file differs from the snapshot's length or hashes, lacks its
   *     threshold of signatures, has another version than the snapshot names, or has expired
   */
  public Signed<Targets> updateTargets(byte[] json) throws TufException {
    return updateDelegatedTargets(json, RoleType.TARGETS.typeName(), null);
  }

  /**
   * §5.6.2–§5.6.5 applied to a delegated role (§5.6.7): as {@link #updateTargets}, but signed by
   * a threshold of the keys that the trusted {@code delegatorName} metadata assigns to
   * {@code roleName}.
   *
   * @param json the delegated role's file as fetched
   * @param roleName the delegated role's name
   * @param delegatorName trusted targets metadata that delegates to {@code roleName}; {@code
   *     null} only for the top-level targets role
   * @return the new trusted metadata of {@code roleName}
   * @throws TufException when the file differs from the snapshot's length or hashes, lacks the
   *     delegation's threshold of signatures, has another version than the snapshot names, or has
   *     expired
   */
  public Signed<Targets> updateDelegatedTargets(byte[] json, String roleName,
      String delegatorName) throws TufException {
    Objects.requireNonNull(roleName, "roleName");
    if (snapshot == null) {
      throw new IllegalStateException("targets need a trusted snapshot first");
    }
    boolean topLevel = RoleType.TARGETS.typeName().equals(roleName);
    if (topLevel != (delegatorName == null)) {
      throw new IllegalArgumentException("only the top-level targets role has no delegator");
    }
    Signed<Targets> delegator = topLevel ? null : targets.delegator(delegatorName);
    MetaFile expected = snapshot.signed().metaFor(roleName)
        .orElseThrow(() -> new RoleNotListedException(roleName, "snapshot"));
    // §5.6.2 before §5.6.3 in outcome.
    Optional<Delegations> delegations = topLevel ? Optional.empty()
        : delegator.signed().delegations();
    Signed<Targets> next = checkAgainstBeside(roleName, Targets.class, expected, json,
        topLevel ? root.signed().keys() : delegations.map(Delegations::keys).orElse(Map.of()),
        topLevel ? Optional.of(root.signed().role(RoleType.TARGETS))
            : delegations.flatMap(d -> d.roleFor(roleName)),
        (parsed, verifying) -> {
          if (topLevel) {
            SignatureThreshold.verify(root.signed(), RoleType.TARGETS, parsed, verifying);
          } else {
            TrustedTargets.verifyDelegation(delegator, delegatorName, roleName, parsed,
                verifying);
          }
        });
    MetadataChecks.checkVersion(roleName, expected.version(), next.signed().version());
    MetadataChecks.checkNotExpired(roleName, next.signed(), referenceTime);
    targets.accept(roleName, delegatorName, next);
    return next;
  }

  /**
   * Loads the stored top-level targets as the rollback floor of {@link
   * #updateTargetsWithoutSnapshot}, as {@link #loadLocalTimestamp} does for the timestamp: the
   * signature must verify with the current root's targets keys, the expiry is not checked, and
   * it is not returned by {@link #targets(String)} unless the repository's copy has its version.
   *
   * @param json the stored {@code targets.json}
   * @throws TufException when the stored file is malformed or lacks the root's targets threshold of
   *     signatures
   */
  public void loadLocalTargetsWithoutSnapshot(byte[] json) throws TufException {
    requireRootStage("local targets");
    if (targetsFloor != null || timestampFloor != null) {
      throw new IllegalStateException("a rollback floor is already loaded");
    }
    Signed<Targets> local = options.parse(json, Targets.class);
    SignatureThreshold.verify(root.signed(), RoleType.TARGETS, local, backend);
    targetsFloor = local;
  }

  /**
   * The top-level targets of a repository that publishes no timestamp and no snapshot, such as
   * an Uptane Director serving only root and targets (the ota-tuf/aktualizr deployments), or the
   * Director targets a Secondary checks in partial verification (Uptane #partial_verification,
   * #check_targets steps 3–5). Takes the place of §5.4–§5.6: checks that the final root has not
   * expired (§5.3.10), then accepts the targets signed by the root's targets threshold, with a
   * version not lower than the floor's ({@link #loadLocalTargetsWithoutSnapshot}), not expired.
   * No snapshot binds the file's version or hashes, so use this only for repositories that have
   * none; after it, no timestamp, snapshot or delegated role can be loaded.
   *
   * @param json the repository's top-level targets file as fetched
   * @return {@link TimestampUpdate#UNCHANGED} when the new file has the floor's version: it is
   *     discarded and the (unexpired) floor becomes the trusted targets, as §5.4.3.1 does for
   *     the timestamp
   * @throws TufException when the root has expired, or the targets are malformed, lack their
   *     threshold of signatures, roll back the stored version, or have expired
   */
  public TimestampUpdate updateTargetsWithoutSnapshot(byte[] json) throws TufException {
    requireRootStage("targets without a snapshot");
    if (timestampFloor != null) {
      throw new IllegalStateException("a repository with a timestamp has a snapshot");
    }
    MetadataChecks.checkNotExpired("root", root.signed(), referenceTime);
    Signed<Targets> next = options.parse(json, Targets.class);
    SignatureThreshold.verify(root.signed(), RoleType.TARGETS, next, backend);
    String name = RoleType.TARGETS.typeName();
    if (targetsFloor != null) {
      Targets floor = targetsFloor.signed();
      MetadataChecks.checkNotRolledBack(name, floor.version(), next.signed().version());
      if (next.signed().version() == floor.version()) {
        MetadataChecks.checkNotExpired(name, floor, referenceTime);
        targets.putTopLevel(name, targetsFloor);
        return TimestampUpdate.UNCHANGED;
      }
    }
    MetadataChecks.checkNotExpired(name, next.signed(), referenceTime);
    targets.putTopLevel(name, next);
    return TimestampUpdate.UPDATED;
  }

  /**
   * The length and hashes {@code expected} lists, then the parse as {@code type}, then {@code
   * threshold}, with the outcome of that order; for a large file the hashing and the
   * verification of the signatures by the keys {@code role} is assigned run beside the parse
   * ({@link BesideChecks}).
   */
  private <T extends RoleMetadata> Signed<T> checkAgainstBeside(String roleName, Class<T> type,
      MetaFile expected, byte[] json, Map<String, Key> keys, Optional<Role> role,
      BesideChecks.Threshold<Signed<T>> threshold) throws TufException {
    if (expected.length().isPresent()) {
      MetadataChecks.checkLength(roleName, expected.length().getAsLong(), json.length);
    }
    // Not above the parse's bound: a file the parse refuses at once is not hashed ahead.
    Optional<EarlySignatures> early = json.length >= BesideChecks.EARLY_SIGNATURES_FROM
        && json.length <= options.maxBytes(type, expected) && BesideChecks.besideIsWorthIt()
        ? role.flatMap(r -> EarlySignatures.of(json, keys, r.keyIds(), backend))
        : Optional.empty();
    return BesideChecks.run(json.length,
        () -> MetadataChecks.checkHashes(roleName, expected.hashes(), json), early, backend,
        () -> options.parse(json, type, expected), threshold);
  }

  private static void checkAgainst(String roleName, MetaFile expected, byte[] json)
      throws TufException {
    if (expected.length().isPresent()) {
      MetadataChecks.checkLength(roleName, expected.length().getAsLong(), json.length);
    }
    MetadataChecks.checkHashes(roleName, expected.hashes(), json);
  }

  private void requireRootStage(String what) {
    if (timestamp != null) {
      throw new IllegalStateException("cannot load " + what + ": the timestamp is already trusted");
    }
    if (!targets.isEmpty()) {
      throw new IllegalStateException("cannot load " + what + ": targets are already trusted");
    }
  }

  private void requireNoRotation(String role) {
    if (timestampOrSnapshotKeysRotated()) {
      throw new IllegalStateException("timestamp or snapshot keys were rotated: the local " + role
          + " must be deleted, not loaded (§5.3.11)");
    }
  }

  private void requireTimestamp(String what) {
    if (timestamp == null) {
      throw new IllegalStateException("cannot load " + what + " before the timestamp");
    }
  }
}
