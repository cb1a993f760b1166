package org.tuf4j.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.RoleNotListedException;
import org.tuf4j.TooLargeException;
import org.tuf4j.TufException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.UnusableTrustedStateException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataDialect;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.verify.MetadataChecks;

/**
 * The TUF client workflow with I/O (TUF spec §5): refreshes metadata from a repository through a
 * {@link Fetcher}, keeps what it trusts in a local metadata directory, finds targets through
 * delegations and downloads them verified. Every security decision is made by
 * {@link TrustedMetadataSet}; this class moves bytes, persists exactly the bytes that were
 * verified, and never re-serialises metadata.
 *
 * <pre>{@code
 * Updater updater = Updater.builder()
 *     .metadataDir(Path.of("/var/lib/app/tuf"))
 *     .metadataBaseUrl(URI.create("https://updates.example.com/metadata/"))
 *     .targetBaseUrl(URI.create("https://updates.example.com/targets/"))
 *     .targetDir(Path.of("/var/cache/app/downloads"))
 *     .trustedRoot(rootShippedWithTheApp)
 *     .build();
 * updater.refresh();
 * TargetInfo info = updater.getTargetInfo("firmware/v2.bin").orElseThrow();
 * Path verified = updater.download(info);
 * }</pre>
 *
 * <p>The repository's metadata encoding is chosen by the caller ({@link Builder#encoding}, JSON
 * unless said otherwise): files are fetched as {@code N.ROLE.json} or {@code N.ROLE.cbor} and
 * stored locally under the same extension, so a metadata directory holds one encoding only.
 *
 * <p>Failures: {@link TufException} subtypes for anything about the repository (verification,
 * fetching, size), {@link IOException} only for the local directories. A failed refresh leaves
 * the local metadata as it was or advanced by fully verified steps, never broken (§5 preamble).
 * Instances are safe for use by several threads; calls are serialised.
 */
public final class Updater {
  private static final System.Logger LOG = System.getLogger(Updater.class.getName());
  private static final String TARGETS = RoleType.TARGETS.typeName();

  private final MetadataStore store;
  private final RepositoryLayout layout;
  private final Path targetDir;
  private final byte[] bootstrapRoot;
  private final Fetcher fetcher;
  private final UpdaterConfig config;
  private final CryptoBackend backend;
  private final MetadataEncoding encoding;
  private final MetadataDialect dialect;
  private TrustedMetadataSet trusted;
  // The exact bytes behind what the current refresh trusts, and whether it found anything new.
  private final Map<String, byte[]> trustedBytes = new HashMap<>();
  private final List<byte[]> rootChain = new ArrayList<>();
  private boolean unchanged;

  private Updater(Builder b, MetadataStore store) {
    this.store = store;
    this.encoding = b.encoding;
    this.layout = new RepositoryLayout(b.metadataBaseUrl, b.targetBaseUrl, b.encoding);
    this.targetDir = b.targetDir;
    this.bootstrapRoot = b.trustedRoot;
    this.fetcher = b.fetcher;
    this.config = b.config;
    this.backend = b.backend;
    this.dialect = b.dialect;
  }

  /**
   * A builder with the defaults: {@link UpdaterConfig#defaults()}, {@link
   * CryptoBackends#defaultBackend()}, JSON metadata in the standard dialect, and {@link
   * Fetchers#standard()}; the metadata directory, the metadata URL and the trusted root must be
   * set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs §5.1–§5.6.6: fixes the reference time, updates root through every intermediate version,
   * then timestamp, snapshot and top-level targets, persisting each verified file. Calling it
   * again starts a new refresh with a new reference time.
   *
   * @throws TufException when a file fails verification (its subtype names the check: signature
   *     threshold, version, rollback, expiry, length, hash, size) or cannot be fetched; what was
   *     verified before the failure stays persisted, and nothing after it is trusted
   * @throws IOException when the metadata directory cannot be read or written
   */
  public synchronized void refresh() throws TufException, IOException {
    TrustedMetadataSet set = startRefresh();
    updateTimestamp(set);
    unchanged = updateSnapshot(set);
    loadTargets(set, TARGETS, null);
    trusted = set;
  }

