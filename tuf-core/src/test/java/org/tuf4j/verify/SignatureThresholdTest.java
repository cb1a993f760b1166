package org.tuf4j.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Timestamp;

/** Threshold counting edge cases (TUF spec §4.2, §5.4.2; "threshold bypass" in §1.5.2). */
class SignatureThresholdTest {
  private static final CryptoBackend BACKEND = CryptoBackends.defaultBackend();
  private static final Instant EXPIRES = Instant.parse("2031-01-01T00:00:00Z");

  private final KeyPairSigner a = KeyPairSigner.generate("ed25519");
  private final KeyPairSigner b = KeyPairSigner.generate("ecdsa-sha2-nistp256");
  private final KeyPairSigner c = KeyPairSigner.generate("ed25519");

  private static Key key(KeyPairSigner s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  private static Signed<Timestamp> timestamp() {
    return Signed.of(new Timestamp("1.0.34", 7, EXPIRES, MetaFile.of(3), Map.of()), List.of());
  }

  private static Signature sign(String keyId, KeyPairSigner signer, Signed<?> md)
      throws Exception {
    return Signature.of(keyId, signer.sign(md.canonicalSigned()));
  }

  @Test
  void thresholdMetByDistinctKeysReportsWhichKeysSigned() throws Exception {
    Map<String, Key> keys = Map.of("ka", key(a), "kb", key(b), "kc", key(c));
    Signed<Timestamp> md = timestamp();
    md = md.withSignatures(List.of(sign("ka", a, md), sign("kb", b, md)));
    ThresholdResult r = SignatureThreshold.verify("timestamp", keys,
        new Role(List.of("ka", "kb", "kc"), 2), md, BACKEND);
    assertEquals(java.util.Set.of("ka", "kb"), r.signedBy());
    assertEquals(KeyOutcome.NO_SIGNATURE, r.outcomes().get("kc"));
  }

  /** The same key listed under two key ids counts once (threshold bypass, §1.5.2). */
  @Test
  void sameKeyUnderTwoKeyIdsCountsOnce() throws Exception {
    Map<String, Key> keys = Map.of("k1", key(a), "k2", key(a));
    Signed<Timestamp> md = timestamp();
    md = md.withSignatures(List.of(sign("k1", a, md), sign("k2", a, md)));
    Signed<Timestamp> signed = md;
    ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class,
        () -> SignatureThreshold.verify("timestamp", keys, new Role(List.of("k1", "k2"), 2),
            signed, BACKEND));
    assertEquals(1, e.signedBy().size());
    assertEquals("timestamp", e.role());
    assertEquals(7, e.version());
    assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
  }

