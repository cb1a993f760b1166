package org.tuf4j.metadata;

import java.time.Instant;
import java.util.Objects;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.internal.Dates;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;

/** Reading and checking the members every role type shares (TUF spec §4.3). */
final class CommonFields {
  static final java.util.Set<String> NAMES =
      java.util.Set.of("_type", "spec_version", "version", "expires");

  private CommonFields() {}

  /** Validates the shared members of a role being constructed. */
  static void require(String specVersion, long version, Instant expires) {
    Objects.requireNonNull(specVersion, "specVersion");
    Versions.requireValid(version);
    Dates.require(expires, "expires");
  }

  static void checkType(JsonFields f, RoleType expected)
      throws MalformedMetadataException, WrongRoleTypeException {
    String type = f.string("_type");
    if (!type.equals(expected.typeName())) {
      throw new WrongRoleTypeException(expected.typeName(), type);
    }
  }

  static String specVersion(JsonFields f)
      throws MalformedMetadataException, UnsupportedFeatureException {
    return Versions.checkSpecVersion(f.string("spec_version"), f.child("spec_version"));
  }

  static Instant expires(JsonFields f) throws MalformedMetadataException {
    return f.date("expires");
  }

  static JsonWriter writer(RoleMetadata role) {
    return new JsonWriter(role.unrecognizedFields())
        .put("_type", role.type().typeName())
        .put("spec_version", role.specVersion())
        .put("version", role.version())
        .put("expires", Dates.format(role.expires()));
  }
}
