package org.tuf4j.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.NotFoundException;
import org.tuf4j.RoleNotListedException;
import org.tuf4j.RollbackException;
import org.tuf4j.TooLargeException;
import org.tuf4j.TufException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.UnusableTrustedStateException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataDialect;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;

/**
 * The refresh workflow of TUF spec §5.1–§5.6.6 with its I/O: fixes the reference time (§5.1),
 * loads the trusted root (§5.2), fetches every newer root (§5.3), the timestamp (§5.4), the
 * snapshot (§5.5) and targets roles (§5.6.1–§5.6.6, delegated ones on demand), reusing a stored
 * file when it is the current one, and persists exactly the bytes verified (§5.3.8, §5.4.5,
 * §5.5.7, §5.6.6), deleting the stored timestamp and snapshot after their keys rotate
 * (§5.3.11). Every decision about trust is {@link TrustedMetadataSet}'s; this class moves bytes
 * between the repository, the set and the {@link MetadataStore}.
 *
 * <p>Publishes what the last refresh trusts as one {@link TrustedSnapshot}, in one volatile write
 * once the refresh completed (none after a failed one). Refreshes must not run concurrently:
 * its {@link Updater} serialises them. Delegated roles are loaded into the snapshot a lookup
 * started with, under that snapshot's lock, concurrently with a refresh building the next one.
 */
final class RefreshWorkflow {
  private static final String ROOT = RoleType.ROOT.typeName();
  private static final String TIMESTAMP = RoleType.TIMESTAMP.typeName();
  private static final String SNAPSHOT = RoleType.SNAPSHOT.typeName();
  private static final String TARGETS = RoleType.TARGETS.typeName();

  private final MetadataStore store;
  private final Mirrors mirrors;
  private final BoundedFetcher fetcher;
  private final byte[] bootstrapRoot;
  private final UpdaterConfig config;
  private final CryptoBackend backend;
  private final MetadataEncoding encoding;
  private final MetadataDialect dialect;
  private final EventSink events;
  private final ValidatorStore validators;
  private Instant referenceTime;
  // What the last completed refresh trusts; null before one, and after one failed.
  private volatile TrustedSnapshot current;

  RefreshWorkflow(MetadataStore store, Mirrors mirrors, BoundedFetcher fetcher,
      byte[] bootstrapRoot, UpdaterConfig config, CryptoBackend backend,
      MetadataEncoding encoding, MetadataDialect dialect, EventSink events) {
    this.store = store;
    this.mirrors = mirrors;
    this.fetcher = fetcher;
    this.bootstrapRoot = bootstrapRoot;
    this.config = config;
    this.backend = backend;
    this.encoding = encoding;
    this.dialect = dialect;
    this.events = events;
    this.validators = new ValidatorStore(store);
  }

  /** §5.1–§5.6.6: a new refresh through the top-level targets at {@code referenceTime}. */
  void refresh(Instant referenceTime) throws TufException, IOException {
    reported(referenceTime, () -> {
      TrustedSnapshot draft = startRefresh(referenceTime);
      updateTimestamp(draft);
      draft.unchanged(updateSnapshot(draft));
      loadTargets(draft, TARGETS, null);
      return draft;
    });
  }

  /** §5.3, then the top-level targets checked against the root alone (no snapshot). */
  void refreshRootAndTargets(Instant referenceTime) throws TufException, IOException {
    reported(referenceTime, () -> refreshRootAndTargets(startRefresh(referenceTime)));
  }

  private TrustedSnapshot refreshRootAndTargets(TrustedSnapshot draft)
      throws TufException, IOException {
    TrustedMetadataSet set = draft.set();
    Optional<byte[]> local = readLocal(TARGETS, config.targetsMaxLength());
    if (local.isPresent()) {
      try {
        set.loadLocalTargetsWithoutSnapshot(local.get());
      } catch (TufException e) {
        ClientLog.get().log(Level.DEBUG,
            "local targets not usable as rollback floor: {0}", e.getMessage());
        local = Optional.empty();
      }
    }
    byte[] bytes = mirrors.metadata(TARGETS, () -> referenceTime, layout -> {
      byte[] fetched = fetcher.readAll(layout.role(TARGETS, 0, false),
          config.targetsMaxLength(), TARGETS);
      draft.unchanged(set.updateTargetsWithoutSnapshot(fetched)
          == TrustedMetadataSet.TimestampUpdate.UNCHANGED);
      return fetched;
    });
    boolean unchanged = draft.unchanged();
    if (unchanged) {
      bytes = local.orElseThrow();
    } else {
      persist(TARGETS, set.targets(TARGETS).orElseThrow().signed().version(), bytes);
    }
    draft.trustBytes(TARGETS, bytes);
    return draft;
  }

