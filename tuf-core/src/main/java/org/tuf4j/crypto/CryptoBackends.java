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
   * The default: per scheme, the faster of the two backends, both of which pass the same tests.
   * Measured on OpenJDK 17.0.15, 2 cores, verifying a 1000-byte message (best of 3 timed loops
   * after warm-up; the benchmarks module re-measures with JMH):
   * <table>
   *   <caption>verifications per second</caption>
   *   <tr><th>scheme</th><th>JDK</th><th>BouncyCastle 1.80</th><th>default</th></tr>
   *   <tr><td>ed25519</td><td>2,082</td><td>16,625</td><td>BouncyCastle</td></tr>
   *   <tr><td>ecdsa-sha2-nistp256</td><td>1,268</td><td>14,738</td><td>BouncyCastle</td></tr>
   *   <tr><td>rsassa-pss-sha256 (3072)</td><td>17,765</td><td>16,411</td><td>JDK</td></tr>
   * </table>
   * ecdsa-sha2-nistp384 follows P-256 (same implementations).
   */
  public static CryptoBackend defaultBackend() {
    return DEFAULT;
  }

  private static final CryptoBackend DEFAULT = new CryptoBackend() {
    @Override
    public String name() {
      return "default (ed25519, ecdsa: bouncycastle; rsassa-pss: jdk)";
    }

    @Override
    public SignatureVerifier verifier(String keyType, String scheme, String publicValue)
        throws UnsupportedFeatureException, MalformedMetadataException {
      CryptoBackend backend = Scheme.of(keyType, scheme) == Scheme.RSASSA_PSS_SHA256
          ? JdkCryptoBackend.INSTANCE : BouncyCastleCryptoBackend.INSTANCE;
      return backend.verifier(keyType, scheme, publicValue);
    }
  };
}
