package org.tuf4j.metadata;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * Which written form of metadata a reader accepts (TUF spec §4 "Document formats", and the
 * form deployed Uptane servers write). Passed explicitly in {@link ParseOptions} to {@link
 * Signed#parse(byte[], Class, ParseOptions)}, to the client's trusted set and to its {@code
 * Updater}; there is no global setting. Writers always write {@link #STANDARD}.
 *
 * <p>A dialect changes how the members of a file are <em>read</em>, never which bytes the
 * signatures must cover: those stay the canonical JSON of {@code signed} exactly as received
 * (§4.2). The key type and scheme that verify a signature still come from the trusted
 * delegator's key object, never from the signature.
 */
public enum MetadataDialect {
  /** The default: TUF spec §4 exactly as written. */
  STANDARD,

  /**
   * Opt-in: additionally reads the form that ota-tuf based Uptane servers (Director and Image
   * repository) write and aktualizr clients read.
   *
   * <ul>
   *   <li>{@code _type} is capitalised ({@code "Root"}, {@code "Targets"}, {@code "Snapshot"},
   *       {@code "Timestamp"}); it is read as the lower-case role type.
   *   <li>{@code spec_version} may be absent; it is then read as {@code "1.0"}.
   *   <li>Key objects (root {@code keys}, delegation {@code keys}) may have no {@code scheme}
   *       and an ota-tuf key type: {@code RSA}, {@code ED25519}, {@code ECPRIME256V1}, read as
   *       {@code rsa} / {@code rsassa-pss-sha256}, {@code ed25519} / {@code ed25519}, {@code
   *       ecdsa} / {@code ecdsa-sha2-nistp256}.
   *   <li>Signatures with a {@code method} member carry a base64 {@code sig}, read as the same
   *       bytes. The method must be one the dialect writes ({@code rsassa-pss}, {@code
   *       rsassa-pss-sha256}, {@code ed25519}, {@code ecdsa-sha2-nistp256}); a signature with
   *       another method, or whose {@code sig} is not base64, does not count. The method never
   *       selects the algorithm.
   *   <li>Key ids are not the TUF hash of the key object. tuf4j never requires that they are:
   *       thresholds count distinct key material (see {@link Root}).
   * </ul>
   *
   * A file is in this form when its {@code _type} is capitalised, as ota-tuf always writes it;
   * its signatures then cover {@code signed} as ota-tuf serialises it: sorted members, no
   * whitespace, and control characters in strings (the line breaks of PEM keys) written as JSON
   * escapes ({@link CanonicalJson#encodeEscapingControls}), where canonical JSON writes them raw.
   * A file in the standard form reads exactly as under {@link #STANDARD}. The model of a dialect
   * file is the standard reading of it, so re-serialising the model gives the standard form,
   * which the file's signatures do not cover; keep the received bytes.
   */
  AKTUALIZR;

  private static final Map<String, String> TYPE_NAMES = Map.of("Root", "root", "Targets",
      "targets", "Snapshot", "snapshot", "Timestamp", "timestamp");
  private static final Map<String, String[]> OTA_TUF_KEY_TYPES = Map.of(
      "RSA", new String[] {"rsa", "rsassa-pss-sha256"},
      "ED25519", new String[] {"ed25519", "ed25519"},
      "ECPRIME256V1", new String[] {"ecdsa", "ecdsa-sha2-nistp256"});
  private static final Set<String> METHODS = Set.of("rsassa-pss", "rsassa-pss-sha256", "ed25519",
      "ecdsa-sha2-nistp256");
  private static final String DEFAULT_SPEC_VERSION = "1.0";
  private static final String UNUSABLE_SIG = "-";

  /**
   * The standard form of one public key object (§4.2 "Key objects") under this dialect: under
   * {@link #AKTUALIZR}, an object without {@code scheme} whose {@code keytype} is an ota-tuf key
   * type gets the TUF key type and scheme; every other value is returned unchanged (and is then
   * read, or refused, as standard metadata).
   *
   * @param key a key object as read from the metadata
   * @return the key in standard form, or {@code key} itself
   */
  public JsonValue standardKey(JsonValue key) {
    if (this == STANDARD || !(key instanceof JsonObject o) || o.has("scheme")
        || !(o.get("keytype") instanceof JsonString type)
        || !OTA_TUF_KEY_TYPES.containsKey(type.value())) {
      return key;
    }
    String[] standard = OTA_TUF_KEY_TYPES.get(type.value());
    Map<String, JsonValue> members = new LinkedHashMap<>(o.members());
    members.put("keytype", new JsonString(standard[0]));
    members.put("scheme", new JsonString(standard[1]));
    return new JsonObject(members);
  }

  /**
   * Whether a file whose {@code signed} has these members is in this dialect's own form rather
   * than the standard one: under {@link #AKTUALIZR}, when its {@code _type} is capitalised, as
   * ota-tuf always writes it.
   */
  boolean writtenIn(JsonObject signed) {
    return this == AKTUALIZR && signed.get("_type") instanceof JsonString type
        && TYPE_NAMES.containsKey(type.value());
  }

  /** The bytes the signatures of a file in this dialect's own form cover. */
  byte[] signedBytes(JsonValue signed) {
    return this == AKTUALIZR ? CanonicalJson.encodeEscapingControls(signed)
        : CanonicalJson.encode(signed);
  }

  /** The members of {@code signed} as the standard form names them (see {@link #AKTUALIZR}). */
  JsonObject standardSigned(JsonObject signed) {
    if (!writtenIn(signed)) {
      return signed;
    }
    Map<String, JsonValue> members = new LinkedHashMap<>(signed.members());
    members.put("_type", new JsonString(TYPE_NAMES.get(((JsonString) signed.get("_type"))
        .value())));
    members.putIfAbsent("spec_version", new JsonString(DEFAULT_SPEC_VERSION));
    members.computeIfPresent("keys", (name, keys) -> standardKeys(keys));
    if (signed.get("delegations") instanceof JsonObject delegations
        && delegations.has("keys")) {
      Map<String, JsonValue> d = new LinkedHashMap<>(delegations.members());
      d.computeIfPresent("keys", (name, keys) -> standardKeys(keys));
      members.put("delegations", new JsonObject(d));
    }
    return new JsonObject(members);
  }

  private JsonValue standardKeys(JsonValue keys) {
    if (!(keys instanceof JsonObject o)) {
      return keys; // malformed: the model reader says so
    }
    Map<String, JsonValue> out = new LinkedHashMap<>();
    o.members().forEach((id, key) -> out.put(id, standardKey(key)));
    return new JsonObject(out);
  }

  /** Reads one {@code signatures} entry; under {@link #AKTUALIZR} a base64 one becomes hex. */
  Signature signature(JsonValue value, String path) throws MalformedMetadataException {
    Signature s = Signature.fromJson(value, path);
    if (this == STANDARD || !s.unrecognizedFields().containsKey("method")) {
      return s;
    }
    if (!(s.unrecognizedFields().get("method") instanceof JsonString method)
        || !METHODS.contains(method.value())) {
      return unusable(s);
    }
    try {
      byte[] sig = Base64.getDecoder().decode(s.sig());
      return new Signature(s.keyId(), HexFormat.of().formatHex(sig), s.unrecognizedFields());
    } catch (IllegalArgumentException notBase64) {
      return unusable(s);
    }
  }

  /** A signature that cannot count: its {@code sig} is not hex ({@link Signature#bytes()}). */
  private static Signature unusable(Signature s) {
    return new Signature(s.keyId(), UNUSABLE_SIG, s.unrecognizedFields());
  }
}
