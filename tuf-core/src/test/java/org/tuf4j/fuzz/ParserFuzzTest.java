package org.tuf4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.PublicKeys;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.DeterministicCbor;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.MetadataDialect;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * Fuzz targets for everything that reads untrusted bytes: metadata files of every role type in
 * both encodings and both dialects, canonical JSON, deterministic CBOR and public key values.
 * The only allowed failure is a {@link TufException}; anything else that escapes (an unchecked
 * exception, an error, a hang) is a finding. Where it is cheap, what parses is re-encoded and
 * parsed again. Without {@code JAZZER_FUZZ} each method runs once per committed input in
 * {@code src/test/resources/org/tuf4j/fuzz/ParserFuzzTestInputs/METHOD/}; see docs/FUZZING.md.
 */
class ParserFuzzTest {

  private static final Class<?>[] TYPES = {Root.class, Timestamp.class, Snapshot.class,
      Targets.class};

  /**
   * {@code Signed.parse} and {@code Signed.parseAny}. The first byte chooses: bits 0–2 the role
   * class (0 root, 1 timestamp, 2 snapshot, 3 targets, else {@code parseAny}), bit 3 CBOR, bit 4
   * the aktualizr dialect (JSON only). The rest is the file.
   */
  @FuzzTest(maxDuration = "10m")
  void signedParse(byte[] data) throws Exception {
    if (data.length == 0) {
      return;
    }
    int selector = data[0] & 0xff;
    byte[] file = Arrays.copyOfRange(data, 1, data.length);
    int typeIndex = selector & 7;
    MetadataEncoding encoding = (selector & 8) != 0 ? MetadataEncoding.CBOR : MetadataEncoding.JSON;
    MetadataDialect dialect = encoding == MetadataEncoding.JSON && (selector & 16) != 0
        ? MetadataDialect.AKTUALIZR : MetadataDialect.STANDARD;
    Signed<? extends RoleMetadata> parsed;
    try {
      parsed = typeIndex < TYPES.length
          ? Signed.parse(file, TYPES[typeIndex].asSubclass(RoleMetadata.class),
              ParseOptions.DEFAULT.withEncoding(encoding).withDialect(dialect))
          : Signed.parseAny(file, ParseOptions.DEFAULT.withEncoding(encoding));
    } catch (TufException expected) {
      return;
    }
    if (typeIndex < TYPES.length) {
      assertEquals(TYPES[typeIndex], parsed.signed().getClass());
    }
    // The model re-encodes to a file that parses to the same model and signatures; for a file in
    // the standard form, the signed bytes it carries are the canonical bytes of that model.
    byte[] again = parsed.toBytes();
    Signed<RoleMetadata> reparsed = Signed.parseAny(again,
        ParseOptions.DEFAULT.withEncoding(encoding));
    assertEquals(parsed.signed(), reparsed.signed());
    assertEquals(parsed.signatures(), reparsed.signatures());
    assertEquals(parsed.unrecognizedFields(), reparsed.unrecognizedFields());
    assertArrayEquals(encoding.encode(reparsed.signed().toJson()), reparsed.canonicalSigned());
    assertArrayEquals(again, reparsed.toBytes());
    if (dialect == MetadataDialect.STANDARD) {
      assertArrayEquals(encoding.encode(parsed.signed().toJson()), parsed.canonicalSigned());
      assertEquals(parsed, reparsed);
    }
  }

  /**
   * {@code CanonicalJson.parse} under limits taken from the first two bytes (depth 1–64 and
   * strings of up to 1–4096 chars, or the defaults when the first byte is 0). What parses
   * re-encodes: its file form parses to the same value, and un-escaping that file form gives the
   * canonical form exactly.
   */
  @FuzzTest(maxDuration = "10m")
  void canonicalJson(byte[] data) throws Exception {
    if (data.length < 2) {
      return;
    }
    JsonLimits limits = limits(data);
    byte[] json = Arrays.copyOfRange(data, 2, data.length);
    JsonValue value;
    try {
      value = CanonicalJson.parse(json, limits);
    } catch (TufException expected) {
      return;
    }
    byte[] canonical = CanonicalJson.encode(value);
    byte[] file = CanonicalJson.encodeForFile(value);
    assertEquals(value, CanonicalJson.parse(file, limits));
    assertArrayEquals(canonical, CanonicalJson.unescapeControls(file, 0, file.length));
    assertEquals(value, DeterministicCbor.parse(DeterministicCbor.encode(value), limits));
  }

  /**
   * {@code DeterministicCbor.parse} (and {@code parseMembers}) under limits from the first two
   * bytes, as for {@link #canonicalJson}. Only the deterministic encoding of a value parses, so
   * what parses re-encodes to exactly the input.
   */
  @FuzzTest(maxDuration = "10m")
  void deterministicCbor(byte[] data) throws Exception {
    if (data.length < 2) {
      return;
    }
    JsonLimits limits = limits(data);
    byte[] cbor = Arrays.copyOfRange(data, 2, data.length);
    JsonValue value;
    try {
      value = DeterministicCbor.parse(cbor, limits);
    } catch (TufException expected) {
      return;
    }
    assertArrayEquals(cbor, DeterministicCbor.encode(value));
    if (value instanceof JsonValue.JsonObject object) {
      var members = DeterministicCbor.parseMembers(cbor, limits);
      assertEquals(object.members().keySet(), members.keySet());
      members.forEach((name, member) -> {
        assertEquals(object.members().get(name), member.value());
        assertArrayEquals(DeterministicCbor.encode(member.value()), Arrays.copyOfRange(cbor,
            member.offset(), member.offset() + member.length()));
      });
    }
  }

