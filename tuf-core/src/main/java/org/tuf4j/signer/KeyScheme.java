package org.tuf4j.signer;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The TUF signature schemes (TUF spec §4.2) as the signers of this package need them: how to
 * generate a key, which JCA signature makes the TUF encoding, and how a PKCS#8 key names its
 * algorithm.
 */
enum KeyScheme {
  ED25519("ed25519", "ed25519", "Ed25519", null, "Ed25519"),
  ECDSA_P256("ecdsa-sha2-nistp256", "ecdsa", "EC", "secp256r1", "SHA256withECDSA"),
  ECDSA_P384("ecdsa-sha2-nistp384", "ecdsa", "EC", "secp384r1", "SHA384withECDSA"),
  RSASSA_PSS_SHA256("rsassa-pss-sha256", "rsa", "RSA", null, "RSASSA-PSS");

  /** New RSA keys: 3072 bits, as {@code KeyPairSigner.generate} makes them. */
  static final int RSA_BITS = 3072;

  final String tufName;
  final String keyType;
  final String keyAlgorithm;
  final String curve;
  final String jcaSignature;

  KeyScheme(String tufName, String keyType, String keyAlgorithm, String curve,
      String jcaSignature) {
    this.tufName = tufName;
    this.keyType = keyType;
    this.keyAlgorithm = keyAlgorithm;
    this.curve = curve;
    this.jcaSignature = jcaSignature;
  }

  static Optional<KeyScheme> byName(String scheme) {
    for (KeyScheme s : values()) {
      if (s.tufName.equals(scheme)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The scheme a PKCS#8 key is for. RSA keys can only be rsassa-pss-sha256 and an EC key's
   * curve fixes its ECDSA scheme, so the file alone determines the scheme.
   */
  static Optional<KeyScheme> of(AlgorithmIdentifier algorithm) {
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return Optional.of(ED25519);
    }
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return Optional.of(RSASSA_PSS_SHA256);
    }
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)
        && algorithm.getParameters() instanceof ASN1ObjectIdentifier curve) {
      if (curve.equals(X9ObjectIdentifiers.prime256v1)) {
        return Optional.of(ECDSA_P256);
      }
      if (curve.equals(SECObjectIdentifiers.secp384r1)) {
        return Optional.of(ECDSA_P384);
      }
    }
    return Optional.empty();
  }

  KeyPair generate(java.security.Provider provider) throws GeneralSecurityException {
    KeyPairGenerator gen = provider == null ? KeyPairGenerator.getInstance(keyAlgorithm)
        : KeyPairGenerator.getInstance(keyAlgorithm, provider);
    if (curve != null) {
      gen.initialize(new ECGenParameterSpec(curve));
    } else if (this == RSASSA_PSS_SHA256) {
      gen.initialize(RSA_BITS);
    }
    return gen.generateKeyPair();
  }
}
