package org.tuf4j.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.tuf4j.ClockRollbackException;
import org.tuf4j.TufException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.UnusableTrustedStateException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.internal.LockFile;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.MetadataDialect;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * The TUF client workflow with I/O (TUF spec §5): refreshes metadata from a repository through a
 * {@link Fetcher}, keeps what it trusts in a local metadata directory, finds targets through
 * delegations and downloads them verified. Every security decision is made by
 * {@link TrustedMetadataSet}; this class moves bytes, persists exactly the bytes that were
 * verified, and never re-serialises metadata. It is the entry point of three parts: the refresh
 * workflow of §5.1–§5.6.6 ({@code RefreshWorkflow}), the delegation search of §5.6.7 ({@code
 * TargetSearch}) and the target downloads of §5.7 ({@code TargetDownloader}).
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
 * <p>A {@link TargetInfo} comes only from a lookup ({@link #getTargetInfo(String)}), and the
 * downloads of an updater take only those its own lookups returned: any other is an {@link
 * IllegalArgumentException}.
 *
 * <p>Failures: {@link TufException} subtypes for anything about the repository (verification,
 * fetching, size), {@link IOException} only for the local directories. A failed refresh leaves
 * the local metadata as it was or advanced by fully verified steps, never broken (§5 preamble).
 *
 * <p>Threads: instances are safe for use by several threads, and lookups and downloads run in
 * parallel. What a completed refresh trusts is published at its end in one step (a {@code
 * TrustedSnapshot}); each lookup and download works on the one it read when it started, so a
 * refresh running meanwhile never shows it a half-updated state, and a long download never
 * holds up a lookup or a refresh. A download of a {@link TargetInfo} found before a refresh
 * still checks the length and hashes that {@link TargetInfo} carries (§5.7). Refreshes (and
 * {@link #recoverFromBootstrapRoot()}) are serialised: within the process by this instance, and
 * across processes by an operating-system lock on the file {@code .tuf4j-lock} in the metadata
 * directory, taken as {@link UpdaterConfig#lockPolicy()} says; a refresh that cannot get it
 * fails with {@link MetadataDirectoryLockedException}. Delegated roles loaded during lookups
 * are added to the snapshot the lookup started with, one at a time.
 */
public final class Updater {
  private static final String TARGETS = RoleType.TARGETS.typeName();

  private final RefreshWorkflow workflow;
  private final FreshnessGate freshness;
  private final TargetSearch search;
  private final TargetDownloader downloader;
  // Serialises refreshes within this instance; the directory lock does so across processes.
  private final Object refreshLock = new Object();
  private final MetadataDirectoryLock directoryLock; // null for a store without a directory

  private Updater(Builder b, MetadataStore store, MetadataDirectoryLock directoryLock) {
    this.directoryLock = directoryLock;
    List<URI> metadataBases = new ArrayList<>(List.of(b.metadataBaseUrl));
    metadataBases.addAll(b.metadataMirrors);
    List<URI> targetBases = new ArrayList<>();
    if (b.targetBaseUrl != null) {
      targetBases.add(b.targetBaseUrl);
      targetBases.addAll(b.targetMirrors);
    }
    Mirrors mirrors = new Mirrors(metadataBases, targetBases, b.encoding, b.events);
    BoundedFetcher fetcher = new BoundedFetcher(b.fetcher);
    this.workflow = new RefreshWorkflow(store, mirrors, fetcher, b.trustedRoot, b.config,
        b.backend, b.encoding, b.dialect, b.events);
    this.freshness = new FreshnessGate(workflow, store, b.config, b.events);
    this.search = new TargetSearch(b.config.maxDelegations());
    this.downloader = new TargetDownloader(b.targetDir, mirrors, b.config.clock()::instant,
        fetcher, b.config.prefixTargetsWithHash(), b.events,
        () -> trustedOrRefresh().set().root().signed().consistentSnapshot());
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
   * <p>The freshness policy of the {@link UpdaterConfig} applies. The reference time is the
   * clock's reading, checked against the time floor persisted in the metadata directory (the
   * highest reference time used before): a clock turned back further than {@link
   * UpdaterConfig#clockRollbackTolerance()} is a {@link ClockRollbackException}, or, under {@link
   * ClockRollbackPolicy#USE_FLOOR}, the floor is used; an {@link
   * UpdateEvent.ClockRollbackDetected} is reported either way. While the last complete refresh is
   * younger than {@link UpdaterConfig#maxAge()}, the stored metadata is trusted without a
   * request if it passes every check of §5 at the reference time, expiry included; with {@link
   * UpdaterConfig#offlineFallback()}, so is it when the repository cannot be reached. The
   * outcome says which happened.
   *
   * @return where the trusted metadata came from, and the reference time used
   * @throws ClockRollbackException when the clock reads too far below the time floor and the
   *     policy is {@link ClockRollbackPolicy#FAIL}
   * @throws TufException when a file fails verification (its subtype names the check: signature
   *     threshold, version, rollback, expiry, length, hash, size) or cannot be fetched (and no
   *     offline answer is allowed or possible); what was verified before the failure stays
   *     persisted, and nothing after it is trusted
   * @throws MetadataDirectoryLockedException when another process holds the metadata
   *     directory's lock longer than {@link UpdaterConfig#lockPolicy()} allows
   * @throws IOException when the metadata directory cannot be read or written
   */
  public RefreshOutcome refresh() throws TufException, IOException {
    return exclusive(freshness::refresh);
  }

  /**
   * Refreshes a repository that publishes root and top-level targets only, no timestamp and no
   * snapshot: an Uptane Director as the ota-tuf/aktualizr deployments run it. Root is updated as
   * in {@link #refresh()} (§5.3); the targets are then checked against the root directly, with
   * the stored copy as rollback floor ({@link
   * TrustedMetadataSet#updateTargetsWithoutSnapshot}). Not TUF §5: without a snapshot nothing
   * binds the targets' version and hashes, so use it only for such repositories. Delegated
   * roles cannot be loaded afterwards. The time floor applies as in {@link #refresh()}; {@link
   * UpdaterConfig#maxAge()} and {@link UpdaterConfig#offlineFallback()} do not.
   *
   * @throws TufException when root or targets fail verification or cannot be fetched
   * @throws MetadataDirectoryLockedException when another process holds the metadata
   *     directory's lock longer than {@link UpdaterConfig#lockPolicy()} allows
   * @throws IOException when the metadata directory cannot be read or written
   */
  public void refreshRootAndTargets() throws TufException, IOException {
    exclusive(freshness::refreshRootAndTargets);
  }

  /** Work on the metadata directory that no other refresh may interleave with. */
  private interface Exclusive<T> {
    T run() throws TufException, IOException;
  }

  /** A refresh, with no result. */
  private interface Refresh {
    void run() throws TufException, IOException;
  }

  private void exclusive(Refresh refresh) throws TufException, IOException {
    exclusive(() -> {
      refresh.run();
      return null;
    });
  }

  /** Runs {@code work} holding this instance's refresh lock, then the directory's lock. */
  private <T> T exclusive(Exclusive<T> work) throws TufException, IOException {
    synchronized (refreshLock) {
      try (LockFile held = lockDirectory()) {
        return work.run();
      }
    }
  }

  /** The directory's lock, held; null for a store without a directory. */
  private LockFile lockDirectory() throws IOException {
    return directoryLock == null ? null : directoryLock.acquire();
  }

  /**
   * Whether the last refresh found nothing new: the snapshot the new timestamp names is the one
   * already stored (§5.5; Uptane #full_verification step 4, "there are no new updates"), or,
   * after {@link #refreshRootAndTargets()}, the targets have the stored version. Every file was
   * verified either way, expiry included; this only says that nothing was published since.
   *
   * @return true when the last refresh found no newer snapshot (or, without a snapshot, no newer
   *     targets) than the stored one; true after an answer from stored metadata ({@link
   *     RefreshOutcome#fromRepository()} false), which saw nothing new
   * @throws IllegalStateException unless the last refresh succeeded
   */
  public boolean unchangedSinceLastRefresh() {
    return workflow.trusted().orElseThrow(() -> new IllegalStateException(
        "no successful refresh yet")).unchanged();
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
  public Optional<byte[]> trustedMetadataBytes(String roleName) {
    return workflow.trusted().flatMap(t -> t.trustedBytes(roleName));
  }

  /**
   * Every root version the last refresh trusted, oldest first: the root it started from, then
   * each newer version it accepted (§5.3), as exact bytes. A verifier that trusts any of them
   * can follow the rest of the chain. Empty when the last refresh failed.
   *
   * @return copies of the trusted root files, oldest first
   */
  public List<byte[]> trustedRootChain() {
    return workflow.trusted().map(TrustedSnapshot::rootChain).orElse(List.of());
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
  public Optional<TargetInfo> getTargetInfo(String targetPath)
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
  public Optional<TargetInfo> getTargetInfo(String targetPath,
      Predicate<DelegatedRole> applies) throws TufException, IOException {
    Objects.requireNonNull(targetPath, "targetPath");
    Objects.requireNonNull(applies, "applies");
    TrustedSnapshot trusted = trustedOrRefresh();
    try {
      return search.find(targetPath, applies,
          (role, delegator) -> workflow.loadTargets(trusted, role, delegator).signed());
    } catch (TufException | IOException | RuntimeException e) {
      workflow.reportLookupFailure(targetPath, e);
      throw e;
    }
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
  public Signed<Targets> loadDelegatedTargets(String roleName, String delegatorName)
      throws TufException, IOException {
    TrustedSnapshot trusted = trustedOrRefresh();
    return TARGETS.equals(roleName) ? workflow.loadTargets(trusted, TARGETS, null)
        : workflow.loadTargets(trusted, roleName, delegatorName);
  }

  /**
   * The local copy of {@code target} in the target directory, if it exists and matches the
   * trusted length and every trusted hash (§5.7.3); a copy that does not match is ignored.
   *
   * @param target a target found by this updater's {@link #getTargetInfo(String)}
   * @return the verified local copy, or empty when there is none that matches
   * @throws IOException when the target directory cannot be read
   * @throws UnsupportedFeatureException when the target lists no hash algorithm this JDK supports
   */
  public Optional<Path> findCachedTarget(TargetInfo target)
      throws IOException, UnsupportedFeatureException {
    return downloader.findCached(search.requireFound(target));
  }

  /**
   * {@code file}, if it exists and matches the trusted length and every trusted hash of {@code
   * target} (§5.7.3): for an application that keeps targets at paths of its own choosing (see
   * {@link #download(TargetInfo, Path)}) and skips the download when its copy is current.
   *
   * @param target a target found by this updater's {@link #getTargetInfo(String)}
   * @param file where the application keeps its copy of {@code target}
   * @return {@code file} when it matches, or empty when it is missing or does not match
   * @throws IOException when {@code file} cannot be read
   * @throws UnsupportedFeatureException when the target lists no hash algorithm this JDK supports
   */
  public Optional<Path> findCachedTarget(TargetInfo target, Path file)
      throws IOException, UnsupportedFeatureException {
    Objects.requireNonNull(file, "file");
    return downloader.verifiedCopy(search.requireFound(target), file);
  }

  /**
   * §5.7: downloads {@code target} into the target directory, reading at most its trusted length
   * and checking every listed hash while streaming, unless a matching copy is already there. The
   * file keeps the target path's directories, each name in it lower-case ASCII with other bytes
   * escaped as {@code %xx} ({@code fw/app-1.bin} is kept as {@code fw/app-1.bin}, {@code
   * fw/App.bin} as {@code fw/%41pp.bin}), so no target path can write outside the target
   * directory and no two share a file, even where the file system ignores case. A path with an
   * empty segment or a very long one is kept as one escaped name. The file appears atomically,
   * only once verified. A repository that lists both {@code a} and {@code a/b} cannot have both
   * kept here (one name would be a file and a directory): download one of them to a path of
   * your choice.
   *
   * @param target a target found by this updater's {@link #getTargetInfo(String)}
   * @return the verified file
   * @throws TufException when the download fails or exceeds the trusted length ({@link
   *     org.tuf4j.LengthMismatchException}), a hash differs ({@link
   *     org.tuf4j.HashMismatchException}), or the transfer is too slow
   * @throws IOException when the target directory cannot be written
   */
  public Path download(TargetInfo target) throws TufException, IOException {
    return downloader.download(search.requireFound(target));
  }

  /**
   * {@link #download(TargetInfo, Path, DownloadProgress)} without progress updates.
   *
   * @param target a target found by this updater's {@link #getTargetInfo(String)}
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
   * @param target a target found by this updater's {@link #getTargetInfo(String)}
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
   * @param target a target found by this updater's {@link #getTargetInfo(String)}
   * @param destination the file to write; its parent directories are created
   * @param progress told of each block received (not yet verified), or {@link
   *     DownloadProgress#NONE}
   * @return {@code destination}
   * @throws TufException as {@link #download(TargetInfo)}: the download fails or exceeds the
   *     trusted length, a hash differs, or the transfer is too slow
   * @throws IOException when {@code destination} or its directory cannot be written
   */
  public Path download(TargetInfo target, Path destination,
      DownloadProgress progress) throws TufException, IOException {
    Objects.requireNonNull(progress, "progress");
    return downloader.download(search.requireFound(target), destination, progress);
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
   * @param target a target found by this updater's {@link #getTargetInfo(String)}
   * @param out receives the verified target
   * @param progress told of each block received (not yet verified), or {@link
   *     DownloadProgress#NONE}
   * @throws TufException as {@link #download(TargetInfo)}, before anything is written to {@code
   *     out}
   * @throws IOException when the temporary file or {@code out} cannot be written
   */
  public void download(TargetInfo target, OutputStream out,
      DownloadProgress progress) throws TufException, IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(progress, "progress");
    downloader.download(search.requireFound(target), out, progress);
  }

  /**
   * The trusted root after the last refresh (or the starting root before any).
   *
   * @return the trusted root
   * @throws TufException before any refresh, when the stored or bootstrap root does not verify
   * @throws IOException before any refresh, when the metadata directory cannot be read
   */
  public Signed<Root> trustedRoot() throws TufException, IOException {
    Optional<TrustedSnapshot> trusted = workflow.trusted();
    return trusted.isPresent() ? trusted.get().set().root()
        : exclusive(() -> workflow.startingPoint().root()); // may persist the bootstrap root
  }

  /**
   * The timestamp trusted by the last refresh.
   *
   * @return the timestamp, or empty before a successful refresh
   */
  public Optional<Signed<Timestamp>> trustedTimestamp() {
    return workflow.trusted().flatMap(t -> t.set().timestamp());
  }

  /**
   * The snapshot trusted by the last refresh.
   *
   * @return the snapshot, or empty before a successful refresh or for a repository without one
   */
  public Optional<Signed<Snapshot>> trustedSnapshot() {
    return workflow.trusted().flatMap(t -> t.set().snapshot());
  }

  /**
   * Top-level or delegated targets metadata trusted so far (delegated roles load on demand).
   *
   * @param roleName {@code "targets"} or a delegated role's name
   * @return the metadata, or empty when that role has not been loaded
   */
  public Optional<Signed<Targets>> trustedTargets(String roleName) {
    return workflow.trusted().flatMap(t -> t.targets(roleName));
  }

  /** What the last refresh trusts; refreshes first (once, whatever the threads) if nothing. */
  private TrustedSnapshot trustedOrRefresh() throws TufException, IOException {
    Optional<TrustedSnapshot> trusted = workflow.trusted();
    if (trusted.isPresent()) {
      return trusted.get();
    }
    return exclusive(() -> {
      Optional<TrustedSnapshot> meanwhile = workflow.trusted(); // another thread's refresh
      if (meanwhile.isPresent()) {
        return meanwhile.get();
      }
      freshness.refresh();
      return workflow.trusted().orElseThrow();
    });
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
   * @throws MetadataDirectoryLockedException when another process holds the metadata
   *     directory's lock longer than {@link UpdaterConfig#lockPolicy()} allows
   * @throws IOException if the stored files cannot be deleted
   */
  public void recoverFromBootstrapRoot() throws IOException {
    synchronized (refreshLock) {
      try (LockFile held = lockDirectory()) {
        workflow.recoverFromBootstrapRoot();
      }
    }
  }

  /** Configures an {@link Updater}. Metadata directory and metadata URL are required. */
  public static final class Builder {
    private Path metadataDir;
    private URI metadataBaseUrl;
    private URI targetBaseUrl;
    private List<URI> metadataMirrors = List.of();
    private List<URI> targetMirrors = List.of();
    private Path targetDir;
    private byte[] trustedRoot;
    private Fetcher fetcher;
    private UpdaterConfig config = UpdaterConfig.defaults();
    private CryptoBackend backend = CryptoBackends.defaultBackend();
    private MetadataEncoding encoding = MetadataEncoding.JSON;
    private MetadataDialect dialect = MetadataDialect.STANDARD;
    private MetadataStore store;
    private EventSink events = EventSink.NONE;

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
     * Mirrors of the metadata URL, tried in order after it (at most {@value
     * Mirrors#MAX_MIRRORS} URLs in all). A file that cannot be fetched from a mirror, or that
     * fails verification, is fetched from the next one, with an {@link
     * UpdateEvent.MirrorSkipped} event; a mirror is never trusted, only what verifies. A 404 for
     * the next root version is the answer "no newer root", not a failure.
     *
     * @param mirrors the further base URLs, in order; empty for none
     * @return this builder
     * @throws IllegalArgumentException when there are too many
     */
    public Builder metadataMirrors(List<URI> mirrors) {
      this.metadataMirrors = checkMirrors(mirrors);
      return this;
    }

    /**
     * Mirrors of the targets URL, tried in order after it as {@link #metadataMirrors} are; a
     * target that cannot be fetched or does not match its trusted length and hashes is fetched
     * again, whole, from the next.
     *
     * @param mirrors the further base URLs, in order; empty for none
     * @return this builder
     * @throws IllegalArgumentException when there are too many
     */
    public Builder targetMirrors(List<URI> mirrors) {
      this.targetMirrors = checkMirrors(mirrors);
      return this;
    }

    private static List<URI> checkMirrors(List<URI> mirrors) {
      List<URI> copy = List.copyOf(mirrors); // null elements refused
      if (copy.size() >= Mirrors.MAX_MIRRORS) {
        throw new IllegalArgumentException("at most " + (Mirrors.MAX_MIRRORS - 1)
            + " mirrors besides the primary URL: " + copy.size());
      }
      return copy;
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

    /**
     * Where to report what the updater does ({@link UpdateEvent}); by default nowhere. Events are
     * delivered in order on the thread that caused them, and what the listener throws is ignored.
     *
     * @param listener the receiver of every event
     * @return this builder
     */
    public Builder eventListener(UpdateEventListener listener) {
      this.events = new EventSink(Objects.requireNonNull(listener, "listener"));
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
     * @throws MetadataDirectoryLockedException when another process holds the metadata
     *     directory's lock longer than {@link UpdaterConfig#lockPolicy()} allows
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
      if (store != null) {
        return new Updater(this, RefreshWorkflow.checkStore(store, encoding), null);
      }
      // Opening cleans up and drops files: not while another process refreshes the directory.
      Files.createDirectories(metadataDir);
      MetadataDirectoryLock lock = new MetadataDirectoryLock(metadataDir, config.lockPolicy());
      try (LockFile held = lock.acquire()) {
        DurableFiles files = config.syncWrites() ? new NioDurableFiles()
            : new UnsyncedFiles(new NioDurableFiles());
        MetadataStore opened = RefreshWorkflow.checkStore(MetadataStore.open(metadataDir, files),
            encoding);
        return new Updater(this, opened, lock);
      }
    }
  }
}
