package org.tuf4j.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.tuf4j.BadSignatureException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.verify.KeyOutcome;
import org.tuf4j.verify.SignatureThreshold;
import org.tuf4j.verify.ThresholdResult;

/**
 * Signatures verified ahead of the parse ({@link EarlySignatures}) change no decision of the
 * threshold check (TUF spec §5.5.3, §5.6.3): a kept outcome is given only for a verification
 * with the very inputs it was made on; a wrong guess of where {@code signed} lies, or an envelope
 * that is not canonical JSON, falls back to verifying as usual.
 */
class EarlySignaturesTest {
  private static final KeyPairSigner A = KeyPairSigner.generate("ed25519");
  private static final KeyPairSigner B = KeyPairSigner.generate("ecdsa-sha2-nistp256");
  private static final KeyPairSigner OTHER = KeyPairSigner.generate("ed25519");
  private static final Map<String, Key> KEYS = Map.of("ka", key(A), "kb", key(B),
      "kother", key(OTHER));
  private static final Role ROLE = new Role(List.of("ka", "kb"), 2);

  private static Key key(KeyPairSigner s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  private static Signed<Targets> targets(int entries) {
    Map<String, TargetFile> files = new LinkedHashMap<>();
    for (int i = 0; i < entries; i++) {
      String path = "pkgs/pkg-" + i + ".tar.gz";
      files.put(path, new TargetFile(path, i, Map.of("sha256", "ab".repeat(32)),
          Optional.empty(), Map.of()));
    }
    return Signed.of(new Targets("1.0.34", 3, Instant.parse("2031-01-01T00:00:00Z"), files,
        Optional.empty(), Map.of()), List.of());
  }

  private static Signature sign(String keyId, KeyPairSigner signer, byte[] message)
      throws Exception {
    return Signature.of(keyId, signer.sign(message));
  }

  /** The file of {@code md} signed by A and B, as a repository publishes it. */
  private static byte[] signedFile(Signed<Targets> md) throws Exception {
    return md.withSignatures(List.of(sign("ka", A, md.canonicalSigned()),
        sign("kb", B, md.canonicalSigned()))).toBytes();
  }

  /** A backend that records each verification it makes and whether it passed. */
  private static final class Recording implements CryptoBackend {
    final List<Boolean> outcomes = new ArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public SignatureVerifier verifier(String keyType, String scheme, String publicValue)
        throws org.tuf4j.UnsupportedFeatureException, org.tuf4j.MalformedMetadataException {
      SignatureVerifier real = CryptoBackends.defaultBackend().verifier(keyType, scheme,
          publicValue);
      return new SignatureVerifier() {
        @Override
        public void verify(byte[] message, int offset, int length, byte[] signature)
            throws BadSignatureException {
          synchronized (outcomes) {
            try {
              real.verify(message, offset, length, signature);
              outcomes.add(true);
            } catch (BadSignatureException | RuntimeException e) {
              outcomes.add(false);
              throw e;
            }
          }
        }

        @Override
        public byte[] publicKeyIdentity() {
          return real.publicKeyIdentity();
        }
      };
    }
  }

  private static ThresholdResult check(Signed<Targets> parsed, CryptoBackend backend) {
    return SignatureThreshold.check("targets", KEYS, ROLE, parsed, backend);
  }

  @Test
  void signaturesVerifiedAheadAreNotVerifiedAgainByTheThresholdCheck_spec5_6_3()
      throws Exception {
    byte[] file = signedFile(targets(50));
    Recording recording = new Recording();
    EarlySignatures early = EarlySignatures.of(file, KEYS, ROLE.keyIds(), recording)
        .orElseThrow();
    early.verifyAll();
    assertEquals(List.of(true, true), recording.outcomes);
    ThresholdResult result = check(Signed.parse(file, Targets.class), early.backend());
    assertTrue(result.isMet(), result.outcomes().toString());
    assertEquals(List.of(true, true), recording.outcomes, "no verification made twice");
  }

  /**
   * The attack on a guess: a signature over more than {@code signed} (here up to an envelope
   * member after it, where the guess ends) verifies ahead, but not over what the parse says is
   * signed, and does not count.
   */
  @Test
  void aSignatureOverTheGuessedRangeButNotOverSignedDoesNotCount_spec5_6_3() throws Exception {
    Signed<Targets> md = targets(3);
    String signed = new String(md.canonicalSigned(), UTF_8);
    String guessed = signed + ",\"zz\":1";
    byte[] file = ("{\"signatures\":[" + json(sign("ka", A, guessed.getBytes(UTF_8))) + ","
        + json(sign("kb", B, guessed.getBytes(UTF_8))) + "],\"signed\":" + guessed + "}")
        .getBytes(UTF_8);
    Signed<Targets> parsed = Signed.parse(file, Targets.class);
    assertEquals(Map.of("zz", new org.tuf4j.encoding.JsonValue.JsonNumber(1)),
        parsed.unrecognizedFields());
    Recording recording = new Recording();
    EarlySignatures early = EarlySignatures.of(file, KEYS, ROLE.keyIds(), recording)
        .orElseThrow();
    early.verifyAll();
    assertEquals(List.of(true, true), recording.outcomes, "both verify over the guess");
    ThresholdResult result = check(parsed, early.backend());
    assertFalse(result.isMet());
    assertEquals(KeyOutcome.BAD_SIGNATURE, result.outcomes().get("ka"));
    assertEquals(KeyOutcome.BAD_SIGNATURE, result.outcomes().get("kb"));
    assertEquals(check(parsed, CryptoBackends.defaultBackend()).outcomes(), result.outcomes());
  }

  private static String json(Signature s) {
    return "{\"keyid\":\"" + s.keyId() + "\",\"sig\":\"" + HexFormat.of().formatHex(
        s.bytes().orElseThrow()) + "\"}";
  }

  @Test
  void nothingIsVerifiedAheadOfAnEnvelopeThatIsNotLaidOutAsCanonicalJson() throws Exception {
    Signed<Targets> md = targets(3);
    byte[] file = signedFile(md);
    String text = new String(file, UTF_8);
    List<String> others = List.of(
        "{ " + text.substring(1), // whitespace
        text.replace("\"sig\":", "\"other\":1,\"sig\":").replace("{\"keyid\"",
            "{\"a\":0,\"keyid\""), // a signature object with other members
        text.substring(0, text.length() - 1) + " ", // no closing brace last
        text.replace("\"keyid\":\"ka\"", "\"keyid\":\"k\\u0061\"")); // an escape
    for (String other : others) {
      assertTrue(EarlySignatures.of(other.getBytes(UTF_8), KEYS, ROLE.keyIds(),
          CryptoBackends.defaultBackend()).isEmpty(), other.substring(0, 60));
    }
    Signed<Targets> cbor = Signed.of(md.signed(), List.of(), MetadataEncoding.CBOR);
    byte[] cborFile = cbor.withSignatures(List.of(sign("ka", A, cbor.canonicalSigned())))
        .toBytes();
    assertTrue(EarlySignatures.of(cborFile, KEYS, ROLE.keyIds(),
        CryptoBackends.defaultBackend()).isEmpty());
    // Signed only by a key the role is not assigned: nothing to verify ahead.
    byte[] byOther = md.withSignatures(List.of(sign("kother", OTHER, md.canonicalSigned())))
        .toBytes();
    assertTrue(EarlySignatures.of(byOther, KEYS, ROLE.keyIds(),
        CryptoBackends.defaultBackend()).isEmpty());
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 1_000_000);
  }