  /**
   * Refreshes a repository that publishes root and top-level targets only, no timestamp and no
   * snapshot: an Uptane Director as the ota-tuf/aktualizr deployments run it. Root is updated as
   * in {@link #refresh()} (§5.3); the targets are then checked against the root directly, with
   * the stored copy as rollback floor ({@link
   * TrustedMetadataSet#updateTargetsWithoutSnapshot}). Not TUF §5: without a snapshot nothing
   * binds the targets' version and hashes, so use it only for such repositories. Delegated
   * roles cannot be loaded afterwards.
   *
   * @throws TufException when root or targets fail verification or cannot be fetched
   * @throws IOException when the metadata directory cannot be read or written
   */
  public synchronized void refreshRootAndTargets() throws TufException, IOException {
    TrustedMetadataSet set = startRefresh();
    Optional<byte[]> local = readLocal(TARGETS, config.targetsMaxLength());
    if (local.isPresent()) {
      try {
        set.loadLocalTargetsWithoutSnapshot(local.get());
      } catch (TufException e) {
        LOG.log(Level.DEBUG, "local targets not usable as rollback floor: {0}", e.getMessage());
        local = Optional.empty();
      }
    }
    byte[] bytes = fetch(layout.role(TARGETS, 0, false), config.targetsMaxLength(), TARGETS);
    unchanged = set.updateTargetsWithoutSnapshot(bytes)
        == TrustedMetadataSet.TimestampUpdate.UNCHANGED;
    if (unchanged) {
      bytes = local.orElseThrow();
    } else {
      persist(TARGETS, set.targets(TARGETS).orElseThrow().signed().version(), bytes);
    }
    trustedBytes.put(TARGETS, bytes);
    trusted = set;
  }

  private void forgetTrusted() {
    trusted = null;
    trustedBytes.clear();
    rootChain.clear();
  }

  /** §5.1–§5.3: a new reference time, the trusted root, and every newer root version. */
  private TrustedMetadataSet startRefresh() throws TufException, IOException {
    // A failed refresh must not leave the previous one's metadata in use (§5.4.4: abort).
    forgetTrusted();
    Instant referenceTime = config.clock().instant();
    TrustedMetadataSet set = loadTrustedRoot(referenceTime);
    updateRoot(set);
    return set;
  }

  /**
   * Whether the last refresh found nothing new: the snapshot the new timestamp names is the one
   * already stored (§5.5; Uptane #full_verification step 4, "there are no new updates"), or,
   * after {@link #refreshRootAndTargets()}, the targets have the stored version. Every file was
   * verified either way, expiry included; this only says that nothing was published since.
   *
   * @return true when the last refresh found no newer snapshot (or, without a snapshot, no newer
   *     targets) than the stored one
   * @throws IllegalStateException unless the last refresh succeeded
   */
  public synchronized boolean unchangedSinceLastRefresh() {
    if (trusted == null) {
      throw new IllegalStateException("no successful refresh yet");
    }
    return unchanged;
  }

  /**
   * The exact bytes of the metadata of {@code roleName} ({@code root}, {@code timestamp},
   * {@code snapshot}, top-level or delegated targets) that the last refresh trusts, whether
   * fetched or read from the metadata directory: what another verifier needs to check the same
   * metadata (Uptane #send_metadata_primary: the Director's targets for Secondaries). Empty for
   * a role not loaded (yet), and when the last refresh failed.
   *
   * @param roleName the role's name, such as {@code "snapshot"} or a delegated role's name
   * @return a copy of the trusted bytes, or empty
   */
  public synchronized Optional<byte[]> trustedMetadataBytes(String roleName) {
    return trusted == null ? Optional.empty()
        : Optional.ofNullable(trustedBytes.get(roleName)).map(byte[]::clone);
  }

  /**
   * Every root version the last refresh trusted, oldest first: the root it started from, then
   * each newer version it accepted (§5.3), as exact bytes. A verifier that trusts any of them
   * can follow the rest of the chain. Empty when the last refresh failed.
   *
   * @return copies of the trusted root files, oldest first
   */
  public synchronized List<byte[]> trustedRootChain() {
    if (trusted == null) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>(rootChain.size());
    rootChain.forEach(b -> out.add(b.clone()));
    return List.copyOf(out);
  }

  /**
   * §5.6.7: searches the delegation graph, pre-order depth first from the top-level targets,
   * for {@code targetPath}; refreshes first if this updater has not refreshed yet. Roles are
   * visited at most once each and at most {@link UpdaterConfig#maxDelegations()} delegated roles
   * are visited; a terminating delegation that matches ends the search after its subtree.
   *
   * @param targetPath the target path, as listed in targets metadata (for example {@code
   *     firmware/app-1.2.bin})
   * @return the target, or empty when no role that may list it does; a role that must be
   *     visited but fails verification is reported by its exception rather than as "not found"
   * @throws TufException when the refresh, or a role that must be visited, fails verification or
   *     cannot be fetched
   * @throws IOException when the metadata directory cannot be read or written
   */
  public synchronized Optional<TargetInfo> getTargetInfo(String targetPath)
      throws TufException, IOException {
    return getTargetInfo(targetPath, role -> true);
  }

