package org.tuf4j.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.BadSignatureException;

/** The default backend's ECDSA: the JDK's first, BouncyCastle's once warm, same decisions. */
class WarmingVerifierTest {
  @ParameterizedTest
  @ValueSource(strings = {"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384"})
  void decidesAlikeBeforeAndAfterMovingToBouncyCastle(String scheme) throws Exception {
    KeyPairSigner signer = KeyPairSigner.generate(scheme);
    SignatureVerifier jdk = CryptoBackends.jdk().verifier(signer.keyType(), scheme,
        signer.publicValue());
    WarmingVerifier v = new WarmingVerifier(jdk, () -> CryptoBackends.bouncyCastle()
        .verifier(signer.keyType(), scheme, signer.publicValue()), new AtomicInteger());
    for (int i = 0; i < 2 * WarmingVerifier.JDK_VERIFICATIONS; i++) {
      byte[] message = ("message " + i).getBytes(UTF_8);
      byte[] signature = signer.sign(message);
      v.verify(message, signature);
      byte[] other = ("message " + (i + 1)).getBytes(UTF_8);
      assertThrows(BadSignatureException.class, () -> v.verify(other, signature));
      byte[] flipped = signature.clone();
      flipped[flipped.length - 1] ^= 1;
      assertThrows(BadSignatureException.class, () -> v.verify(message, flipped));
    }
    assertInstanceOf(BcEcdsaVerifier.class, v.current());
    assertEquals(jdk.publicKeyIdentity().length, v.publicKeyIdentity().length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, WarmingVerifier.JDK_VERIFICATIONS - 1})
  void aYoungProcessVerifiesWithTheJdk(int verifiedBefore) throws Exception {
    KeyPairSigner signer = KeyPairSigner.generate("ecdsa-sha2-nistp256");
    SignatureVerifier jdk = CryptoBackends.jdk().verifier(signer.keyType(), signer.scheme(),
        signer.publicValue());
    WarmingVerifier v = new WarmingVerifier(jdk, () -> {
      throw new AssertionError("BouncyCastle loaded too early");
    }, new AtomicInteger(verifiedBefore));
    assertSame(jdk, v.current());
  }
}
