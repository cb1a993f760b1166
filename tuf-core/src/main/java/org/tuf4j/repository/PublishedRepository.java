package org.tuf4j.repository;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * What a repository has published, in each {@link MetadataEncoding} it publishes: the newest
 * root (§4.3; {@code N.root} files, else the plain one), the timestamp (§4.6) and the snapshot it
 * names (§4.4), and targets files (§4.5) read when first needed. Edits build on the encoding with
 * the newest root; an encoding one root behind (a publish interrupted between the root files of
 * two encodings) gets that root with the next release ({@link #pendingRoots}).
 */
final class PublishedRepository {
  private final Storage storage;
  // Published state per encoding (no entry for a repository that has never been published),
  // and the targets roles read so far, parsed from the primary encoding.
  private final Map<MetadataEncoding, Files> published = new EnumMap<>(MetadataEncoding.class);
  private final Map<String, Signed<Targets>> targets = new HashMap<>();
  // Each encoding's timestamp file as last read or written: publishing checks that no other
  // writer replaced it in between.
  private final Map<MetadataEncoding, byte[]> timestampSeen =
      new EnumMap<>(MetadataEncoding.class);
  private final Set<MetadataEncoding> encodings;
  // The encoding whose published state edits build on: the one with the newest root.
  private MetadataEncoding primary;

  /** What is published in one encoding; targets files are read when first needed. */
  private static final class Files {
    Signed<Root> root;
    Signed<Timestamp> timestamp;
    Signed<Snapshot> snapshot;
    final Map<String, byte[]> targetsBytes = new HashMap<>();

    Files(Signed<Root> root, Signed<Timestamp> timestamp, Signed<Snapshot> snapshot) {
      this.root = root;
      this.timestamp = timestamp;
      this.snapshot = snapshot;
    }
  }

  /** Nothing published yet, in {@code encodings} (the first is the primary one). */
  PublishedRepository(Storage storage, Set<MetadataEncoding> encodings) {
    this.storage = storage;
    this.encodings = encodings;
    this.primary = encodings.iterator().next();
  }

  /**
   * Reads what {@code storage} publishes, in every encoding that has a root file.
   *
   * @throws InvalidRepositoryException when there is no repository, or an encoding's newest root
   *     is more than one version behind another's
   */
  static PublishedRepository read(Storage storage) throws TufException, IOException {
    Map<MetadataEncoding, Files> found = new EnumMap<>(MetadataEncoding.class);
    Map<MetadataEncoding, byte[]> timestamps = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : MetadataEncoding.values()) {
      Optional<Signed<Root>> root = newestRoot(storage, e);
      if (root.isPresent()) {
        byte[] timestampBytes = MetadataPaths.require(storage,
            "metadata/" + e.fileName("timestamp"));
        timestamps.put(e, timestampBytes);
        Signed<Timestamp> timestamp = Signed.parse(timestampBytes, Timestamp.class,
            ParseOptions.DEFAULT.withEncoding(e));
        long snapshotVersion = timestamp.signed().snapshotMeta().version();
        Signed<Snapshot> snapshot = Signed.parse(MetadataPaths.require(storage,
            MetadataPaths.metadataPath("snapshot", snapshotVersion,
                root.get().signed().consistentSnapshot(), e)), Snapshot.class,
            ParseOptions.DEFAULT.withEncoding(e));
        found.put(e, new Files(root.get(), timestamp, snapshot));
      }
    }
    if (found.isEmpty()) {
      throw new InvalidRepositoryException("no repository in storage: metadata/1.root.json "
          + "and metadata/root.json are missing (nor .cbor)");
    }
    PublishedRepository out = new PublishedRepository(storage,
        java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(found.keySet())));
    out.published.putAll(found);
    out.timestampSeen.putAll(timestamps);
    for (Map.Entry<MetadataEncoding, Files> e : found.entrySet()) {
      if (e.getValue().root.signed().version() > out.root().signed().version()) {
        out.primary = e.getKey();
      }
    }
    long newest = out.root().signed().version();
    for (Map.Entry<MetadataEncoding, Files> e : found.entrySet()) {
      if (e.getValue().root.signed().version() < newest - 1) {
        throw new InvalidRepositoryException("the " + e.getKey() + " metadata's newest root is v"
            + e.getValue().root.signed().version() + " but the " + out.primary + " metadata's"
            + " is v" + newest + "; only one interrupted root version can be completed");
      }
    }
    return out;
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

  /** The encodings published, JSON first when it is one of them. */
  Set<MetadataEncoding> encodings() {
    return encodings;
  }

  /** The newest published root (of any encoding), or null before the first release. */
  Signed<Root> root() {
    return root(primary);
  }

  Signed<Timestamp> timestamp() {
    return timestamp(primary);
  }

  Signed<Snapshot> snapshot() {
    return snapshot(primary);
  }

  Signed<Root> root(MetadataEncoding encoding) {
    Files p = published.get(encoding);
    return p == null ? null : p.root;
  }

  Signed<Timestamp> timestamp(MetadataEncoding encoding) {
    Files p = published.get(encoding);
    return p == null ? null : p.timestamp;
  }

  Signed<Snapshot> snapshot(MetadataEncoding encoding) {
    Files p = published.get(encoding);
    return p == null ? null : p.snapshot;
  }

  /** Whether the published snapshot lists targets role {@code name}. */
  boolean listsRole(String name) {
    Signed<Snapshot> snapshot = snapshot();
    return snapshot != null && snapshot.signed().metaFor(name).isPresent();
  }

  /** The targets roles the published snapshot lists. */
  List<String> targetsRoles() {
    Signed<Snapshot> snapshot = snapshot();
    return snapshot == null ? List.of() : snapshot.signed().meta().keySet().stream()
        .map(name -> name.substring(0, name.length() - ".json".length())).toList();
  }

  /** The published metadata of targets role {@code role}, parsed from the primary encoding. */
  Signed<Targets> targets(String role) throws TufException, IOException {
    Signed<Targets> cached = targets.get(role);
    if (cached != null) {
      return cached;
    }
    Signed<Targets> parsed = Signed.parse(targetsBytes(role, primary), Targets.class,
        ParseOptions.DEFAULT.withEncoding(primary));
    targets.put(role, parsed);
    return parsed;
  }

  /**
   * The published file of targets role {@code role} in {@code encoding}, as stored: the version
   * the snapshot edits build on names (every encoding's targets files are written before any
   * timestamp, so it exists even if this encoding's timestamp was not written yet).
   */
  byte[] targetsBytes(String role, MetadataEncoding encoding)
      throws TufException, IOException {
    Files p = published.get(encoding);
    Signed<Snapshot> snapshot = snapshot();
    if (p == null || snapshot == null) {
      throw new InvalidRepositoryException("no targets role named " + role);
    }
    byte[] cached = p.targetsBytes.get(role);
    if (cached != null) {
      return cached;
    }
    MetaFile meta = snapshot.signed().metaFor(role).orElseThrow(
        () -> new InvalidRepositoryException("no targets role named " + role));
    byte[] bytes = MetadataPaths.require(storage, MetadataPaths.metadataPath(role,
        meta.version(), root().signed().consistentSnapshot(), encoding));
    p.targetsBytes.put(role, bytes);
    return bytes;
  }

  /**
   * The published snapshot {@code version} in {@code encoding}, exactly as stored (the one its
   * timestamp names, or one written by a publish interrupted before this encoding's timestamp):
   * a timestamp describes these bytes, never a re-encoding of them.
   */
  byte[] snapshotBytes(long version, MetadataEncoding encoding)
      throws TufException, IOException {
    return MetadataPaths.require(storage, MetadataPaths.metadataPath("snapshot", version,
        root().signed().consistentSnapshot(), encoding));
  }

  /**
   * Encodings whose newest root is one version behind the newest (an interrupted publish), and
   * that root, which the next release publishes in them too.
   */
  Map<MetadataEncoding, Root> pendingRoots() {
    Map<MetadataEncoding, Root> out = new EnumMap<>(MetadataEncoding.class);
    Signed<Root> newest = root();
    published.forEach((e, p) -> {
      if (p.root.signed().version() < newest.signed().version()) {
        out.put(e, newest.signed());
      }
    });
    return out;
  }

  /**
   * No other writer published since this repository was read (or published through this
   * object): each encoding's {@code timestamp.json} is still the one seen.
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

  /** {@code release} is published: its files are what clients now see. */
  void afterPublish(Release release) throws IOException {
    for (MetadataEncoding e : encodings) {
      ReleaseFiles files = release.files(e);
      timestampSeen.put(e, files.timestamp().toBytes());
      Files p = published.computeIfAbsent(e, x -> new Files(null, null, null));
      files.root().ifPresent(r -> p.root = r);
      p.timestamp = files.timestamp();
      files.snapshot().ifPresent(s -> p.snapshot = s);
      files.targets().forEach((role, s) -> p.targetsBytes.put(role, s.toBytes()));
    }
    release.files(release.first()).targets().forEach(targets::put);
  }
}
