package org.tuf4j.crypto;

import java.security.PublicKey;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/** Verification with the JDK's own providers (SunEC, SunRsaSign) only (TUF spec §4.2). */
public final class JdkCryptoBackend implements CryptoBackend {
  static final JdkCryptoBackend INSTANCE = new JdkCryptoBackend();
  private final VerifierCache cache = new VerifierCache();

  private JdkCryptoBackend() {}

  @Override
  public String name() {
    return "jdk";
  }

  @Override
  public SignatureVerifier verifier(String keyType, String scheme, String publicValue)
      throws UnsupportedFeatureException, MalformedMetadataException {
    return cache.get(keyType, scheme, publicValue, () -> {
      Scheme s = Scheme.of(keyType, scheme);
      PublicKey key = PublicKeys.parse(s, publicValue);
      return new JcaVerifier(s, key, null, key.getEncoded());
    });
  }
}