  /**
   * Trusts the stored metadata without asking the repository, checked as the repository's would
   * be at {@code referenceTime}: the stored root (§5.2, not updated), then the stored timestamp,
   * snapshot and top-level targets through {@link TrustedMetadataSet#updateTimestamp}, {@link
   * TrustedMetadataSet#updateSnapshot} and {@link TrustedMetadataSet#updateTargets}, so
   * signatures, versions, lengths, hashes and the expiry of every top-level role (§5.3.10,
   * §5.4.4, §5.5.6, §5.6.4) are checked. On failure nothing is trusted.
   *
   * @throws java.nio.file.NoSuchFileException when a top-level role is not stored
   */
  void trustStored(Instant referenceTime) throws TufException, IOException {
    trustStored(referenceTime, referenceTime);
  }

  /**
   * The unsafe mode of {@link UpdaterConfig#unsafeOfflineExpiredMetadata()}: {@link #trustStored}
   * with every check but expiry. The stored metadata is checked at the latest time at which none
   * of it had expired yet (found from the expiry failures, at most one per top-level role); then
   * every role expired at {@code referenceTime} is reported as an {@link
   * UpdateEvent.ExpiredMetadataUsed}, and so is every expired delegated role loaded until the
   * next refresh.
   *
   * @return whether any trusted role has expired at {@code referenceTime}
   */
  boolean trustStoredIgnoringExpiry(Instant referenceTime) throws TufException, IOException {
    Instant checkedAt = referenceTime;
    for (int attempt = 0; ; attempt++) {
      try {
        trustStored(referenceTime, checkedAt);
        break;
      } catch (ExpiredMetadataException x) {
        if (attempt == 4 || x.expires().isAfter(checkedAt)) {
          throw x;
        }
        checkedAt = x.expires().minusNanos(1);
      }
    }
    TrustedMetadataSet set = current.set();
    reportIfExpired(ROOT, set.root().signed());
    reportIfExpired(TIMESTAMP, set.timestamp().orElseThrow().signed());
    reportIfExpired(SNAPSHOT, set.snapshot().orElseThrow().signed());
    reportIfExpired(TARGETS, set.targets(TARGETS).orElseThrow().signed());
    return !checkedAt.equals(referenceTime);
  }

  /** Reports {@code metadata} if it has expired at the reference time. */
  private void reportIfExpired(String role, RoleMetadata metadata) {
    if (!metadata.expires().isAfter(referenceTime)) {
      events.emit(new UpdateEvent.ExpiredMetadataUsed(referenceTime, role, metadata.expires()));
    }
  }

  private void trustStored(Instant referenceTime, Instant checkedAt)
      throws TufException, IOException {
    current = null;
    this.referenceTime = referenceTime;
    TrustedSnapshot draft = loadTrustedRoot(checkedAt);
    TrustedMetadataSet set = draft.set();
    byte[] timestamp = stored(TIMESTAMP, config.timestampMaxLength());
    set.updateTimestamp(timestamp);
    byte[] snapshot = stored(SNAPSHOT, set.timestamp().orElseThrow().signed().snapshotMeta()
        .length().orElse(config.snapshotMaxLength()));
    set.updateSnapshot(snapshot);
    byte[] targets = stored(TARGETS, set.snapshot().orElseThrow().signed().metaFor(TARGETS)
        .flatMap(m -> m.length().isPresent() ? Optional.of(m.length().getAsLong())
            : Optional.empty()).orElse(config.targetsMaxLength()));
    set.updateTargets(targets);
    draft.trustBytes(TIMESTAMP, timestamp);
    draft.trustBytes(SNAPSHOT, snapshot);
    draft.trustBytes(TARGETS, targets);
    draft.unchanged(true);
    draft.expiredInUse(!checkedAt.equals(referenceTime));
    current = draft;
  }

