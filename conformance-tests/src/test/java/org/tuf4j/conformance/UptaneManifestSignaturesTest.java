package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuf4j.BadSignatureException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.Fixtures;

/**
 * Real aktualizr vehicle version manifests (fixtures/uptane-device-manifests): their
 * RSASSA-PSS signatures (base64, aktualizr dialect) verify over tuf4j's canonical JSON of
 * {@code signed}, as python verified them. The typed Uptane reader comes with the Uptane issue;
 * this checks the foundation it needs: canonical bytes and the RSA-PSS verifier.
 */
class UptaneManifestSignaturesTest {

  @Test
  void everyManifestAndEcuReportSignatureVerifiesWithTheEcuKey() throws Exception {
    int verified = 0;
    for (String generation : List.of("v1", "v2", "v3")) {
      String pem = Files.readString(Fixtures.path("uptane-device-manifests/" + generation
          + "/rsa-key.pem"));
      JsonObject manifest = (JsonObject) CanonicalJson.parse(Fixtures.read(
          "uptane-device-manifests/" + generation + "/manifest.json"));
      for (CryptoBackend backend : List.of(CryptoBackends.jdk(), CryptoBackends.bouncyCastle())) {
        SignatureVerifier verifier = backend.verifier("rsa", "rsassa-pss-sha256", pem);
        for (JsonObject envelope : signedEnvelopes(manifest)) {
          byte[] message = CanonicalJson.encode(envelope.get("signed"));
          for (JsonValue sig : ((JsonArray) envelope.get("signatures")).elements()) {
            JsonObject s = (JsonObject) sig;
            assertEquals("rsassa-pss", ((JsonString) s.get("method")).value());
            byte[] signature = Base64.getDecoder().decode(((JsonString) s.get("sig")).value());
            verifier.verify(message, signature);
            verified++;
            byte[] tampered = message.clone();
            tampered[tampered.length / 2] ^= 1;
            assertThrows(BadSignatureException.class, () -> verifier.verify(tampered, signature));
          }
        }
      }
    }
    // Each generation: the manifest and its one ECU report (v1's report, in a list, is not in
    // expected.json but verifies too); two backends.
    assertEquals(2 * 6, verified);
  }

  /** The manifest itself and every ECU version report inside it. */
  private static List<JsonObject> signedEnvelopes(JsonObject manifest) {
    List<JsonObject> out = new ArrayList<>();
    out.add(manifest);
    JsonObject signed = (JsonObject) manifest.get("signed");
    if (signed.get("ecu_version_manifest") instanceof JsonArray list) { // v1: a list
      list.elements().forEach(e -> out.add((JsonObject) e));
    }
    if (signed.get("ecu_version_manifests") instanceof JsonObject many) {
      for (Map.Entry<String, JsonValue> e : many.members().entrySet()) {
        out.add((JsonObject) e.getValue());
      }
    }
    return out;
  }
}
