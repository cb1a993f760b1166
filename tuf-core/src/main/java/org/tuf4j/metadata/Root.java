package org.tuf4j.metadata;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.TufException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;

/**
 * Root metadata (TUF spec §4.3): the keys and thresholds of every top-level role, root itself
 * included. Constructed valid or not at all: every top-level role has an entry.
 *
 * <p>Key ids are taken as written. The spec asks clients to recompute them, but real repositories
 * list keys under ids that are not the hash of the key object (python-tuf's PEM keys, every
 * Sigstore root from v5 on), and python-tuf accepts them. Threshold counting therefore counts
 * distinct key <em>material</em>, not distinct ids, which is the property the key-id rule is
 * there to protect; {@link Key#computeKeyId()} is available to callers who want the strict check.
 *
 * @param consistentSnapshotField {@code consistent_snapshot} as written; absent means false
 */
public record Root(String specVersion, long version, Instant expires,
    Optional<Boolean> consistentSnapshotField, Map<String, Key> keys, Map<String, Role> roles,
    Map<String, JsonValue> unrecognizedFields) implements RoleMetadata {

  private static final Set<String> KNOWN = union(CommonFields.NAMES,
      Set.of("consistent_snapshot", "keys", "roles"));

  /**
   * Checks the common members and that every top-level role has an entry in {@code roles}; copies
   * the maps in their order.
   *
   * @param specVersion {@code spec_version}
   * @param version {@code version}, at least 1
   * @param expires {@code expires}
   * @param consistentSnapshotField {@code consistent_snapshot} as written; absent means false
   * @param keys the top-level roles' keys, by key id
   * @param roles the top-level roles' key ids and thresholds, by role name
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when a common member is invalid or a top-level role is missing
   */
  public Root {
    CommonFields.require(specVersion, version, expires);
    keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    for (RoleType t : RoleType.values()) {
      if (!roles.containsKey(t.typeName())) {
        throw new IllegalArgumentException("roles has no entry for the " + t + " role");
      }
    }
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  @Override
  public RoleType type() {
    return RoleType.ROOT;
  }

  /**
   * Whether the repository publishes consistent snapshots: metadata and targets under names with a
   * version or hash prefix (TUF spec §4.3, §5.7.3).
   *
   * @return {@code consistent_snapshot}, false when absent
   */
  public boolean consistentSnapshot() {
    return consistentSnapshotField.orElse(false);
  }

  /**
   * The key assignment of a top-level role.
   *
   * @param type the top-level role
   * @return the key ids and threshold the root assigns to it
   */
  public Role role(RoleType type) {
    return roles.get(type.typeName());
  }

  @Override
  public JsonObject toJson() {
    JsonWriter w = CommonFields.writer(this);
    consistentSnapshotField.ifPresent(c -> w.put("consistent_snapshot", c));
    Map<String, JsonValue> roleJson = new LinkedHashMap<>();
    roles.forEach((name, role) -> roleJson.put(name, role.toJson()));
    return w.put("keys", Key.keysToJson(keys)).put("roles", new JsonObject(roleJson)).build();
  }

  static Root fromJson(JsonFields f) throws TufException {
    CommonFields.checkType(f, RoleType.ROOT);
    String specVersion = CommonFields.specVersion(f);
    long version = f.integer("version");
    Instant expires = CommonFields.expires(f);
    Optional<Boolean> consistent = f.optionalBool("consistent_snapshot");
    Map<String, Key> keys = Key.keysFromJson(f, "keys");
    Map<String, Role> roles = f.map("roles", (name, v, path) -> Role.fromJson(v, path));
    return f.build(() -> new Root(specVersion, version, expires, consistent, keys, roles,
        f.unrecognized()));
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }

}
