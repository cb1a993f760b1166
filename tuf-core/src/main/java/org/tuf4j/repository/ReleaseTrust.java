package org.tuf4j.repository;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.TufException;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;

/**
 * Which keys may sign each role of a {@link Release}: a top-level role's keys from the root
 * clients trust once it is published (TUF spec §4.3), a new root's from its previous root and its
 * own (§5.3.4), a delegated role's from the delegation naming it (§4.5), staged first, else
 * published.
 */
final class ReleaseTrust {
  private final RepositoryEditor editor;
  private final Release release;

  ReleaseTrust(RepositoryEditor editor, Release release) {
    this.editor = editor;
    this.release = release;
  }

  /**
   * The keys that may sign {@code role} in the release's {@code encoding} files (for root: the
   * keys of the encoding's previous root and of the new one).
   */
  Map<String, Key> keysFor(String role, MetadataEncoding encoding)
      throws TufException, IOException {
    Map<String, Key> keys = new HashMap<>();
    if (FileSet.ROOT.equals(role)) {
      Signed<Root> previousRoot = editor.published().root(encoding);
      if (previousRoot != null) {
        roleKeys(previousRoot.signed().keys(), previousRoot.signed().role(RoleType.ROOT), keys);
      }
      release.metadata(FileSet.ROOT, encoding); // refused unless this release signs root here
      Root root = release.fileSet(encoding).root.signed();
      roleKeys(root.keys(), root.role(RoleType.ROOT), keys);
      return keys;
    }
    Optional<RoleType> top = RoleType.fromTypeName(role);
    if (top.isPresent()) {
      Root root = release.finalRoot();
      roleKeys(root.keys(), root.role(top.get()), keys);
      return keys;
    }
    Delegations d = delegatorMetadata(role).delegations().orElseThrow();
    roleKeys(d.keys(), d.roleFor(role).orElseThrow(), keys);
    return keys;
  }

  /** The role entry (keys and threshold) {@code role} is checked against. */
  Role roleFor(String role) throws TufException, IOException {
    Optional<RoleType> top = RoleType.fromTypeName(role);
    if (top.isPresent()) {
      return release.finalRoot().role(top.get());
    }
    return delegatorMetadata(role).delegations().orElseThrow().roleFor(role).orElseThrow();
  }

  /** The role delegating to {@code role}: a staged targets role first, else the published ones. */
  String delegatorOf(String role) throws TufException, IOException {
    for (Map.Entry<String, Signed<Targets>> e
        : release.fileSet(release.first()).targets.entrySet()) {
      Optional<Delegations> d = e.getValue().signed().delegations();
      if (d.isPresent() && d.get().roleFor(role).isPresent()) {
        return e.getKey();
      }
    }
    return editor.targetsDrafts().delegatorOf(role);
  }

  private Targets delegatorMetadata(String role) throws TufException, IOException {
    String delegator = delegatorOf(role);
    Signed<Targets> staged = release.fileSet(release.first()).targets.get(delegator);
    return staged != null ? staged.signed() : editor.published().targets(delegator).signed();
  }

  private static void roleKeys(Map<String, Key> keys, Role role, Map<String, Key> out) {
    for (String id : role.keyIds()) {
      Key k = keys.get(id);
      if (k != null) {
        out.put(id, k);
      }
    }
  }
}