  /**
   * As {@link #getTargetInfo(String)}, following only the delegations that also satisfy {@code
   * applies}: a listed role whose paths match {@code targetPath} is skipped, terminating or not,
   * when {@code applies} rejects it — as Uptane's hardware identifiers on delegations require
   * (#resolve_delegations step 4.1). Succinct hash-bin delegations (TAP 15) have no per-role
   * entry and are followed as usual. {@code applies} only narrows the search; every role visited
   * is verified as in {@link #getTargetInfo(String)}.
   *
   * @param targetPath the target path, as listed in targets metadata
   * @param applies which listed delegations may be followed
   * @return the target, or empty when no role that may list it and that {@code applies} accepts
   *     does
   * @throws TufException when the refresh, or a role that must be visited, fails verification or
   *     cannot be fetched
   * @throws IOException when the metadata directory cannot be read or written
   */
  public synchronized Optional<TargetInfo> getTargetInfo(String targetPath,
      Predicate<DelegatedRole> applies) throws TufException, IOException {
    Objects.requireNonNull(targetPath, "targetPath");
    Objects.requireNonNull(applies, "applies");
    if (trusted == null) {
      refresh();
    }
    Deque<Visit> toVisit = new ArrayDeque<>();
    toVisit.push(new Visit(TARGETS, null, List.of(TARGETS)));
    Set<String> visited = new HashSet<>();
    while (!toVisit.isEmpty()) {
      Visit visit = toVisit.pop();
      if (visited.contains(visit.role)) {
        continue;
      }
      if (visited.size() > config.maxDelegations()) {
        LOG.log(Level.WARNING, "gave up looking for {0} after visiting {1} delegated roles",
            targetPath, config.maxDelegations());
        return Optional.empty();
      }
      visited.add(visit.role);
      Targets role = loadTargets(trusted, visit.role, visit.delegator).signed();
      TargetFile found = role.targets().get(targetPath);
      if (found != null) {
        return Optional.of(new TargetInfo(found, visit.role, visit.chain));
      }
      List<Visit> children = new ArrayList<>();
      if (role.delegations().isPresent() && childrenFor(role.delegations().get(), targetPath,
          applies, visit, children)) {
        toVisit.clear(); // a matching terminating delegation: nothing after it may answer
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        toVisit.push(children.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * Loads and verifies one delegated targets role by name (§5.6 applied to it), for tools that
   * inspect a whole repository rather than search for one path. {@code delegatorName} must be
   * {@code "targets"} or a role loaded before.
   *
   * @param roleName the delegated role to load
   * @param delegatorName the trusted targets role that delegates to it
   * @return the verified metadata of {@code roleName}
   * @throws IllegalStateException if the delegator is not loaded yet
   * @throws TufException when the role's metadata fails verification or cannot be fetched, or
   *     {@code delegatorName} does not delegate to {@code roleName}
   * @throws IOException when the metadata directory cannot be read or written
   */
  public synchronized Signed<Targets> loadDelegatedTargets(String roleName, String delegatorName)
      throws TufException, IOException {
    TrustedMetadataSet set = trustedOrRefresh();
    return TARGETS.equals(roleName) ? loadTargets(set, TARGETS, null)
        : loadTargets(set, roleName, delegatorName);
  }

  /** Adds the roles {@code delegations} trusts for {@code path}; true if one is terminating. */
  private static boolean childrenFor(Delegations delegations, String path,
      Predicate<DelegatedRole> applies, Visit parent, List<Visit> out) {
    if (delegations.succinctRoles().isPresent()) {
      String bin = delegations.succinctRoles().get().roleNameFor(path);
      out.add(parent.child(bin));
      return false;
    }
    for (DelegatedRole r : delegations.roles().orElseThrow()) {
      if (r.isDelegatedPath(path) && applies.test(r)) {
        out.add(parent.child(r.name()));
        if (r.terminating()) {
          return true;
        }
      }
    }
    return false;
  }

  private record Visit(String role, String delegator, List<String> chain) {
    Visit child(String name) {
      List<String> c = new ArrayList<>(chain);
      c.add(name);
      return new Visit(name, role, c);
    }
  }

  /**
   * The local copy of {@code target} in the target directory, if it exists and matches the
   * trusted length and every trusted hash (§5.7.3); a copy that does not match is ignored.
   *
   * @param target a target found by {@link #getTargetInfo(String)}
   * @return the verified local copy, or empty when there is none that matches
   * @throws IOException when the target directory cannot be read
   * @throws UnsupportedFeatureException when the target lists no hash algorithm this JDK supports
   */
  public synchronized Optional<Path> findCachedTarget(TargetInfo target)
      throws IOException, UnsupportedFeatureException {
    Path path = targetPath(target);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(path)) {
      MetadataChecks.checkLengthAndHashes(target.path(), target.length(), target.hashes(), in);
      return Optional.of(path);
    } catch (TufException mismatch) {
      return Optional.empty();
    }
  }

  /**
   * §5.7: downloads {@code target} into the target directory, reading at most its trusted length
   * and checking every listed hash while streaming, unless a matching copy is already there. The
   * file name is the whole target path percent-encoded into one name, so no target path can
   * write outside the target directory. The file appears atomically, only once verified.
   *
   * @param target a target found by {@link #getTargetInfo(String)}
   * @return the verified file
   * @throws TufException when the download fails or exceeds the trusted length ({@link
   *     org.tuf4j.LengthMismatchException}), a hash differs ({@link
   *     org.tuf4j.HashMismatchException}), or the transfer is too slow
   * @throws IOException when the target directory cannot be written
   */
  public synchronized Path download(TargetInfo target) throws TufException, IOException {
    Optional<Path> cached = findCachedTarget(target);
    if (cached.isPresent()) {
      return cached.get();
    }
    Path destination = targetPath(target);
    Files.createDirectories(destination.getParent());
    downloadTo(target, destination, DownloadProgress.NONE);
    return destination;
  }

  /**
   * {@link #download(TargetInfo, Path, DownloadProgress)} without progress updates.
   *
   * @param target a target found by {@link #getTargetInfo(String)}
   * @param destination the file to write, atomically and only once verified
   * @return {@code destination}
   * @throws TufException when the download fails or the target does not verify
   * @throws IOException when {@code destination} or its directory cannot be written
   */
  public Path download(TargetInfo target, Path destination) throws TufException, IOException {
    return download(target, destination, DownloadProgress.NONE);
  }

  /**
   * {@link #download(TargetInfo, OutputStream, DownloadProgress)} without progress updates.
   *
   * @param target a target found by {@link #getTargetInfo(String)}
   * @param out receives the target, only once verified
   * @throws TufException when the download fails or the target does not verify; nothing was
   *     written to {@code out}
   * @throws IOException when the temporary file or {@code out} cannot be written
   */
  public void download(TargetInfo target, OutputStream out) throws TufException, IOException {
    download(target, out, DownloadProgress.NONE);
  }

  /**
   * §5.7 into a file the caller names: downloads {@code target}, reading at most its trusted
   * length and checking every listed hash while streaming, exactly as {@link
   * #download(TargetInfo)} does, into a temporary file in {@code destination}'s directory; that
   * file is forced to disk and renamed to {@code destination} (replacing a file there)
   * atomically, and only once verified. On any failure {@code destination} is left as it was and
   * the temporary file is removed. The target directory is neither needed nor used.
   *
   * @param target a target found by {@link #getTargetInfo(String)}
   * @param destination the file to write; its parent directories are created
   * @param progress told of each block received (not yet verified), or {@link
   *     DownloadProgress#NONE}
   * @return {@code destination}
   * @throws TufException as {@link #download(TargetInfo)}: the download fails or exceeds the
   *     trusted length, a hash differs, or the transfer is too slow
   * @throws IOException when {@code destination} or its directory cannot be written
   */
  public synchronized Path download(TargetInfo target, Path destination,
      DownloadProgress progress) throws TufException, IOException {
    Objects.requireNonNull(progress, "progress");
    Path absolute = destination.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    downloadTo(target, absolute, progress);
    return destination;
  }

  /**
   * §5.7 into a stream: downloads {@code target} and verifies its length and every listed hash
   * exactly as {@link #download(TargetInfo)} does, then writes it to {@code out}. Nothing
   * unverified reaches {@code out}: the bytes are first written to a temporary file readable only
   * by its owner (in the target directory when one is configured, else the JVM's temporary
   * directory), and copied to {@code out} only once every check passed; the file is deleted
   * before this method returns. When it throws a {@link TufException}, nothing was written to
   * {@code out}; when it throws an {@link IOException} while copying, {@code out} may hold part
   * of the verified target. {@code out} is neither flushed nor closed.
   *
   * @param target a target found by {@link #getTargetInfo(String)}
   * @param out receives the verified target
   * @param progress told of each block received (not yet verified), or {@link
   *     DownloadProgress#NONE}
   * @throws TufException as {@link #download(TargetInfo)}, before anything is written to {@code
   *     out}
   * @throws IOException when the temporary file or {@code out} cannot be written
   */
  public synchronized void download(TargetInfo target, OutputStream out,
      DownloadProgress progress) throws TufException, IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(progress, "progress");
    Path dir = targetDir != null ? targetDir : Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".tuf4j-download-", ".part");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      fetchVerified(target, ch, progress);
      ch.position(0);
      java.nio.channels.Channels.newInputStream(ch).transferTo(out);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Fetches into a temporary file next to {@code destination}, renamed to it once verified. */
  private void downloadTo(TargetInfo target, Path destination, DownloadProgress progress)
      throws TufException, IOException {
    Path temp = destination.resolveSibling(".tmp-" + UUID.randomUUID());
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        fetchVerified(target, ch, progress);
      }
      Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Streams {@code target} into {@code ch}, checking length and hashes; forced to disk. */
  private void fetchVerified(TargetInfo target, FileChannel ch, DownloadProgress progress)
      throws TufException, IOException {
    boolean consistent = trustedOrRefresh().root().signed().consistentSnapshot();
    URI uri = layout.target(target.target(), consistent && config.prefixTargetsWithHash());
    try (InputStream in = new FetchStream(uri, fetcher.fetch(uri, target.length()))) {
      InputStream counted = progress == DownloadProgress.NONE ? in
          : new ProgressStream(in, target.length(), progress);
      WriteBehindFile out = new WriteBehindFile(ch);
      MetadataChecks.checkLengthAndHashes(target.path(), target.length(), target.hashes(),
          counted, out);
      out.forceAll();
    } catch (FetchStream.Failure f) {
      throw f.cause;
    }
  }

  /** Counts the bytes read for a {@link DownloadProgress}. */
  private static final class ProgressStream extends FilterInputStream {
    private final long length;
    private final DownloadProgress progress;
    private long received;

    ProgressStream(InputStream in, long length, DownloadProgress progress) {
      super(in);
      this.length = length;
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        progress.update(++received, length);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        received += n;
        progress.update(received, length);
      }
      return n;
    }
  }

  /**
   * The trusted root after the last refresh (or the starting root before any).
   *
   * @return the trusted root
   * @throws TufException before any refresh, when the stored or bootstrap root does not verify
   * @throws IOException before any refresh, when the metadata directory cannot be read
   */
  public synchronized Signed<Root> trustedRoot() throws TufException, IOException {
    return trusted != null ? trusted.root()
        : loadTrustedRoot(config.clock().instant()).root();
  }

  /**
   * The timestamp trusted by the last refresh.
   *
   * @return the timestamp, or empty before a successful refresh
   */
  public synchronized Optional<Signed<Timestamp>> trustedTimestamp() {
    return trusted == null ? Optional.empty() : trusted.timestamp();
  }

  /**
   * The snapshot trusted by the last refresh.
   *
   * @return the snapshot, or empty before a successful refresh or for a repository without one
   */
  public synchronized Optional<Signed<Snapshot>> trustedSnapshot() {
    return trusted == null ? Optional.empty() : trusted.snapshot();
  }

  /**
   * Top-level or delegated targets metadata trusted so far (delegated roles load on demand).
   *
   * @param roleName {@code "targets"} or a delegated role's name
   * @return the metadata, or empty when that role has not been loaded
   */
  public synchronized Optional<Signed<Targets>> trustedTargets(String roleName) {
    return trusted == null ? Optional.empty() : trusted.targets(roleName);
  }

  private TrustedMetadataSet trustedOrRefresh() throws TufException, IOException {
    if (trusted == null) {
      refresh();
    }
    return trusted;
  }

  private Path targetPath(TargetInfo target) throws UnsupportedFeatureException {
    if (targetDir == null) {
      throw new IllegalStateException("no target directory was configured");
    }
    try {
      String name = StoreNames.target(target.path());
      MetadataStore.checkName(name);
      return targetDir.resolve(name);
    } catch (IllegalArgumentException e) {
      throw new UnsupportedFeatureException("target path cannot be stored as a file name ("
          + e.getMessage() + "): \"" + target.path().substring(0,
              Math.min(target.path().length(), 64)) + "\"");
    }
  }

  /**
   * §5.2: the stored root, or the bootstrap root when none is stored yet. A stored root that
   * cannot be used is an {@link UnusableTrustedStateException}, never a silent restart from the
   * bootstrap root: that would undo every rotation since, and the application may not want that
   * ({@link #recoverFromBootstrapRoot()} is the explicit way).
   */
  private TrustedMetadataSet loadTrustedRoot(Instant referenceTime)
      throws TufException, IOException {
    String rootFile = fileName(RoleType.ROOT.typeName());
    Optional<byte[]> local;
    try {
      local = store.read(rootFile, config.rootMaxLength());
    } catch (TooLargeException e) {
      throw new UnusableTrustedStateException(store.directory().resolve(rootFile), e);
    }
    if (local.isPresent()) {
      try {
        TrustedMetadataSet set = trustedSet(local.get(), referenceTime);
        trustRoot(local.get());
        return set;
      } catch (TufException e) {
        throw new UnusableTrustedStateException(store.directory().resolve(rootFile), e);
      }
    } else if (bootstrapRoot == null) {
      throw new IllegalStateException("no trusted root: " + store.directory() + " has no "
          + rootFile + " and no bootstrap root was given");
    }
    TrustedMetadataSet set = trustedSet(bootstrapRoot, referenceTime);
    persist(RoleType.ROOT.typeName(), set.root().signed().version(), bootstrapRoot);
    trustRoot(bootstrapRoot);
    return set;
  }

  /**
   * Deletes every stored metadata file and starts again from the bootstrap root given to the
   * builder, as on first use: the explicit recovery after an {@link
   * UnusableTrustedStateException}. What the stored state protected against (rollback to older
   * metadata, keys revoked since the bootstrap root was shipped) is given up until the next
   * refresh verifies the current chain from the bootstrap root, so an application calls this
   * only when it has decided to (an operator, a fleet policy). The next call that needs
   * metadata refreshes.
   *
   * @throws IllegalStateException if no bootstrap root was given
   * @throws IOException if the stored files cannot be deleted
   */
  public synchronized void recoverFromBootstrapRoot() throws IOException {
    if (bootstrapRoot == null) {
      throw new IllegalStateException("no bootstrap root was given to recover from");
    }
    store.retainOnly(name -> false);
    forgetTrusted();
    LOG.log(Level.WARNING, "trusted metadata in {0} deleted; starting again from the bootstrap "
        + "root", store.directory());
  }

  private TrustedMetadataSet trustedSet(byte[] root, Instant referenceTime) throws TufException {
    return TrustedMetadataSet.fromTrustedRoot(root, TrustOptions.at(referenceTime)
        .withBackend(backend).withBounds(config).withEncoding(encoding).withDialect(dialect));
  }

  /** §5.3.3–§5.3.9 and §5.3.11. */
  private void updateRoot(TrustedMetadataSet set) throws TufException, IOException {
    for (int i = 0; i < config.maxRootRotations(); i++) {
      long next = set.root().signed().version() + 1;
      byte[] bytes;
      try {
        bytes = fetch(layout.root(next), config.rootMaxLength(), "root v" + next);
      } catch (NotFoundException e) {
        break; // §5.3.3: no newer root
      }
      set.updateRoot(bytes);
      if (set.timestampOrSnapshotKeysRotated()) {
        // §5.3.11, before the new root is persisted so that no crash can keep the old files.
        store.delete(fileName(RoleType.TIMESTAMP.typeName()));
        store.delete(fileName(RoleType.SNAPSHOT.typeName()));
      }
      persist(RoleType.ROOT.typeName(), next, bytes);
      trustRoot(bytes);
    }
  }

  private void trustRoot(byte[] bytes) {
    rootChain.add(bytes);
    trustedBytes.put(RoleType.ROOT.typeName(), bytes);
  }

  /** §5.4. */
  private void updateTimestamp(TrustedMetadataSet set) throws TufException, IOException {
    String name = RoleType.TIMESTAMP.typeName();
    Optional<byte[]> local = Optional.empty();
    if (!set.timestampOrSnapshotKeysRotated()) {
      local = readLocal(name, config.timestampMaxLength());
      if (local.isPresent()) {
        try {
          set.loadLocalTimestamp(local.get());
        } catch (TufException e) {
          LOG.log(Level.DEBUG, "local timestamp not usable as rollback floor: {0}",
              e.getMessage());
        }
      }
    }
    byte[] bytes = fetch(layout.timestamp(), config.timestampMaxLength(), name);
    if (set.updateTimestamp(bytes) == TrustedMetadataSet.TimestampUpdate.UPDATED) {
      persist(name, set.timestamp().orElseThrow().signed().version(), bytes);
      trustedBytes.put(name, bytes);
    } else {
      trustedBytes.put(name, local.orElseThrow());
    }
  }

  /** §5.5; true when the stored snapshot is the current one. */
  private boolean updateSnapshot(TrustedMetadataSet set) throws TufException, IOException {
    String name = RoleType.SNAPSHOT.typeName();
    MetaFile meta = set.timestamp().orElseThrow().signed().snapshotMeta();
    long max = meta.length().orElse(config.snapshotMaxLength());
    if (!set.timestampOrSnapshotKeysRotated()) {
      Optional<byte[]> local = readLocal(name, config.snapshotMaxLength());
      if (local.isPresent()) {
        try {
          if (set.loadLocalSnapshot(local.get())) {
            trustedBytes.put(name, local.get());
            return true; // the stored snapshot is the current one
          }
        } catch (TufException e) {
          LOG.log(Level.DEBUG, "local snapshot not usable as rollback floor: {0}",
              e.getMessage());
        }
      }
    }
    boolean consistent = set.root().signed().consistentSnapshot();
    byte[] bytes = fetch(layout.role(name, meta.version(), consistent), max, name);
    set.updateSnapshot(bytes);
    persist(name, meta.version(), bytes);
    trustedBytes.put(name, bytes);
    return false;
  }

  /** §5.6.1–§5.6.6 for {@code role}: from the local store when current, else the repository. */
  private Signed<Targets> loadTargets(TrustedMetadataSet set, String role, String delegator)
      throws TufException, IOException {
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
        trustedBytes.put(role, local.get());
        return accepted;
      } catch (TufException e) {
        LOG.log(Level.DEBUG, "local {0} metadata not current: {1}", role, e.getMessage());
      }
    }
    if (meta.isEmpty()) {
      throw new RoleNotListedException(role, "snapshot"); // nothing to fetch: no version to ask for
    }
    boolean consistent = set.root().signed().consistentSnapshot();
    byte[] bytes = fetch(layout.role(role, meta.get().version(), consistent), max, role);
    Signed<Targets> accepted = update(set, bytes, role, delegator);
    persist(role, accepted.signed().version(), bytes);
    trustedBytes.put(role, bytes);
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
      LOG.log(Level.DEBUG, "local {0} metadata ignored: {1}", role, e.getMessage());
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

