package org.tuf4j.crypto;

import java.util.Objects;
import org.tuf4j.BadSignatureException;

/**
 * The default backend's ed25519 (RFC 8032 §5.1.7, TUF spec §4.2): the cofactorless equation
 * [S]B = R + [k]A, as the JDK, OpenSSL (python-tuf through pyca), Go (go-tuf) and Node (tuf-js)
 * check it, so that a repository is valid for tuf4j exactly when it is for them. Messages below
 * {@link Ed25519Verifier#LARGE_MESSAGE} go to the JDK's verifier; larger ones (the signed part of
 * a targets file of some 30,000 targets and up) to {@link Ed25519LargeMessage}, which hashes the
 * message where it lies with the JDK's SHA-512, where the JDK's verifier would first copy the
 * whole message into a buffer. That path accepts only when D = [S]B − [k]A − R is the neutral
 * point: the cofactorless decision.
 */
final class CofactorlessEd25519Verifier implements SignatureVerifier {
  private static final int KEY_OFFSET = 12;

  private final SignatureVerifier jdk;
  private final byte[] encodedKey;
  private volatile Ed25519LargeMessage.Point key;

  CofactorlessEd25519Verifier(SignatureVerifier jdk) {
    this.jdk = jdk;
    byte[] spki = jdk.publicKeyIdentity();
    this.encodedKey = java.util.Arrays.copyOfRange(spki, KEY_OFFSET, spki.length);
  }

  @Override
  public void verify(byte[] message, int offset, int length, byte[] signature)
      throws BadSignatureException {
    Objects.checkFromIndexSize(offset, length, message.length);
    if (length < Ed25519Verifier.LARGE_MESSAGE) {
      jdk.verify(message, offset, length, signature);
    } else if (!verifiesLarge(message, offset, length, signature)) {
      throw new BadSignatureException("ed25519 signature does not verify");
    }
  }

  /** The large-message path, whatever the size: valid only when D is the neutral point. */
  boolean verifiesLarge(byte[] message, int offset, int length, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    Ed25519LargeMessage.Point a = key;
    if (a == null) {
      // PublicKeys checked the key already; decoding cannot fail, but never accept if it does.
      a = Ed25519LargeMessage.decode(encodedKey);
      if (a == null) {
        return false;
      }
      key = a;
    }
    return Ed25519LargeMessage.verify(a, encodedKey, message, offset, length, signature)
        == Ed25519LargeMessage.Outcome.VALID;
  }

  @Override
  public byte[] publicKeyIdentity() {
    return jdk.publicKeyIdentity();
  }
}
