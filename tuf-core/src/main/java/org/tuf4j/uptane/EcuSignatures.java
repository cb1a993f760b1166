package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.internal.Messages;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Signature;
import org.tuf4j.uptane.EcuSignatureException.Scope;

/**
 * "Is this payload signed by the registered key of this ECU?" under a {@link UptaneProfile}.
 *
 * <p>An ECU has one registered key (#inventory_db), so the threshold is one signature by that
 * key. The key type and scheme come from the registered key, never from the signature. Under
 * {@link UptaneProfile#STANDARD} only the signature listed under the key's TUF key id is
 * considered, and its {@code sig} is hex. Under {@link UptaneProfile#AKTUALIZR} key ids are
 * ignored: every signature (at most {@link UptaneSigned#MAX_SIGNATURES}) is tried against the
 * registered key's material, so what counts is the key value that verified.
 */
final class EcuSignatures {
  private EcuSignatures() {}

  static void verify(List<Signature> signatures, byte[] message, Key key, UptaneProfile profile,
      CryptoBackend backend, String ecuSerial, Scope scope) throws EcuSignatureException {
    SignatureVerifier verifier;
    try {
      verifier = backend.verifier(key.keyType(), key.scheme(),
          key.publicValue().orElseThrow(() -> new MalformedMetadataException(
              MalformedMetadataException.Reason.SCHEMA, "key has no keyval.public string")));
    } catch (UnsupportedFeatureException | MalformedMetadataException e) {
      throw new EcuSignatureException(ecuSerial, scope, "the registered key cannot verify: "
          + e.getMessage());
    }
    String keyId = key.computeKeyId();
    List<String> why = new ArrayList<>();
    boolean dialectSeen = false;
    for (Signature s : signatures) {
      Optional<JsonValue> method = Optional.ofNullable(s.unrecognizedFields().get("method"));
      dialectSeen |= method.isPresent();
      Optional<byte[]> sig;
      if (profile.acceptsDialect() && method.isPresent()) {
        if (!(method.get() instanceof JsonString m)
            || !UptaneProfile.methodsFor(key.scheme()).contains(m.value().toLowerCase(
                java.util.Locale.ROOT))) {
          why.add("signature " + shorten(s.keyId()) + ": method " + (method.get()
              instanceof JsonString m ? "\"" + shorten(m.value()) + "\"" : "(not a string)")
              + " does not fit the registered key's scheme " + key.scheme());
          continue;
        }
        sig = profile.metadataDialect().signatureBytes(s); // hex or base64, by its text
      } else {
        if (!profile.acceptsDialect() && !s.keyId().equals(keyId)) {
          why.add("signature key id " + shorten(s.keyId())
              + " is not the registered key's TUF key id");
          continue;
        }
        sig = s.bytes();
      }
      if (sig.isEmpty()) {
        why.add("signature " + shorten(s.keyId()) + ": sig is not valid "
            + (profile.acceptsDialect() && method.isPresent() ? "hex or base64" : "hex"));
        continue;
      }
      try {
        verifier.verify(message, sig.get());
        return;
      } catch (BadSignatureException e) {
        why.add("signature " + shorten(s.keyId()) + " does not verify");
      }
    }
    String detail = signatures.isEmpty() ? "no signatures" : String.join("; ", why);
    detail = "registered key id " + keyId + "; " + detail;
    if (!profile.acceptsDialect() && dialectSeen) {
      detail += ". The signatures carry a \"method\" member: the aktualizr/ota-tuf dialect "
          + "(base64 sig, key ids not derived from the TUF key object), which only "
          + "UptaneProfile.AKTUALIZR accepts";
    }
    throw new EcuSignatureException(ecuSerial, scope, detail);
  }

  /** Key ids come from the input: at most 80 characters of one go into a message. */
  private static String shorten(String keyId) {
    return Messages.bounded(keyId);
  }
}
