package org.tuf4j.crypto;

import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;

/**
 * ed25519 (RFC 8032 §5.1.7, TUF spec §4.2) on BouncyCastle's low-level implementation: the
 * public point is decoded once, and the message is hashed where it lies. The JCA interface would
 * copy the whole message into a buffer first, because pure EdDSA hashes R (from the signature)
 * before the message — a second copy of a large targets file per signature.
 */
final class Ed25519Verifier implements SignatureVerifier {
  private static final int SPKI_PREFIX_LENGTH = 12;

  private final Ed25519.PublicPoint point;
  private final byte[] identity;

  private Ed25519Verifier(Ed25519.PublicPoint point, byte[] identity) {
    this.point = point;
    this.identity = identity;
  }

  /** From the key's SubjectPublicKeyInfo: a fixed 12-byte prefix, then the 32-byte point. */
  static Ed25519Verifier fromSpki(byte[] spki) throws MalformedMetadataException {
    if (spki.length != SPKI_PREFIX_LENGTH + Ed25519.PUBLIC_KEY_SIZE) {
      throw invalid("ed25519 public key has " + spki.length + " bytes of SubjectPublicKeyInfo");
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(spki, SPKI_PREFIX_LENGTH);
    if (point == null) {
      throw invalid("ed25519 public key is not a point on the curve");
    }
    return new Ed25519Verifier(point, spki.clone());
  }

  @Override
  public void verify(byte[] message, int offset, int length, byte[] signature)
      throws BadSignatureException {
    Objects.checkFromIndexSize(offset, length, message.length);
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      throw new BadSignatureException("ed25519 signature must be 64 bytes, got "
          + signature.length);
    }
    if (!Ed25519.verify(signature, 0, point, message, offset, length)) {
      throw new BadSignatureException("ed25519 signature does not verify");
    }
  }

  @Override
  public byte[] publicKeyIdentity() {
    return identity.clone();
  }

  private static MalformedMetadataException invalid(String message) {
    return new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
        message);
  }
}
