package org.tuf4j.metadata;

import java.util.HexFormat;
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

/**
 * One entry of a metadata file's {@code signatures}: a key id and a hex-encoded signature over
 * the canonical form of {@code signed} (TUF spec §4.2 "Object format"). The hex text is kept as
 * received so re-serialising is exact.
 */
public record Signature(String keyId, String sig, Map<String, JsonValue> unrecognizedFields) {
  private static final Set<String> KNOWN = Set.of("keyid", "sig");

  /**
   * Checks that the key id and the signature are present.
   *
   * @param keyId the id of the key that made the signature
   * @param sig the signature as hex, as written
   * @param unrecognizedFields other members, preserved
   */
  public Signature {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(sig, "sig");
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * A signature object for {@code signature} made by key {@code keyId}.
   *
   * @param keyId the id of the signing key
   * @param signature the signature bytes, written as lower-case hex
   * @return the signature object
   */
  public static Signature of(String keyId, byte[] signature) {
    return new Signature(keyId, HexFormat.of().formatHex(signature), Map.of());
  }

  /**
   * The signature bytes, or empty when {@code sig} is not valid hex (such a signature fails).
   *
   * @return a copy of the decoded bytes, or empty
   */
  public Optional<byte[]> bytes() {
    if (sig.length() % 2 != 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(HexFormat.of().parseHex(sig));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The signature object as written in {@code signatures} (TUF spec §4.2), unrecognized members
   * included.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    return new JsonWriter(unrecognizedFields).put("keyid", keyId).put("sig", sig).build();
  }

  static Signature fromJson(JsonValue value, String path) throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    return new Signature(f.string("keyid"), f.string("sig"), f.unrecognized());
  }
}
