package org.tuf4j.signer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.BadSignatureException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.signer.Pkcs11Exception.Reason;

/**
 * Signing on a PKCS#11 token (SoftHSM2). Every signature is checked by tuf4j's verifier built
 * only from the public value string, as a client would see it in root metadata.
 */
class Pkcs11SignerTest {
  private static final byte[] ROOT_LIKE = CanonicalJson.encode(new JsonObject(Map.of(
      "_type", new JsonString("root"),
      "spec_version", new JsonString("1.0.31"),
      "expires", new JsonString("2030-01-01T00:00:00Z"))));

  private SoftHsm2.Token softHsm;
  private Pkcs11Token token;

  @BeforeEach
  void openToken() throws Exception {
    softHsm = SoftHsm2.token();
    token = Pkcs11Token.open(softHsm.module(), softHsm.slotId(), SoftHsm2.PIN.toCharArray());
  }

  @AfterEach
  void closeToken() throws Exception {
    if (token != null) {
      token.close();
    }
  }

  private static SignatureVerifier verifier(String keyType, String scheme, String publicValue)
      throws Exception {
    return CryptoBackends.defaultBackend().verifier(keyType, scheme, publicValue);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "rsassa-pss-sha256"})
  void keysGeneratedOnTheTokenMakeSignaturesTufVerifies(String scheme) throws Exception {
    String label = "gen-" + scheme;
    Pkcs11Signer signer = token.generateKey(label, scheme);
    assertEquals(scheme, signer.scheme());
    assertTrue(signer.publicValue().startsWith("-----BEGIN PUBLIC KEY-----\n"));
    // Only strings cross over, as from root metadata to a client.
    String keyType = signer.keyType();
    String publicValue = signer.publicValue();
    SignatureVerifier v = verifier(keyType, scheme, publicValue);
    // Many signatures: ECDSA r and s of every DER length must pass tuf4j's strict DER checks.
    int rounds = scheme.startsWith("ecdsa") ? 40 : 3;
    for (int i = 0; i < rounds; i++) {
      byte[] message = (new String(ROOT_LIKE, UTF_8) + i).getBytes(UTF_8);
      v.verify(message, signer.sign(message));
    }
    byte[] sig = signer.sign(ROOT_LIKE);
    byte[] tampered = ROOT_LIKE.clone();
    tampered[3] ^= 1;
    assertThrows(BadSignatureException.class, () -> v.verify(tampered, sig));

    // A new session finds the key by label, with the same public value.
    try (Pkcs11Token again = Pkcs11Token.open(softHsm.module(), softHsm.slotId(),
        SoftHsm2.PIN.toCharArray())) {
      assertTrue(again.keyLabels().contains(label), again.keyLabels().toString());
      Pkcs11Signer reopened = again.signer(label, scheme);
      assertEquals(publicValue, reopened.publicValue());
      v.verify(ROOT_LIKE, reopened.sign(ROOT_LIKE));
    }
  }

  /** TUF's rsassa-pss-sha256 is PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt. */
  @Test
  void rsaPssSignaturesUseA32ByteSalt() throws Exception {
    Pkcs11Signer signer = token.generateKey("pss-salt", "rsassa-pss-sha256");
    String pem = signer.publicValue().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(
        new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
    java.security.Signature jdk = java.security.Signature.getInstance("RSASSA-PSS");
    jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    jdk.initVerify(key);
    jdk.update(ROOT_LIKE);
    assertTrue(jdk.verify(signer.sign(ROOT_LIKE)));
  }

  @Test
  void theConvenienceFactoryOpensOneKey() throws Exception {
    Pkcs11Signer generated = token.generateKey("convenience", "ecdsa-sha2-nistp256");
    Pkcs11Signer opened = Pkcs11Signer.open(softHsm.module(), softHsm.slotId(),
        SoftHsm2.PIN.toCharArray(), "convenience", "ecdsa-sha2-nistp256");
    assertEquals(generated.publicValue(), opened.publicValue());
    verifier("ecdsa", "ecdsa-sha2-nistp256", generated.publicValue())
        .verify(ROOT_LIKE, opened.sign(ROOT_LIKE));
  }

  @Test
  void aWrongPinIsReportedAsSuch() throws Exception {
    // Login is per process: while a session is logged in, the token accepts any PIN.
    token.close();
    token = null;
    Pkcs11Exception e = assertThrows(Pkcs11Exception.class, () -> Pkcs11Token.open(
        softHsm.module(), softHsm.slotId(), "0000".toCharArray()));
    assertEquals(Reason.WRONG_PIN, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("refused the PIN"), e.getMessage());
  }

  @Test
  void aMissingKeyLabelIsReportedWithTheLabelsThatExist() throws Exception {
    token.generateKey("present", "ecdsa-sha2-nistp256");
    Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
        () -> token.signer("absent", "ecdsa-sha2-nistp256"));
    assertEquals(Reason.KEY_NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("\"absent\"") && e.getMessage().contains("present"),
        e.getMessage());
  }

  @Test
  void aKeyOfAnotherSchemeIsRefused() throws Exception {
    token.generateKey("p256-key", "ecdsa-sha2-nistp256");
    token.generateKey("rsa-key", "rsassa-pss-sha256");
    for (String[] labelAndScheme : List.of(new String[] {"p256-key", "ecdsa-sha2-nistp384"},
        new String[] {"p256-key", "rsassa-pss-sha256"},
        new String[] {"rsa-key", "ecdsa-sha2-nistp256"})) {
      Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
          () -> token.signer(labelAndScheme[0], labelAndScheme[1]));
      assertEquals(Reason.KEY_MISMATCH, e.reason(), e.getMessage());
    }
  }

  @Test
  void ed25519IsRefusedWithAnExplanation() {
    Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
        () -> token.generateKey("ed", "ed25519"));
    assertEquals(Reason.UNSUPPORTED_SCHEME, e.reason());
    assertTrue(e.getMessage().contains("ed25519"), e.getMessage());
    assertEquals(Reason.UNSUPPORTED_SCHEME, assertThrows(Pkcs11Exception.class,
        () -> token.signer("ed", "ed448")).reason());
  }

  @Test
  void aLabelInUseIsNotReplaced() throws Exception {
    Pkcs11Signer first = token.generateKey("taken", "ecdsa-sha2-nistp256");
    Pkcs11Exception e = assertThrows(Pkcs11Exception.class,
        () -> token.generateKey("taken", "ecdsa-sha2-nistp256"));
    assertEquals(Reason.LABEL_IN_USE, e.reason());
    assertEquals(first.publicValue(), token.signer("taken", "ecdsa-sha2-nistp256")
        .publicValue());
  }

  @Test
  void aMissingModuleOrSlotIsReported() {
    assertEquals(Reason.PROVIDER_UNAVAILABLE, assertThrows(Pkcs11Exception.class,
        () -> Pkcs11Token.open(Path.of("/nonexistent/libpkcs11.so"), 0,
            SoftHsm2.PIN.toCharArray())).reason());
    Pkcs11Exception e = assertThrows(Pkcs11Exception.class, () -> Pkcs11Token.open(
        softHsm.module(), 987_654_321L, SoftHsm2.PIN.toCharArray()));
    assertTrue(e.reason() == Reason.TOKEN_UNAVAILABLE, e.reason() + ": " + e.getMessage());
  }

  @Test
  void theGlobalProviderListIsNotChanged() throws Exception {
    List<String> before = providerNames();
    token.generateKey("providers", "ecdsa-sha2-nistp256").sign(ROOT_LIKE);
    assertEquals(before, providerNames());
    assertTrue(before.stream().noneMatch(n -> n.startsWith("SunPKCS11-tuf4j")), before
        .toString());
  }

  @Test
  void publicKeyObjectsOfTokenKeysHaveStableKeyIds() throws Exception {
    Pkcs11Signer signer = token.generateKey("keyid", "ecdsa-sha2-nistp256");
    JsonValue json = PemKeys.publicKey(signer).toJson();
    assertArrayEquals(CanonicalJson.encode(json), CanonicalJson.encode(
        PemKeys.publicKey(token.signer("keyid", "ecdsa-sha2-nistp256")).toJson()));
  }

  private static List<String> providerNames() {
    return java.util.Arrays.stream(Security.getProviders()).map(p -> p.getName()).toList();
  }
}
