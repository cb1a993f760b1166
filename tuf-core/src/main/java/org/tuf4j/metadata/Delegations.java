package org.tuf4j.metadata;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;

/**
 * The DELEGATIONS object of targets metadata (TUF spec §4.5, TAP 15): the delegated roles' keys
 * and either an ordered list of roles (earlier roles are trusted first) or succinct hash bins —
 * exactly one of the two. Role names are unique and never a top-level role's name.
 */
public record Delegations(Map<String, Key> keys, Optional<List<DelegatedRole>> roles,
    Optional<SuccinctRoles> succinctRoles, Map<String, JsonValue> unrecognizedFields) {

  private static final Set<String> KNOWN = Set.of("keys", "roles", "succinct_roles");

  /**
   * Checks and copies the members: exactly one of {@code roles} and {@code succinct_roles}, role
   * names unique.
   *
   * @param keys the keys delegated roles may use, by key id
   * @param roles the delegated roles in priority order, when delegating by name
   * @param succinctRoles the hash bins, when delegating succinctly (TAP 15)
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when both or neither of {@code roles} and {@code
   *     succinctRoles} are present, or two roles share a name
   */
  public Delegations {
    keys = Map.copyOf(keys);
    roles = roles.map(List::copyOf);
    if (roles.isPresent() == succinctRoles.isPresent()) {
      throw new IllegalArgumentException(
          "delegations must have exactly one of roles and succinct_roles");
    }
    roles.ifPresent(Delegations::requireUniqueNames);
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * The key assignment for the delegated role {@code name}, if this delegation names it.
   *
   * @param name a delegated role's name, or a hash bin's
   * @return the role's key ids and threshold, or empty when this delegation does not name it
   */
  public Optional<Role> roleFor(String name) {
    if (roles.isPresent()) {
      return roles.get().stream().filter(r -> r.name().equals(name)).findFirst()
          .map(DelegatedRole::role);
    }
    SuccinctRoles bins = succinctRoles.orElseThrow();
    return bins.isDelegatedRole(name) ? Optional.of(bins.role()) : Optional.empty();
  }

  /**
   * The {@code delegations} object as written in targets metadata (TUF spec §4.5), unrecognized
   * members included.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    JsonWriter w = new JsonWriter(unrecognizedFields).put("keys",
        Key.keysToJson(keys));
    roles.ifPresent(list -> {
      List<JsonValue> out = new ArrayList<>(list.size());
      list.forEach(r -> out.add(r.toJson()));
      w.put("roles", new JsonArray(out));
    });
    succinctRoles.ifPresent(s -> w.put("succinct_roles", s.toJson()));
    return w.build();
  }

  static Delegations fromJson(JsonValue value, String path) throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    Map<String, Key> keys = Key.keysFromJson(f, "keys");
    Optional<List<DelegatedRole>> roles = Optional.empty();
    if (f.has("roles")) {
      List<JsonValue> elements = f.array("roles");
      List<DelegatedRole> list = new ArrayList<>(elements.size());
      for (int i = 0; i < elements.size(); i++) {
        list.add(DelegatedRole.fromJson(elements.get(i), f.child("roles") + "[" + i + "]"));
      }
      roles = Optional.of(list);
    }
    Optional<SuccinctRoles> succinct = f.has("succinct_roles")
        ? Optional.of(SuccinctRoles.fromJson(f.value("succinct_roles"), f.child("succinct_roles")))
        : Optional.empty();
    Optional<List<DelegatedRole>> finalRoles = roles;
    return f.build(() -> new Delegations(keys, finalRoles, succinct, f.unrecognized()));
  }

  private static void requireUniqueNames(List<DelegatedRole> roles) {
    Set<String> seen = new HashSet<>();
    for (DelegatedRole r : roles) {
      if (r.name().isEmpty()) {
        throw new IllegalArgumentException("a delegated role has an empty name");
      }
      // A delegated role named like a top-level role would share its metadata file names.
      if (RoleType.fromTypeName(r.name()).isPresent()) {
        throw new IllegalArgumentException("delegated role name \"" + r.name()
            + "\" is the name of a top-level role");
      }
      if (!seen.add(r.name())) {
        throw new IllegalArgumentException("delegated role name \"" + r.name()
            + "\" appears more than once");
      }
    }
  }
}
