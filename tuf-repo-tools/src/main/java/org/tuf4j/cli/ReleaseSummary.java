package org.tuf4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tuf4j.TufException;
import org.tuf4j.crypto.PublicKeys;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.ReleaseFiles;
import org.tuf4j.repository.RepositoryEditor;

/**
 * What a staged release changes, for a person about to sign it: for root, keys added and
 * removed (type, scheme, key id), thresholds and expiry before and after; for targets roles, the
 * targets added, removed and changed and the delegations added and removed. Keys that cannot be
 * read (an unknown scheme, a value that does not decode) are listed in {@link #unreadable}:
 * nobody should sign a key id nobody can check.
 */
final class ReleaseSummary {
  /** At most this many targets are listed per role; the rest are counted. */
  private static final int MAX_TARGET_LINES = 50;

  final List<String> lines = new ArrayList<>();
  final List<String> unreadable = new ArrayList<>();

  /** Compares {@code release} with what {@code published} (an editor without edits) holds. */
  static ReleaseSummary of(Release release, RepositoryEditor published)
      throws TufException, IOException {
    ReleaseSummary s = new ReleaseSummary();
    Optional<Signed<Root>> root = Repo.newRoot(release);
    if (root.isPresent()) {
      s.root(published.root(), root.get().signed());
    }
    ReleaseFiles files = Repo.firstFiles(release);
    for (Map.Entry<String, Signed<Targets>> e : files.targets().entrySet()) {
      s.targets(e.getKey(), e.getValue().signed(), published);
    }
    files.snapshot().ifPresent(sn -> s.lines.add("snapshot v" + sn.signed().version()
        + ", expires " + sn.signed().expires()));
    var ts = files.timestamp().signed();
    s.lines.add("timestamp v" + ts.version() + ", expires " + ts.expires());
    return s;
  }

  private void root(Root before, Root after) {
    lines.add("root v" + before.version() + " -> v" + after.version());
    lines.add("  expires " + before.expires() + " -> " + after.expires());
    if (before.consistentSnapshot() != after.consistentSnapshot()) {
      lines.add("  consistent snapshots " + before.consistentSnapshot() + " -> "
          + after.consistentSnapshot());
    }
    for (RoleType type : RoleType.values()) {
      Role b = before.role(type);
      Role a = after.role(type);
      String name = type.typeName();
      if (b.threshold() != a.threshold()) {
        lines.add("  " + name + " threshold " + b.threshold() + " -> " + a.threshold() + " (of "
            + a.keyIds().size() + " keys)");
      }
      for (String id : a.keyIds()) {
        if (!b.keyIds().contains(id)) {
          lines.add("  + " + name + " key " + describe(id, after.keys().get(id)));
        }
      }
      for (String id : b.keyIds()) {
        if (!a.keyIds().contains(id)) {
          lines.add("  - " + name + " key " + describe(id, before.keys().get(id)));
        }
      }
    }
    // Every key the new root lists must be readable, not only the new ones.
    for (Role r : after.roles().values()) {
      for (String id : r.keyIds()) {
        check(id, after.keys().get(id));
      }
    }
  }