  /**
   * Whatever single byte of a signed file is changed, the threshold check through the backend
   * of the early verifications decides as the plain backend does.
   */
  @Property(tries = 300)
  void aChangedFileIsDecidedAsWithoutEarlyVerification_spec5_6_3(
      @ForAll("positions") int position, @ForAll byte value) throws Exception {
    byte[] file = MUTATED_BASE.clone();
    file[position % file.length] = value;
    Signed<Targets> parsed;
    try {
      parsed = Signed.parse(file, Targets.class);
    } catch (TufException e) {
      return; // the parse refuses it, with or without early verification
    }
    Optional<EarlySignatures> early = EarlySignatures.of(file, KEYS, ROLE.keyIds(),
        CryptoBackends.defaultBackend());
    early.ifPresent(EarlySignatures::verifyAll);
    ThresholdResult plain = check(parsed, CryptoBackends.defaultBackend());
    ThresholdResult withEarly = check(parsed,
        early.map(EarlySignatures::backend).orElse(CryptoBackends.defaultBackend()));
    assertEquals(plain.outcomes(), withEarly.outcomes());
    assertEquals(plain.isMet(), withEarly.isMet());
  }

  private static final byte[] MUTATED_BASE;

  static {
    try {
      MUTATED_BASE = signedFile(targets(2));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
