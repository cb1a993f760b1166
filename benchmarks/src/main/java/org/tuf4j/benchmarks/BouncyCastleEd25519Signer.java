package org.tuf4j.benchmarks;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.tuf4j.crypto.Signer;

/**
 * An ed25519 {@link Signer} on BouncyCastle's low-level RFC 8032 code, to separate a writer's own
 * cost from the JDK's ed25519 signing, which is several times slower.
 */
final class BouncyCastleEd25519Signer implements Signer {
  private final byte[] privateKey = new byte[Ed25519.SECRET_KEY_SIZE];
  private final String publicValue;

  BouncyCastleEd25519Signer() {
    new SecureRandom().nextBytes(privateKey);
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
    publicValue = HexFormat.of().formatHex(publicKey);
  }

  @Override
  public String keyType() {
    return "ed25519";
  }

  @Override
  public String scheme() {
    return "ed25519";
  }

  @Override
  public String publicValue() {
    return publicValue;
  }

  @Override
  public byte[] sign(byte[] message) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }
}
