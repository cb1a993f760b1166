package org.tuf4j.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/**
 * A {@link Signer} over an in-memory key pair: freshly generated, or read from an unencrypted
 * PKCS#8 PEM file such as python-tuf's test keys. Public values are written as tuf4j writes
 * keys (TUF spec §4.2): hex for ed25519, PEM SubjectPublicKeyInfo for ECDSA and RSA.
 *
 * <p>ed25519 signs on BouncyCastle's RFC 8032 code rather than the JDK's, which is several times
 * slower: with the JDK's, an Uptane Director's three signatures per vehicle took 1.5 ms instead
 * of 0.15 ({@code DirectorBenchmark}). ed25519 signatures are deterministic, so the bytes are
 * the same either way.
 */
public final class KeyPairSigner implements Signer {
  private final Scheme scheme;
  private final PrivateKey privateKey;
  /** The same key for BouncyCastle's ed25519 signing; empty for other schemes. */
  private final Optional<Ed25519PrivateKeyParameters> ed25519;
  private final String publicValue;

  private KeyPairSigner(Scheme scheme, PrivateKey privateKey, PublicKey publicKey)
      throws InvalidKeyException {
    this.scheme = scheme;
    this.privateKey = privateKey;
    this.publicValue = publicValue(scheme, publicKey.getEncoded());
    this.ed25519 = scheme == Scheme.ED25519 ? Optional.of(ed25519(privateKey)) : Optional.empty();
  }

  private static Ed25519PrivateKeyParameters ed25519(PrivateKey privateKey)
      throws InvalidKeyException {
    try {
      if (PrivateKeyFactory.createKey(privateKey.getEncoded())
          instanceof Ed25519PrivateKeyParameters ed) {
        return ed;
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new InvalidKeyException("cannot read the ed25519 private key", e);
    }
    throw new InvalidKeyException("not an ed25519 private key");
  }

  /**
   * A new key for {@code scheme}: ed25519, ecdsa-sha2-nistp256/384, rsassa-pss-sha256 (3072).
   *
   * @param scheme the TUF scheme name
   * @return a signer holding a freshly generated key pair
   */
  public static KeyPairSigner generate(String scheme) {
    try {
      Scheme s = Scheme.byName(scheme);
      KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm(s));
      if (s.isEcdsa()) {
        gen.initialize(new ECGenParameterSpec(s.curve));
      } else if (s == Scheme.RSASSA_PSS_SHA256) {
        gen.initialize(3072);
      }
      KeyPair pair = gen.generateKeyPair();
      return new KeyPairSigner(s, pair.getPrivate(), pair.getPublic());
    } catch (UnsupportedFeatureException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot generate a key for scheme " + scheme, e);
    }
  }

  /**
   * Reads an unencrypted PKCS#8 PEM private key and derives its public key.
   *
   * @param pem the {@code PRIVATE KEY} PEM block
   * @param scheme the TUF scheme the key signs with
   * @return a signer for the key
   * @throws GeneralSecurityException when the PEM does not hold a PKCS#8 key that fits {@code
   *     scheme}
   * @throws UnsupportedFeatureException for a scheme tuf4j does not implement
   */
  public static KeyPairSigner fromPkcs8Pem(String pem, String scheme)
      throws GeneralSecurityException, UnsupportedFeatureException {
    Scheme s = Scheme.byName(scheme);
    String body = pem.replace("-----BEGIN PRIVATE KEY-----", "")
        .replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    PrivateKey privateKey = KeyFactory.getInstance(algorithm(s))
        .generatePrivate(new PKCS8EncodedKeySpec(der));
    return fromPrivateKey(privateKey, scheme);
  }

  /**
   * Wraps a software private key (one whose {@link PrivateKey#getEncoded()} is PKCS#8) and
   * derives its public key. Refuses keys that do not fit {@code scheme}: another algorithm,
   * another curve, or RSA under 2048 bits (TUF spec §4.2).
   *
   * @param privateKey a software private key
   * @param scheme the TUF scheme the key signs with
   * @return a signer for the key
   * @throws GeneralSecurityException when the key does not fit {@code scheme}
   * @throws UnsupportedFeatureException for a scheme tuf4j does not implement
   */
  public static KeyPairSigner fromPrivateKey(PrivateKey privateKey, String scheme)
      throws GeneralSecurityException, UnsupportedFeatureException {
    Scheme s = Scheme.byName(scheme);
    byte[] der = privateKey.getEncoded();
    if (der == null || !"PKCS#8".equals(privateKey.getFormat())) {
      throw new InvalidKeyException("private key is not exportable as PKCS#8");
    }
    byte[] spki;
    try {
      AsymmetricKeyParameter priv = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
      AsymmetricKeyParameter pub;
      if (priv instanceof Ed25519PrivateKeyParameters ed) {
        pub = ed.generatePublicKey();
      } else if (priv instanceof ECPrivateKeyParameters ec) {
        pub = new ECPublicKeyParameters(ec.getParameters().getG().multiply(ec.getD()).normalize(),
            ec.getParameters());
      } else if (priv instanceof RSAPrivateCrtKeyParameters rsa) {
        pub = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
      } else {
        throw new UnsupportedFeatureException("unsupported private key type in PKCS#8");
      }
      SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub);
      spki = info.getEncoded();
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new InvalidKeyException("cannot read PKCS#8 private key", e);
    }
    // The JCA key factory of the scheme's algorithm rejects keys of other algorithms.
    PrivateKey jcaPrivate = KeyFactory.getInstance(algorithm(s))
        .generatePrivate(new PKCS8EncodedKeySpec(der));
    PublicKey publicKey = KeyFactory.getInstance(algorithm(s))
        .generatePublic(new X509EncodedKeySpec(spki));
    try {
      // Same checks as for keys in metadata: curve of the scheme, RSA size.
      PublicKeys.parse(s, publicValue(s, publicKey.getEncoded()));
    } catch (MalformedMetadataException e) {
      throw new InvalidKeyException("private key does not fit scheme " + scheme + ": "
          + e.getMessage(), e);
    }
    return new KeyPairSigner(s, jcaPrivate, publicKey);
  }

  @Override
  public String keyType() {
    return scheme.keyType();
  }

  @Override
  public String scheme() {
    return scheme.tufName;
  }

  @Override
  public String publicValue() {
    return publicValue;
  }

  @Override
  public byte[] sign(byte[] message) throws GeneralSecurityException {
    if (ed25519.isPresent()) {
      byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
      ed25519.get().sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length,
          signature, 0);
      return signature;
    }
    java.security.Signature s = java.security.Signature.getInstance(scheme.jcaSignature);
    if (scheme == Scheme.RSASSA_PSS_SHA256) {
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    }
    s.initSign(privateKey);
    s.update(message);
    return s.sign();
  }

  private static String algorithm(Scheme s) {
    return switch (s) {
      case ED25519 -> "Ed25519";
      case ECDSA_P256, ECDSA_P384 -> "EC";
      case RSASSA_PSS_SHA256 -> "RSA";
    };
  }

  private static String publicValue(Scheme s, byte[] spki) {
    if (s == Scheme.ED25519) {
      return HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki);
    return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
  }
}
