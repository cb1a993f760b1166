package org.tuf4j.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.metadata.TargetFile;

/**
 * The delegations of a repository's targets roles, from {@link RepositoryEditor#delegations()}
 * (TUF spec §4.5 DELEGATIONS): roles delegated paths or path hash prefixes, terminating or not,
 * and succinct hash bins (TAP 15). A delegation is refused when no client could ever use it: a
 * taken or clashing name, a pattern that can match nothing the delegator is itself delegated
 * (§5.6.7, the order in which a client searches).
 */
public final class DelegationEditor {
  private final TargetsDrafts drafts;

  DelegationEditor(TargetsDrafts drafts) {
    this.drafts = drafts;
  }

  /**
   * The delegations {@code role} makes now, edits included.
   *
   * @param role a targets role
   * @return the delegations, or empty when the role delegates nothing
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public Optional<Delegations> of(String role) throws TufException, IOException {
    return drafts.draft(role).delegations;
  }

  /**
   * The role that delegates to {@code role}; empty for the top-level targets role.
   *
   * @param role a targets role
   * @return the delegating role's name, or empty
   * @throws TufException when no role delegates to {@code role}
   * @throws IOException when a role's metadata cannot be read
   */
  public Optional<String> delegator(String role) throws TufException, IOException {
    return Optional.ofNullable(drafts.delegatorOf(role));
  }

  /**
   * Delegates to a new role: paths or path hash prefixes, terminating or not, with its own keys
   * and threshold; the new role starts with no targets.
   *
   * @param delegator the targets role that delegates
   * @param name the new role's name
   * @param keys the new role's keys and threshold
   * @param paths the path patterns delegated, or empty when delegating by hash prefix
   * @param pathHashPrefixes the hash prefixes delegated, or empty when delegating by path
   * @param terminating whether a match in the new role ends the search (§5.6.7.2.1)
   * @return this delegation editor
   * @throws TufException when the name is taken or would create a delegation cycle ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the delegator's metadata cannot be read
   */
  public DelegationEditor delegate(String delegator, String name, RoleKeys keys,
      Optional<List<String>> paths, Optional<List<String>> pathHashPrefixes, boolean terminating)
      throws TufException, IOException {
    return delegate(delegator, name, keys, paths, pathHashPrefixes, terminating, Map.of());
  }

  /**
   * As {@link #delegate(String, String, RoleKeys, Optional, Optional, boolean)}, with extra
   * members written into the delegated role's entry — fields TUF leaves to applications, such as
   * the hardware identifiers an Uptane delegation applies to (Uptane Standard #delegations_meta).
   *
   * @param delegator the targets role that delegates
   * @param name the new role's name
   * @param keys the new role's keys and threshold
   * @param paths the path patterns delegated, or empty when delegating by hash prefix
   * @param pathHashPrefixes the hash prefixes delegated, or empty when delegating by path
   * @param terminating whether a match in the new role ends the search (§5.6.7.2.1)
   * @param extraFields members other than the ones TUF defines for a delegated role
   * @return this delegation editor
   * @throws IllegalArgumentException if {@code extraFields} names a member TUF defines
   * @throws TufException when the name is taken or would create a delegation cycle ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the delegator's metadata cannot be read
   */
  public DelegationEditor delegate(String delegator, String name, RoleKeys keys,
      Optional<List<String>> paths, Optional<List<String>> pathHashPrefixes, boolean terminating,
      Map<String, JsonValue> extraFields) throws TufException, IOException {
    if (RoleType.fromTypeName(name).isPresent() || drafts.roleExists(name)) {
      throw new InvalidRepositoryException("a role named " + name + " already exists");
    }
    RepositoryNames.checkRoleName(name, drafts.foldedRoleNames());
    TargetsDrafts.Draft parent = drafts.draft(delegator);
    if (parent.delegations.flatMap(Delegations::succinctRoles).isPresent()) {
      throw new InvalidRepositoryException(delegator
          + " delegates to hash bins and cannot also list roles");
    }
    DelegatedRole role = new DelegatedRole(name, keys.keyIds(), keys.threshold(),
        Optional.of(terminating), paths, pathHashPrefixes, extraFields);
    requireReachable(delegator, role);
    Map<String, Key> allKeys = new LinkedHashMap<>(
        parent.delegations.map(Delegations::keys).orElse(Map.of()));
    allKeys.putAll(keys.byId());
    List<DelegatedRole> roles = new ArrayList<>(
        parent.delegations.flatMap(Delegations::roles).orElse(List.of()));
    roles.add(role);
    parent.delegations = Optional.of(new Delegations(allKeys, Optional.of(roles),
        Optional.empty(), Map.of()));
    parent.changed = true;
    drafts.newRole(name, delegator);
    return this;
  }

