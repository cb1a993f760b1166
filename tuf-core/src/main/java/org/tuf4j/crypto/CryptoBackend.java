package org.tuf4j.crypto;

import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/**
 * Signature verification for TUF key objects (TUF spec §4.2). Backends are passed explicitly;
 * none installs a JCA provider globally.
 */
public interface CryptoBackend {

  /**
   * The backend's name, for diagnostics and benchmark tables: {@code "jdk"}, {@code
   * "bouncycastle"}, or the default's description of its choice per scheme.
   *
   * @return the name
   */
  String name();

  /**
   * A verifier for one key.
   *
   * @param keyType the key object's {@code keytype} (TUF spec §4.2), such as {@code ed25519}
   * @param scheme the key object's {@code scheme}, such as {@code ecdsa-sha2-nistp256}
   * @param publicValue the key object's {@code keyval.public}
   * @return a verifier to reuse for every signature by this key
   * @throws UnsupportedFeatureException for a key type or scheme without an implementation
   * @throws MalformedMetadataException for a public value that does not decode to a valid key
   */
  SignatureVerifier verifier(String keyType, String scheme, String publicValue)
      throws UnsupportedFeatureException, MalformedMetadataException;
}