  private byte[] stored(String role, long max) throws IOException, UnsupportedFeatureException {
    String file = store.directory().resolve(fileName(role)).toString();
    return readLocal(role, max).orElseThrow(() -> new NoSuchFileException(file, null,
        "not stored"));
  }

  /** A refresh that may fail; it returns what it trusts once complete. */
  private interface Step {
    TrustedSnapshot run() throws TufException, IOException;
  }

  /**
   * Runs a refresh, reporting its start, its end and what a failure says about the repository,
   * and publishes what it trusts: the new snapshot once it completed, nothing after a failure
   * (§5.4.4: a failed refresh must not leave the previous one's metadata in use).
   */
  private void reported(Instant referenceTime, Step refresh) throws TufException, IOException {
    this.referenceTime = referenceTime;
    events.emit(new UpdateEvent.RefreshStarted(referenceTime));
    TrustedSnapshot completed;
    try {
      completed = refresh.run();
    } catch (TufException | IOException | RuntimeException e) {
      current = null;
      reportAttack(e);
      events.emit(new UpdateEvent.RefreshFailed(referenceTime, e));
      throw e;
    }
    current = completed;
    events.emit(new UpdateEvent.RefreshSucceeded(referenceTime, completed.unchanged()));
  }

  /** Reports a lookup that failed after its refresh succeeded (a delegated role was refused). */
  void reportLookupFailure(String targetPath, Exception e) {
    reportAttack(e);
    events.emit(new UpdateEvent.LookupFailed(referenceTime, targetPath, e));
  }

  /** What a refused file says about the repository: a rollback or a freeze attempt. */
  private void reportAttack(Exception e) {
    if (e instanceof RollbackException r) {
      events.emit(new UpdateEvent.RollbackRefused(referenceTime, r.role(), r.trustedVersion(),
          r.newVersion()));
    } else if (e instanceof ExpiredMetadataException x) {
      events.emit(new UpdateEvent.FreezeDetected(referenceTime, x.role(), x.version(),
          x.expires(), Duration.between(x.expires(), x.referenceTime())));
    }
  }

  /** What the last refresh trusts: empty before one succeeded, and after one failed. */
  Optional<TrustedSnapshot> trusted() {
    return Optional.ofNullable(current);
  }

  /** The trusted root a refresh would start from (§5.2), read now. */
  TrustedMetadataSet startingPoint() throws TufException, IOException {
    return loadTrustedRoot(config.clock().instant()).set();
  }

  /** Deletes every stored file; the next refresh starts from the bootstrap root. */
  void recoverFromBootstrapRoot() throws IOException {
    if (bootstrapRoot == null) {
      throw new IllegalStateException("no bootstrap root was given to recover from");
    }
    store.retainOnly(ClientState.FILE::equals); // the clock floor stays
    current = null;
    ClientLog.get().log(Level.WARNING,
        "trusted metadata in {0} deleted; starting again from the bootstrap "
        + "root", store.directory());
  }

  /** §5.1–§5.3: a new reference time, the trusted root, and every newer root version. */
  private TrustedSnapshot startRefresh(Instant referenceTime) throws TufException, IOException {
    TrustedSnapshot draft = loadTrustedRoot(referenceTime);
    updateRoot(draft);
    return draft;
  }

