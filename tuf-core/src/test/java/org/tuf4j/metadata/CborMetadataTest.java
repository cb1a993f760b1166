package org.tuf4j.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.DeterministicCbor;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.testing.JacksonReader;
import org.tuf4j.testing.RepositorySimulator;
import org.tuf4j.verify.SignatureThreshold;

/**
 * Metadata in deterministic CBOR (RFC 8949 §4.2.1; the Uptane issue's compact encoding): files
 * parse only when deterministic as a whole, signatures cover the deterministic CBOR of {@code
 * signed} as received (TUF spec §4.2 with the encoding's bytes), and a signature made over one
 * encoding never verifies in the other.
 */
class CborMetadataTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final CryptoBackend BACKEND = CryptoBackends.defaultBackend();
  private static final MetadataEncoding CBOR = MetadataEncoding.CBOR;

  private final RepositorySimulator repo =
      RepositorySimulator.builder().now(NOW).encoding(CBOR).build();

  // ---- the bytes signatures cover ----

  @Test
  void signedBytesOfACborFileAreItsOwnBytes_rfc8949_4_2_1() throws Exception {
    byte[] file = repo.file("metadata/timestamp.cbor");
    Signed<Timestamp> ts = Signed.parse(file, Timestamp.class,
        ParseOptions.DEFAULT.withEncoding(CBOR));
    byte[] signed = ts.canonicalSigned();
    assertTrue(indexOf(file, signed) > 0, "signed is a range of the received file");
    JsonObject tree = (JsonObject) DeterministicCbor.parse(file);
    assertArrayEquals(DeterministicCbor.encode(tree.get("signed")), signed);
    assertArrayEquals(DeterministicCbor.encode(ts.signed().toJson()), signed);
    assertArrayEquals(file, ts.toBytes());
    assertEquals(CBOR, ts.encoding());
    SignatureThreshold.verify(repo.signedRoot().signed(), RoleType.TIMESTAMP, ts, BACKEND);
  }

  @Test
  void signaturesOfNewCborMetadataCoverItsDeterministicEncoding_spec4_2() throws Exception {
    Timestamp model = repo.signedTimestamp().signed();
    Signed<Timestamp> json = Signed.of(model, List.of());
    Signed<Timestamp> cbor = Signed.of(model, List.of(), CBOR);
    assertArrayEquals(CanonicalJson.encode(model.toJson()), json.canonicalSigned());
    assertArrayEquals(DeterministicCbor.encode(model.toJson()), cbor.canonicalSigned());
    assertFalse(Arrays.equals(json.canonicalSigned(), cbor.canonicalSigned()));
    assertFalse(json.equals(cbor), "one content in two encodings is two different files");
    assertEquals(MetadataEncoding.JSON, json.encoding());
  }

  @Test
  void eachEncodingParsesOnlyItsOwnFilesAndSaysWhichTheOtherIs() throws Exception {
    byte[] cbor = repo.file("metadata/timestamp.cbor");
    byte[] json = CanonicalJson.encode(DeterministicCbor.parse(cbor));
    MalformedMetadataException cborAsJson = assertThrows(MalformedMetadataException.class,
        () -> Signed.parse(cbor, Timestamp.class));
    assertEquals(Reason.SYNTAX, cborAsJson.reason());
    assertTrue(cborAsJson.getMessage().startsWith("not JSON metadata: it begins as CBOR "
        + "metadata does"), cborAsJson.getMessage());
    MalformedMetadataException jsonAsCbor = assertThrows(MalformedMetadataException.class,
        () -> Signed.parse(json, Timestamp.class, ParseOptions.DEFAULT.withEncoding(CBOR)));
    assertEquals(Reason.SYNTAX, jsonAsCbor.reason());
    assertTrue(jsonAsCbor.getMessage().startsWith("not CBOR metadata: it begins as JSON "
        + "metadata does"), jsonAsCbor.getMessage());
    // Other malformed input gets no such hint.
    MalformedMetadataException truncated = assertThrows(MalformedMetadataException.class,
        () -> Signed.parse(Arrays.copyOf(cbor, 10), Timestamp.class,
            ParseOptions.DEFAULT.withEncoding(CBOR)));
    assertFalse(truncated.getMessage().contains("begins as"), truncated.getMessage());
  }

  @Test
  void aCborFileThatIsNotAMapIsASchemaError() {
    byte[] array = DeterministicCbor.encode(new JsonArray(List.of()));
    assertEquals(Reason.SCHEMA, assertThrows(MalformedMetadataException.class,
        () -> Signed.parseAny(array, ParseOptions.DEFAULT.withEncoding(CBOR))).reason());
  }

  // ---- a signature over one encoding does not verify in the other ----

  @Test
  void jsonSignatureInACborFileDoesNotVerify_spec4_2() throws Exception {
    Timestamp model = repo.signedTimestamp().signed();
    Signed<Timestamp> jsonSigned = RepositorySimulator.sign(model, repo.signers("timestamp"),
        MetadataEncoding.JSON);
    byte[] cborFile = CBOR.encode(jsonSigned.toJson()); // same signatures, CBOR bytes
    Signed<Timestamp> parsed = Signed.parse(cborFile, Timestamp.class,
        ParseOptions.DEFAULT.withEncoding(CBOR));
    assertEquals(model, parsed.signed());
    assertEquals(jsonSigned.signatures(), parsed.signatures());
    assertThrows(ThresholdNotMetException.class, () -> SignatureThreshold.verify(
        repo.signedRoot().signed(), RoleType.TIMESTAMP, parsed, BACKEND));
    TrustedMetadataSet set = cborSet();
    assertThrows(ThresholdNotMetException.class, () -> set.updateTimestamp(cborFile));
    assertTrue(set.timestamp().isEmpty());
    set.updateTimestamp(repo.file("metadata/timestamp.cbor")); // the CBOR-signed one is fine
  }

  @Test
  void cborSignatureInAJsonFileDoesNotVerify_spec4_2() throws Exception {
    RepositorySimulator jsonRepo = RepositorySimulator.builder().now(NOW).build();
    Timestamp model = jsonRepo.signedTimestamp().signed();
    Signed<Timestamp> cborSigned = RepositorySimulator.sign(model,
        jsonRepo.signers("timestamp"), CBOR);
    byte[] jsonFile = cborSigned.toCanonicalJson();
    TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(jsonRepo.trustedRootBytes(),
        options());
    assertThrows(ThresholdNotMetException.class, () -> set.updateTimestamp(jsonFile));
    set.updateTimestamp(jsonRepo.file("metadata/timestamp.json"));
  }

  @Test
  void aRootInTheOtherEncodingIsNotTrusted_spec5_2() throws Exception {
    Signed<Root> root = repo.signedRoot(1);
    byte[] asJson = root.toCanonicalJson(); // CBOR signatures in a JSON file
    assertThrows(ThresholdNotMetException.class, () -> TrustedMetadataSet.fromTrustedRoot(
        asJson, options()));
    assertEquals(Reason.SYNTAX, assertThrows(MalformedMetadataException.class,
        () -> TrustedMetadataSet.fromTrustedRoot(repo.trustedRootBytes(), options())).reason());
  }

  // ---- non-deterministic CBOR is refused before any signature counts ----

  /**
   * The top-level keys swapped: {@code signed} is byte for byte the signed, deterministic part,
   * its signature valid; a parser that re-encoded or located {@code signed} leniently would
   * accept the file.
   */
  @Test
  void keysOutOfOrderWithAValidSignatureAreRefused_rfc8949_4_2_1() throws Exception {
    byte[] signed = repo.signedTimestamp().canonicalSigned();
    byte[] sigs = signaturesOf("metadata/timestamp.cbor");
    byte[] swapped = concat(head(5, 2), text("signatures"), sigs, text("signed"), signed);
    assertEquals(DeterministicCbor.parse(repo.file("metadata/timestamp.cbor")),
        DeterministicCbor.parse(relaxedRoundTrip(swapped)), "the same value");
    assertRefusedAsNotDeterministic(swapped);
  }

  @Test
  void indefiniteLengthTopLevelMapWithAValidSignatureIsRefused_rfc8949_4_2_1()
      throws Exception {
    byte[] signed = repo.signedTimestamp().canonicalSigned();
    byte[] sigs = signaturesOf("metadata/timestamp.cbor");
    byte[] indefinite = concat(new byte[] {(byte) 0xbf}, text("signed"), signed,
        text("signatures"), sigs, new byte[] {(byte) 0xff});
    assertRefusedAsNotDeterministic(indefinite);
  }

  @Test
  void nonShortestLengthInTheSignaturesIsRefused_rfc8949_4_2_1() throws Exception {
    Signature sig = repo.signedTimestamp().signatures().get(0);
    byte[] keyIdLong = concat(new byte[] {0x79, 0, (byte) sig.keyId().length()},
        sig.keyId().getBytes(UTF_8)); // a 2-byte length where 1 byte suffices
    byte[] sigs = concat(head(4, 1), head(5, 2), text("sig"), text(sig.sig()), text("keyid"),
        keyIdLong);
    byte[] file = concat(head(5, 2), text("signed"), repo.signedTimestamp().canonicalSigned(),
        text("signatures"), sigs);
    assertRefusedAsNotDeterministic(file);
  }

  /**
   * Inside {@code signed}: version 1 written as {@code 18 01}. The signature is over the
   * deterministic encoding of the same value, so only a parser that re-encoded would accept it.
   */
  @Test
  void nonShortestIntegerInsideSignedIsRefused_rfc8949_4_2_1() throws Exception {
    byte[] signed = repo.signedTimestamp().canonicalSigned();
    byte[] versionKey = concat(text("version"), new byte[] {0x01});
    int at = indexOf(signed, versionKey);
    assertTrue(at > 0);
    byte[] lax = concat(Arrays.copyOfRange(signed, 0, at), text("version"),
        new byte[] {0x18, 0x01}, Arrays.copyOfRange(signed, at + versionKey.length,
            signed.length));
    assertArrayEquals(signed, DeterministicCbor.encode(relaxedParse(lax)));
    byte[] file = concat(head(5, 2), text("signed"), lax, text("signatures"),
        signaturesOf("metadata/timestamp.cbor"));
    assertRefusedAsNotDeterministic(file);
  }

  /** Non-determinism is reported as such even when the signature is also bad. */
  @Test
  void nonDeterminismIsReportedBeforeSignaturesAreLookedAt() throws Exception {
    Signer stranger = repo.newSigner();
    Signed<Timestamp> forged = RepositorySimulator.sign(repo.signedTimestamp().signed(),
        Map.of(RepositorySimulator.keyIdOf(stranger), stranger), CBOR);
    byte[] sigs = DeterministicCbor.encode(forged.toJson().get("signatures"));
    byte[] swapped = concat(head(5, 2), text("signatures"), sigs, text("signed"),
        forged.canonicalSigned());
    assertRefusedAsNotDeterministic(swapped);
  }

  /** A root file that is not deterministic is not trusted, even as the bootstrap root. */
  @Test
  void nonDeterministicTrustedRootIsRefused_spec5_2() throws Exception {
    Signed<Root> root = repo.signedRoot(1);
    byte[] sigs = DeterministicCbor.encode(root.toJson().get("signatures"));
    byte[] swapped = concat(head(5, 2), text("signatures"), sigs, text("signed"),
        root.canonicalSigned());
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> TrustedMetadataSet.fromTrustedRoot(swapped, options().withEncoding(CBOR)));
    assertEquals(Reason.NOT_DETERMINISTIC, e.reason());
  }

  // ---- helpers ----

  private void assertRefusedAsNotDeterministic(byte[] file) throws Exception {
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> Signed.parse(file, Timestamp.class, ParseOptions.DEFAULT.withEncoding(CBOR)));
    assertEquals(Reason.NOT_DETERMINISTIC, e.reason(), e.getMessage());
    TrustedMetadataSet set = cborSet();
    MalformedMetadataException viaSet = assertThrows(MalformedMetadataException.class,
        () -> set.updateTimestamp(file));
    assertEquals(Reason.NOT_DETERMINISTIC, viaSet.reason());
    assertTrue(set.timestamp().isEmpty());
  }

  private TrustedMetadataSet cborSet() throws Exception {
    return TrustedMetadataSet.fromTrustedRoot(repo.trustedRootBytes(),
        options().withEncoding(CBOR));
  }

  private static TrustOptions options() {
    return TrustOptions.at(NOW).withBackend(BACKEND).withLimits(JsonLimits.DEFAULT);
  }

  private byte[] signaturesOf(String path) throws Exception {
    return DeterministicCbor.encode(((JsonObject) DeterministicCbor.parse(repo.file(path)))
        .get("signatures"));
  }

  /** Reads CBOR the way a lenient decoder would (Jackson's), to show the value is the same. */
  private static JsonValue relaxedParse(byte[] cbor) throws Exception {
    return JacksonReader.readCbor(cbor);
  }

  private static byte[] relaxedRoundTrip(byte[] cbor) throws Exception {
    return DeterministicCbor.encode(relaxedParse(cbor));
  }

  /** A shortest-form header (RFC 8949 §3) for arguments below 2^16. */
  static byte[] head(int major, int argument) {
    if (argument < 24) {
      return new byte[] {(byte) (major << 5 | argument)};
    } else if (argument < 0x100) {
      return new byte[] {(byte) (major << 5 | 24), (byte) argument};
    }
    return new byte[] {(byte) (major << 5 | 25), (byte) (argument >> 8), (byte) argument};
  }

  static byte[] text(String s) {
    byte[] utf8 = s.getBytes(UTF_8);
    return concat(head(3, utf8.length), utf8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
