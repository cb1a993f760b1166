package org.tuf4j.metadata;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonNumber;
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
   * Opt-in: additionally reads the forms deployed Uptane stacks write: ota-tuf based servers
   * (Director and Image repository, read by aktualizr clients) and the uptane/uptane reference
   * implementation (TUF 0.10 metadata). Each rule below is the one aktualizr applies when it
   * reads metadata ({@code uptane/root.cc}, {@code uptane/tuf.cc}, {@code crypto/crypto.cc}).
   *
   * <ul>
   *   <li>{@code _type} is capitalised ({@code "Root"}, {@code "Targets"}, {@code "Snapshot"},
   *       {@code "Timestamp"}); it is read as the lower-case role type.
   *   <li>{@code spec_version} may be absent; it is then read as {@code "1.0"}.
   *   <li>Key objects (root {@code keys}, delegation {@code keys}) may carry their key type in
   *       any case, as aktualizr lower-cases it ({@code RSA}/{@code rsa}, {@code ED25519}/{@code
   *       ed25519}, {@code ECPRIME256V1}), with or without {@code scheme}: read as {@code rsa},
   *       {@code ed25519}, {@code ecdsa}; a missing scheme as {@code rsassa-pss-sha256}, {@code
   *       ed25519}, {@code ecdsa-sha2-nistp256}. A scheme that is present is kept.
   *   <li>Signatures with a {@code method} member ({@code rsassa-pss}, {@code
   *       rsassa-pss-sha256}, {@code ed25519}, {@code ecdsa-sha2-nistp256}, in any case) carry
   *       their {@code sig} in hex (the reference implementation) or base64 (ota-tuf). Which one
   *       is decided from the text and the method alone, never by trying a verification: a
   *       {@code sig} of hex digits only (for {@code ed25519}, exactly 128 of them) is hex,
   *       anything else base64. Base64 of a real signature is never hex digits only: ed25519 and
   *       RSA-2048/4096 base64 ends in {@code =}, and for the unpadded lengths (RSA-3072,
   *       some ECDSA) the chance is below 2<sup>-190</sup>; a misread signature simply does not
   *       count. Another method, or a {@code sig} that is neither, does not count. The method
   *       never selects the algorithm.
   *   <li>A root that lists no {@code snapshot} or {@code timestamp} role (an ota-tuf Director's
   *       root lists {@code root} and {@code targets} only) is read as giving that role no keys:
   *       nothing can ever be verified for it.
   *   <li>Digests in {@code hashes} (targets entries, snapshot and timestamp {@code meta}) may be
   *       upper-case hex, as aktualizr's repository generator writes them and as aktualizr
   *       compares them (case-insensitively); they are read as the same digests in lower case.
   *   <li>Key ids are not the TUF hash of the key object. tuf4j never requires that they are:
   *       thresholds count distinct key material (see {@link Root}).
   * </ul>
   *
   * Version numbers are not relaxed: targets metadata with {@code version} 0 is refused as in
   * {@link #STANDARD} (TUF spec §4.2, "version ... an integer greater than 0").
   *
   * <p>What signatures cover. A file whose {@code _type} is capitalised and whose signatures
   * include a base64 one is ota-tuf's: its signatures cover {@code signed} as ota-tuf serialises
   * it: sorted members, no whitespace, and control characters in strings (the line breaks of PEM
   * keys) written as JSON escapes ({@link CanonicalJson#encodeEscapingControls}), where canonical
   * JSON writes them raw. Every other file (the reference implementation's hex signatures, and
   * standard-form files) is signed over the canonical JSON of {@code signed}, as in {@link
   * #STANDARD}. A file in the standard form with none of the forms above reads exactly as under
   * {@link #STANDARD}. The model of a dialect file is the standard reading of it, so
   * re-serialising the model gives the standard form, which the file's signatures do not cover;
   * keep the received bytes.
   */
  AKTUALIZR;

  private static final Map<String, String> TYPE_NAMES = Map.of("Root", "root", "Targets",
      "targets", "Snapshot", "snapshot", "Timestamp", "timestamp");
  /** Key type, lower-cased as aktualizr compares it, to the TUF key type and default scheme. */
  private static final Map<String, String[]> KEY_TYPES = Map.of(
      "rsa", new String[] {"rsa", "rsassa-pss-sha256"},
      "ed25519", new String[] {"ed25519", "ed25519"},
      "ecprime256v1", new String[] {"ecdsa", "ecdsa-sha2-nistp256"});
  private static final Set<String> METHODS = Set.of("rsassa-pss", "rsassa-pss-sha256", "ed25519",
      "ecdsa-sha2-nistp256");
  private static final int ED25519_HEX = 128;
  private static final String DEFAULT_SPEC_VERSION = "1.0";
  private static final String UNUSABLE_SIG = "-";
  private static final String METHOD = "method";
  /** The roles an ota-tuf Director's root may leave out. */
  private static final List<String> OPTIONAL_ROLES = List.of("snapshot", "timestamp");

  /**
   * The standard form of one public key object (§4.2 "Key objects") under this dialect: under
   * {@link #AKTUALIZR}, an object whose {@code keytype} is, in any case, {@code rsa}, {@code
   * ed25519} or {@code ecprime256v1} gets the TUF key type, and the default scheme when it has
   * none; every other value is returned unchanged (and is then read, or refused, as standard
   * metadata).
   *
   * @param key a key object as read from the metadata
   * @return the key in standard form, or {@code key} itself
   */
  public JsonValue standardKey(JsonValue key) {
    if (this == STANDARD || !(key instanceof JsonObject o)
        || !(o.get("keytype") instanceof JsonString type)) {
      return key;
    }
    String[] standard = KEY_TYPES.get(type.value().toLowerCase(Locale.ROOT));
    if (standard == null) {
      return key;
    }
    Map<String, JsonValue> members = new LinkedHashMap<>(o.members());
    members.put("keytype", new JsonString(standard[0]));
    members.putIfAbsent("scheme", new JsonString(standard[1]));
    JsonObject out = new JsonObject(members);
    return out.equals(o) ? key : out;
  }

  /**
   * The bytes of a signature under this dialect: under {@link #AKTUALIZR}, a signature with a
   * {@code method} member is read as hex or base64 by the rule of {@link #AKTUALIZR} (its text
   * and its method, never a trial verification); every other signature as hex ({@link
   * Signature#bytes()}).
   *
   * @param signature a signature as read, its {@code method} among its unrecognized members
   * @return the signature bytes, or empty when the method is not one the dialect writes or the
   *     text is neither hex nor base64
   */
  public Optional<byte[]> signatureBytes(Signature signature) {
    JsonValue method = signature.unrecognizedFields().get(METHOD);
    if (this == STANDARD || method == null) {
      return signature.bytes();
    }
    if (!(method instanceof JsonString m) || !METHODS.contains(m.value().toLowerCase(
        Locale.ROOT))) {
      return Optional.empty();
    }
    return decode(m.value().toLowerCase(Locale.ROOT), signature.sig());
  }

  /** A {@code sig} written by the reference implementation (hex) or by ota-tuf (base64). */
  private static Optional<byte[]> decode(String method, String sig) {
    if (isHexSignature(method, sig)) {
      return Optional.of(HexFormat.of().parseHex(sig));
    }
    try {
      return Optional.of(Base64.getDecoder().decode(sig));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  private static boolean isHexSignature(String method, String sig) {
    if (sig.isEmpty() || sig.length() % 2 != 0
        || method.equals("ed25519") && sig.length() != ED25519_HEX) {
      return false;
    }
    return isHexDigits(sig);
  }

  /**
   * Whether a file whose {@code signed} has these members is in this dialect's own form rather
   * than the standard one: under {@link #AKTUALIZR}, when its {@code _type} is capitalised, as
   * ota-tuf and the reference implementation write it.
   */
  boolean writtenIn(JsonObject signed) {
    return this == AKTUALIZR && signed.get("_type") instanceof JsonString type
        && TYPE_NAMES.containsKey(type.value());
  }

  /**
   * Whether the signatures of a file with these members and these {@code signatures} entries
   * cover ota-tuf's serialisation ({@link #signedBytes}) rather than canonical JSON: the file is
   * in the dialect's form and one of its signatures is base64, as only ota-tuf writes them.
   */
  boolean signsOtaTufForm(JsonObject signed, List<JsonValue> signatures) {
    if (!writtenIn(signed)) {
      return false;
    }
    for (JsonValue v : signatures) {
      if (v instanceof JsonObject o && o.get(METHOD) instanceof JsonString m
          && o.get("sig") instanceof JsonString sig
          && !isHexSignature(m.value().toLowerCase(Locale.ROOT), sig.value())) {
        return true;
      }
    }
    return false;
  }

  /** The bytes ota-tuf's signatures cover. */
  byte[] signedBytes(JsonValue signed) {
    return this == AKTUALIZR ? CanonicalJson.encodeEscapingControls(signed)
        : CanonicalJson.encode(signed);
  }

  /** The members of {@code signed} as the standard form names them (see {@link #AKTUALIZR}). */
  JsonObject standardSigned(JsonObject signed) {
    if (this == STANDARD) {
      return signed;
    }
    Map<String, JsonValue> members = new LinkedHashMap<>(signed.members());
    if (writtenIn(signed)) {
      members.put("_type", new JsonString(TYPE_NAMES.get(((JsonString) signed.get("_type"))
          .value())));
      members.putIfAbsent("spec_version", new JsonString(DEFAULT_SPEC_VERSION));
    }
    members.computeIfPresent("keys", (name, keys) -> standardKeys(keys));
    if (signed.get("delegations") instanceof JsonObject delegations
        && delegations.has("keys")) {
      Map<String, JsonValue> d = new LinkedHashMap<>(delegations.members());
      d.computeIfPresent("keys", (name, keys) -> standardKeys(keys));
      members.put("delegations", new JsonObject(d));
    }
    if (new JsonString("root").equals(members.get("_type"))) {
      members.computeIfPresent("roles", (name, roles) -> withOptionalRoles(roles));
    }
    members.computeIfPresent("meta", (name, meta) -> lowerCaseDigests(meta));
    members.computeIfPresent("targets", (name, targets) -> lowerCaseDigests(targets));
    JsonObject out = new JsonObject(members);
    return out.equals(signed) ? signed : out;
  }

  private JsonValue standardKeys(JsonValue keys) {
    if (!(keys instanceof JsonObject o)) {
      return keys; // malformed: the model reader says so
    }
    Map<String, JsonValue> out = new LinkedHashMap<>();
    o.members().forEach((id, key) -> out.put(id, standardKey(key)));
    return new JsonObject(out);
  }

  /** {@code roles} with an entry that no key can satisfy for each optional role it lacks. */
  private static JsonValue withOptionalRoles(JsonValue roles) {
    if (!(roles instanceof JsonObject o)) {
      return roles;
    }
    Map<String, JsonValue> out = new LinkedHashMap<>(o.members());
    for (String role : OPTIONAL_ROLES) {
      out.putIfAbsent(role, new JsonObject(Map.of("keyids", new JsonArray(List.of()),
          "threshold", new JsonNumber(1))));
    }
    return new JsonObject(out);
  }

  /** Each entry of a {@code meta} or {@code targets} object, its hex digests lower-cased. */
  private static JsonValue lowerCaseDigests(JsonValue files) {
    if (!(files instanceof JsonObject o)) {
      return files;
    }
    Map<String, JsonValue> out = new LinkedHashMap<>();
    o.members().forEach((name, entry) -> {
      if (entry instanceof JsonObject e && e.get("hashes") instanceof JsonObject hashes) {
        Map<String, JsonValue> h = new LinkedHashMap<>();
        hashes.members().forEach((alg, digest) -> h.put(alg, digest instanceof JsonString d
            && isHexDigits(d.value()) ? new JsonString(d.value().toLowerCase(Locale.ROOT))
            : digest));
        Map<String, JsonValue> copy = new LinkedHashMap<>(e.members());
        copy.put("hashes", new JsonObject(h));
        out.put(name, new JsonObject(copy));
      } else {
        out.put(name, entry);
      }
    });
    return new JsonObject(out);
  }

  private static boolean isHexDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads one {@code signatures} entry; under {@link #AKTUALIZR} one with a {@code method}
   * becomes hex ({@link #signatureBytes}), or a signature that cannot count.
   */
  Signature signature(JsonValue value, String path) throws MalformedMetadataException {
    Signature s = Signature.fromJson(value, path);
    if (this == STANDARD || !s.unrecognizedFields().containsKey(METHOD)) {
      return s;
    }
    return signatureBytes(s).map(bytes -> new Signature(s.keyId(),
        HexFormat.of().formatHex(bytes), s.unrecognizedFields())).orElseGet(() -> unusable(s));
  }

  /** A signature that cannot count: its {@code sig} is not hex ({@link Signature#bytes()}). */
  private static Signature unusable(Signature s) {
    return new Signature(s.keyId(), UNUSABLE_SIG, s.unrecognizedFields());
  }
}
