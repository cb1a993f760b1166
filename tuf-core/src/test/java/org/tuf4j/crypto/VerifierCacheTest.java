package org.tuf4j.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;

/** Verifiers are made once per key object, failures never stick, and the cache stays bounded. */
class VerifierCacheTest {

  private static SignatureVerifier verifier() {
    return new SignatureVerifier() {
      @Override
      public void verify(byte[] message, int offset, int length, byte[] signature) {}

      @Override
      public byte[] publicKeyIdentity() {
        return new byte[0];
      }
    };
  }

  @Test
  void aKeyIsDecodedOnceAndItsVerifierShared() throws Exception {
    VerifierCache cache = new VerifierCache();
    AtomicInteger made = new AtomicInteger();
    VerifierCache.Maker maker = () -> {
      made.incrementAndGet();
      return verifier();
    };
    SignatureVerifier a = cache.get("ed25519", "ed25519", "ab", maker);
    assertSame(a, cache.get("ed25519", "ed25519", "ab", maker));
    assertNotSame(a, cache.get("ed25519", "ed25519", "ac", maker));
    assertNotSame(a, cache.get("ecdsa", "ed25519", "ab", maker));
    assertEquals(3, made.get());
  }

  @Test
  void keysThatFailToDecodeAreNotRemembered() throws Exception {
    VerifierCache cache = new VerifierCache();
    AtomicInteger attempts = new AtomicInteger();
    VerifierCache.Maker failing = () -> {
      attempts.incrementAndGet();
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE, "x");
    };
    assertThrows(MalformedMetadataException.class, () -> cache.get("a", "b", "c", failing));
    assertThrows(MalformedMetadataException.class, () -> cache.get("a", "b", "c", failing));
    assertEquals(2, attempts.get());
  }

  @Test
  void hugeKeysAreNotKeptAndTheNumberOfKeysIsBounded() throws Exception {
    VerifierCache cache = new VerifierCache();
    String huge = "a".repeat(5000);
    assertNotSame(cache.get("t", "s", huge, VerifierCacheTest::verifier),
        cache.get("t", "s", huge, VerifierCacheTest::verifier));
    SignatureVerifier first = cache.get("t", "s", "k0", VerifierCacheTest::verifier);
    for (int i = 1; i <= 1024; i++) {
      cache.get("t", "s", "k" + i, VerifierCacheTest::verifier);
    }
    assertNotSame(first, cache.get("t", "s", "k0", VerifierCacheTest::verifier),
        "the 1025th key cleared the cache");
  }

  @Test
  void theBackendsShareVerifiersForTheSameKey() throws Exception {
    KeyPairSigner signer = KeyPairSigner.generate("ed25519");
    for (CryptoBackend backend : new CryptoBackend[] {CryptoBackends.jdk(),
        CryptoBackends.bouncyCastle(), CryptoBackends.defaultBackend()}) {
      assertSame(backend.verifier(signer.keyType(), signer.scheme(), signer.publicValue()),
          backend.verifier(signer.keyType(), signer.scheme(), signer.publicValue()));
    }
  }
}
