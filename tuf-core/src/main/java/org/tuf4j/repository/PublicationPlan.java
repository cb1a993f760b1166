package org.tuf4j.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;

/**
 * What publishing a release writes, in the order that keeps clients safe (TUF spec §6.3: targets,
 * then the snapshot, then the timestamp; §6.2.1 for the names): target files, delegated then
 * top-level targets metadata, snapshot, root, timestamp last. With several encodings each step
 * writes every encoding's file before the next step. A versioned or hash-named file is written
 * once ({@link Step#createNew}); {@code root.json}, {@code timestamp.json} and the plain names of
 * a repository without consistent snapshots are replaced. {@link AtomicWriter} carries it out.
 *
 * @param steps the writes, in order
 */
record PublicationPlan(List<Step> steps) {

  /** One write. */
  sealed interface Step {
    /** The repository path written. */
    String path();

    /** Whether the file must not exist yet (a versioned or hash-named file). */
    boolean createNew();
  }

  /** A target's content, written to {@code path}. */
  record Content(String path, String target, TargetContent content, boolean createNew)
      implements Step {
  }

  /** Another name for the bytes at {@code existing} (a hard link in a FileSystemStorage). */
  record Link(String existing, String path) implements Step {
    @Override
    public boolean createNew() {
      return true;
    }
  }

  /** A metadata file. */
  record Metadata(String path, byte[] bytes, boolean createNew) implements Step {
  }

  PublicationPlan {
    steps = List.copyOf(steps);
  }

  /** The plan for a release of {@code files} listing {@code content}. */
  static PublicationPlan of(Map<MetadataEncoding, FileSet> files,
      Map<String, TargetContent> content, boolean consistent) {
    List<Step> steps = new ArrayList<>();
    FileSet first = files.values().iterator().next();
    content.forEach((path, c) -> {
      TargetFile t = findTarget(first, path);
      if (t == null) {
        return; // removed again before staging
      }
      // With consistent snapshots, one name per listed hash: the first is written, the others
      // name the same bytes.
      List<String> paths = targetPaths(t, consistent);
      steps.add(new Content(paths.get(0), path, c, consistent));
      paths.subList(1, paths.size()).forEach(other -> steps.add(new Link(paths.get(0), other)));
    });
    // Deepest roles first, top-level targets last: a client following delegations never meets
    // a delegator that names a version not yet written.
    List<String> order = new ArrayList<>(first.targets.keySet());
    order.remove(RepositoryEditor.TARGETS);
    order.add(RepositoryEditor.TARGETS);
    for (String role : order) {
      files.forEach((e, f) -> {
        Signed<Targets> s = f.targets.get(role);
        if (s != null) {
          steps.add(new Metadata(MetadataPaths.metadataPath(role, s.signed().version(),
              consistent, e), s.toBytes(), consistent));
        }
      });
    }
    files.forEach((e, f) -> {
      Signed<Snapshot> snapshot = f.snapshot;
      if (snapshot != null) {
        steps.add(new Metadata(MetadataPaths.metadataPath(FileSet.SNAPSHOT,
            snapshot.signed().version(), consistent, e), snapshot.toBytes(), consistent));
      }
    });
    files.forEach((e, f) -> {
      Signed<Root> root = f.root;
      if (root != null) {
        byte[] bytes = root.toBytes();
        steps.add(new Metadata("metadata/" + e.fileName(root.signed().version() + ".root"),
            bytes, true));
        steps.add(new Metadata("metadata/" + e.fileName(FileSet.ROOT), bytes, false));
      }
    });
    files.forEach((e, f) -> steps.add(new Metadata("metadata/" + e.fileName(FileSet.TIMESTAMP),
        f.timestamp.toBytes(), false)));
    return new PublicationPlan(steps);
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

  /** The target {@code path} as the release's targets metadata lists it, or null. */
  static TargetFile findTarget(FileSet files, String path) {
    for (Signed<Targets> s : files.targets.values()) {
      TargetFile t = s.signed().targets().get(path);
      if (t != null) {
        return t;
      }
    }
    return null;
  }
}