  /**
   * §5.2: the stored root, or the bootstrap root when none is stored yet. A stored root that
   * cannot be used is an {@link UnusableTrustedStateException}, never a silent restart from the
   * bootstrap root: that would undo every rotation since, and the application may not want that
   * ({@link #recoverFromBootstrapRoot()} is the explicit way).
   */
  private TrustedSnapshot loadTrustedRoot(Instant referenceTime)
      throws TufException, IOException {
    String rootFile = fileName(ROOT);
    Optional<byte[]> local;
    try {
      local = store.read(rootFile, config.rootMaxLength());
    } catch (TooLargeException e) {
      throw new UnusableTrustedStateException(store.directory().resolve(rootFile), e);
    }
    if (local.isPresent()) {
      try {
        TrustedSnapshot draft = new TrustedSnapshot(trustedSet(local.get(), referenceTime));
        draft.trustRoot(ROOT, local.get());
        return draft;
      } catch (TufException e) {
        throw new UnusableTrustedStateException(store.directory().resolve(rootFile), e);
      }
    } else if (bootstrapRoot == null) {
      throw new IllegalStateException("no trusted root: " + store.directory() + " has no "
          + rootFile + " and no bootstrap root was given");
    }
    TrustedSnapshot draft = new TrustedSnapshot(trustedSet(bootstrapRoot, referenceTime));
    persist(ROOT, draft.set().root().signed().version(), bootstrapRoot);
    draft.trustRoot(ROOT, bootstrapRoot);
    return draft;
  }

  private TrustedMetadataSet trustedSet(byte[] root, Instant referenceTime) throws TufException {
    return TrustedMetadataSet.fromTrustedRoot(root, TrustOptions.at(referenceTime)
        .withBackend(backend).withBounds(config).withEncoding(encoding).withDialect(dialect));
  }

  /** §5.3.3–§5.3.9 and §5.3.11. */
  private void updateRoot(TrustedSnapshot draft) throws TufException, IOException {
    TrustedMetadataSet set = draft.set();
    for (int i = 0; i < config.maxRootRotations(); i++) {
      long next = set.root().signed().version() + 1;
      Root before = set.root().signed();
      Optional<byte[]> found = mirrors.metadata("root v" + next, () -> referenceTime, layout -> {
        byte[] fetched;
        try {
          fetched = fetcher.readAll(layout.root(next), config.rootMaxLength(), "root v" + next);
        } catch (NotFoundException e) {
          return Optional.empty(); // §5.3.3: no newer root
        }
        set.updateRoot(fetched);
        return Optional.of(fetched);
      });
      if (found.isEmpty()) {
        break;
      }
      byte[] bytes = found.get();
      reportRotation(before, set.root().signed());
      if (set.timestampOrSnapshotKeysRotated()) {
        events.emit(new UpdateEvent.FastForwardRecovery(referenceTime, next));
        // §5.3.11, before the new root is persisted so that no crash can keep the old files.
        store.delete(fileName(TIMESTAMP));
        store.delete(fileName(SNAPSHOT));
      }
      persist(ROOT, next, bytes);
      draft.trustRoot(ROOT, bytes);
    }
  }

  private void reportRotation(Root before, Root after) {
    Set<String> added = new TreeSet<>(after.keys().keySet());
    added.removeAll(before.keys().keySet());
    Set<String> removed = new TreeSet<>(before.keys().keySet());
    removed.removeAll(after.keys().keySet());
    events.emit(new UpdateEvent.RootRotated(referenceTime, before.version(), after.version(),
        added, removed));
  }

  /**
   * §5.4, asking for {@code timestamp.json} only if it changed since the stored copy was fetched
   * (HTTP validators kept beside it). A "not modified" answer hands the stored copy to the set,
   * which checks it exactly as a re-downloaded identical file (§5.4.2–§5.4.4: signatures,
   * rollback, expiry at this refresh's reference time).
   */
  private void updateTimestamp(TrustedSnapshot draft) throws TufException, IOException {
    TrustedMetadataSet set = draft.set();
    Optional<byte[]> local = Optional.empty();
    CacheValidators cached = CacheValidators.NONE;
    String file = fileName(TIMESTAMP);
    if (!set.timestampOrSnapshotKeysRotated()) {
      local = readLocal(TIMESTAMP, config.timestampMaxLength());
      if (local.isPresent()) {
        try {
          set.loadLocalTimestamp(local.get());
          cached = validators.read(file); // only for a copy this root still accepts
        } catch (TufException e) {
          ClientLog.get().log(Level.DEBUG, "local timestamp not usable as rollback floor: {0}",
              e.getMessage());
        }
      }
    }
    CacheValidators sent = cached;
    Optional<byte[]> stored = local;
    TrustedMetadataSet.TimestampUpdate[] update = new TrustedMetadataSet.TimestampUpdate[1];
    BoundedFetcher.Conditional answer = mirrors.metadata(TIMESTAMP, () -> referenceTime,
        layout -> {
          BoundedFetcher.Conditional a = fetcher.readAllIfModified(layout.timestamp(),
              config.timestampMaxLength(), TIMESTAMP, sent);
          update[0] = set.updateTimestamp(a.bytes().isPresent() ? a.bytes().get()
              : stored.orElseThrow());
          return a;
        });
    byte[] bytes = answer.bytes().isPresent() ? answer.bytes().get() : local.orElseThrow();
    if (update[0] == TrustedMetadataSet.TimestampUpdate.UPDATED) {
      validators.delete(file); // first, so no crash leaves them beside another file
      persist(TIMESTAMP, set.timestamp().orElseThrow().signed().version(), bytes);
      draft.trustBytes(TIMESTAMP, bytes);
    } else {
      draft.trustBytes(TIMESTAMP, local.orElseThrow());
    }
    if (answer.bytes().isPresent()) {
      validators.write(file, answer.validators());
    }
  }

