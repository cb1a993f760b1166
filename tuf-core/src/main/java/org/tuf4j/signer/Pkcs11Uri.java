package org.tuf4j.signer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.tuf4j.signer.KeyUriException.Reason;

/**
 * A {@code pkcs11:} key URI (RFC 7512) as tuf4j's PKCS#11 signer reads it, through the JDK's
 * SunPKCS11 provider:
 *
 * <ul>
 *   <li>path attributes: {@code object} (the key's label, required), {@code slot-id} (the slot,
 *       decimal; without it, the first slot with a token), {@code type} ({@code private} only);
 *   <li>query attributes: {@code module-path} (the PKCS#11 library file, required), {@code
 *       pin-source} (a file holding the PIN, as a {@code file:} URI or an absolute path) or
 *       {@code pin-value} (the PIN itself, which RFC 7512 advises against); with neither, the PIN
 *       is asked for; {@code x-tuf-scheme} (the TUF scheme, when not the one the key's type
 *       implies: {@code ecdsa-sha2-nistp256}/{@code -nistp384} for EC keys by curve, {@code
 *       rsassa-pss-sha256} for RSA).
 * </ul>
 *
 * Values are percent-decoded UTF-8 (RFC 7512 §2.3). Every other attribute is refused rather than
 * ignored, since ignoring one could select another key than the one meant: {@code token},
 * {@code id}, {@code serial} and the other token and slot selectors cannot be matched through
 * SunPKCS11, which selects a token by slot only; give {@code slot-id} ({@code softhsm2-util
 * --show-slots} or {@code pkcs11-tool -L} list them). An attribute may appear once.
 */
final class Pkcs11Uri {
  private static final Set<String> PATH = Set.of("object", "slot-id", "type");
  private static final Set<String> QUERY = Set.of("module-path", "pin-source", "pin-value",
      "x-tuf-scheme");

  final String object;
  final OptionalLong slotId;
  final String modulePath;
  final Optional<String> pinSource;
  final Optional<String> pinValue;
  final Optional<String> scheme;

  private Pkcs11Uri(Map<String, String> path, Map<String, String> query) {
    this.object = path.get("object");
    this.slotId = path.containsKey("slot-id")
        ? OptionalLong.of(Long.parseLong(path.get("slot-id"))) : OptionalLong.empty();
    this.modulePath = query.get("module-path");
    this.pinSource = Optional.ofNullable(query.get("pin-source"));
    this.pinValue = Optional.ofNullable(query.get("pin-value"));
    this.scheme = Optional.ofNullable(query.get("x-tuf-scheme"));
  }

  /**
   * Parses {@code text}, a whole {@code pkcs11:} URI.
   *
   * @throws KeyUriException when it is malformed or asks for what SunPKCS11 cannot do
   */
  static Pkcs11Uri parse(String text) throws KeyUriException {
    String shown = redact(text);
    if (!text.regionMatches(true, 0, "pkcs11:", 0, 7)) {
      throw new KeyUriException(Reason.MALFORMED, shown, "not a pkcs11: URI");
    }
    String rest = text.substring(7);
    int q = rest.indexOf('?');
    Map<String, String> path = attributes(shown, q < 0 ? rest : rest.substring(0, q), ';');
    Map<String, String> query = attributes(shown, q < 0 ? "" : rest.substring(q + 1), '&');
    for (String name : path.keySet()) {
      if (!PATH.contains(name)) {
        throw unsupported(shown, name);
      }
    }
    for (String name : query.keySet()) {
      if (!QUERY.contains(name)) {
        throw unsupported(shown, name);
      }
    }
    if (path.get("object") == null || path.get("object").isEmpty()) {
      throw new KeyUriException(Reason.MALFORMED, shown, "no object= (the key's label)");
    }
    if (path.containsKey("type") && !path.get("type").equals("private")) {
      throw new KeyUriException(Reason.UNSUPPORTED, shown, "type=" + path.get("type")
          + ": only a private key signs");
    }
    if (path.containsKey("slot-id") && !path.get("slot-id").matches("[0-9]{1,18}")) {
      throw new KeyUriException(Reason.MALFORMED, shown, "slot-id is not a decimal number");
    }
    if (query.get("module-path") == null || query.get("module-path").isEmpty()) {
      throw new KeyUriException(Reason.MALFORMED, shown, "no module-path= (the PKCS#11 "
          + "library, e.g. /usr/lib/softhsm/libsofthsm2.so)");
    }
    if (query.containsKey("pin-source") && query.containsKey("pin-value")) {
      throw new KeyUriException(Reason.MALFORMED, shown, "both pin-source and pin-value");
    }
    return new Pkcs11Uri(path, query);
  }

  private static KeyUriException unsupported(String shown, String name) {
    String hint = name.startsWith("slot-") || Set.of("token", "manufacturer", "serial", "model",
        "id", "library-manufacturer", "library-description", "library-version").contains(name)
        ? " (SunPKCS11 selects a token by slot only: give slot-id, from softhsm2-util "
            + "--show-slots or pkcs11-tool -L, and the key by object=)"
        : " (supported: object, slot-id, type; module-path, pin-source, pin-value, "
            + "x-tuf-scheme)";
    return new KeyUriException(Reason.UNSUPPORTED, shown, "attribute " + name
        + " is not supported" + hint);
  }

  private static Map<String, String> attributes(String shown, String part, char separator)
      throws KeyUriException {
    Map<String, String> out = new LinkedHashMap<>();
    if (part.isEmpty()) {
      return out;
    }
    for (String attribute : part.split(String.valueOf(separator), -1)) {
      int eq = attribute.indexOf('=');
      if (eq <= 0) {
        throw new KeyUriException(Reason.MALFORMED, shown, "\"" + redact(attribute)
            + "\" is not name=value");
      }
      String name = attribute.substring(0, eq);
      if (out.put(name, decode(shown, attribute.substring(eq + 1))) != null) {
        throw new KeyUriException(Reason.MALFORMED, shown, "attribute " + name + " twice");
      }
    }
    return out;
  }

  /** Percent-decodes {@code value} as UTF-8 (RFC 3986 §2.1; RFC 7512 §2.3). */
  private static String decode(String shown, String value) throws KeyUriException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
        int lo = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new KeyUriException(Reason.MALFORMED, shown, "a % is not followed by two hex "
              + "digits");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c > 0x7e || c < 0x21) {
        throw new KeyUriException(Reason.MALFORMED, shown, "a character that must be "
            + "percent-encoded");
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new KeyUriException(Reason.MALFORMED, shown, "a value is not UTF-8");
    }
  }

  /** {@code uri} with the value of {@code pin-value} replaced, for messages. */
  static String redact(String uri) {
    return uri.replaceAll("(?i)(pin-value=)[^&#]*", "$1***");
  }
}
