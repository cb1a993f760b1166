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
import org.tuf4j.internal.ModelChecks;

/**
 * Snapshot metadata (TUF spec §4.4): the version (and optionally length and hashes) of
 * targets metadata and every delegated targets metadata file, keyed {@code ROLE.json}.
 */
public record Snapshot(String specVersion, long version, Instant expires,
    Map<String, MetaFile> meta, Map<String, JsonValue> unrecognizedFields)
    implements RoleMetadata {

  private static final Set<String> KNOWN = Root.union(CommonFields.NAMES, Set.of("meta"));

  /**
   * Checks the common members and copies {@code meta} in its order.
   *
   * @param specVersion {@code spec_version}
   * @param version {@code version}, at least 1
   * @param expires {@code expires}
   * @param meta the targets metadata files, by file name ({@code targets.json}, {@code role1.json},
   *     ...)
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when a common member is invalid
   */
  public Snapshot {
    CommonFields.require(specVersion, version, expires);
    if (!(meta instanceof EntryIndex)) { // immutable already
      meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  @Override
  public RoleType type() {
    return RoleType.SNAPSHOT;
  }

  /**
   * The entry for a targets role by role name ({@code "targets"}, {@code "role1"}, ...), listed
   * as {@code ROLE.json} in every {@link MetadataEncoding}: the key names the role, not the file
   * of one encoding, so the content of a CBOR snapshot is that of its JSON twin.
   *
   * @param roleName {@code "targets"} or a delegated role's name
   * @return the entry, or empty when the snapshot does not list the role
   */
  public Optional<MetaFile> metaFor(String roleName) {
    return Optional.ofNullable(meta.get(roleName + ".json"));
  }

  @Override
  public JsonObject toJson() {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    meta.forEach((name, m) -> out.put(name, m.toJson()));
    return CommonFields.writer(this).put("meta", new JsonObject(out)).build();
  }

  static Snapshot fromJson(JsonFields f) throws TufException {
    return fromJson(f, null);
  }

  /** @param index the {@code meta} member, when the parser indexed it instead of a tree */
  static Snapshot fromJson(JsonFields f, EntryIndex<MetaFile> index) throws TufException {
    CommonFields.checkType(f, RoleType.SNAPSHOT);
    String specVersion = CommonFields.specVersion(f);
    long version = f.integer("version");
    Instant expires = CommonFields.expires(f);
    Map<String, MetaFile> meta;
    if (index != null) {
      index.validateUnusualEntries();
      meta = index;
    } else {
      meta = f.map("meta", (name, v, path) -> MetaFile.fromJson(v, path));
    }
    return f.build(() -> new Snapshot(specVersion, version, expires, meta, f.unrecognized()));
  }
}
