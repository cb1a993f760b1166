package org.tuf4j.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.UnsupportedFeatureException;

/**
 * Decodes the {@code keyval.public} of TUF key objects (TUF spec §4.2) into JCA public keys:
 * ed25519 as 64 hex characters (or PEM) of a point on the curve, ECDSA as PEM
 * SubjectPublicKeyInfo or a hex-encoded uncompressed point (both occur in real repositories), RSA
 * as PEM of at least 2048 bits with a modulus that can be an RSA modulus (odd, no small prime
 * factor, composite), either
 * SubjectPublicKeyInfo ({@code PUBLIC KEY}) or PKCS#1 ({@code RSA PUBLIC KEY}, which
 * securesystemslib accepts too; both decode to the same key). Any input is either a key or a
 * {@link MalformedMetadataException}: attacker-supplied keys never escape as another exception.
 */
public final class PublicKeys {
  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");

  private PublicKeys() {}

  /**
   * Decodes the public value of a TUF key object into a JCA public key, in the forms the class
   * description lists.
   *
   * @param keyType the key object's {@code keytype}
   * @param scheme the key object's {@code scheme}
   * @param publicValue the key object's {@code keyval.public}
   * @return the public key
   * @throws UnsupportedFeatureException for a key type or scheme tuf4j does not implement
   * @throws MalformedMetadataException when the value does not decode to a valid key of that type
   */
  public static PublicKey parse(String keyType, String scheme, String publicValue)
      throws UnsupportedFeatureException, MalformedMetadataException {
    return parse(Scheme.of(keyType, scheme), publicValue);
  }

  static PublicKey parse(Scheme scheme, String value) throws MalformedMetadataException {
    try {
      return switch (scheme) {
        case ED25519 -> ed25519Key(value);
        case ECDSA_P256, ECDSA_P384 -> ecKey(scheme, value);
        case RSASSA_PSS_SHA256 -> rsaKey(value);
      };
    } catch (GeneralSecurityException | RuntimeException e) {
      // RuntimeException too: a provider's parser may throw anything on crafted input.
      throw invalid(scheme + " public key does not decode: " + e);
    }
  }

