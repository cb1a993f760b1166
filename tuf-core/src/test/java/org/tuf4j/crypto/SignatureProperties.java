package org.tuf4j.crypto;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tuf4j.BadSignatureException;

/** jqwik: signatures verify with the right key and fail after flipping any bit (TUF spec §4.2). */
class SignatureProperties {
  private static final Map<String, KeyPairSigner> SIGNERS = new ConcurrentHashMap<>();

  private static KeyPairSigner signer(String scheme) {
    return SIGNERS.computeIfAbsent(scheme, KeyPairSigner::generate);
  }

  @Provide
  Arbitrary<String> schemes() {
    return Arbitraries.of("ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
        "rsassa-pss-sha256");
  }

  @Provide
  Arbitrary<CryptoBackend> backends() {
    return Arbitraries.of(List.of(CryptoBackends.jdk(), CryptoBackends.bouncyCastle(),
        CryptoBackends.defaultBackend()));
  }

  @Property(tries = 200)
  void signatureOverAnyMessageVerifiesAndFailsAfterAnyBitFlip(@ForAll("schemes") String scheme,
      @ForAll("backends") CryptoBackend backend, @ForAll byte[] message, @ForAll int position,
      @ForAll boolean flipInSignature) throws Exception {
    KeyPairSigner signer = signer(scheme);
    SignatureVerifier verifier = backend.verifier(signer.keyType(), signer.scheme(),
        signer.publicValue());
    byte[] signature = signer.sign(message);
    verifier.verify(message, signature);

    if (flipInSignature || message.length == 0) {
      byte[] bad = signature.clone();
      int bit = Math.floorMod(position, bad.length * 8);
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(BadSignatureException.class, () -> verifier.verify(message, bad));
    } else {
      byte[] bad = message.clone();
      int bit = Math.floorMod(position, bad.length * 8);
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(BadSignatureException.class, () -> verifier.verify(bad, signature));
    }
  }

  @Property(tries = 40)
  void signatureDoesNotVerifyUnderAnotherKeyOfTheSameScheme(@ForAll("schemes") String scheme,
      @ForAll("backends") CryptoBackend backend, @ForAll byte[] message) throws Exception {
    KeyPairSigner other = KeyPairSigner.generate(scheme);
    SignatureVerifier verifier = backend.verifier(other.keyType(), other.scheme(),
        other.publicValue());
    byte[] signature = signer(scheme).sign(message);
    assertThrows(BadSignatureException.class, () -> verifier.verify(message, signature));
  }
}
