package org.tuf4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.MalformedMetadataException;

/**
 * Key decoding (TUF spec §4.2) never throws anything but a {@link MalformedMetadataException}
 * or {@link org.tuf4j.UnsupportedFeatureException}: a key is attacker input wherever a delegation
 * names one. Regression: {@code -----BEGIN PUBLIC KEY---------END PUBLIC KEY-----}, whose
 * boundaries overlap, escaped as {@code StringIndexOutOfBoundsException} out of {@code
 * Updater.getTargetInfo}.
 */
class KeyDecodingRobustnessTest {
  static final String OVERLAPPING_PEM = "-----BEGIN PUBLIC KEY---------END PUBLIC KEY-----";

  /** Every backend: each decodes keys through {@link PublicKeys}, the default one hex ed25519 too. */
  private static final List<CryptoBackend> BACKENDS = List.of(CryptoBackends.jdk(),
      CryptoBackends.bouncyCastle(), CryptoBackends.defaultBackend());

  static List<String> brokenPublicValues() {
    return List.of(OVERLAPPING_PEM, "-----BEGIN PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----\n"
        + "MAA=\n-----END PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----\n%%%%\n"
        + "-----END PUBLIC KEY-----", "-----BEGIN RSA PUBLIC KEY---------END RSA PUBLIC KEY-----",
        "-----BEGIN RSA PUBLIC KEY-----\nMAA=\n-----END RSA PUBLIC KEY-----", "", "04", "zz",
        "04" + "ff".repeat(64), "\u0000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519/ed25519", "ecdsa/ecdsa-sha2-nistp256",
      "ecdsa/ecdsa-sha2-nistp384", "rsa/rsassa-pss-sha256"})
  void everyBrokenPublicValueIsAMalformedKeyOnEveryBackend_spec4_2(String typeAndScheme) {
    String[] ts = typeAndScheme.split("/");
    for (String value : brokenPublicValues()) {
      assertThrows(MalformedMetadataException.class,
          () -> PublicKeys.parse(ts[0], ts[1], value), value);
      for (CryptoBackend backend : BACKENDS) {
        assertThrows(MalformedMetadataException.class,
            () -> backend.verifier(ts[0], ts[1], value), backend.name() + ": " + value);
      }
    }
  }

  /**
   * Found by fuzzing ({@code ParserFuzzTest#publicKeys}, input {@code
   * crash-eb8cdc2bb19cdb7abcceab3a67ee18f95140dbd2}): 32 bytes that are no point on the curve.
   * The JDK's Ed25519 key factory took them, so {@code PublicKeys.parse} and the JDK backend
   * returned a key, while the BouncyCastle backend refused it: which keys of a root or a
   * delegation are valid depended on the backend.
   */
  @Test
  void ed25519ValueOffTheCurveIsMalformedOnEveryBackend_fuzzFinding_spec4_2() throws Exception {
    String offCurve = "76156da210f6de1c62683e8559affdf325bed5401223c0b8e3976156da210f6d";
    assertThrows(MalformedMetadataException.class,
        () -> PublicKeys.parse("ed25519", "ed25519", offCurve));
    String offCurvePem = pem("PUBLIC KEY", java.util.HexFormat.of().parseHex(
        "302a300506032b6570032100" + offCurve));
    assertThrows(MalformedMetadataException.class,
        () -> PublicKeys.parse("ed25519", "ed25519", offCurvePem));
    for (CryptoBackend backend : BACKENDS) {
      assertThrows(MalformedMetadataException.class,
          () -> backend.verifier("ed25519", "ed25519", offCurve), backend.name());
      assertThrows(MalformedMetadataException.class,
          () -> backend.verifier("ed25519", "ed25519", offCurvePem), backend.name());
    }
    // A real key still decodes, on every backend, to the same identity.
    String valid = KeyPairSigner.generate("ed25519").publicValue();
    for (CryptoBackend backend : BACKENDS) {
      assertArrayEquals(CryptoBackends.jdk().verifier("ed25519", "ed25519", valid)
          .publicKeyIdentity(), backend.verifier("ed25519", "ed25519", valid)
          .publicKeyIdentity(), backend.name());
    }
  }