  /**
   * Replaces the keys and threshold {@code delegator} assigns to a delegated role, or to all its
   * hash bins when {@code role} is one of them (key rotation or revocation for delegated roles).
   * Only the delegator is re-signed; the role's own metadata must then be signed by the new keys
   * at its next change, so it is marked changed too.
   *
   * @param delegator the targets role that delegates
   * @param role the delegated role, or one of its hash bins
   * @param keys the new keys and threshold
   * @return this delegation editor
   * @throws TufException when {@code delegator} does not delegate to {@code role} ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the delegator's metadata cannot be read
   */
  public DelegationEditor setDelegatedKeys(String delegator, String role, RoleKeys keys)
      throws TufException, IOException {
    TargetsDrafts.Draft parent = drafts.draft(delegator);
    Delegations d = parent.delegations.orElseThrow(() -> new InvalidRepositoryException(
        delegator + " delegates to no role"));
    if (d.roleFor(role).isEmpty()) {
      throw new InvalidRepositoryException(delegator + " does not delegate to " + role);
    }
    Delegations updated;
    if (d.succinctRoles().isPresent()) {
      SuccinctRoles b = d.succinctRoles().get();
      updated = new Delegations(keys.byId(), Optional.empty(), Optional.of(new SuccinctRoles(
          keys.keyIds(), keys.threshold(), b.bitLength(), b.namePrefix(),
          b.unrecognizedFields())), d.unrecognizedFields());
      for (long i = 0; i < b.numberOfBins(); i++) {
        drafts.draft(b.roleName(i)).changed = true;
      }
    } else {
      updated = withRoleKeys(d, role, keys);
      drafts.draft(role).changed = true;
    }
    parent.delegations = Optional.of(updated);
    parent.changed = true;
    return this;
  }

  /** {@code d} with {@code role}'s keys replaced; revoked keys no other role uses leave it. */
  private static Delegations withRoleKeys(Delegations d, String role, RoleKeys keys) {
    List<DelegatedRole> roles = new ArrayList<>();
    Map<String, Key> allKeys = new LinkedHashMap<>(d.keys());
    allKeys.putAll(keys.byId());
    for (DelegatedRole r : d.roles().orElseThrow()) {
      roles.add(!r.name().equals(role) ? r : new DelegatedRole(r.name(), keys.keyIds(),
          keys.threshold(), r.terminatingField(), r.paths(), r.pathHashPrefixes(),
          r.unrecognizedFields()));
    }
    Set<String> used = new TreeSet<>();
    roles.forEach(r -> used.addAll(r.keyIds()));
    allKeys.keySet().retainAll(used);
    return new Delegations(allKeys, Optional.of(roles), Optional.empty(),
        d.unrecognizedFields());
  }

