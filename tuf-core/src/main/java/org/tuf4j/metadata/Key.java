package org.tuf4j.metadata;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;
import org.tuf4j.internal.Sha256;

/**
 * A public key object: {@code keytype}, {@code scheme}, {@code keyval} (TUF spec §4.2 "Key
 * objects"). The key type and scheme that verification uses always come from here, the trusted
 * delegator's key, never from a signature.
 *
 * @param keyType for example {@code ed25519}, {@code ecdsa}, {@code rsa}
 * @param scheme for example {@code ed25519}, {@code ecdsa-sha2-nistp256}, {@code rsassa-pss-sha256}
 * @param keyVal the {@code keyval} object, normally just {@code public}
 * @param unrecognizedFields other members (such as {@code keyid_hash_algorithms}), preserved
 */
public record Key(String keyType, String scheme, Map<String, JsonValue> keyVal,
    Map<String, JsonValue> unrecognizedFields) {

  private static final Set<String> KNOWN = Set.of("keytype", "scheme", "keyval");

  /**
   * Checks that the key type and scheme are present and copies the members.
   *
   * @param keyType for example {@code ed25519}, {@code ecdsa}, {@code rsa}
   * @param scheme for example {@code ed25519}, {@code ecdsa-sha2-nistp256}, {@code
   *     rsassa-pss-sha256}
   * @param keyVal the {@code keyval} object, normally just {@code public}
   * @param unrecognizedFields other members, preserved
   */
  public Key {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(scheme, "scheme");
    keyVal = new JsonObject(keyVal).members();
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * A key with just {@code keyval.public}, as tuf4j writes new keys.
   *
   * @param keyType the {@code keytype}
   * @param scheme the {@code scheme}
   * @param publicValue the {@code keyval.public} value (hex or PEM, as the scheme expects)
   * @return the key object
   */
  public static Key of(String keyType, String scheme, String publicValue) {
    return new Key(keyType, scheme, Map.of("public", new JsonString(publicValue)), Map.of());
  }

  /**
   * {@code keyval.public}, when it is a string.
   *
   * @return the public value, or empty when {@code keyval.public} is absent or not a string
   */
  public Optional<String> publicValue() {
    return keyVal.get("public") instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
  }

  /**
   * The key id the spec defines: hex SHA-256 of this key object's canonical JSON (§4.2). Real
   * repositories (python-tuf's PEM keys, Sigstore) list keys under other ids; see {@link
   * Root#keys()} for how tuf4j treats that.
   *
   * @return the key id, 64 lower-case hex characters
   */
  public String computeKeyId() {
    return Sha256.hex(CanonicalJson.encode(toJson()));
  }

  /**
   * The key object as written in metadata (TUF spec §4.2), unrecognized members included.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    return new JsonWriter(unrecognizedFields)
        .put("keytype", keyType)
        .put("scheme", scheme)
        .put("keyval", new JsonObject(keyVal))
        .build();
  }

  static Key fromJson(JsonValue value, String path) throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    String keyType = f.string("keytype");
    String scheme = f.string("scheme");
    JsonValue keyVal = f.value("keyval");
    if (!(keyVal instanceof JsonObject kv)) {
      throw JsonFields.schema(f.child("keyval"), "an object");
    }
    return new Key(keyType, scheme, kv.members(), f.unrecognized());
  }

  /** Reads a {@code keys} object: key id to key. */
  static Map<String, Key> keysFromJson(JsonFields parent, String member)
      throws MalformedMetadataException {
    return parent.map(member, (keyId, v, path) -> fromJson(v, path));
  }

  static JsonObject keysToJson(Map<String, Key> keys) {
    java.util.Map<String, JsonValue> out = new java.util.LinkedHashMap<>();
    keys.forEach((id, key) -> out.put(id, key.toJson()));
    return new JsonObject(out);
  }
}
