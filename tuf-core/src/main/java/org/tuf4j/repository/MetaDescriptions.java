package org.tuf4j.repository;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.tuf4j.TufException;
import org.tuf4j.internal.Sha256;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Timestamp;

/**
 * Keeps a release's snapshot and timestamp describing the files they name as those would be
 * written now (TUF spec §6.3.2 and §6.3.3: version and, when in use, length and hashes; §4.4
 * and §4.6 METAFILES): a new description leaves the describing file unsigned, and if it was
 * signed, the keys the release was signed with sign it again.
 */
final class MetaDescriptions {

  /** Signs a role's file in one encoding again with every key the release knows. */
  interface Resigner {
    void signAgain(String role, MetadataEncoding encoding) throws TufException, IOException;
  }

  private final RepositoryEditor editor;
  private final Resigner resigner;

  MetaDescriptions(RepositoryEditor editor, Resigner resigner) {
    this.editor = editor;
    this.resigner = resigner;
  }

  /**
   * The snapshot of {@code f} names {@code role}'s targets file by length and sha256 as it would
   * be written now (when the repository lists them).
   */
  void describeTargets(FileSet f, String role) throws TufException, IOException {
    if (!editor.policy().snapshotListsTargetsHashes() || f.snapshot == null) {
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
    describeSnapshot(f);
    if (wasSigned) {
      resigner.signAgain(FileSet.SNAPSHOT, f.snapshot.encoding());
    }
  }

  /**
   * The timestamp of {@code f} names its snapshot file by length and sha256 as it would be
   * written now (when the repository lists them; Uptane Standard #timestamp_meta requires
   * them): as {@link #describeTargets} for the snapshot.
   */
  void describeSnapshot(FileSet f) throws TufException, IOException {
    if (!editor.policy().timestampListsSnapshotHashes()) {
      return;
    }
    Timestamp t = f.timestamp.signed();
    MetadataEncoding e = f.timestamp.encoding();
    byte[] snapshotFile = f.snapshot != null ? f.snapshot.toBytes()
        : editor.published().snapshotBytes(t.snapshotMeta().version(), e);
    MetaFile described = describe(t.snapshotMeta().version(), snapshotFile);
    if (described.equals(t.snapshotMeta())) {
      return;
    }
    boolean wasSigned = !f.timestamp.signatures().isEmpty();
    f.timestamp = Signed.of(new Timestamp(t.specVersion(), t.version(), t.expires(), described,
        t.unrecognizedFields()), List.of(), e);
    if (wasSigned) {
      resigner.signAgain(FileSet.TIMESTAMP, e);
    }
  }

  /** A file's version with its length and sha256 (TUF spec §4.4 METAFILES). */
  private static MetaFile describe(long version, byte[] file) {
    return new MetaFile(version, OptionalLong.of(file.length),
        Map.of("sha256", Sha256.hex(file)), Map.of());
  }
}
