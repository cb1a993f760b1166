package org.tuf4j.metadata;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;

/**
 * A METAFILES entry of timestamp or snapshot metadata: the version of a metadata file and,
 * optionally, its length and hashes (TUF spec §4.4, §4.6).
 *
 * @param hashes algorithm name to lower-case hex digest; empty when not listed
 */
public record MetaFile(long version, OptionalLong length, Map<String, String> hashes,
    Map<String, JsonValue> unrecognizedFields) {
  private static final Set<String> KNOWN = Set.of("version", "length", "hashes");

  /**
   * Checks the version and the length and copies the hashes.
   *
   * @param version the listed metadata file's version, at least 1
   * @param length its length in bytes, when listed
   * @param hashes algorithm name to lower-case hex digest; empty when not listed
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when the version is below 1 or the length negative
   */
  public MetaFile {
    Versions.requireValid(version);
    length.ifPresent(Hashes::requireValidLength);
    hashes = Hashes.copyOf(hashes, false);
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * Equal when every component is, as for any record; written out because a record's generated
   * {@code equals} is bootstrapped through method handles at its first call, tens of
   * milliseconds of a cold process (the rollback check of §5.5.5 compares entries).
   *
   * @param o the other object
   * @return whether it is an equal entry
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof MetaFile m && version == m.version && length.equals(m.length)
        && hashes.equals(m.hashes) && unrecognizedFields.equals(m.unrecognizedFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, length, hashes, unrecognizedFields);
  }

  /**
   * An entry with a version only: no length and no hashes, as tuf4j writes by default.
   *
   * @param version the metadata file's version
   * @return the entry
   */
  public static MetaFile of(long version) {
    return new MetaFile(version, OptionalLong.empty(), Map.of(), Map.of());
  }

  /**
   * The METAFILES entry as written in timestamp and snapshot metadata (TUF spec §4.4, §4.6).
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    JsonWriter w = new JsonWriter(unrecognizedFields).put("version", version);
    length.ifPresent(l -> w.put("length", l));
    if (!hashes.isEmpty()) {
      w.put("hashes", Hashes.toJson(hashes));
    }
    return w.build();
  }

  /**
   * The {@code meta} member of snapshot or timestamp metadata: the parser's index of it, its
   * unusual entries checked, or else read from the tree.
   *
   * @param index the member, when the parser indexed it instead of a tree
   */
  static Map<String, MetaFile> metaOf(JsonFields f, EntryIndex<MetaFile> index)
      throws MalformedMetadataException {
    if (index != null) {
      index.validateUnusualEntries();
      return index;
    }
    return f.map("meta", (name, v, path) -> fromJson(v, path));
  }

  static MetaFile fromJson(JsonValue value, String path) throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    long version = f.integer("version");
    OptionalLong length = f.has("length") ? OptionalLong.of(f.integer("length"))
        : OptionalLong.empty();
    Map<String, String> hashes = f.has("hashes") ? Hashes.fromJson(f, "hashes") : Map.of();
    if (f.has("hashes") && hashes.isEmpty()) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
          f.child("hashes") + ": must list at least one hash when present");
    }
    return f.build(() -> new MetaFile(version, length, hashes, f.unrecognized()));
  }
}