  private static final String[][] SCHEMES = {
      {"ed25519", "ed25519"},
      {"ecdsa", "ecdsa-sha2-nistp256"},
      {"ecdsa", "ecdsa-sha2-nistp384"},
      {"rsa", "rsassa-pss-sha256"},
      {"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"}, // the legacy key type name
  };

  /**
   * Public key values: {@code PublicKeys.parse} and the three backends' {@code verifier}, then a
   * signature check with the rest of the input. The first byte chooses the scheme (low 3 bits)
   * and the shape the payload is wrapped in (bits 3–5: 0 the payload as text, 1 PEM {@code PUBLIC
   * KEY} around its base64, 2 PEM {@code RSA PUBLIC KEY} (PKCS#1), 3 lower-case hex, 4 upper-case
   * hex, 5 PEM with CRLF line breaks every 64 characters); the next two bytes are the payload's
   * length (big-endian), and what follows the payload is the signature.
   */
  @FuzzTest(maxDuration = "10m")
  void publicKeys(byte[] data) throws Exception {
    if (data.length < 3) {
      return;
    }
    String[] scheme = SCHEMES[(data[0] & 7) % SCHEMES.length];
    int shape = (data[0] >> 3) & 7;
    int payloadLength = Math.min(data.length - 3, ((data[1] & 0xff) << 8) | (data[2] & 0xff));
    byte[] payload = Arrays.copyOfRange(data, 3, 3 + payloadLength);
    byte[] signature = Arrays.copyOfRange(data, 3 + payloadLength, data.length);
    String value = keyValue(shape, payload);
    boolean parsed;
    try {
      PublicKeys.parse(scheme[0], scheme[1], value);
      parsed = true;
    } catch (TufException e) {
      parsed = false;
    }
    Checked jdk = verify(CryptoBackends.jdk(), scheme, value, signature);
    Checked bc = verify(CryptoBackends.bouncyCastle(), scheme, value, signature);
    Checked byDefault = verify(CryptoBackends.defaultBackend(), scheme, value, signature);
    // Every backend accepts the keys PublicKeys.parse accepts, with the same identity; the
    // default one decodes hex ed25519 keys itself, without the JDK's key factory.
    assertEquals(parsed, jdk != null, "jdk backend vs PublicKeys.parse");
    assertEquals(parsed, bc != null, "bouncycastle backend vs PublicKeys.parse");
    assertEquals(parsed, byDefault != null, "default backend vs PublicKeys.parse");
    if (parsed) {
      assertArrayEquals(jdk.identity(), bc.identity());
      assertArrayEquals(jdk.identity(), byDefault.identity());
      // The default backend decides every signature as the JDK's verifier does.
      assertEquals(jdk.accepted(), byDefault.accepted(), "default backend vs jdk backend");
    }
  }

  /** A key a backend decoded: its identity, and whether the fuzzed signature verified. */
  private record Checked(byte[] identity, boolean accepted) {}

  /** What {@code backend} made of the key and one signature; null when it refused the key. */
  private static Checked verify(CryptoBackend backend, String[] scheme, String value,
      byte[] signature) {
    SignatureVerifier verifier;
    try {
      verifier = backend.verifier(scheme[0], scheme[1], value);
    } catch (TufException e) {
      return null;
    }
    byte[] message = "fuzz".getBytes(StandardCharsets.US_ASCII);
    boolean accepted;
    try {
      verifier.verify(message, signature);
      accepted = true;
    } catch (TufException e) {
      accepted = false; // expected for almost every input
    }
    return new Checked(verifier.publicKeyIdentity(), accepted);
  }

  static String keyValue(int shape, byte[] payload) {
    String base64 = Base64.getEncoder().encodeToString(payload);
    return switch (shape) {
      case 1 -> "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
      case 2 -> "-----BEGIN RSA PUBLIC KEY-----\n" + base64 + "\n-----END RSA PUBLIC KEY-----\n";
      case 3 -> HexFormat.of().formatHex(payload);
      case 4 -> HexFormat.of().withUpperCase().formatHex(payload);
      case 5 -> "-----BEGIN PUBLIC KEY-----\r\n" + Base64.getMimeEncoder(64,
          new byte[] {'\r', '\n'}).encodeToString(payload) + "\r\n-----END PUBLIC KEY-----";
      default -> new String(payload, StandardCharsets.UTF_8);
    };
  }

  static JsonLimits limits(byte[] data) {
    if (data[0] == 0) {
      return JsonLimits.DEFAULT;
    }
    return new JsonLimits(JsonLimits.DEFAULT.maxBytes(), 1 + (data[0] & 0xff) % 64,
        1 + ((data[1] & 0xff) << 4));
  }
}
