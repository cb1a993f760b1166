package org.tuf4j.repository;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * Freezes an editor's changes into the next {@link Release} (TUF spec §6.3: each changed targets
 * role at its next version, the snapshot naming them, a new timestamp; §6.1: a changed root at
 * its next version), each with a fresh expiry, and finds the roles whose expiry is due.
 */
final class Staging {
  private final RepositoryEditor editor;
  private boolean snapshotTouched;

  Staging(RepositoryEditor editor, boolean snapshotTouched) {
    this.editor = editor;
    this.snapshotTouched = snapshotTouched;
  }

  /** The snapshot is to be signed again at its next version. */
  void touchSnapshot() {
    snapshotTouched = true;
  }

  /** A release is published: nothing is touched any more. */
  void published() {
    snapshotTouched = false;
  }

  /** The next release, signed as far as {@code signers} can. */
  Release stage(List<Signer> signers) throws TufException, IOException {
    Map<String, Targets> targets = new TreeMap<>();
    for (TargetsDrafts.Draft d : editor.targetsDrafts().loaded()) {
      if (d.changed) {
        targets.put(d.name, new Targets(RepositoryEditor.SPEC_VERSION, d.publishedVersion + 1,
            editor.expiry(d.name), new java.util.LinkedHashMap<>(d.targets), d.delegations,
            d.unrecognized));
      }
    }
    PublishedRepository published = editor.published();
    KeyEditor keys = editor.keys();
    Root newRoot = null;
    if (keys.changed() && !published.pendingRoots().isEmpty()) {
      throw new InvalidRepositoryException("the " + published.pendingRoots().keySet()
          + " metadata lacks root v" + published.root().signed().version() + " (a publish was "
          + "interrupted): publish a release without root changes first, which completes it");
    }
    if (keys.changed()) {
      Root root = keys.root();
      Signed<Root> publishedRoot = published.root();
      long version = publishedRoot == null ? 1 : publishedRoot.signed().version() + 1;
      newRoot = new Root(root.specVersion(), version, editor.expiry("root"),
          root.consistentSnapshotField(), root.keys(), root.roles(), root.unrecognizedFields());
    }
    Release release = Release.staged(editor, fileSets(newRoot, targets,
        !targets.isEmpty() || snapshotTouched), Map.copyOf(editor.targetsDrafts().content()));
    release.signAll(signers);
    return release;
  }

  /** Each encoding's files of the next release, unsigned. */
  private Map<MetadataEncoding, FileSet> fileSets(Root newRoot, Map<String, Targets> targets,
      boolean snapshotChanged) {
    PublishedRepository published = editor.published();
    Signed<Snapshot> oldSnapshot = published.snapshot();
    Snapshot snapshot = null;
    long snapshotVersion;
    if (snapshotChanged || oldSnapshot == null) {
      Map<String, MetaFile> meta = new TreeMap<>(
          oldSnapshot == null ? Map.of() : oldSnapshot.signed().meta());
      // "ROLE.json" in every encoding: the spec's METAPATH names the role (see MetadataEncoding).
      targets.forEach((role, t) -> meta.put(role + ".json", MetaFile.of(t.version())));
      snapshotVersion = oldSnapshot == null ? 1 : oldSnapshot.signed().version() + 1;
      snapshot = new Snapshot(RepositoryEditor.SPEC_VERSION, snapshotVersion,
          editor.expiry(FileSet.SNAPSHOT), meta, Map.of());
    } else {
      snapshotVersion = oldSnapshot.signed().version();
    }
    Signed<Timestamp> oldTimestamp = published.timestamp();
    long timestampVersion = oldTimestamp == null ? 1 : oldTimestamp.signed().version() + 1;
    Timestamp timestamp = new Timestamp(RepositoryEditor.SPEC_VERSION, timestampVersion,
        editor.expiry(FileSet.TIMESTAMP), MetaFile.of(snapshotVersion), Map.of());
    Map<MetadataEncoding, Root> pendingRoots = published.pendingRoots();
    Map<MetadataEncoding, FileSet> files = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : editor.encodings()) {
      FileSet f = new FileSet();
      Root root = newRoot != null ? newRoot : pendingRoots.get(e);
      f.root = root == null ? null : Signed.of(root, List.of(), e);
      targets.forEach((role, t) -> f.targets.put(role, Signed.of(t, List.of(), e)));
      f.snapshot = snapshot == null ? null : Signed.of(snapshot, List.of(), e);
      f.timestamp = Signed.of(timestamp, List.of(), e);
      files.put(e, f);
    }
    return files;
  }

  /** The release re-signing the roles due within {@code window} that {@code signers} can sign. */
  Optional<Release> resignExpiring(Duration window, List<Signer> signers)
      throws TufException, IOException {
    Instant due = editor.clock().instant().plus(window);
    Root root = editor.keys().root();
    boolean any = false;
    if (root.expires().isBefore(due) && canSign(root.keys(), root.role(RoleType.ROOT), signers)) {
      editor.keys().touch();
      any = true;
    }
    Signed<Snapshot> snapshot = editor.published().snapshot();
    if (snapshot != null && snapshot.signed().expires().isBefore(due)
        && canSign(root.keys(), root.role(RoleType.SNAPSHOT), signers)) {
      touchSnapshot();
      any = true;
    }
    TargetsDrafts drafts = editor.targetsDrafts();
    for (String role : drafts.targetsRoles()) {
      TargetsDrafts.Draft d = drafts.draft(role);
      if (!d.expires.isBefore(due)) {
        continue;
      }
      boolean signable = TargetsDrafts.TARGETS.equals(role)
          ? canSign(root.keys(), root.role(RoleType.TARGETS), signers)
          : drafts.draft(drafts.delegatorOf(role)).delegations.flatMap(x -> x.roleFor(role)
              .map(r -> canSign(x.keys(), r, signers))).orElse(false);
      if (signable) {
        d.changed = true;
        any = true;
      }
    }
    Signed<Timestamp> timestamp = editor.published().timestamp();
    boolean timestampDue = timestamp == null || timestamp.signed().expires().isBefore(due);
    if (!any && !(timestampDue && canSign(root.keys(), root.role(RoleType.TIMESTAMP), signers))) {
      return Optional.empty();
    }
    return Optional.of(editor.stage(signers));
  }

  /**
   * Whether {@code signers} hold at least the threshold of {@code role}'s keys (compared by key
   * material: one key can be written several ways).
   */
  private static boolean canSign(Map<String, Key> keys, Role role, List<Signer> signers) {
    List<byte[]> held = new ArrayList<>();
    for (Signer s : signers) {
      held.add(KeyIdentity.of(s));
    }
    int count = 0;
    for (String id : role.keyIds()) {
      Key key = keys.get(id);
      byte[] trusted = key == null ? new byte[0] : KeyIdentity.of(key);
      if (trusted.length > 0 && held.stream().anyMatch(h -> Arrays.equals(h, trusted))) {
        count++;
      }
    }
    return count >= role.threshold();
  }
}