  /** §4.2: key ids in "signatures" must be unique; a file signing twice with one id is refused. */
  @Test
  void sameKeyIdSigningTwiceIsRefusedWhileParsing() throws Exception {
    Signed<Timestamp> md = timestamp();
    Signature s = sign("k1", a, md);
    byte[] json = md.withSignatures(List.of(s)).toCanonicalJson();
    String doubled = new String(json, StandardCharsets.UTF_8).replace("\"signatures\":[",
        "\"signatures\":[" + new String(org.tuf4j.encoding.CanonicalJson.encode(s.toJson()),
            StandardCharsets.UTF_8) + ",");
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> Signed.parse(doubled.getBytes(StandardCharsets.UTF_8), Timestamp.class));
    assertTrue(e.getMessage().contains("more than once"), e.getMessage());
  }

  /** TUF spec §4.3: THRESHOLD is at least 1; threshold 0 is refused at parse time. */
  @Test
  void thresholdZeroIsRejectedAtParseTime() throws Exception {
    Root root = root(Map.of("ka", key(a)), "ka", 1);
    String json = new String(Signed.of(root, List.of()).toCanonicalJson(), StandardCharsets.UTF_8)
        .replace("\"threshold\":1", "\"threshold\":0");
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> Signed.parse(json.getBytes(StandardCharsets.UTF_8), Root.class));
    assertEquals(MalformedMetadataException.Reason.INVALID_VALUE, e.reason());
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
  }

  @Test
  void signatureByAKeyNotAssignedToTheRoleDoesNotCount() throws Exception {
    Root root = root(Map.of("ka", key(a), "kb", key(b)), "ka", 1);
    Signed<Timestamp> md = timestamp();
    Signed<Timestamp> byB = md.withSignatures(List.of(sign("kb", b, md)));
    assertThrows(ThresholdNotMetException.class,
        () -> SignatureThreshold.verify(root, RoleType.TIMESTAMP, byB, BACKEND));
    // ... not even when it claims the assigned key's id.
    Signed<Timestamp> forged = md.withSignatures(List.of(sign("ka", b, md)));
    ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class,
        () -> SignatureThreshold.verify(root, RoleType.TIMESTAMP, forged, BACKEND));
    assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
  }

  @Test
  void unknownKeyTypesAndUndecodableKeysAreSkippedNotFatal() throws Exception {
    Map<String, Key> keys = new LinkedHashMap<>();
    keys.put("weird", Key.of("sphincs", "sphincs-shake-256f", "00"));
    keys.put("broken", Key.of("ed25519", "ed25519", "not-hex"));
    keys.put("ka", key(a));
    Signed<Timestamp> md = timestamp();
    md = md.withSignatures(List.of(Signature.of("weird", new byte[] {1}),
        Signature.of("broken", new byte[] {2}), sign("ka", a, md)));
    ThresholdResult r = SignatureThreshold.verify("timestamp", keys,
        new Role(List.of("weird", "broken", "ka", "absent"), 1), md, BACKEND);
    assertEquals(KeyOutcome.UNSUPPORTED_KEY, r.outcomes().get("weird"));
    assertEquals(KeyOutcome.INVALID_KEY, r.outcomes().get("broken"));
    assertEquals(KeyOutcome.UNKNOWN_KEY_ID, r.outcomes().get("absent"));
    assertEquals(KeyOutcome.SIGNED, r.outcomes().get("ka"));
  }

  @Test
  void signatureOverDifferentContentDoesNotCount() throws Exception {
    Signed<Timestamp> md = timestamp();
    Signed<Timestamp> other = Signed.of(new Timestamp("1.0.34", 8, EXPIRES, MetaFile.of(3),
        Map.of()), List.of());
    Signed<Timestamp> replayed = md.withSignatures(List.of(sign("ka", a, other)));
    assertThrows(ThresholdNotMetException.class, () -> SignatureThreshold.verify("timestamp",
        Map.of("ka", key(a)), new Role(List.of("ka"), 1), replayed, BACKEND));
  }

  private static Root root(Map<String, Key> keys, String keyId, int threshold) {
    Map<String, Role> roles = new LinkedHashMap<>();
    for (RoleType t : RoleType.values()) {
      roles.put(t.typeName(), new Role(new ArrayList<>(List.of(keyId)), threshold));
    }
    return new Root("1.0.34", 1, EXPIRES, Optional.of(true), keys, roles, Map.of());
  }

  /**
   * A key that does not decode (here a PEM whose boundaries overlap, which once escaped as
   * StringIndexOutOfBoundsException) is that key's invalid outcome; the other keys still count.
   */
  @Test
  void undecodableKeyIsSkippedAndTheOtherKeysStillCount_spec5_4_2() throws Exception {
    Key broken = Key.of("ecdsa", "ecdsa-sha2-nistp256",
        "-----BEGIN PUBLIC KEY---------END PUBLIC KEY-----");
    Map<String, Key> keys = Map.of("kx", broken, "ka", key(a));
    Signed<Timestamp> md = timestamp();
    md = md.withSignatures(List.of(sign("kx", b, md), sign("ka", a, md)));
    ThresholdResult r = SignatureThreshold.verify("timestamp", keys,
        new Role(List.of("kx", "ka"), 1), md, BACKEND);
    assertEquals(KeyOutcome.INVALID_KEY, r.outcomes().get("kx"));
    assertEquals(KeyOutcome.SIGNED, r.outcomes().get("ka"));
    Signed<Timestamp> onlyBroken = md.withSignatures(List.of(sign("kx", b, md)));
    assertThrows(ThresholdNotMetException.class, () -> SignatureThreshold.verify("timestamp",
        keys, new Role(List.of("kx", "ka"), 1), onlyBroken, BACKEND));
  }

  /** One RSA key written as SPKI and as PKCS#1 PEM under two key ids counts once (§1.5.2). */
  @Test
  void rsaKeyInSpkiAndPkcs1FormUnderTwoKeyIdsCountsOnce() throws Exception {
    KeyPairSigner rsa = KeyPairSigner.generate("rsassa-pss-sha256");
    java.security.interfaces.RSAPublicKey pub = (java.security.interfaces.RSAPublicKey)
        org.tuf4j.crypto.PublicKeys.parse("rsa", "rsassa-pss-sha256", rsa.publicValue());
    String pkcs1 = "-----BEGIN RSA PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
        .encodeToString(new org.bouncycastle.asn1.DERSequence(
            new org.bouncycastle.asn1.ASN1Integer[] {
                new org.bouncycastle.asn1.ASN1Integer(pub.getModulus()),
                new org.bouncycastle.asn1.ASN1Integer(pub.getPublicExponent())})
            .getEncoded("DER")) + "\n-----END RSA PUBLIC KEY-----";
    Map<String, Key> keys = Map.of("spki", key(rsa), "pkcs1", Key.of("rsa",
        "rsassa-pss-sha256", pkcs1));
    Signed<Timestamp> md = timestamp();
    md = md.withSignatures(List.of(sign("spki", rsa, md), sign("pkcs1", rsa, md)));
    Signed<Timestamp> signed = md;
    ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class,
        () -> SignatureThreshold.verify("timestamp", keys, new Role(List.of("spki", "pkcs1"), 2),
            signed, BACKEND));
    assertEquals(1, e.signedBy().size());
  }
}
