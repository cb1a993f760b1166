package org.tuf4j.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.tuf4j.TufException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.verify.MetadataChecks;
import org.tuf4j.internal.TempFiles;

/**
 * Target downloads, TUF spec §5.7 ("Fetch target"): a target found by a lookup (§5.7.1) is
 * fetched as {@code HASH.FILENAME.EXT} when the trusted root sets consistent snapshots, reading
 * at most its trusted length and checking every listed hash while streaming, and written to
 * non-volatile storage atomically and durably, only once verified (§5.7.3). A copy already in
 * the target directory is used when it matches. Decides nothing about trust: the length and
 * hashes come from verified metadata, and the checks from {@link MetadataChecks}.
 */
final class TargetDownloader {
  /** Whether the trusted root sets consistent snapshots, refreshing first if needed. */
  interface ConsistentSnapshot {
    boolean get() throws TufException, IOException;
  }

  private final Path targetDir;
  private final Mirrors mirrors;
  private final Supplier<Instant> clock;
  private final BoundedFetcher fetcher;
  private final boolean prefixTargetsWithHash;
  private final ConsistentSnapshot consistentSnapshot;
  private final EventSink events;

  TargetDownloader(Path targetDir, Mirrors mirrors, Supplier<Instant> clock,
      BoundedFetcher fetcher, boolean prefixTargetsWithHash, EventSink events,
      ConsistentSnapshot consistentSnapshot) {
    this.events = events;
    this.targetDir = targetDir;
    this.mirrors = mirrors;
    this.clock = clock;
    this.fetcher = fetcher;
    this.prefixTargetsWithHash = prefixTargetsWithHash;
    this.consistentSnapshot = consistentSnapshot;
  }

  /** §5.7.3: the copy in the target directory, if it matches the trusted length and hashes. */
  Optional<Path> findCached(TargetInfo target) throws IOException, UnsupportedFeatureException {
    return verifiedCopy(target, targetPath(target));
  }

  /** §5.7.3: {@code path}, if it is a file matching the trusted length and hashes. */
  Optional<Path> verifiedCopy(TargetInfo target, Path path)
      throws IOException, UnsupportedFeatureException {
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

  /** §5.7 into the target directory, unless a matching copy is already there. */
  Path download(TargetInfo target) throws TufException, IOException {
    Optional<Path> cached = findCached(target);
    if (cached.isPresent()) {
      return cached.get();
    }
    Path destination = targetPath(target);
    Files.createDirectories(destination.getParent());
    downloadTo(target, destination, DownloadProgress.NONE);
    return destination;
  }

  /** §5.7 into {@code destination}, replacing it atomically once verified. */
  Path download(TargetInfo target, Path destination, DownloadProgress progress)
      throws TufException, IOException {
    Path absolute = destination.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    downloadTo(target, absolute, progress);
    return destination;
  }

  /** §5.7 through an owner-only temporary file, copied to {@code out} once verified. */
  void download(TargetInfo target, OutputStream out, DownloadProgress progress)
      throws TufException, IOException {
    Path dir = targetDir != null ? targetDir : Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(dir);
    Path temp = TempFiles.createFile(dir, ".tuf4j-download-", ".part");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      fetchVerified(target, ch, progress);
      ch.position(0);
      Channels.newInputStream(ch).transferTo(out);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Fetches into a temporary file next to {@code destination}, renamed to it once verified. */
  private void downloadTo(TargetInfo target, Path destination, DownloadProgress progress)
      throws TufException, IOException {
    Path temp = destination.resolveSibling(".tmp-" + TempFiles.randomName());
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

  /**
   * Streams {@code target} into {@code ch}, checking length and hashes; forced to disk. A mirror
   * whose file cannot be fetched or does not match is skipped for the next, from the start.
   */
  private void fetchVerified(TargetInfo target, FileChannel ch, DownloadProgress progress)
      throws TufException, IOException {
    boolean consistent = consistentSnapshot.get();
    try {
      mirrors.targets(target.path(), clock, layout -> {
        ch.truncate(0);
        ch.position(0);
        fetchVerified(layout.target(target.target(), consistent && prefixTargetsWithHash),
            target, ch, progress);
        return null;
      });
    } catch (TufException | IOException e) {
      events.emit(new UpdateEvent.DownloadFailed(clock.get(), target.path(), e));
      throw e;
    }
  }

  private void fetchVerified(URI uri, TargetInfo target, FileChannel ch,
      DownloadProgress progress) throws TufException, IOException {
    fetcher.stream(uri, target.length(), in -> {
      InputStream counted = progress == DownloadProgress.NONE ? in
          : new ProgressStream(in, target.length(), progress);
      WriteBehindFile out = new WriteBehindFile(ch);
      MetadataChecks.checkLengthAndHashes(target.path(), target.length(), target.hashes(),
          counted, out);
      out.forceAll();
    });
  }

  /** The file a target is kept as in the target directory ({@link StoreNames#targetPath}). */
  private Path targetPath(TargetInfo target) throws UnsupportedFeatureException {
    if (targetDir == null) {
      throw new IllegalStateException("no target directory was configured");
    }
    try {
      String relative = StoreNames.targetPath(target.path());
      for (String segment : relative.split("/")) {
        MetadataStore.checkName(segment);
      }
      return targetDir.resolve(relative);
    } catch (IllegalArgumentException e) {
      throw new UnsupportedFeatureException("target path cannot be stored as a file name ("
          + e.getMessage() + "): \"" + target.path().substring(0,
              Math.min(target.path().length(), 64)) + "\"");
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
}
