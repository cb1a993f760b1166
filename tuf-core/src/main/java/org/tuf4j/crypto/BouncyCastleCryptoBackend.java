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
 * Verification with BouncyCastle (TUF spec §4.2 schemes; same checks as {@link
 * JdkCryptoBackend}): ed25519 and ECDSA with its lightweight API ({@link Ed25519Verifier},
 * {@link BcEcdsaVerifier}), RSASSA-PSS through a private provider instance made on first use.
 * The JVM's global provider list is never changed.
 *
 * <p>BouncyCastle 1.80's ed25519 checks the cofactored equation of RFC 8032 §5.1.7: it accepts
 * two of the "Taming the many EdDSAs" edge cases (mixed-order keys) that the JDK, OpenSSL, Go
 * and Node refuse ({@code Ed25519EdgeCasesTest}); the default backend therefore verifies ed25519
 * with the JDK. Choose this backend for its speed on many small messages only where no other
 * TUF client must reach the same decisions.
 */
public final class BouncyCastleCryptoBackend implements CryptoBackend {
  static final BouncyCastleCryptoBackend INSTANCE = new BouncyCastleCryptoBackend();
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
    if (s.isEcdsa()) {
      return BcEcdsaVerifier.fromSpki(s, spki);
    }
    try {
      PublicKey bcKey = KeyFactory.getInstance("RSA", Provided.BC).generatePublic(
          new X509EncodedKeySpec(spki));
      return new JcaVerifier(s, bcKey, Provided.BC, spki);
    } catch (GeneralSecurityException e) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
          s.tufName + " public key rejected by BouncyCastle: " + e.getMessage(), e);
    }
  }

  /** BouncyCastle's provider, made when RSA first needs it (hundreds of classes). */
  private static final class Provided {
    static final Provider BC = new BouncyCastleProvider();
  }
}
