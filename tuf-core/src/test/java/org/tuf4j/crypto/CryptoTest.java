package org.tuf4j.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.Fixtures;

/** Keys and signature schemes of TUF spec §4.2, with regression tests for known bugs. */
class CryptoTest {
  private static final byte[] MESSAGE = "tuf4j".getBytes(UTF_8);
  private static final List<CryptoBackend> BACKENDS =
      List.of(CryptoBackends.jdk(), CryptoBackends.bouncyCastle());
  private static final BigInteger P256_ORDER = Scheme.ECDSA_P256.order;

  private static byte[] der(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    byte[] out = new byte[6 + rb.length + sb.length];
    out[0] = 0x30;
    out[1] = (byte) (4 + rb.length + sb.length);
    out[2] = 0x02;
    out[3] = (byte) rb.length;
    System.arraycopy(rb, 0, out, 4, rb.length);
    out[4 + rb.length] = 0x02;
    out[5 + rb.length] = (byte) sb.length;
    System.arraycopy(sb, 0, out, 6 + rb.length, sb.length);
    return out;
  }

  /**
   * Signatures over part of an array (the {@code signed} value inside a received file, §4.2)
   * verify exactly when they verify over a copy of that part: not a byte more or less counts.
   */
  @Test
  void verifyingARangeOfAnArrayIsVerifyingThoseBytes() throws Exception {
    byte[] file = "xx{\"signed\":1}yy".getBytes(UTF_8);
    byte[] part = java.util.Arrays.copyOfRange(file, 2, file.length - 2);
    for (String scheme : List.of("ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
        "rsassa-pss-sha256")) {
      KeyPairSigner signer = KeyPairSigner.generate(scheme);
      byte[] sig = signer.sign(part);
      for (CryptoBackend backend : BACKENDS) {
        SignatureVerifier v = backend.verifier(signer.keyType(), signer.scheme(),
            signer.publicValue());
        v.verify(part, sig);
        v.verify(file, 2, part.length, sig);
        String what = scheme + " " + backend.name();
        assertThrows(BadSignatureException.class, () -> v.verify(file, 1, part.length, sig), what);
        assertThrows(BadSignatureException.class, () -> v.verify(file, 2, part.length + 1, sig),
            what);
        assertThrows(BadSignatureException.class, () -> v.verify(file, 2, part.length - 1, sig),
            what);
        assertThrows(IndexOutOfBoundsException.class, () -> v.verify(file, 3, file.length, sig),
            what);
      }
    }
  }

  /** CVE-2022-21449 ("psychic signatures"): r or s of 0 or ≥ n must never verify. */
  @Test
  void ecdsaSignaturesWithRorSOutOfRangeAreRejectedBeforeTheProvider() throws Exception {
    KeyPairSigner signer = KeyPairSigner.generate("ecdsa-sha2-nistp256");
    for (CryptoBackend backend : BACKENDS) {
      SignatureVerifier v = backend.verifier(signer.keyType(), signer.scheme(),
          signer.publicValue());
      for (byte[] sig : List.of(der(BigInteger.ZERO, BigInteger.ZERO),
          der(BigInteger.ZERO, BigInteger.ONE), der(BigInteger.ONE, BigInteger.ZERO),
          der(P256_ORDER, BigInteger.ONE), der(BigInteger.ONE, P256_ORDER))) {
        assertThrows(BadSignatureException.class, () -> v.verify(MESSAGE, sig), backend.name());
      }
    }
  }

  @Test
  void ecdsaSignaturesWithNonMinimalDerOrTrailingBytesAreRejected() throws Exception {
    KeyPairSigner signer = KeyPairSigner.generate("ecdsa-sha2-nistp256");
    SignatureVerifier v = CryptoBackends.defaultBackend().verifier(signer.keyType(),
        signer.scheme(), signer.publicValue());
    byte[] good = signer.sign(MESSAGE);
    v.verify(MESSAGE, good);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    trailing[1]++;
    assertThrows(BadSignatureException.class, () -> v.verify(MESSAGE, trailing));
    // r = 1 written as 00 01: a redundant leading zero byte is not DER.
    byte[] nonMinimal = HexFormat.of().parseHex("30070202000102010" + "1");
    assertThrows(BadSignatureException.class, () -> v.verify(MESSAGE, nonMinimal));
  }

