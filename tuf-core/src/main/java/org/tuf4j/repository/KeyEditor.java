package org.tuf4j.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;

/**
 * The keys and thresholds of the top-level roles, from {@link RepositoryEditor#keys()}: each
 * change is a root change (TUF spec §4.3 root's KEYS and ROLES; §6.1 key management and
 * migration), signed into the next root version by a threshold of the previous root's keys and
 * of its own (§5.3.4). Keys no role uses any more leave the root.
 */
public final class KeyEditor {
  private Root root;
  private boolean changed;

  KeyEditor(Root root, boolean changed) {
    this.root = root;
    this.changed = changed;
  }

  /**
   * Adds {@code key} to a top-level role (nothing when the role lists it already).
   *
   * @param role the top-level role
   * @param key the key to add
   * @return this key editor
   */
  public KeyEditor addKey(RoleType role, Key key) {
    Role current = root.role(role);
    String id = key.computeKeyId();
    if (current.keyIds().contains(id)) {
      return this;
    }
    List<String> ids = new ArrayList<>(current.keyIds());
    ids.add(id);
    Map<String, Key> keys = new LinkedHashMap<>(root.keys());
    keys.put(id, key);
    replaceRole(role, new Role(ids, current.threshold()), keys);
    return this;
  }

  /**
   * Removes a key from a top-level role.
   *
   * @param role the top-level role
   * @param keyId the id of the key to remove
   * @return this key editor
   * @throws InvalidRepositoryException if the role has no such key, or its threshold could no
   *     longer be reached
   */
  public KeyEditor revokeKey(RoleType role, String keyId) throws InvalidRepositoryException {
    Role current = root.role(role);
    if (!current.keyIds().contains(keyId)) {
      throw new InvalidRepositoryException(role + " has no key " + keyId);
    }
    List<String> ids = new ArrayList<>(current.keyIds());
    ids.remove(keyId);
    if (ids.size() < current.threshold()) {
      throw new InvalidRepositoryException("revoking " + keyId + " leaves " + role + " with "
          + ids.size() + " key(s) for a threshold of " + current.threshold()
          + "; add a key or lower the threshold first");
    }
    replaceRole(role, new Role(ids, current.threshold()), root.keys());
    return this;
  }

  /**
   * Sets a top-level role's threshold.
   *
   * @param role the top-level role
   * @param threshold the new threshold
   * @return this key editor
   * @throws InvalidRepositoryException when the role has fewer keys than {@code threshold}, or the
   *     threshold is below 1
   */
  public KeyEditor setThreshold(RoleType role, int threshold) throws InvalidRepositoryException {
    Role current = root.role(role);
    if (threshold < 1 || threshold > current.keyIds().size()) {
      throw new InvalidRepositoryException(role + " threshold " + threshold
          + " cannot be reached with " + current.keyIds().size() + " key(s)");
    }
    replaceRole(role, new Role(current.keyIds(), threshold), root.keys());
    return this;
  }

  /** The root as it will be signed next (version not yet bumped). */
  Root root() {
    return root;
  }

  /** Whether root changed since it was last published. */
  boolean changed() {
    return changed;
  }

  /** Root is to be signed again at its next version (to renew its expiry). */
  void touch() {
    changed = true;
  }

  /** The consistent-snapshot or the plain layout (§6.2), a root change. */
  void setConsistentSnapshot(boolean consistent) {
    root = new Root(root.specVersion(), root.version(), root.expires(), Optional.of(consistent),
        root.keys(), root.roles(), root.unrecognizedFields());
    changed = true;
  }

  /** A release is published: its root, if it has one, is the root edits build on. */
  void published(Optional<Root> newRoot) {
    newRoot.ifPresent(r -> root = r);
    changed = false;
  }

  private void replaceRole(RoleType type, Role role, Map<String, Key> keys) {
    Map<String, Role> roles = new LinkedHashMap<>(root.roles());
    roles.put(type.typeName(), role);
    // Keep only keys some role still uses.
    Set<String> used = new TreeSet<>();
    roles.values().forEach(r -> used.addAll(r.keyIds()));
    Map<String, Key> kept = new LinkedHashMap<>();
    keys.forEach((id, k) -> {
      if (used.contains(id)) {
        kept.put(id, k);
      }
    });
    root = new Root(root.specVersion(), root.version(), root.expires(),
        root.consistentSnapshotField(), kept, roles, root.unrecognizedFields());
    changed = true;
  }
}
