package org.tuf4j.metadata;

import java.time.Instant;
import java.util.Map;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;

/**
 * The {@code signed} part of a metadata file: one of the four role types (TUF spec §4.3-§4.6),
 * with the fields they all share.
 */
public sealed interface RoleMetadata permits Root, Timestamp, Snapshot, Targets {

  /** {@return the role type, the {@code _type} member} */
  RoleType type();

  /**
   * {@code spec_version}; any 1.x is accepted when parsing.
   *
   * @return the specification version the metadata states
   */
  String specVersion();

  /**
   * {@code version}, at least 1.
   *
   * @return the metadata version
   */
  long version();

  /**
   * {@code expires}, always a whole second in UTC.
   *
   * @return the expiry time
   */
  Instant expires();

  /**
   * Members this version of tuf4j does not know, preserved for hashing and re-serialising.
   *
   * @return the unknown members by name
   */
  Map<String, JsonValue> unrecognizedFields();

  /**
   * The JSON form; its canonical encoding is what signatures cover.
   *
   * @return the {@code signed} value
   */
  JsonObject toJson();
}
