package org.tuf4j.crypto;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/**
 * Verifiers already made for a key object, by its key type, scheme and public value. Decoding a
 * key (PEM or hex, then the curve point) can cost as much as verifying a signature with it, and a
 * client verifies with the same few keys at every refresh. Verifiers are immutable, so sharing
 * them is safe; the cache is bounded in entries and in key size, and only ever holds keys that
 * decoded.
 */
final class VerifierCache {
  private static final int MAX_ENTRIES = 1024;
  private static final int MAX_PUBLIC_VALUE_LENGTH = 4096; // an RSA-4096 PEM is about 800

  private final ConcurrentHashMap<List<String>, SignatureVerifier> verifiers =
      new ConcurrentHashMap<>();

  /** Makes a verifier for one key, or fails; {@link VerifierCache} never caches failures. */
  @FunctionalInterface
  interface Maker {
    SignatureVerifier make() throws UnsupportedFeatureException, MalformedMetadataException;
  }

  SignatureVerifier get(String keyType, String scheme, String publicValue, Maker maker)
      throws UnsupportedFeatureException, MalformedMetadataException {
    if (publicValue.length() > MAX_PUBLIC_VALUE_LENGTH) {
      return make(maker);
    }
    List<String> key = List.of(keyType, scheme, publicValue);
    SignatureVerifier cached = verifiers.get(key);
    if (cached != null) {
      return cached;
    }
    SignatureVerifier made = make(maker);
    if (verifiers.size() >= MAX_ENTRIES) {
      verifiers.clear(); // rare: more distinct keys than any real repository uses
    }
    verifiers.put(key, made);
    return made;
  }

  /** A key is attacker input: any failure to decode it is that key's invalid outcome. */
  private static SignatureVerifier make(Maker maker)
      throws UnsupportedFeatureException, MalformedMetadataException {
    try {
      return maker.make();
    } catch (RuntimeException e) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
          "public key does not decode: " + e, e);
    }
  }
}