  /** §5.5; true when the stored snapshot is the current one. */
  private boolean updateSnapshot(TrustedSnapshot draft) throws TufException, IOException {
    TrustedMetadataSet set = draft.set();
    MetaFile meta = set.timestamp().orElseThrow().signed().snapshotMeta();
    long max = meta.length().orElse(config.snapshotMaxLength());
    if (!set.timestampOrSnapshotKeysRotated()) {
      Optional<byte[]> local = readLocal(SNAPSHOT, config.snapshotMaxLength());
      if (local.isPresent()) {
        try {
          if (set.loadLocalSnapshot(local.get())) {
            draft.trustBytes(SNAPSHOT, local.get());
            return true; // the stored snapshot is the current one
          }
        } catch (TufException e) {
          ClientLog.get().log(Level.DEBUG, "local snapshot not usable as rollback floor: {0}",
              e.getMessage());
        }
      }
    }
    boolean consistent = set.root().signed().consistentSnapshot();
    byte[] bytes = mirrors.metadata(SNAPSHOT, () -> referenceTime, layout -> {
      byte[] fetched = fetcher.readAll(layout.role(SNAPSHOT, meta.version(), consistent), max,
          SNAPSHOT);
      set.updateSnapshot(fetched);
      return fetched;
    });
    persist(SNAPSHOT, meta.version(), bytes);
    draft.trustBytes(SNAPSHOT, bytes);
    return false;
  }

  /**
   * §5.6.1–§5.6.6 for {@code role} in {@code trusted}: from the local store when current, else
   * the repository. Holds the snapshot's lock throughout (see {@link TrustedSnapshot}).
   *
   * @param delegator the role whose delegation is followed; null for the top-level targets
   */
  Signed<Targets> loadTargets(TrustedSnapshot trusted, String role, String delegator)
      throws TufException, IOException {
    synchronized (trusted.lock()) {
      Signed<Targets> loaded = loadTargets(trusted.set(), trusted, role, delegator);
      if (trusted.expiredInUse() && delegator != null) {
        reportIfExpired(role, loaded.signed());
      }
      return loaded;
    }
  }

