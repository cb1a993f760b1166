package org.tuf4j.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.RoleMetadata;

/**
 * Writes metadata and manifests in the exact forms deployed Uptane stacks write them, signed with
 * real keys, for tests of {@link org.tuf4j.metadata.MetadataDialect#AKTUALIZR} and {@code
 * UptaneProfile.AKTUALIZR}. The forms, from those projects' source and committed samples:
 *
 * <ul>
 *   <li>The uptane/uptane reference implementation (TUF 0.10, {@code samples/} of that
 *       repository): {@code _type} capitalised, no {@code spec_version}, key objects {@code
 *       {"keyid_hash_algorithms": ["sha256", "sha512"], "keytype": "ed25519", "keyval":
 *       {"public": ...}}} without {@code scheme}, signatures {@code {"keyid", "method", "sig"}}
 *       with a hex {@code sig} over the canonical JSON of {@code signed}, files written as
 *       Python's {@code json.dumps(indent=1, sort_keys=True)}.
 *   <li>aktualizr's repository generator ({@code src/uptane_generator/repo.cc}): {@code _type}
 *       capitalised, key types {@code ED25519}/{@code RSA} without {@code scheme}, method {@code
 *       ed25519}/{@code rsassa-pss}, base64 {@code sig} (see {@link AktualizrDialect}), custom
 *       images with upper-case digests ({@code Hash::HashString()} upper-cases them).
 * </ul>
 */
public final class DeployedForms {
  private DeployedForms() {}

  /** How a writer spells {@code sig}. */
  public enum SigText {
    /** lower-case hex: the reference implementation. */
    HEX,
    /** base64: ota-tuf and aktualizr. */
    BASE64
  }

  /**
   * The reference implementation's {@code signed} object for {@code metadata}: {@code _type}
   * capitalised, no {@code spec_version}, every key object {@code {"keyid_hash_algorithms",
   * "keytype", "keyval"}}.
   */
  public static JsonObject referenceSigned(RoleMetadata metadata) {
    JsonObject signed = AktualizrDialect.signedJson(metadata);
    return editKeys(signed, key -> {
      Map<String, JsonValue> k = new LinkedHashMap<>(key.members());
      k.put("keytype", new JsonString(((JsonString) k.get("keytype")).value()
          .toLowerCase(Locale.ROOT)));
      k.remove("scheme");
      k.put("keyid_hash_algorithms", new JsonArray(List.of(new JsonString("sha256"),
          new JsonString("sha512"))));
      return new JsonObject(k);
    });
  }

  /** {@code signed} with every key object (root {@code keys}, delegation keys) edited. */
  public static JsonObject editKeys(JsonObject signed, UnaryOperator<JsonObject> edit) {
    Map<String, JsonValue> m = new LinkedHashMap<>(signed.members());
    m.computeIfPresent("keys", (name, keys) -> editEach((JsonObject) keys, edit));
    if (m.get("delegations") instanceof JsonObject d && d.get("keys") instanceof JsonObject ks) {
      Map<String, JsonValue> dm = new LinkedHashMap<>(d.members());
      dm.put("keys", editEach(ks, edit));
      m.put("delegations", new JsonObject(dm));
    }
    return new JsonObject(m);
  }