  /** Reads at most {@code max} bytes of {@code uri}; more is {@link TooLargeException}. */
  private byte[] fetch(URI uri, long max, String what) throws TufException {
    LOG.log(Level.DEBUG, "fetching {0}", uri);
    max = Math.min(max, Integer.MAX_VALUE - 8); // the largest array a JVM allocates
    try (InputStream in = new FetchStream(uri, fetcher.fetch(uri, max))) {
      // Chunks, then one exact copy: a large file costs twice its size at the peak, not the
      // three times of a doubling buffer and its final copy.
      List<byte[]> chunks = new ArrayList<>();
      int chunkSize = 16 * 1024;
      long total = 0;
      while (true) {
        byte[] chunk = new byte[chunkSize];
        int filled = 0;
        int n;
        while (filled < chunk.length && (n = in.read(chunk, filled, chunk.length - filled)) > 0) {
          filled += n;
          if (total + filled > max) {
            throw new TooLargeException(what + " (" + uri + ")", max);
          }
        }
        total += filled;
        chunks.add(filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled));
        if (filled < chunk.length) {
          break;
        }
        chunkSize = Math.min(chunkSize * 2, 1 << 20);
      }
      if (chunks.size() == 1) {
        return chunks.get(0);
      }
      byte[] out = new byte[(int) total];
      int at = 0;
      for (byte[] c : chunks) {
        System.arraycopy(c, 0, out, at, c.length);
        at += c.length;
      }
      return out;
    } catch (FetchStream.Failure f) {
      throw f.cause;
    } catch (IOException e) {
      throw new FetchException(uri, "closing the transfer failed: " + e.getMessage(), e);
    }
  }

  /**
   * Turns a read failure of a fetched stream into its {@link FetchException}, so it cannot be
   * mistaken for a local I/O error.
   */
  private static final class FetchStream extends FilterInputStream {
    private final URI uri;

    FetchStream(URI uri, InputStream in) {
      super(in);
      this.uri = uri;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw failure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw failure(e);
      }
    }

    private Failure failure(IOException e) {
      if (e instanceof Failure f) {
        return f;
      }
      FetchException cause = e.getCause() instanceof FetchException fe ? fe
          : new FetchException(uri, "transfer failed: " + e, e);
      return new Failure(cause);
    }

    static final class Failure extends IOException {
      final FetchException cause;

      Failure(FetchException cause) {
        super(cause.getMessage(), cause);
        this.cause = cause;
      }
    }
  }

  /** Configures an {@link Updater}. Metadata directory and metadata URL are required. */
  public static final class Builder {
    private Path metadataDir;
    private URI metadataBaseUrl;
    private URI targetBaseUrl;
    private Path targetDir;
    private byte[] trustedRoot;
    private Fetcher fetcher;
    private UpdaterConfig config = UpdaterConfig.defaults();
    private CryptoBackend backend = CryptoBackends.defaultBackend();
    private MetadataEncoding encoding = MetadataEncoding.JSON;
    private MetadataDialect dialect = MetadataDialect.STANDARD;
    private MetadataStore store;

    private Builder() {}

    /**
     * Where trusted metadata is kept ({@code root.json}, {@code timestamp.json}, ...).
     *
     * @param dir the directory; created if missing
     * @return this builder
     */
    public Builder metadataDir(Path dir) {
      this.metadataDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * The repository's metadata URL ({@code http:}, {@code https:} or {@code file:}).
     *
     * @param url the base URL that {@code N.root.json}, {@code timestamp.json}, ... are resolved
     *     against
     * @return this builder
     */
    public Builder metadataBaseUrl(URI url) {
      this.metadataBaseUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * The repository's targets URL; needed only to download targets.
     *
     * @param url the base URL that target paths are resolved against
     * @return this builder
     */
    public Builder targetBaseUrl(URI url) {
      this.targetBaseUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Where verified targets are written; needed only to download targets.
     *
     * @param dir the directory; created if missing
     * @return this builder
     */
    public Builder targetDir(Path dir) {
      this.targetDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * The root to start from when the metadata directory has no usable {@code root.json}: the
     * copy shipped with the application, obtained out of band (§5.2). It is in the
     * repository's {@link #encoding}.
     *
     * @param rootJson the bytes of the root file, copied
     * @return this builder
     */
    public Builder trustedRoot(byte[] rootJson) {
      this.trustedRoot = Objects.requireNonNull(rootJson, "rootJson").clone();
      return this;
    }

    /**
     * The encoding of the repository's metadata (default {@link MetadataEncoding#JSON}): which
     * files are fetched ({@code N.root.cbor}, {@code timestamp.cbor}, ...), how they are parsed
     * and what their signatures cover. The trusted root and the metadata directory are in this
     * encoding too; a repository publishing both is read in the one chosen here.
     *
     * @param encoding JSON or deterministic CBOR
     * @return this builder
     */
    public Builder encoding(MetadataEncoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    /**
     * How files are fetched; default {@link Fetchers#standard()}.
     *
     * @param fetcher the fetcher for metadata and target URLs
     * @return this builder
     */
    public Builder fetcher(Fetcher fetcher) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      return this;
    }

    /**
     * The client's security bounds and clock; default {@link UpdaterConfig#defaults()}.
     *
     * @param config the bounds and clock
     * @return this builder
     */
    public Builder config(UpdaterConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The signature verification implementation; default {@link CryptoBackends#defaultBackend()}.
     *
     * @param backend the backend that verifies signatures
     * @return this builder
     */
    public Builder cryptoBackend(CryptoBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * How the repository's metadata is written; {@link MetadataDialect#STANDARD} unless a
     * deployed Uptane stack's form must be read (see {@link MetadataDialect#AKTUALIZR}).
     *
     * @param dialect the form the repository's JSON metadata is written in
     * @return this builder
     */
    public Builder metadataDialect(MetadataDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /** For tests that simulate power cuts under the store. */
    Builder store(MetadataStore store) {
      this.store = store;
      return this;
    }

    /**
     * Opens the metadata directory (creating it if needed).
     *
     * @return the updater; it fetches nothing until {@link Updater#refresh()} or a lookup
     * @throws IllegalStateException when a required setting is missing, or the metadata
     *     directory holds the trusted root of another encoding than {@link #encoding}: it is
     *     another repository's state, neither used nor silently replaced
     * @throws IOException when the metadata directory cannot be created or read
     */
    public Updater build() throws IOException {
      if (metadataBaseUrl == null) {
        throw new IllegalStateException("metadataBaseUrl is required");
      }
      if (metadataDir == null && store == null) {
        throw new IllegalStateException("metadataDir is required");
      }
      if (fetcher == null) {
        fetcher = Fetchers.standard();
      }
      if (dialect != MetadataDialect.STANDARD && encoding != MetadataEncoding.JSON) {
        throw new IllegalStateException(dialect + " metadata is JSON, not " + encoding);
      }
      MetadataStore opened = store != null ? store : MetadataStore.open(metadataDir);
      for (MetadataEncoding other : MetadataEncoding.values()) {
        String root = other.fileName(RoleType.ROOT.typeName());
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
      List<String> dropped = opened.retainOnly(StoreNames::isMetadataName);
      if (!dropped.isEmpty()) {
        LOG.log(Level.INFO, "dropped {0} cached metadata file(s) of an earlier naming scheme "
            + "from {1}", dropped.size(), opened.directory());
      }
      return new Updater(this, opened);
    }
  }
}
