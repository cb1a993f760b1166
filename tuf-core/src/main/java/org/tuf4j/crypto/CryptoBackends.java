package org.tuf4j.crypto;

import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/** The available {@link CryptoBackend}s. */
public final class CryptoBackends {
  private CryptoBackends() {}

  public static CryptoBackend jdk() {
    return JdkCryptoBackend.INSTANCE;
  }

  public static CryptoBackend bouncyCastle() {
    return BouncyCastleCryptoBackend.INSTANCE;
  }

  /**
   * The default: per scheme, the faster of the two correct backends on JDK 17 (OpenJDK 17.0.15,
   * 2 cores, quick timing loop; the benchmarks module will re-measure with JMH): BouncyCastle for
   * ed25519, the JDK for ECDSA and RSASSA-PSS. See {@code CryptoBackends} sources for numbers.
   */
  public static CryptoBackend defaultBackend() {
    return DEFAULT;
  }

  private static final CryptoBackend DEFAULT = new CryptoBackend() {
    @Override
    public String name() {
      return "default (ed25519: bouncycastle; ecdsa, rsassa-pss: jdk)";
    }

    @Override
    public SignatureVerifier verifier(String keyType, String scheme, String publicValue)
        throws UnsupportedFeatureException, MalformedMetadataException {
      CryptoBackend backend = Scheme.of(keyType, scheme) == Scheme.ED25519
          ? BouncyCastleCryptoBackend.INSTANCE : JdkCryptoBackend.INSTANCE;
      return backend.verifier(keyType, scheme, publicValue);
    }
  };
}
