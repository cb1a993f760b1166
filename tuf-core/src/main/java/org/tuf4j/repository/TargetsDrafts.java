package org.tuf4j.repository;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;

/**
 * The targets roles being edited (TUF spec §4.5), each its last published form plus the changes,
 * loaded only when an edit or a question touches it, and the delegation tree between them: which
 * role a client searching for a path visits (§5.6.7), which role delegates to which, and the
 * content of the targets added since the last release.
 */
final class TargetsDrafts {
  static final String TARGETS = RepositoryEditor.TARGETS;

  /** A targets role being edited: its last published form plus the changes. */
  static final class Draft {
    final String name;
    Map<String, TargetFile> targets = new LinkedHashMap<>();
    Optional<Delegations> delegations = Optional.empty();
    Instant expires;
    Map<String, JsonValue> unrecognized = Map.of();
    long publishedVersion;
    boolean changed;

    Draft(String name) {
      this.name = name;
    }
  }

  private final PublishedRepository published;
  // Whether the root as it will be signed next has consistent snapshots (target names).
  private final BooleanSupplier consistentSnapshot;
  private final Map<String, Draft> drafts = new LinkedHashMap<>();
  private final Map<String, String> delegatorOf = new HashMap<>();
  // Target path to its content, written at publish.
  private final Map<String, TargetContent> content = new LinkedHashMap<>();

  TargetsDrafts(PublishedRepository published, BooleanSupplier consistentSnapshot) {
    this.published = published;
    this.consistentSnapshot = consistentSnapshot;
  }

  /** The draft of a targets role, loading its published version on first use. */
  Draft draft(String role) throws TufException, IOException {
    Draft d = drafts.get(role);
    if (d != null) {
      return d;
    }
    Targets t = published.targets(role).signed();
    d = new Draft(role);
    d.targets = new LinkedHashMap<>(t.targets());
    d.delegations = t.delegations();
    d.expires = t.expires();
    d.unrecognized = t.unrecognizedFields();
    d.publishedVersion = t.version();
    drafts.put(role, d);
    return d;
  }

  /** Every draft loaded or created so far. */
  Iterable<Draft> loaded() {
    return drafts.values();
  }

  /** A new, empty targets role delegated by {@code delegator} (null for top-level targets). */
  void newRole(String name, String delegator) {
    Draft d = new Draft(name);
    d.changed = true;
    drafts.put(name, d);
    if (delegator != null) {
      delegatorOf.put(name, delegator);
    }
  }

  boolean roleExists(String name) {
    return drafts.containsKey(name) || published.listsRole(name);
  }

  /** Every targets role: the published ones (from the snapshot) and any created since. */
  List<String> targetsRoles() {
    Set<String> roles = new TreeSet<>(drafts.keySet());
    roles.addAll(published.targetsRoles());
    return List.copyOf(roles);
  }

  /** A top-level role, or a targets role published or created in this editor. */
  boolean isRoleName(String role) {
    return RoleType.fromTypeName(role).isPresent() || roleExists(role);
  }

  /** Every role of the repository, top-level and targets roles, sorted. */
  Set<String> allRoleNames() {
    Set<String> all = new TreeSet<>(targetsRoles());
    for (RoleType t : RoleType.values()) {
      all.add(t.typeName());
    }
    return all;
  }

  /** Every role name in the repository, {@link RepositoryNames#fold}ed, to the name. */
  Map<String, String> foldedRoleNames() {
    Map<String, String> out = new HashMap<>();
    for (String name : targetsRoles()) {
      out.put(RepositoryNames.fold(name), name);
    }
    return out;
  }

  /** The role that delegates to {@code role} ({@code null} for targets). */
  String delegatorOf(String role) throws TufException, IOException {
    if (TARGETS.equals(role)) {
      return null;
    }
    String known = delegatorOf.get(role);
    if (known != null) {
      return known;
    }
    // Search published delegations from the top, breadth first, loading as needed.
    List<String> queue = new ArrayList<>(List.of(TARGETS));
    Set<String> seen = new TreeSet<>();
    while (!queue.isEmpty()) {
      String current = queue.remove(0);
      if (!seen.add(current)) {
        continue;
      }
      Optional<Delegations> dels = draft(current).delegations;
      if (dels.isEmpty()) {
        continue;
      }
      if (dels.get().roleFor(role).isPresent()) {
        delegatorOf.put(role, current);
        return current;
      }
      dels.get().roles().ifPresent(rs -> rs.forEach(r -> queue.add(r.name())));
    }
    throw new InvalidRepositoryException("no role delegates to " + role);
  }

