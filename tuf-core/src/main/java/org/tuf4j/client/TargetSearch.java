package org.tuf4j.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.tuf4j.TufException;
import org.tuf4j.internal.Messages;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;

/**
 * The delegation search of TUF spec §5.6.7: pre-order depth first from the top-level targets,
 * each role visited at most once and at most {@link UpdaterConfig#maxDelegations()} of them
 * (§5.6.7.1), a matching terminating delegation ending the search after its subtree
 * (§5.6.7.2.1), TAP 15 hash bins followed by name. Every role visited is loaded and verified
 * through the delegation followed ({@link Roles}); this class only chooses the order.
 *
 * <p>It also issues the {@link TargetInfo}s it finds, with an identity of its own that the same
 * updater's downloads require ({@link #requireFound}).
 */
final class TargetSearch {
  private static final String TARGETS = RoleType.TARGETS.typeName();

  private final int maxDelegations;
  private final Object issuer = new Object();

  TargetSearch(int maxDelegations) {
    this.maxDelegations = maxDelegations;
  }

  /** Loads one targets role verified through the delegation followed (§5.6.1–§5.6.6). */
  interface Roles {
    /**
     * The verified metadata of {@code role}.
     *
     * @param delegator the trusted role whose delegation is followed; null for {@code targets}
     */
    Targets load(String role, String delegator) throws TufException, IOException;
  }

  /** §5.6.7: the first role in search order that lists {@code targetPath}, as a target. */
  Optional<TargetInfo> find(String targetPath, Predicate<DelegatedRole> applies, Roles roles)
      throws TufException, IOException {
    Deque<Visit> toVisit = new ArrayDeque<>();
    toVisit.push(new Visit(TARGETS, null, List.of(TARGETS)));
    Set<String> visited = new HashSet<>();
    while (!toVisit.isEmpty()) {
      Visit visit = toVisit.pop();
      if (visited.contains(visit.role)) {
        continue;
      }
      if (visited.size() > maxDelegations) {
        ClientLog.get().log(Level.WARNING,
            "gave up looking for {0} after visiting {1} delegated roles",
            targetPath, maxDelegations);
        return Optional.empty();
      }
      visited.add(visit.role);
      Targets role = roles.load(visit.role, visit.delegator);
      TargetFile found = role.targets().get(targetPath);
      if (found != null) {
        return Optional.of(new TargetInfo(found, visit.role, visit.chain, issuer));
      }
      List<Visit> children = new ArrayList<>();
      if (role.delegations().isPresent() && childrenFor(role.delegations().get(), targetPath,
          applies, visit, children)) {
        toVisit.clear(); // a matching terminating delegation: nothing after it may answer
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        toVisit.push(children.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code target}, if this search found it.
   *
   * @throws IllegalArgumentException if another updater's lookup found it
   */
  TargetInfo requireFound(TargetInfo target) {
    if (!target.issuedBy(issuer)) {
      throw new IllegalArgumentException("target \"" + Messages.bounded(target.path())
          + "\" was not found by this updater's lookups: pass what its getTargetInfo returns");
    }
    return target;
  }

  /** Adds the roles {@code delegations} trusts for {@code path}; true if one is terminating. */
  private static boolean childrenFor(Delegations delegations, String path,
      Predicate<DelegatedRole> applies, Visit parent, List<Visit> out) {
    if (delegations.succinctRoles().isPresent()) {
      String bin = delegations.succinctRoles().get().roleNameFor(path);
      out.add(parent.child(bin));
      return false;
    }
    for (DelegatedRole r : delegations.roles().orElseThrow()) {
      if (r.isDelegatedPath(path) && applies.test(r)) {
        out.add(parent.child(r.name()));
        if (r.terminating()) {
          return true;
        }
      }
    }
    return false;
  }

  private record Visit(String role, String delegator, List<String> chain) {
    Visit child(String name) {
      List<String> c = new ArrayList<>(chain);
      c.add(name);
      return new Visit(name, role, c);
    }
  }
}
