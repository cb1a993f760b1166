package org.tuf4j.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/**
 * Verification with BouncyCastle, through a private provider instance: the JVM's global provider
 * list is never changed (TUF spec §4.2 schemes; same checks as {@link JdkCryptoBackend}).
 */
public final class BouncyCastleCryptoBackend implements CryptoBackend {
  static final BouncyCastleCryptoBackend INSTANCE = new BouncyCastleCryptoBackend();
  private static final Provider BC = new BouncyCastleProvider();
  private final VerifierCache cache = new VerifierCache();

  private BouncyCastleCryptoBackend() {}

  @Override
  public String name() {
    return "bouncycastle";
  }

  @Override
  public SignatureVerifier verifier(String keyType, String scheme, String publicValue)
      throws UnsupportedFeatureException, MalformedMetadataException {
    return cache.get(keyType, scheme, publicValue, () -> make(keyType, scheme, publicValue));
  }

  private static SignatureVerifier make(String keyType, String scheme, String publicValue)
      throws UnsupportedFeatureException, MalformedMetadataException {
    Scheme s = Scheme.of(keyType, scheme);
    PublicKey jdkKey = PublicKeys.parse(s, publicValue);
    byte[] spki = jdkKey.getEncoded();
    if (s == Scheme.ED25519) {
      return Ed25519Verifier.fromSpki(spki);
    }
    String algorithm = switch (s) {
      case ED25519 -> throw new IllegalStateException("handled above");
      case ECDSA_P256, ECDSA_P384 -> "EC";
      case RSASSA_PSS_SHA256 -> "RSA";
    };
    try {
      PublicKey bcKey = KeyFactory.getInstance(algorithm, BC).generatePublic(
          new X509EncodedKeySpec(spki));
      return new JcaVerifier(s, bcKey, BC, spki);
    } catch (GeneralSecurityException e) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
          s.tufName + " public key rejected by BouncyCastle: " + e.getMessage(), e);
    }
  }
}
