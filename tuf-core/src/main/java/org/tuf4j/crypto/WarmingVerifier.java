package org.tuf4j.crypto;

import java.util.concurrent.atomic.AtomicInteger;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/**
 * The default backend's ECDSA verifier: the JDK's (SunEC) for the process's first {@value
 * #JDK_VERIFICATIONS} verifications, BouncyCastle's lightweight code after them.
 *
 * <p>Why two: BouncyCastle verifies ECDSA about 10 times faster once warm, but its first class
 * costs a fresh JVM about a third of a second, because its jar is signed and the JVM checks the
 * signature of the whole jar (a manifest of thousands of digests) before it loads a class from
 * it, and a class-data-sharing archive cannot hold classes of signed jars. A process that
 * checks an update verifies a handful of signatures and exits; a server that verifies vehicles'
 * manifests all day pays that once. ECDSA verification is one equation with no variants, both
 * see a signature only after the same strict DER and range checks ({@link EcdsaDer}) and a key
 * only after {@link PublicKeys} checked it, so which one runs changes nothing but speed.
 * (ed25519 has variants, and the two libraries differ on one; see {@link
 * CryptoBackends#defaultBackend()}.)
 */
final class WarmingVerifier implements SignatureVerifier {
  /** Verifications, process-wide, before BouncyCastle is loaded. */
  static final int JDK_VERIFICATIONS = 64;
  /** The process's count, shared by every key. */
  static final AtomicInteger BY_JDK = new AtomicInteger();

  /** Makes the BouncyCastle verifier of the same key. */
  interface Warm {
    SignatureVerifier make() throws UnsupportedFeatureException, MalformedMetadataException;
  }

  private final SignatureVerifier jdk;
  private final Warm warm;
  private final AtomicInteger byJdk;
  private volatile SignatureVerifier bouncyCastle;

  WarmingVerifier(SignatureVerifier jdk, Warm warm, AtomicInteger byJdk) {
    this.jdk = jdk;
    this.warm = warm;
    this.byJdk = byJdk;
  }

  @Override
  public void verify(byte[] message, int offset, int length, byte[] signature)
      throws BadSignatureException {
    current().verify(message, offset, length, signature);
  }

  /** The verifier for the next verification. */
  SignatureVerifier current() {
    SignatureVerifier bc = bouncyCastle;
    if (bc != null) {
      return bc;
    }
    if (byJdk.getAndIncrement() < JDK_VERIFICATIONS) {
      return jdk;
    }
    try {
      bc = warm.make();
    } catch (UnsupportedFeatureException | MalformedMetadataException e) {
      // Not expected: the key passed the same checks for both. The JDK's verifier stays.
      bc = jdk;
    }
    bouncyCastle = bc;
    return bc;
  }

  @Override
  public byte[] publicKeyIdentity() {
    return jdk.publicKeyIdentity();
  }
}