  private static JsonObject editEach(JsonObject keys, UnaryOperator<JsonObject> edit) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    keys.members().forEach((id, key) -> out.put(id, edit.apply((JsonObject) key)));
    return new JsonObject(out);
  }

  /** {@code signed} with member {@code name} set to {@code value} (removed when null). */
  public static JsonObject with(JsonObject signed, String name, JsonValue value) {
    Map<String, JsonValue> m = new LinkedHashMap<>(signed.members());
    if (value == null) {
      m.remove(name);
    } else {
      m.put(name, value);
    }
    return new JsonObject(m);
  }

  /** Every {@code hashes} digest of {@code signed}'s targets in upper case, as aktualizr does. */
  public static JsonObject upperCaseTargetDigests(JsonObject signed) {
    Map<String, JsonValue> targets = new LinkedHashMap<>();
    ((JsonObject) signed.get("targets")).members().forEach((path, entry) -> {
      Map<String, JsonValue> e = new LinkedHashMap<>(((JsonObject) entry).members());
      Map<String, JsonValue> h = new LinkedHashMap<>();
      ((JsonObject) e.get("hashes")).members().forEach((alg, d) -> h.put(alg,
          new JsonString(((JsonString) d).value().toUpperCase(Locale.ROOT))));
      e.put("hashes", new JsonObject(h));
      targets.put(path, new JsonObject(e));
    });
    return with(signed, "targets", new JsonObject(targets));
  }

  /**
   * A whole file: {@code signed} signed by each signer under its key id, each signature {@code
   * {"keyid", "method", "sig"}} with {@code method} as given per scheme and {@code sig} in {@code
   * text}, over {@code message} (the bytes the writer signs).
   *
   * @param methods scheme (as {@link Signer#scheme()}) to the {@code method} the writer writes
   * @param pretty written as {@code json.dumps(indent=1, sort_keys=True)}, else canonical
   */
  public static byte[] write(JsonObject signed, byte[] message, Map<String, Signer> signers,
      Map<String, String> methods, SigText text, boolean pretty) {
    List<JsonValue> sigs = new ArrayList<>();
    signers.forEach((id, s) -> {
      byte[] sig;
      try {
        sig = s.sign(message);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      Map<String, JsonValue> o = new LinkedHashMap<>();
      o.put("keyid", new JsonString(id));
      o.put("method", new JsonString(methods.getOrDefault(s.scheme(), s.scheme())));
      o.put("sig", new JsonString(text == SigText.HEX ? HexFormat.of().formatHex(sig)
          : Base64.getEncoder().encodeToString(sig)));
      sigs.add(new JsonObject(o));
    });
    JsonObject file = new JsonObject(Map.of("signatures", new JsonArray(sigs), "signed", signed));
    return pretty ? pythonIndent1(file).getBytes(StandardCharsets.UTF_8)
        : CanonicalJson.encode(file);
  }

  /** The reference implementation's methods: {@code ed25519}, {@code RSASSA-PSS}. */
  public static final Map<String, String> REFERENCE_METHODS = Map.of("ed25519", "ed25519",
      "rsassa-pss-sha256", "RSASSA-PSS");

  /**
   * A file as the reference implementation writes it: hex signatures over the canonical JSON of
   * {@code signed}, pretty-printed.
   */
  public static byte[] reference(JsonObject signed, Map<String, Signer> signers) {
    return write(signed, CanonicalJson.encode(signed), signers, REFERENCE_METHODS, SigText.HEX,
        true);
  }

  /** Python's {@code json.dumps(value, indent=1, sort_keys=True)} (ASCII only, as it escapes). */
  public static String pythonIndent1(JsonValue value) {
    StringBuilder out = new StringBuilder();
    indent(value, 0, out);
    return out.toString();
  }

  private static void indent(JsonValue value, int depth, StringBuilder out) {
    String pad = " ".repeat(depth + 1);
    if (value instanceof JsonObject o) {
      if (o.members().isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<String, JsonValue> e : new TreeMap<>(o.members()).entrySet()) {
        out.append(pad);
        string(e.getKey(), out);
        out.append(": ");
        indent(e.getValue(), depth + 1, out);
        out.append(++i < o.members().size() ? ",\n" : "\n");
      }
      out.append(" ".repeat(depth)).append('}');
    } else if (value instanceof JsonArray a) {
      if (a.elements().isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < a.elements().size(); i++) {
        out.append(pad);
        indent(a.elements().get(i), depth + 1, out);
        out.append(i + 1 < a.elements().size() ? ",\n" : "\n");
      }
      out.append(" ".repeat(depth)).append(']');
    } else if (value instanceof JsonString s) {
      string(s.value(), out);
    } else {
      out.append(new String(CanonicalJson.encode(value), StandardCharsets.UTF_8));
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