  /** The succinct bin for {@code path} if targets delegates to bins, else targets itself. */
  String responsibleRole(String path) throws TufException, IOException {
    Optional<SuccinctRoles> bins = draft(TARGETS).delegations.flatMap(Delegations::succinctRoles);
    return bins.isPresent() ? bins.get().roleNameFor(path) : TARGETS;
  }

  /**
   * The roles a client searching for {@code path} would visit (§5.6.7), pre-order depth first
   * from targets through every delegation that covers the path, each once, stopping after a
   * matching terminating delegation's subtree.
   */
  List<String> rolesSearchedFor(String path) throws TufException, IOException {
    List<String> order = new ArrayList<>();
    Deque<String> stack = new ArrayDeque<>(List.of(TARGETS));
    Set<String> visited = new HashSet<>();
    while (!stack.isEmpty()) {
      String role = stack.pop();
      if (!visited.add(role)) {
        continue;
      }
      order.add(role);
      Optional<Delegations> dels = draft(role).delegations;
      if (dels.isEmpty()) {
        continue;
      }
      List<String> children = new ArrayList<>();
      boolean terminated = false;
      if (dels.get().succinctRoles().isPresent()) {
        children.add(dels.get().succinctRoles().get().roleNameFor(path));
      } else {
        for (DelegatedRole r : dels.get().roles().orElseThrow()) {
          if (r.isDelegatedPath(path)) {
            children.add(r.name());
            if (r.terminating()) {
              terminated = true;
              break;
            }
          }
        }
      }
      if (terminated) {
        stack.clear();
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        stack.push(children.get(i));
      }
    }
    return order;
  }

  /** Lists {@code target} in {@code role}, once its path fits clients and the delegations. */
  void putTarget(String role, TargetFile target) throws TufException, IOException {
    RepositoryEditor.checkTargetPath(target.path());
    RepositoryNames.checkTargetPathFitsClients(target.path(), consistentSnapshot.getAsBoolean());
    requireDelegated(role, target.path());
    Draft d = draft(role);
    d.targets.put(target.path(), target);
    d.changed = true;
  }

  /** The content of target {@code path}, written by the next release. */
  void putContent(String path, TargetContent c) {
    content.put(path, c);
  }

  /** The content of the targets added since the last release, by path. */
  Map<String, TargetContent> content() {
    return content;
  }

  /** Removes {@code path} from {@code role}; false if that role does not list it. */
  boolean removeListed(String role, String path) throws TufException, IOException {
    Draft d = draft(role);
    if (d.targets.remove(path) == null) {
      return false;
    }
    d.changed = true;
    content.remove(path);
    return true;
  }

  /**
   * {@code role} may list {@code path}: every delegation from targets down to it covers the
   * path (§5.6.7: a client looks for the path only through delegations whose paths, hash
   * prefixes or bin match it), or the target could never be found.
   */
  private void requireDelegated(String role, String path) throws TufException, IOException {
    for (String child = role; !TARGETS.equals(child); child = delegatorOf(child)) {
      String parent = delegatorOf(child);
      Delegations d = draft(parent).delegations.orElseThrow();
      boolean covered;
      if (d.succinctRoles().isPresent()) {
        covered = d.succinctRoles().get().roleNameFor(path).equals(child);
      } else {
        String name = child;
        covered = d.roles().orElseThrow().stream().filter(r -> r.name().equals(name))
            .anyMatch(r -> r.isDelegatedPath(path));
      }
      if (!covered) {
        throw new InvalidRepositoryException("target " + path + " is outside what " + parent
            + " delegates to " + child + (role.equals(child) ? "" : " (on the way to " + role
            + ")") + ": no client would ever find it there");
      }
    }
  }

  /** A release is published: the drafts now build on its targets metadata. */
  void published(Map<String, Signed<Targets>> released) {
    drafts.values().forEach(d -> d.changed = false);
    released.forEach((role, s) -> {
      Draft d = drafts.get(role);
      if (d != null) { // else a resumed release: nothing of this role was being edited here
        d.publishedVersion = s.signed().version();
        d.expires = s.signed().expires();
      }
    });
    content.clear();
  }
}
