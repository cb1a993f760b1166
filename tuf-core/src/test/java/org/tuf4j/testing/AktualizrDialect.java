package org.tuf4j.testing;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Timestamp;

/**
 * Writes metadata in the form ota-tuf based Uptane servers publish (what {@link
 * org.tuf4j.metadata.MetadataDialect#AKTUALIZR} reads), for tests: {@code _type} capitalised, no
 * {@code spec_version}, key objects with an ota-tuf {@code keytype} and no {@code scheme}, and
 * signatures {@code {"keyid", "method", "sig"}} with a base64 {@code sig} over that dialect
 * {@code signed} as ota-tuf serialises it ({@link CanonicalJson#encodeEscapingControls}). Key
 * ids stay as the model lists them, so they are not the TUF key ids of the dialect key objects,
 * as in the deployed form.
 */
public final class AktualizrDialect {
  private static final Map<String, String> KEY_TYPES = Map.of("ed25519", "ED25519", "rsa", "RSA",
      "ecdsa", "ECPRIME256V1");
  private static final Map<String, String> METHODS = Map.of("ed25519", "ed25519",
      "rsassa-pss-sha256", "rsassa-pss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256");

  private AktualizrDialect() {}

  /** The dialect form of {@code metadata}'s {@code signed} object. */
  public static JsonObject signedJson(RoleMetadata metadata) {
    Map<String, JsonValue> m = new LinkedHashMap<>(metadata.toJson().members());
    String type = metadata.type().typeName();
    m.put("_type", new JsonString(Character.toUpperCase(type.charAt(0)) + type.substring(1)));
    m.remove("spec_version");
    m.computeIfPresent("keys", (k, v) -> dialectKeys(v));
    if (m.get("delegations") instanceof JsonObject d && d.has("keys")) {
      Map<String, JsonValue> dm = new LinkedHashMap<>(d.members());
      dm.computeIfPresent("keys", (k, v) -> dialectKeys(v));
      m.put("delegations", new JsonObject(dm));
    }
    return new JsonObject(m);
  }

  /** A whole dialect file: {@code signed} signed by each signer under its key id. */
  public static byte[] write(RoleMetadata metadata, Map<String, Signer> signersByKeyId) {
    return write(signedJson(metadata), signersByKeyId);
  }

  /** A whole dialect file around an arbitrary {@code signed} object. */
  public static byte[] write(JsonObject signed, Map<String, Signer> signersByKeyId) {
    byte[] message = CanonicalJson.encodeEscapingControls(signed);
    List<JsonValue> sigs = new ArrayList<>();
    signersByKeyId.forEach((id, s) -> {
      Map<String, JsonValue> sig = new LinkedHashMap<>();
      sig.put("keyid", new JsonString(id));
      sig.put("method", new JsonString(METHODS.get(s.scheme())));
      try {
        sig.put("sig", new JsonString(Base64.getEncoder().encodeToString(s.sign(message))));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      sigs.add(new JsonObject(sig));
    });
    return CanonicalJson.encode(new JsonObject(Map.of("signatures", new JsonArray(sigs),
        "signed", signed)));
  }

  /**
   * Every metadata file {@code sim} serves, rewritten in the dialect and re-signed with the
   * simulator's signers under the same key ids; every other file unchanged. The simulator must
   * not list metadata lengths and hashes (its default), which the rewrite would invalidate.
   */
  public static Map<String, byte[]> files(RepositorySimulator sim) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    sim.files().forEach((path, bytes) -> {
      if (!path.startsWith("metadata/")) {
        out.put(path, bytes);
        return;
      }
      try {
        Signed<RoleMetadata> s = Signed.parseAny(bytes);
        if (s.signed() instanceof Timestamp t && !t.snapshotMeta().hashes().isEmpty()) {
          throw new IllegalArgumentException("snapshot hashes would not match the rewrite");
        }
        Map<String, Signer> signers = new LinkedHashMap<>();
        for (Signature sig : s.signatures()) {
          signers.put(sig.keyId(), sim.signer(sig.keyId()).orElseThrow(() ->
              new NoSuchElementException("no signer for key " + sig.keyId())));
        }
        out.put(path, write(s.signed(), signers));
      } catch (TufException e) {
        out.put(path, bytes); // not metadata the simulator signed: served as it is
      }
    });
    return out;
  }

  /**
   * A dialect root file as an ota-tuf Director writes it: roles {@code root} and {@code targets}
   * only, with only their keys, re-signed by {@code rootSigners}.
   */
  public static byte[] directorRoot(byte[] dialectRoot, Map<String, Signer> rootSigners) {
    try {
      JsonObject file = (JsonObject) CanonicalJson.parse(dialectRoot);
      JsonObject signed = (JsonObject) file.get("signed");
      Map<String, JsonValue> roles = new LinkedHashMap<>(((JsonObject) signed.get("roles"))
          .members());
      roles.keySet().retainAll(List.of("root", "targets"));
      java.util.Set<String> used = new java.util.HashSet<>();
      roles.values().forEach(r -> ((JsonArray) ((JsonObject) r).get("keyids")).elements()
          .forEach(id -> used.add(((JsonString) id).value())));
      Map<String, JsonValue> keys = new LinkedHashMap<>(((JsonObject) signed.get("keys"))
          .members());
      keys.keySet().retainAll(used);
      Map<String, JsonValue> m = new LinkedHashMap<>(signed.members());
      m.put("roles", new JsonObject(roles));
      m.put("keys", new JsonObject(keys));
      return write(new JsonObject(m), rootSigners);
    } catch (TufException e) {
      throw new IllegalArgumentException("not a dialect root file", e);
    }
  }

  private static JsonValue dialectKeys(JsonValue keys) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    ((JsonObject) keys).members().forEach((id, key) -> {
      Map<String, JsonValue> k = new LinkedHashMap<>(((JsonObject) key).members());
      String type = ((JsonString) k.get("keytype")).value();
      k.put("keytype", new JsonString(KEY_TYPES.getOrDefault(type, type)));
      k.remove("scheme");
      out.put(id, new JsonObject(k));
    });
    return new JsonObject(out);
  }
}
