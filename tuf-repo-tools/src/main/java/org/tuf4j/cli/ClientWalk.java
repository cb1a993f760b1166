package org.tuf4j.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tuf4j.TufException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.metadata.Targets;

/**
 * A repository as a client sees it after a refresh: every targets role reachable from the top
 * (pre-order, every delegation, each role verified), and the targets a client can actually
 * reach — a target listed by a role whose delegation does not cover its path (or that an earlier
 * terminating delegation hides) is not one of them.
 */
final class ClientWalk {
  /** Hash bins are all loaded; more than this many roles is refused as unreasonable. */
  private static final int MAX_ROLES = 100_000;

  /** Per role, in walk order: version, expiry, threshold and key count. */
  final Map<String, JsonValue> roles = new LinkedHashMap<>();
  /** The reachable targets, by path, each as the client finds it. */
  final Map<String, TargetInfo> targets = new TreeMap<>();

  /**
   * Walks the repository {@code updater} reads, refreshing first. {@code local} says that it is
   * read from a directory, where a role name with '/' cannot be read.
   */
  static ClientWalk of(Updater updater, String repository, boolean local)
      throws TufException, IOException {
    updater.refresh();
    ClientWalk w = new ClientWalk();
    Root r = updater.trustedRoot().signed();
    w.roles.put("root", entry(r.version(), r.expires(), r.role(RoleType.ROOT)));
    var ts = updater.trustedTimestamp().orElseThrow().signed();
    w.roles.put("timestamp", entry(ts.version(), ts.expires(), r.role(RoleType.TIMESTAMP)));
    var sn = updater.trustedSnapshot().orElseThrow().signed();
    w.roles.put("snapshot", entry(sn.version(), sn.expires(), r.role(RoleType.SNAPSHOT)));
    TreeSet<String> listed = new TreeSet<>();
    Deque<String[]> todo = new ArrayDeque<>();
    todo.push(new String[] {"targets", null});
    Map<String, Role> roleOf = new LinkedHashMap<>();
    roleOf.put("targets", r.role(RoleType.TARGETS));
    while (!todo.isEmpty()) {
      String[] next = todo.pop();
      String name = next[0];
      if (w.roles.containsKey(name)) {
        continue;
      }
      if (w.roles.size() > MAX_ROLES) {
        throw new CliException(ExitCode.VERIFICATION_FAILED, "more than " + MAX_ROLES
            + " roles; refusing to walk further", null);
      }
      if (local && name.contains("/")) {
        throw new CliException(ExitCode.USAGE, "role " + name + " (delegated by " + next[1]
            + ") has '/' in its name, so its metadata cannot be read from the directory "
            + repository, "python-tuf keeps such a role in a subdirectory of metadata/, which "
            + "clients fetch over HTTP: serve it (`tuf serve " + repository + "`) and give "
            + "the URL instead, e.g. http://127.0.0.1:8000/");
      }
      Signed<Targets> t = updater.loadDelegatedTargets(name, next[1]);
      w.roles.put(name, entry(t.signed().version(), t.signed().expires(), roleOf.get(name)));
      listed.addAll(t.signed().targets().keySet());
      Optional<Delegations> d = t.signed().delegations();
      if (d.isEmpty()) {
        continue;
      }
      List<String> children = new ArrayList<>();
      if (d.get().succinctRoles().isPresent()) {
        SuccinctRoles bins = d.get().succinctRoles().get();
        for (long i = 0; i < bins.numberOfBins(); i++) {
          children.add(bins.roleName(i));
          roleOf.put(bins.roleName(i), bins.role());
        }
      } else {
        for (DelegatedRole dr : d.get().roles().orElseThrow()) {
          children.add(dr.name());
          roleOf.put(dr.name(), dr.role());
        }
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        todo.push(new String[] {children.get(i), name});
      }
    }
    for (String path : listed) {
      Optional<TargetInfo> found;
      try {
        found = updater.getTargetInfo(path);
      } catch (org.tuf4j.MalformedMetadataException e) {
        found = Optional.empty(); // a path no client can look up (e.g. with .. segments)
      }
      found.ifPresent(info -> w.targets.put(path, info));
    }
    return w;
  }

  private static JsonValue entry(long version, Instant expires, Role role) {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("version", new JsonValue.JsonNumber(version));
    m.put("expires", new JsonValue.JsonString(expires.toString()));
    m.put("threshold", new JsonValue.JsonNumber(role.threshold()));
    m.put("keys", new JsonValue.JsonNumber(role.keyIds().size()));
    return new JsonValue.JsonObject(m);
  }
}
