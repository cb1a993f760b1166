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
 * Targets metadata, top-level or delegated (TUF spec §4.5): target files and, optionally,
 * delegations to other targets roles.
 */
public record Targets(String specVersion, long version, Instant expires,
    Map<String, TargetFile> targets, Optional<Delegations> delegations,
    Map<String, JsonValue> unrecognizedFields) implements RoleMetadata {

  private static final Set<String> KNOWN =
      Root.union(CommonFields.NAMES, Set.of("targets", "delegations"));

  /**
   * Checks the common members, and that each target is listed under its own path; copies the
   * targets in their order.
   *
   * @param specVersion {@code spec_version}
   * @param version {@code version}, at least 1
   * @param expires {@code expires}
   * @param targets the target files, by path
   * @param delegations the delegations, when the role delegates
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when a common member is invalid or a target is listed under
   *     another path than its own
   */
  public Targets {
    CommonFields.require(specVersion, version, expires);
    if (!(targets instanceof EntryIndex)) { // immutable, and each entry has its own path
      Map<String, TargetFile> copy = new LinkedHashMap<>();
      targets.forEach((path, file) -> {
        if (!path.equals(file.path())) {
          throw new IllegalArgumentException("target listed as \"" + path + "\" has path \""
              + file.path() + "\"");
        }
        copy.put(path, file);
      });
      targets = Collections.unmodifiableMap(copy);
    }
    java.util.Objects.requireNonNull(delegations, "delegations");
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  @Override
  public RoleType type() {
    return RoleType.TARGETS;
  }

  @Override
  public JsonObject toJson() {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    targets.forEach((path, t) -> out.put(path, t.toJson()));
    JsonWriter w = CommonFields.writer(this).put("targets", new JsonObject(out));
    delegations.ifPresent(d -> w.put("delegations", d.toJson()));
    return w.build();
  }

  static Targets fromJson(JsonFields f) throws TufException {
    return fromJson(f, null);
  }

  /** @param index the {@code targets} member, when the parser indexed it instead of a tree */
  static Targets fromJson(JsonFields f, EntryIndex<TargetFile> index) throws TufException {
    CommonFields.checkType(f, RoleType.TARGETS);
    String specVersion = CommonFields.specVersion(f);
    long version = f.integer("version");
    Instant expires = CommonFields.expires(f);
    Map<String, TargetFile> targets;
    if (index != null) {
      index.validateUnusualEntries();
      targets = index;
    } else {
      targets = f.map("targets", TargetFile::fromJson);
    }
    Optional<Delegations> delegations = f.has("delegations")
        ? Optional.of(Delegations.fromJson(f.value("delegations"), f.child("delegations")))
        : Optional.empty();
    return f.build(() -> new Targets(specVersion, version, expires, targets, delegations,
        f.unrecognized()));
  }
}