  private Signed<Targets> loadTargets(TrustedMetadataSet set, TrustedSnapshot trusted,
      String role, String delegator) throws TufException, IOException {
    // Trust is per delegation followed (§5.6.7): a role verified through another delegator is
    // verified again, by the trusted set, with this delegator's keys.
    Optional<Signed<Targets>> already = delegator == null ? set.targets(role)
        : set.delegatedTargets(role, delegator);
    if (already.isPresent()) {
      return already.get();
    }
    Optional<MetaFile> meta = set.snapshot().orElseThrow(() -> new IllegalStateException(
        "no snapshot: targets role " + role + " cannot be loaded")).signed().metaFor(role);
    long max = meta.flatMap(m -> m.length().isPresent()
        ? Optional.of(m.length().getAsLong()) : Optional.empty())
        .orElse(config.targetsMaxLength());
    Optional<byte[]> local = readLocal(role, max);
    if (local.isPresent()) {
      try {
        Signed<Targets> accepted = update(set, local.get(), role, delegator);
        trusted.trustBytes(role, local.get());
        return accepted;
      } catch (TufException e) {
        ClientLog.get().log(Level.DEBUG,
            "local {0} metadata not current: {1}", role, e.getMessage());
      }
    }
    if (meta.isEmpty()) {
      throw new RoleNotListedException(role, "snapshot"); // nothing to fetch: no version to ask for
    }
    boolean consistent = set.root().signed().consistentSnapshot();
    byte[][] bytesHolder = new byte[1][];
    Signed<Targets> accepted = mirrors.metadata(role, () -> referenceTime, layout -> {
      bytesHolder[0] = fetcher.readAll(layout.role(role, meta.get().version(), consistent),
          max, role);
      return update(set, bytesHolder[0], role, delegator);
    });
    byte[] bytes = bytesHolder[0];
    persist(role, accepted.signed().version(), bytes);
    trusted.trustBytes(role, bytes);
    return accepted;
  }

  private static Signed<Targets> update(TrustedMetadataSet set, byte[] bytes, String role,
      String delegator) throws TufException {
    return delegator == null ? set.updateTargets(bytes)
        : set.updateDelegatedTargets(bytes, role, delegator);
  }

  /** §5.3.8, §5.4.5, §5.5.7, §5.6.6: the exact bytes verified, atomically and durably. */
  private void persist(String role, long version, byte[] bytes)
      throws IOException, UnsupportedFeatureException {
    store.write(fileName(role), bytes);
    if (config.keepVersionedCopies()) {
      store.write(StoreNames.versioned(version, fileName(role)), bytes);
    }
  }

  /** A stored file that is only a cache: one too large to be current is simply not used. */
  private Optional<byte[]> readLocal(String role, long max)
      throws IOException, UnsupportedFeatureException {
    try {
      return store.read(fileName(role), max);
    } catch (TooLargeException e) {
      ClientLog.get().log(Level.DEBUG, "local {0} metadata ignored: {1}", role, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The local file name of a role's metadata ({@link StoreNames}): distinct for every role on
   * case-insensitive and normalising file systems, top-level and delegated roles apart.
   */
  private String fileName(String role) throws UnsupportedFeatureException {
    try {
      String name = StoreNames.metadata(role, encoding);
      MetadataStore.checkName(StoreNames.versioned(Long.MAX_VALUE, name)); // room for a copy
      return name;
    } catch (IllegalArgumentException e) {
      throw new UnsupportedFeatureException("role name cannot be stored as a file name ("
          + e.getMessage() + "): \"" + role.substring(0, Math.min(role.length(), 64)) + "\"");
    }
  }

  /**
   * Opens {@code opened}'s directory as the metadata store of a repository read in {@code
   * encoding}: a directory holding another encoding's trusted root is refused, and cached files
   * of an earlier naming scheme are dropped.
   *
   * @throws IllegalStateException when the directory holds another encoding's trusted root
   */
  static MetadataStore checkStore(MetadataStore opened, MetadataEncoding encoding)
      throws IOException {
    for (MetadataEncoding other : MetadataEncoding.values()) {
      String root = other.fileName(ROOT);
      if (other != encoding && opened.contains(root)) {
        throw new IllegalStateException("metadata directory " + opened.directory()
            + " holds " + root + ", the trusted state of a repository read as " + other
            + ", but this updater reads " + encoding + " metadata; use one metadata "
            + "directory per repository encoding");
      }
    }
    // A store written under the earlier naming scheme (role names percent-encoded, delegated
    // roles beside the top-level ones) keeps its top-level files, whose names are unchanged;
    // its delegated roles' files, only caches verified before each use, are dropped and
    // fetched again when needed.
    List<String> dropped = opened.retainOnly(name -> StoreNames.isMetadataName(name)
        || ClientState.FILE.equals(name) || ValidatorStore.isValidatorsName(name));
    if (!dropped.isEmpty()) {
      ClientLog.get().log(Level.INFO,
          "dropped {0} cached metadata file(s) of an earlier naming scheme "
          + "from {1}", dropped.size(), opened.directory());
    }
    return opened;
  }
}