  /**
   * Found by fuzzing ({@code ParserFuzzTest#publicKeys}, input {@code
   * crash-967a73ced988cc86b13cc32054901ca92f35ac7c}): a PKCS#1 RSA key whose 3072-bit modulus
   * is divisible by 37. The JDK took it, BouncyCastle refused it ("RSA modulus has a small prime
   * factor"): which RSA keys were valid depended on the backend. The same for an even modulus and
   * a prime one, in either PEM form.
   */
  @Test
  void rsaModulusThatIsNoRsaModulusIsMalformedOnEveryBackend_fuzzFinding_spec4_2()
      throws Exception {
    BigInteger e = BigInteger.valueOf(65537);
    BigInteger divisibleBy3 = BigInteger.ONE.shiftLeft(2047).add(BigInteger.ONE); // 2^odd + 1
    BigInteger even = BigInteger.ONE.shiftLeft(2047).add(BigInteger.TWO);
    BigInteger prime = BigInteger.probablePrime(2048, new java.util.Random(1));
    for (BigInteger n : List.of(divisibleBy3, even, prime)) {
      String pkcs1 = pem("RSA PUBLIC KEY", new DERSequence(new ASN1Integer[] {new ASN1Integer(n),
          new ASN1Integer(e)}).getEncoded("DER"));
      String spki = pem("PUBLIC KEY", java.security.KeyFactory.getInstance("RSA")
          .generatePublic(new java.security.spec.RSAPublicKeySpec(n, e)).getEncoded());
      for (String value : List.of(pkcs1, spki)) {
        assertThrows(MalformedMetadataException.class,
            () -> PublicKeys.parse("rsa", "rsassa-pss-sha256", value), value);
        for (CryptoBackend backend : BACKENDS) {
          assertThrows(MalformedMetadataException.class,
              () -> backend.verifier("rsa", "rsassa-pss-sha256", value), backend.name());
        }
      }
    }
  }

  /**
   * Found by fuzzing ({@code ParserFuzzTest#publicKeys}, input {@code
   * crash-402cad9881a3dd5a8ad4f7f3b347ac6a89b61ada}): an RSA SubjectPublicKeyInfo whose
   * AlgorithmIdentifier carries parameters other than NULL. The JDK kept them in the key's
   * encoding, which BouncyCastle then refused; and since that encoding is the key's identity when
   * a threshold counts distinct keys, one RSA key written twice, with and without such
   * parameters, would have counted twice. Every form of one key now has one identity.
   */
  @Test
  void rsaKeyWithOtherAlgorithmParametersIsTheSameKey_fuzzFinding_spec4_2() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    byte[] canonical = g.generateKeyPair().getPublic().getEncoded();
    // 30 0d 06 09 <rsaEncryption> 05 00 -> 30 0d 06 09 <rsaEncryption> 32 00
    byte[] odd = canonical.clone();
    int nullAt = indexOf(odd, new byte[] {0x05, 0x00});
    odd[nullAt] = 0x32;
    String canonicalPem = pem("PUBLIC KEY", canonical);
    String oddPem = pem("PUBLIC KEY", odd);
    assertEquals(PublicKeys.parse("rsa", "rsassa-pss-sha256", canonicalPem),
        PublicKeys.parse("rsa", "rsassa-pss-sha256", oddPem));
    assertArrayEquals(canonical,
        PublicKeys.parse("rsa", "rsassa-pss-sha256", oddPem).getEncoded());
    for (CryptoBackend backend : BACKENDS) {
      assertArrayEquals(backend.verifier("rsa", "rsassa-pss-sha256", canonicalPem)
          .publicKeyIdentity(), backend.verifier("rsa", "rsassa-pss-sha256", oddPem)
          .publicKeyIdentity(), backend.name());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not found");
  }

  /** securesystemslib accepts PKCS#1 RSA public keys; they are the same key as their SPKI form. */
  @Test
  void pkcs1RsaPublicKeyIsTheSameKeyAsItsSpkiForm_spec4_2() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    RSAPublicKey rsa = (RSAPublicKey) pair.getPublic();
    String spki = pem("PUBLIC KEY", rsa.getEncoded());
    String pkcs1 = pem("RSA PUBLIC KEY", new DERSequence(new ASN1Integer[] {
        new ASN1Integer(rsa.getModulus()), new ASN1Integer(rsa.getPublicExponent())})
        .getEncoded("DER"));
    assertEquals(PublicKeys.parse("rsa", "rsassa-pss-sha256", spki),
        PublicKeys.parse("rsa", "rsassa-pss-sha256", pkcs1));
    for (CryptoBackend backend : BACKENDS) {
      assertArrayEquals(backend.verifier("rsa", "rsassa-pss-sha256", spki).publicKeyIdentity(),
          backend.verifier("rsa", "rsassa-pss-sha256", pkcs1).publicKeyIdentity(),
          backend.name());
    }
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
