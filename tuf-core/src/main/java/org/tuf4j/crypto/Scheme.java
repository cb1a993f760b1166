package org.tuf4j.crypto;

import java.math.BigInteger;
import org.tuf4j.UnsupportedFeatureException;

/** The signature schemes tuf4j implements, and the key types each accepts (TUF spec §4.2). */
enum Scheme {
  ED25519("ed25519", "Ed25519", null, null),
  ECDSA_P256("ecdsa-sha2-nistp256", "SHA256withECDSA", "secp256r1",
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)),
  ECDSA_P384("ecdsa-sha2-nistp384", "SHA384withECDSA", "secp384r1",
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB2"
          + "48B0A77AECEC196ACCC52973", 16)),
  RSASSA_PSS_SHA256("rsassa-pss-sha256", "RSASSA-PSS", null, null);

  final String tufName;
  final String jcaSignature;
  final String curve;
  final BigInteger order;

  Scheme(String tufName, String jcaSignature, String curve, BigInteger order) {
    this.tufName = tufName;
    this.jcaSignature = jcaSignature;
    this.curve = curve;
    this.order = order;
  }

  boolean isEcdsa() {
    return curve != null;
  }

  /** Resolves a key type + scheme pair, refusing pairs the spec does not define. */
  static Scheme of(String keyType, String scheme) throws UnsupportedFeatureException {
    for (Scheme s : values()) {
      if (s.tufName.equals(scheme) && s.acceptsKeyType(keyType)) {
        return s;
      }
    }
    throw new UnsupportedFeatureException("unsupported key type / scheme: " + keyType + " / "
        + scheme);
  }

  static Scheme byName(String scheme) throws UnsupportedFeatureException {
    for (Scheme s : values()) {
      if (s.tufName.equals(scheme)) {
        return s;
      }
    }
    throw new UnsupportedFeatureException("unsupported signature scheme: " + scheme);
  }

  private boolean acceptsKeyType(String keyType) {
    return switch (this) {
      case ED25519 -> keyType.equals("ed25519");
      // "ecdsa" per the spec; "ecdsa-sha2-nistp256/384" as older python-tuf and Sigstore write.
      case ECDSA_P256, ECDSA_P384 -> keyType.equals("ecdsa") || keyType.equals(tufName);
      case RSASSA_PSS_SHA256 -> keyType.equals("rsa");
    };
  }

  /** The key type tuf4j writes for new keys of this scheme. */
  String keyType() {
    return switch (this) {
      case ED25519 -> "ed25519";
      case ECDSA_P256, ECDSA_P384 -> "ecdsa";
      case RSASSA_PSS_SHA256 -> "rsa";
    };
  }
}