  private void targets(String role, Targets after, RepositoryEditor published)
      throws TufException, IOException {
    Map<String, TargetFile> before;
    Optional<Delegations> delegationsBefore;
    boolean existed = published.targets().roles().contains(role);
    if (existed) {
      before = published.targets().of(role);
      delegationsBefore = published.delegations().of(role);
    } else {
      before = Map.of();
      delegationsBefore = Optional.empty();
    }
    lines.add(role + (existed ? "" : " (new role)") + " v" + after.version() + ", expires "
        + after.expires());
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, TargetFile> e : after.targets().entrySet()) {
      TargetFile old = before.get(e.getKey());
      TargetFile now = e.getValue();
      if (old == null) {
        changes.add("  + " + now.path() + " (" + now.length() + " bytes, sha256 "
            + now.hashes().getOrDefault("sha256", "?") + ")");
      } else if (!old.equals(now)) {
        changes.add("  ~ " + now.path() + " (" + old.length() + " -> " + now.length()
            + " bytes, sha256 " + old.hashes().getOrDefault("sha256", "?") + " -> "
            + now.hashes().getOrDefault("sha256", "?") + ")");
      }
    }
    for (String path : before.keySet()) {
      if (!after.targets().containsKey(path)) {
        changes.add("  - " + path);
      }
    }
    changes.sort((x, y) -> x.substring(4).compareTo(y.substring(4)));
    for (int i = 0; i < changes.size(); i++) {
      if (i == MAX_TARGET_LINES) {
        lines.add("  ... and " + (changes.size() - i) + " more target changes");
        break;
      }
      lines.add(changes.get(i));
    }
    delegations(delegationsBefore, after.delegations());
  }

  private void delegations(Optional<Delegations> before, Optional<Delegations> after) {
    Map<String, String> b = delegated(before);
    Map<String, String> a = delegated(after);
    for (Map.Entry<String, String> e : a.entrySet()) {
      String old = b.get(e.getKey());
      if (old == null) {
        lines.add("  + delegation " + e.getValue());
      } else if (!old.equals(e.getValue())) {
        lines.add("  ~ delegation " + old + " -> " + e.getValue());
      }
    }
    for (Map.Entry<String, String> e : b.entrySet()) {
      if (!a.containsKey(e.getKey())) {
        lines.add("  - delegation " + e.getValue());
      }
    }
    after.ifPresent(d -> {
      Set<String> ids = new LinkedHashSet<>();
      d.roles().ifPresent(rs -> rs.forEach(r -> ids.addAll(r.keyIds())));
      d.succinctRoles().ifPresent(bins -> ids.addAll(bins.role().keyIds()));
      Set<String> old = new TreeSet<>();
      before.ifPresent(o -> old.addAll(o.keys().keySet()));
      for (String id : ids) {
        if (!old.contains(id)) {
          lines.add("  + delegated key " + describe(id, d.keys().get(id)));
        }
        check(id, d.keys().get(id));
      }
    });
  }

  /** Delegated role (or bins) name to a one-line description of who signs it for what. */
  private static Map<String, String> delegated(Optional<Delegations> d) {
    Map<String, String> out = new java.util.TreeMap<>();
    if (d.isEmpty()) {
      return out;
    }
    d.get().succinctRoles().ifPresent(bins -> out.put(bins.namePrefix() + "-*",
        bins.namePrefix() + "-* (" + bins.numberOfBins() + " hash bins, threshold "
            + bins.role().threshold() + " of " + bins.role().keyIds() + ")"));
    d.get().roles().ifPresent(rs -> {
      for (DelegatedRole r : rs) {
        out.put(r.name(), r.name() + " (" + r.paths().map(p -> "paths " + p)
            .or(() -> r.pathHashPrefixes().map(p -> "hash prefixes " + p)).orElse("")
            + (r.terminating() ? ", terminating" : "") + ", threshold " + r.threshold()
            + " of " + r.keyIds() + ")");
      }
    });
    return out;
  }

  /** "ed25519 (scheme ed25519) 4a1d..." with the whole id. */
  private static String describe(String id, Key k) {
    if (k == null) {
      return id + " (NO KEY OBJECT)";
    }
    return k.keyType() + " (scheme " + k.scheme() + ") " + id;
  }

  private void check(String id, Key k) {
    String problem = null;
    if (k == null) {
      problem = "no key object is listed for it";
    } else {
      try {
        PublicKeys.parse(k.keyType(), k.scheme(), k.publicValue().orElse(""));
      } catch (TufException e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      String line = id + ": " + problem;
      if (!unreadable.contains(line)) {
        unreadable.add(line);
        lines.add("  ! key " + line);
      }
    }
  }
}
