package org.tuf4j.crypto;

import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/** The available {@link CryptoBackend}s. */
public final class CryptoBackends {
  private CryptoBackends() {}

  /**
   * Verification by the JDK's own providers (SunEC, SunRsaSign).
   *
   * @return the JDK backend, shared
   */
  public static CryptoBackend jdk() {
    return JdkCryptoBackend.INSTANCE;
  }

  /**
   * Verification by BouncyCastle, through a private provider instance: the JVM's global provider
   * list is never changed.
   *
   * @return the BouncyCastle backend, shared
   */
  public static CryptoBackend bouncyCastle() {
    return BouncyCastleCryptoBackend.INSTANCE;
  }

  /**
   * The default: tuf4j's own ed25519, the JDK's RSA-PSS and ECDSA, and BouncyCastle's ECDSA once
   * a process has verified enough to pay for loading it. {@code SignatureBenchmark} (benchmarks module; 1 KiB message,
   * decode the key object then verify, median of 3 JMH forks; OpenJDK 17.0.15, 2 vCPUs,
   * 2026-11-29):
   * <table>
   *   <caption>verifications per second</caption>
   *   <tr><th>scheme</th><th>JDK</th><th>BouncyCastle 1.80</th><th>default</th></tr>
   *   <tr><td>ed25519</td><td>2,111</td><td>15,943</td><td>tuf4j (below)</td></tr>
   *   <tr><td>ecdsa-sha2-nistp256</td><td>1,230</td><td>13,559</td><td>JDK, then
   *       BouncyCastle</td></tr>
   *   <tr><td>rsassa-pss-sha256 (2048)</td><td>30,562</td><td>25,671</td><td>JDK</td></tr>
   *   <tr><td>rsassa-pss-sha256 (4096)</td><td>9,544</td><td>8,193</td><td>JDK</td></tr>
   * </table>
   * ecdsa-sha2-nistp384 follows P-256 (same implementations).
   *
   * <ul>
   *   <li>ed25519 decided as the JDK decides: BouncyCastle 1.80 checks the cofactored equation
   *       of RFC 8032 §5.1.7 and accepts signatures that the JDK, OpenSSL (python-tuf through
   *       pyca), Go (go-tuf) and Node (tuf-js) refuse (mixed-order keys; {@code
   *       Ed25519EdgeCasesTest}), so a repository could be valid for tuf4j and not for the
   *       others. The same cofactorless equation is checked by tuf4j's own arithmetic ({@code
   *       CofactorlessEd25519Verifier}), which a fresh JVM starts without the JDK's key factory
   *       (some 30 ms) and which, warm, is faster than the JDK's verifier: it hashes the
   *       message where it lies, where the JDK's copies it into a buffer first.
   *   <li>ECDSA: the process's first {@value WarmingVerifier#JDK_VERIFICATIONS} verifications on
   *       the JDK's code (loading BouncyCastle costs a fresh JVM about a third of a second, its
   *       jar being signed), BouncyCastle's after them; the two decide alike on every input.
   * </ul>
   *
   * @return the default backend, shared
   */
  public static CryptoBackend defaultBackend() {
    return DEFAULT;
  }

  private static final CryptoBackend DEFAULT = new CryptoBackend() {
    private final VerifierCache cache = new VerifierCache();

    @Override
    public String name() {
      return "default (ed25519: tuf4j's cofactorless arithmetic; rsassa-pss: jdk; ecdsa: jdk for "
          + "a process's first " + WarmingVerifier.JDK_VERIFICATIONS + " verifications, then "
          + "bouncycastle)";
    }

    @Override
    public SignatureVerifier verifier(String keyType, String scheme, String publicValue)
        throws UnsupportedFeatureException, MalformedMetadataException {
      CryptoBackend jdk = JdkCryptoBackend.INSTANCE;
      Scheme s = Scheme.of(keyType, scheme);
      if (s == Scheme.RSASSA_PSS_SHA256) {
        return jdk.verifier(keyType, scheme, publicValue);
      }
      return cache.get(keyType, scheme, publicValue, () -> s == Scheme.ED25519
          ? new CofactorlessEd25519Verifier(PublicKeys.ed25519(publicValue))
          : new WarmingVerifier(jdk.verifier(keyType, scheme, publicValue),
              () -> BouncyCastleCryptoBackend.INSTANCE.verifier(keyType, scheme, publicValue),
              WarmingVerifier.BY_JDK));
    }
  };
}