  /**
   * The JDK's Ed25519 key factory takes any 32 bytes and decodes the point only when verifying;
   * BouncyCastle refuses a value that is not a point on the curve. Checked here, so that every
   * backend accepts the same keys (RFC 8032 §5.1.3 decoding, as {@link Ed25519Verifier} does).
   */
  private static PublicKey ed25519Key(String value)
      throws GeneralSecurityException, MalformedMetadataException {
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
        isPem(value) ? pem(value) : concat(ED25519_SPKI_PREFIX, hex(value, 32))));
    byte[] spki = key.getEncoded(); // the fixed prefix, then the 32-byte encoded point
    if (spki.length != ED25519_SPKI_PREFIX.length + 32
        || !isEd25519Point(Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length))) {
      throw notAPoint();
    }
    return key;
  }

  /**
   * RFC 8032 §5.1.3: the 32 bytes decode to a point of edwards25519. y (the low 255 bits, little
   * endian) is below p, x² = (y² − 1) / (d·y² + 1) has a square root modulo p, and x = 0 is not
   * given with its sign bit set. A point of small order (8·P is the neutral element) is refused
   * too: against such a key, signatures anyone can compute verify. In plain arithmetic ({@link
   * Ed25519LargeMessage}'s) rather than through BouncyCastle, so that decoding an ed25519 key
   * never loads it; the same keys are refused as by BouncyCastle's {@code
   * Ed25519.validatePublicKeyPartial}.
   */
  static boolean isEd25519Point(byte[] encoded) {
    return ed25519Point(encoded) != null;
  }

  /** The point {@link #isEd25519Point} accepts, decoded; null for one it refuses. */
  static Ed25519LargeMessage.Point ed25519Point(byte[] encoded) {
    Ed25519LargeMessage.Point point = Ed25519LargeMessage.decode(encoded);
    return point != null && !point.twice().twice().twice().isNeutral() ? point : null;
  }

  /** An ed25519 key's SubjectPublicKeyInfo and its point, decoded. */
  record Ed25519Key(byte[] spki, Ed25519LargeMessage.Point point) {}

  /**
   * An ed25519 key value, hex or PEM, checked as {@link #parse} checks it (the same keys refused,
   * with the same messages). A hex value is decoded without the JDK's key factory, whose first
   * use costs a fresh JVM about 30 ms; a PEM value goes through {@link #parse}.
   */
  static Ed25519Key ed25519(String value) throws MalformedMetadataException {
    byte[] encoded;
    if (isPem(value)) {
      byte[] spki = parse(Scheme.ED25519, value).getEncoded();
      encoded = Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
    } else {
      encoded = hex(value, 32);
    }
    Ed25519LargeMessage.Point point = ed25519Point(encoded);
    if (point == null) {
      throw notAPoint();
    }
    return new Ed25519Key(concat(ED25519_SPKI_PREFIX, encoded), point);
  }

  private static PublicKey ecKey(Scheme scheme, String value)
      throws GeneralSecurityException, MalformedMetadataException {
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec(scheme.curve));
    ECParameterSpec curve = params.getParameterSpec(ECParameterSpec.class);
    ECPoint point;
    if (isPem(value)) {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
          pem(value)));
      if (!(key instanceof ECPublicKey ec) || !sameCurve(ec.getParams(), curve)) {
        throw invalid("EC key is not on the curve of scheme " + scheme.tufName);
      }
      point = ec.getW();
    } else {
      int size = (curve.getCurve().getField().getFieldSize() + 7) / 8;
      byte[] raw = hex(value, 1 + 2 * size);
      if (raw[0] != 0x04) {
        throw invalid("hex EC public key must be an uncompressed point (04 || X || Y)");
      }
      point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + size)),
          new BigInteger(1, Arrays.copyOfRange(raw, 1 + size, raw.length)));
    }
    requireOnCurve(point, curve);
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve));
  }

  private static PublicKey rsaKey(String value)
      throws GeneralSecurityException, MalformedMetadataException {
    byte[] spki;
    if (value.startsWith(PKCS1_BEGIN)) {
      spki = pkcs1ToSpki(pemBlock(value, PKCS1_BEGIN, PKCS1_END));
    } else if (isPem(value)) {
      spki = pem(value);
    } else {
      throw invalid("RSA public key must be PEM (SubjectPublicKeyInfo or PKCS#1)");
    }
    RSAPublicKey parsed = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
        new X509EncodedKeySpec(spki));
    // Rebuilt from modulus and exponent: the JDK keeps whatever AlgorithmIdentifier parameters
    // the input had (RFC 3279 asks for NULL), and the key's encoding is its identity when
    // thresholds count distinct keys, so one key must have one encoding.
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(
        new RSAPublicKeySpec(parsed.getModulus(), parsed.getPublicExponent()));
    if (((RSAPublicKey) key).getModulus().bitLength() < 2048) {
      throw invalid("RSA keys must be at least 2048 bits (TUF spec §4.2), got "
          + ((RSAPublicKey) key).getModulus().bitLength());
    }
    Rsa.requireValidModulus((RSAPublicKey) key);
    return key;
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder());
  }

  /** y² = x³ + ax + b (mod p), with coordinates in range: rejects invalid-curve points. */
  private static void requireOnCurve(ECPoint w, ECParameterSpec spec)
      throws MalformedMetadataException {
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
      throw invalid("EC point coordinates out of range");
    }
    BigInteger rhs = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB())
        .mod(p);
    if (!y.modPow(BigInteger.TWO, p).equals(rhs)) {
      throw invalid("EC point is not on the curve");
    }
  }

  private static final String SPKI_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String SPKI_END = "-----END PUBLIC KEY-----";
  private static final String PKCS1_BEGIN = "-----BEGIN RSA PUBLIC KEY-----";
  private static final String PKCS1_END = "-----END RSA PUBLIC KEY-----";

  static boolean isPem(String value) {
    return value.startsWith(SPKI_BEGIN);
  }

  static byte[] pem(String value) throws MalformedMetadataException {
    return pemBlock(value, SPKI_BEGIN, SPKI_END);
  }

  /** The DER inside one PEM block with these boundaries, whitespace around it ignored. */
  private static byte[] pemBlock(String value, String begin, String end)
      throws MalformedMetadataException {
    String body = value.trim();
    // The length check keeps the boundaries apart: "-----BEGIN X---------END X-----" has both.
    if (body.length() < begin.length() + end.length() || !body.startsWith(begin)
        || !body.endsWith(end)) {
      throw invalid("PEM public key must be one " + begin.substring(11, begin.length() - 5)
          + " block");
    }
    String base64 = body.substring(begin.length(), body.length() - end.length())
        .replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw invalid("PEM public key is not valid base64");
    }
  }

  /** PKCS#1 RSAPublicKey DER to the SubjectPublicKeyInfo DER of the same key. */
  private static byte[] pkcs1ToSpki(byte[] pkcs1) throws MalformedMetadataException {
    return Rsa.toSpki(pkcs1);
  }

  /**
   * The uses of BouncyCastle here, all for RSA, in a class of their own: verifying {@link
   * PublicKeys} then loads no BouncyCastle class, so decoding an ed25519 or ECDSA key with the
   * JDK's providers never opens (and checks the signature of) the BouncyCastle jar.
   */
  private static final class Rsa {
    private Rsa() {}

    /**
     * The JDK takes any modulus; BouncyCastle refuses an even one, one with a small prime factor
     * and one that is not provably composite. The same checks (BouncyCastle's own, which
     * remembers the moduli it validated), so that every backend accepts the same keys.
     */
    static void requireValidModulus(RSAPublicKey key) throws MalformedMetadataException {
      try {
        new RSAKeyParameters(false, key.getModulus(), key.getPublicExponent());
      } catch (IllegalArgumentException e) {
        throw invalid("RSA public key is not a valid key: " + e.getMessage());
      }
    }

    static byte[] toSpki(byte[] pkcs1) throws MalformedMetadataException {
      try {
        org.bouncycastle.asn1.pkcs.RSAPublicKey rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey
            .getInstance(ASN1Primitive.fromByteArray(pkcs1));
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(
            PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa).getEncoded("DER");
      } catch (java.io.IOException | RuntimeException e) {
        throw invalid("PKCS#1 RSA public key does not decode: " + e);
      }
    }
  }

  private static byte[] hex(String value, int expectedBytes) throws MalformedMetadataException {
    if (value.length() != expectedBytes * 2) {
      throw invalid("expected " + expectedBytes * 2 + " hex characters, got " + value.length());
    }
    try {
      return HexFormat.of().parseHex(value);
    } catch (IllegalArgumentException e) {
      throw invalid("public key is not valid hex");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static MalformedMetadataException notAPoint() {
    return invalid("ed25519 public key is not a point on the curve");
  }

  private static MalformedMetadataException invalid(String message) {
    return new MalformedMetadataException(Reason.INVALID_VALUE, message);
  }
}