  /**
   * Delegates every target of {@code delegator} to 2^bitLength succinct hash bins (TAP 15)
   * sharing {@code keys}; existing targets of {@code delegator} move into their bins, and later
   * {@link TargetEditor#addTarget} calls place targets in bins automatically.
   *
   * @param delegator the targets role whose targets go into bins
   * @param bitLength how many leading bits of a path's SHA-256 select its bin (1 to 32)
   * @param namePrefix the bins' name prefix
   * @param keys the keys and threshold every bin shares
   * @return this delegation editor
   * @throws TufException when {@code delegator} already delegates or a bin name is taken ({@link
   *     InvalidRepositoryException})
   * @throws IOException when the delegator's metadata cannot be read
   */
  public DelegationEditor delegateHashBins(String delegator, int bitLength, String namePrefix,
      RoleKeys keys) throws TufException, IOException {
    TargetsDrafts.Draft parent = drafts.draft(delegator);
    if (parent.delegations.isPresent()) {
      throw new InvalidRepositoryException(delegator + " already delegates");
    }
    SuccinctRoles bins = new SuccinctRoles(keys.keyIds(), keys.threshold(), bitLength,
        namePrefix, Map.of());
    Map<String, String> existing = drafts.foldedRoleNames();
    for (long i = 0; i < bins.numberOfBins(); i++) {
      if (drafts.roleExists(bins.roleName(i))) {
        throw new InvalidRepositoryException("a role named " + bins.roleName(i)
            + " already exists");
      }
      RepositoryNames.checkRoleName(bins.roleName(i), existing);
    }
    parent.delegations = Optional.of(new Delegations(keys.byId(), Optional.empty(),
        Optional.of(bins), Map.of()));
    parent.changed = true;
    for (long i = 0; i < bins.numberOfBins(); i++) {
      drafts.newRole(bins.roleName(i), delegator);
    }
    Map<String, TargetFile> moving = new LinkedHashMap<>(parent.targets);
    parent.targets.clear();
    for (TargetFile t : moving.values()) {
      drafts.putTarget(bins.roleNameFor(t.path()), t);
    }
    return this;
  }

  /**
   * A new delegation from {@code delegator} can apply to some path: its patterns (or hash
   * prefixes) share at least one path with what {@code delegator} and the roles above it are
   * delegated. {@code docs/sub/*} under a role delegated {@code docs/*} never applies, since
   * {@code *} does not match {@code /}.
   */
  private void requireReachable(String delegator, DelegatedRole role)
      throws TufException, IOException {
    List<List<String>> patterns = new ArrayList<>();
    List<List<String>> prefixes = new ArrayList<>();
    role.paths().ifPresent(patterns::add);
    role.pathHashPrefixes().ifPresent(prefixes::add);
    for (String child = delegator; !TargetsDrafts.TARGETS.equals(child);
        child = drafts.delegatorOf(child)) {
      Delegations d = drafts.draft(drafts.delegatorOf(child)).delegations.orElseThrow();
      String name = child;
      d.roles().flatMap(rs -> rs.stream().filter(r -> r.name().equals(name)).findFirst())
          .ifPresent(entry -> {
            entry.paths().ifPresent(patterns::add);
            entry.pathHashPrefixes().ifPresent(prefixes::add);
          });
    }
    // Path patterns against path patterns, and hash prefixes against hash prefixes; one kind
    // against the other cannot be decided and is allowed.
    boolean reachable = patterns.size() < 2 || DelegatedRole.somePathMatchesAll(patterns);
    if (reachable && prefixes.size() >= 2) {
      reachable = prefixesOverlap(prefixes);
    }
    if (!reachable) {
      boolean byPath = role.paths().isPresent();
      List<List<String>> above = byPath ? patterns : prefixes;
      throw new InvalidRepositoryException("delegating " + above.get(0) + " from " + delegator
          + " to " + role.name() + " can never apply: no " + (byPath ? "path" : "hash")
          + " matches both it and what " + delegator + " is delegated ("
          + above.subList(1, above.size()) + (byPath ? "; '*' never matches '/')" : ")"));
    }
  }

  /** Some hash is prefixed by a prefix of every list (one prefix extends another at each). */
  private static boolean prefixesOverlap(List<List<String>> lists) {
    List<String> narrowest = List.of("");
    for (List<String> level : lists) {
      List<String> next = new ArrayList<>();
      for (String a : narrowest) {
        for (String b : level) {
          String la = a.toLowerCase(Locale.ROOT);
          String lb = b.toLowerCase(Locale.ROOT);
          if (la.startsWith(lb)) {
            next.add(la);
          } else if (lb.startsWith(la)) {
            next.add(lb);
          }
        }
      }
      if (next.isEmpty()) {
        return false;
      }
      narrowest = next;
    }
    return true;
  }
}