  @Test
  void sameEcKeyAsHexPointAndAsPemHasOneIdentity() throws Exception {
    KeyPairSigner signer = KeyPairSigner.generate("ecdsa-sha2-nistp256");
    ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
        new X509EncodedKeySpec(PublicKeys.pem(signer.publicValue())));
    String hex = "04" + fixed(key.getW().getAffineX()) + fixed(key.getW().getAffineY());
    for (CryptoBackend backend : BACKENDS) {
      SignatureVerifier fromPem = backend.verifier("ecdsa", signer.scheme(), signer.publicValue());
      SignatureVerifier fromHex = backend.verifier("ecdsa-sha2-nistp256", signer.scheme(), hex);
      assertArrayEquals(fromPem.publicKeyIdentity(), fromHex.publicKeyIdentity());
      fromHex.verify(MESSAGE, signer.sign(MESSAGE));
    }
  }

  @Test
  void badKeysAreMalformedAndUnknownSchemesUnsupported() throws Exception {
    KeyPairSigner p384 = KeyPairSigner.generate("ecdsa-sha2-nistp384");
    for (CryptoBackend backend : BACKENDS) {
      assertThrows(MalformedMetadataException.class, () -> backend.verifier("ecdsa",
          "ecdsa-sha2-nistp256", p384.publicValue()), "curve must match scheme");
      assertThrows(MalformedMetadataException.class,
          () -> backend.verifier("ed25519", "ed25519", "zz".repeat(32)));
      assertThrows(MalformedMetadataException.class,
          () -> backend.verifier("ed25519", "ed25519", "00"));
      assertThrows(MalformedMetadataException.class, () -> backend.verifier("ecdsa",
          "ecdsa-sha2-nistp256", "04" + "11".repeat(64)), "point not on the curve");
      assertThrows(MalformedMetadataException.class, () -> backend.verifier("rsa",
          "rsassa-pss-sha256", "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n"));
      assertThrows(UnsupportedFeatureException.class,
          () -> backend.verifier("rsa", "rsa-pkcs1v15-sha256", "x"));
      assertThrows(UnsupportedFeatureException.class,
          () -> backend.verifier("ed25519", "ecdsa-sha2-nistp256", "x"));
    }
  }

  @Test
  void rsaKeysBelow2048BitsAreRefused() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(1024);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
        .encodeToString(gen.generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> CryptoBackends.jdk().verifier("rsa", "rsassa-pss-sha256", pem));
    assertEquals(true, e.getMessage().contains("2048"), e.getMessage());
  }

  /** python's PSS.AUTO accepts any salt length; so does tuf4j (maximum salt shown here). */
  @Test
  void rsaPssSignatureWithMaximumSaltLengthVerifies() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    java.security.Signature s = java.security.Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
        256 - 32 - 2, 1));
    s.initSign(pair.getPrivate());
    s.update(MESSAGE);
    byte[] sig = s.sign();
    String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
        .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    for (CryptoBackend backend : BACKENDS) {
      SignatureVerifier v = backend.verifier("rsa", "rsassa-pss-sha256", pem);
      v.verify(MESSAGE, sig);
      byte[] other = "other".getBytes(UTF_8);
      assertThrows(BadSignatureException.class, () -> v.verify(other, sig));
    }
  }

  /** Interop: python-tuf's PKCS#8 test keys sign; their TUF public key objects verify. */
  @Test
  void pythonTufTestKeysSignAndTheirPublicKeyObjectsVerify() throws Exception {
    Path keys = Fixtures.path("python-tuf-basic/keys");
    List<Path> pems;
    try (Stream<Path> list = Files.list(keys)) {
      pems = list.filter(p -> p.toString().endsWith(".pem")).sorted().toList();
    }
    assertEquals(10, pems.size());
    for (Path pem : pems) {
      Path pub = Path.of(pem.toString().replace(".pem", ".pub.json"));
      JsonObject key = (JsonObject) CanonicalJson.parse(Files.readAllBytes(pub));
      String keyType = ((JsonString) key.get("keytype")).value();
      String scheme = ((JsonString) key.get("scheme")).value();
      String publicValue = ((JsonString) ((JsonObject) key.get("keyval")).get("public")).value();
      KeyPairSigner signer = KeyPairSigner.fromPkcs8Pem(Files.readString(pem), scheme);
      for (CryptoBackend backend : BACKENDS) {
        SignatureVerifier v = backend.verifier(keyType, scheme, publicValue);
        v.verify(MESSAGE, signer.sign(MESSAGE));
        assertArrayEquals(v.publicKeyIdentity(), backend.verifier(signer.keyType(),
            signer.scheme(), signer.publicValue()).publicKeyIdentity(), pem.toString());
      }
    }
  }

  /**
   * KeyPairSigner signs ed25519 on BouncyCastle, not the JDK: the signature must be the RFC 8032
   * one (§7.1 TEST 1), byte for byte what the JDK's own signer gives for any key and message.
   */
  @Test
  void ed25519SignaturesAreRfc8032sAndTheJdksBytes() throws Exception {
    HexFormat hex = HexFormat.of();
    PrivateKey rfcKey = KeyFactory.getInstance("Ed25519").generatePrivate(
        new PKCS8EncodedKeySpec(hex.parseHex("302e020100300506032b657004220420"
            + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
    KeyPairSigner rfc = KeyPairSigner.fromPrivateKey(rfcKey, "ed25519");
    assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        rfc.publicValue());
    assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33b"
        + "acc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", hex.formatHex(rfc.sign(new byte[0])));

    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    Random random = new Random(8032);
    for (int i = 0; i < 20; i++) {
      KeyPair pair = generator.generateKeyPair();
      byte[] message = new byte[random.nextInt(2000)];
      random.nextBytes(message);
      java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
      jdk.initSign(pair.getPrivate());
      jdk.update(message);
      assertArrayEquals(jdk.sign(),
          KeyPairSigner.fromPrivateKey(pair.getPrivate(), "ed25519").sign(message));
    }
  }

  private static String fixed(BigInteger v) {
    String hex = v.toString(16);
    return "0".repeat(64 - hex.length()) + hex;
  }
}
