package org.tuf4j.crypto;

import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/**
 * Signature verification for TUF key objects (TUF spec §4.2). Backends are passed explicitly;
 * none installs a JCA provider globally.
 */
public interface CryptoBackend {

  String name();

  /**
   * A verifier for one key.
   *
   * @throws UnsupportedFeatureException for a key type or scheme without an implementation
   * @throws MalformedMetadataException for a public value that does not decode to a valid key
   */
  SignatureVerifier verifier(String keyType, String scheme, String publicValue)
      throws UnsupportedFeatureException, MalformedMetadataException;
}
