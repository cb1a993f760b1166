package org.tuf4j.uptane;

import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.crypto.PublicKeys;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.metadata.Key;

/**
 * ECU public keys as the Director's inventory records them (Uptane Standard #inventory_db, "an
 * ECU key"; #common_metadata, "public key identifier"): TUF key objects (TUF spec §4.2) and,
 * under {@link UptaneProfile#AKTUALIZR}, the ota-tuf form.
 */
public final class UptaneKeys {
  private UptaneKeys() {}

  /**
   * The public key object of {@code signer}'s key, as {@link UptaneSigned#sign} names it.
   *
   * @param signer the ECU key's signer
   * @return the key object
   */
  public static Key publicKeyOf(Signer signer) {
    return Key.of(signer.keyType(), signer.scheme(), signer.publicValue());
  }

  /**
   * Reads an ECU public key object. Under {@link UptaneProfile#STANDARD}: a TUF key object
   * {@code {"keytype", "scheme", "keyval": {"public"}}}. Under {@link UptaneProfile#AKTUALIZR}
   * also the ota-tuf form {@code {"keytype": "RSA" | "ED25519" | "ECPRIME256V1", "keyval":
   * {"public": ...}}}, normalised to the TUF key type and scheme (rsa / rsassa-pss-sha256,
   * ed25519 / ed25519, ecdsa / ecdsa-sha2-nistp256). The key must decode.
   *
   * @param keyObject the key object as read
   * @param profile which forms to accept
   * @return the key, in TUF form
   * @throws MalformedMetadataException for a malformed object or a public value that does not
   *     decode
   * @throws UnsupportedFeatureException for a key type or scheme tuf4j does not implement
   */
  public static Key parse(JsonValue keyObject, UptaneProfile profile)
      throws MalformedMetadataException, UnsupportedFeatureException {
    JsonValue standard = profile.metadataDialect().standardKey(keyObject);
    JsonFields f = JsonFields.of(standard, "key");
    String keyType = f.string("keytype");
    if (profile.acceptsDialect() && !f.has("scheme")) {
      throw new UnsupportedFeatureException("unsupported ota-tuf key type " + keyType);
    }
    String scheme = f.string("scheme");
    JsonObject keyVal = f.rawObject("keyval");
    JsonValue pub = keyVal.get("public");
    if (pub == null) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.SCHEMA,
          "key.keyval.public: required member is missing");
    }
    String publicValue = JsonFields.asString(pub, "key.keyval.public");
    PublicKeys.parse(keyType, scheme, publicValue);
    return new Key(keyType, scheme, keyVal.members(), f.unrecognized());
  }
}
