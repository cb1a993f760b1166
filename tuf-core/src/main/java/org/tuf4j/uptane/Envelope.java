package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.metadata.Signature;

/**
 * {@code {"signatures": [...], "signed": {...}}} before its payload is interpreted: what the
 * verifier checks signatures over, so that signatures are checked before the payload is trusted.
 */
record Envelope(List<Signature> signatures, JsonObject signed,
    Map<String, JsonValue> unrecognized) {

  static Envelope fromJson(JsonValue value, String path) throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    List<JsonValue> sigJson = f.array("signatures", UptaneSigned.MAX_SIGNATURES);
    List<Signature> sigs = new ArrayList<>(sigJson.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < sigJson.size(); i++) {
      JsonFields s = JsonFields.of(sigJson.get(i), f.child("signatures") + "[" + i + "]");
      String keyId = s.string("keyid");
      String sig = s.string("sig");
      if (!ids.add(keyId)) {
        throw JsonFields.invalid(s.path(), "signatures lists key id " + keyId + " more than once");
      }
      sigs.add(new Signature(keyId, sig, s.unrecognized()));
    }
    JsonObject signed = f.rawObject("signed");
    return new Envelope(List.copyOf(sigs), signed, f.unrecognized());
  }

  byte[] canonicalSigned() {
    return CanonicalJson.encode(signed);
  }
}
