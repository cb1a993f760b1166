package org.tuf4j.metadata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * The file names listed in {@code older}'s {@code meta} that this snapshot lists with other
   * content or not at all: the entries whose versions the rollback check of TUF spec §5.5.5 must
   * compare. Between two parsed snapshots, entries are compared on their received bytes first, so
   * the entries that did not change are not built.
   *
   * @param older an earlier snapshot
   * @return those names, in {@code older}'s order
   */
  public List<String> metaChangedSince(Snapshot older) {
    if (meta instanceof EntryIndex<MetaFile> now
        && older.meta instanceof EntryIndex<MetaFile> before) {
      return now.namesChangedFrom(before);
    }
    List<String> changed = new ArrayList<>();
    older.meta.forEach((name, file) -> {
      if (!file.equals(meta.get(name))) {
        changed.add(name);
      }
    });
    return changed;
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
    Map<String, MetaFile> meta = MetaFile.metaOf(f, index);
    return f.build(() -> new Snapshot(specVersion, version, expires, meta, f.unrecognized()));
  }
}
