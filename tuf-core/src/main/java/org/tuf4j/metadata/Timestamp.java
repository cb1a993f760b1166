package org.tuf4j.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TufException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.ModelChecks;

/**
 * Timestamp metadata (TUF spec §4.6): the version (and optionally length and hashes) of the
 * current snapshot metadata, listed as {@code meta["snapshot.json"]} and nothing else.
 */
public record Timestamp(String specVersion, long version, Instant expires, MetaFile snapshotMeta,
    Map<String, JsonValue> unrecognizedFields) implements RoleMetadata {

  static final String SNAPSHOT_JSON = "snapshot.json";
  private static final Set<String> KNOWN = Root.union(CommonFields.NAMES, Set.of("meta"));

  /**
   * Checks the common members and that the snapshot entry is present.
   *
   * @param specVersion {@code spec_version}
   * @param version {@code version}, at least 1
   * @param expires {@code expires}
   * @param snapshotMeta the {@code snapshot.json} entry of {@code meta}
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when a common member is invalid
   */
  public Timestamp {
    CommonFields.require(specVersion, version, expires);
    Objects.requireNonNull(snapshotMeta, "snapshotMeta");
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  @Override
  public RoleType type() {
    return RoleType.TIMESTAMP;
  }

  @Override
  public JsonObject toJson() {
    return CommonFields.writer(this)
        .put("meta", new JsonObject(Map.of(SNAPSHOT_JSON, snapshotMeta.toJson()))).build();
  }

  static Timestamp fromJson(JsonFields f) throws TufException {
    return fromJson(f, null);
  }

  /** @param index the {@code meta} member, when the parser indexed it instead of a tree */
  static Timestamp fromJson(JsonFields f, EntryIndex<MetaFile> index) throws TufException {
    CommonFields.checkType(f, RoleType.TIMESTAMP);
    String specVersion = CommonFields.specVersion(f);
    long version = f.integer("version");
    Instant expires = CommonFields.expires(f);
    Map<String, MetaFile> meta = MetaFile.metaOf(f, index);
    if (meta.size() != 1 || !meta.containsKey(SNAPSHOT_JSON)) {
      throw new MalformedMetadataException(Reason.INVALID_VALUE, f.child("meta")
          + ": must list exactly \"snapshot.json\", lists " + meta.keySet());
    }
    return f.build(() -> new Timestamp(specVersion, version, expires, meta.get(SNAPSHOT_JSON),
        f.unrecognized()));
  }
}
