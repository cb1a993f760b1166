package org.tuf4j.metadata;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;
import org.tuf4j.internal.Sha256;

/**
 * One entry of a delegation's {@code roles} list (TUF spec §4.5 DELEGATIONS): a named role, its
 * keys and threshold, whether it is terminating, and which targets it may sign — by path
 * patterns or by path hash prefixes, never both. A role with neither is trusted for no target.
 * Its name is not empty and is not a top-level role's name ignoring case ({@link
 * RoleType#matchingIgnoringCase}): such a delegation is malformed metadata.
 *
 * @param terminatingField the {@code terminating} member as written; absent means false
 */
public record DelegatedRole(String name, List<String> keyIds, int threshold,
    Optional<Boolean> terminatingField, Optional<List<String>> paths,
    Optional<List<String>> pathHashPrefixes, Map<String, JsonValue> unrecognizedFields) {

  private static final Set<String> KNOWN =
      Set.of("name", "keyids", "threshold", "terminating", "paths", "path_hash_prefixes");

  /**
   * Checks and copies the members: key ids unique, threshold at least 1, and at most one of {@code
   * paths} and {@code path_hash_prefixes}.
   *
   * @param name the delegated role's name
   * @param keyIds the ids of the keys that may sign for the role, without repeats
   * @param threshold how many of those keys must sign, at least 1
   * @param terminatingField the {@code terminating} member as written; absent means false
   * @param paths the {@code paths} patterns, when the delegation is by path
   * @param pathHashPrefixes the {@code path_hash_prefixes}, when the delegation is by hash prefix
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when a key id repeats, the threshold is below 1, or both
   *     {@code paths} and {@code path_hash_prefixes} are set
   */
  public DelegatedRole {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a delegated role's name must not be empty");
    }
    RoleType.matchingIgnoringCase(name).ifPresent(t -> {
      // On macOS, Windows and FAT media the role's file would be the top-level role's.
      throw new IllegalArgumentException("delegated role name \"" + name + "\" is the top-level "
          + "role name \"" + t.typeName() + "\" ignoring case");
    });
    keyIds = Role.requireUniqueKeyIds(keyIds);
    Role.requireValidThreshold(threshold);
    Objects.requireNonNull(terminatingField, "terminatingField");
    paths = paths.map(List::copyOf);
    pathHashPrefixes = pathHashPrefixes.map(List::copyOf);
    if (paths.isPresent() && pathHashPrefixes.isPresent()) {
      throw new IllegalArgumentException("role \"" + name
          + "\" sets both paths and path_hash_prefixes; exactly one is allowed");
    }
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * Whether a match in this role ends the search of the delegation graph (TUF spec §5.6.7.2.1).
   *
   * @return {@code terminating}, false when absent
   */
  public boolean terminating() {
    return terminatingField.orElse(false);
  }

  /**
   * The key assignment of this role, for threshold verification.
   *
   * @return a role with this delegation's key ids and threshold
   */
  public Role role() {
    return new Role(keyIds, threshold);
  }

  /**
   * Whether some target path matches at least one pattern of every list (TUF spec §4.5
   * PATHPATTERN: {@code *} and {@code ?} never match {@code /}). A delegation is followed only
   * for paths its delegator was itself delegated, so one whose patterns share no path with its
   * delegator's (and their delegators') can never apply: {@code docs/sub/*} under a role
   * delegated {@code docs/*}. May answer true for pattern sets too large to decide.
   *
   * @param patternLists one list of patterns per delegation on the way, each list non-empty
   *     to match anything
   * @return false only when no path can match a pattern of every list
   */
  public static boolean somePathMatchesAll(List<List<String>> patternLists) {
    return PathPatterns.overlap(patternLists);
  }

  /**
   * Whether this delegation covers {@code targetPath} (TUF spec §5.6.7.2): a {@code paths}
   * pattern matches it, where {@code *} and {@code ?} never match {@code /}; or the hex SHA-256 of
   * the path starts with one of {@code path_hash_prefixes}.
   *
   * @param targetPath a target path, as listed in targets metadata
   * @return true when this role may list {@code targetPath}
   */
  public boolean isDelegatedPath(String targetPath) {
    if (paths.isPresent()) {
      for (String pattern : paths.get()) {
        if (PathPatterns.matches(pattern, targetPath)) {
          return true;
        }
      }
      return false;
    }
    if (pathHashPrefixes.isPresent()) {
      String digest = Sha256.hex(targetPath.getBytes(StandardCharsets.UTF_8));
      for (String prefix : pathHashPrefixes.get()) {
        if (digest.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The role object as written in {@code delegations.roles} (TUF spec §4.5), unrecognized members
   * included.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    JsonWriter w = new JsonWriter(unrecognizedFields).put("name", name)
        .put("keyids", keyIds).put("threshold", threshold);
    terminatingField.ifPresent(t -> w.put("terminating", t));
    paths.ifPresent(p -> w.put("paths", p));
    pathHashPrefixes.ifPresent(p -> w.put("path_hash_prefixes", p));
    return w.build();
  }

  static DelegatedRole fromJson(JsonValue value, String path) throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    String name = f.string("name");
    List<String> keyIds = f.stringList("keyids");
    long threshold = f.integer("threshold");
    Optional<Boolean> terminating = f.optionalBool("terminating");
    Optional<List<String>> paths = f.optionalStringList("paths");
    Optional<List<String>> prefixes = f.optionalStringList("path_hash_prefixes");
    return f.build(() -> new DelegatedRole(name, keyIds, Role.checkedThreshold(threshold),
        terminating, paths, prefixes, f.unrecognized()));
  }
}
