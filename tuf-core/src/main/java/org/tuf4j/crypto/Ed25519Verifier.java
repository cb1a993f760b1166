package org.tuf4j.crypto;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;

/**
 * ed25519 (RFC 8032 §5.1.7, TUF spec §4.2) on BouncyCastle's low-level implementation: the
 * public point is decoded once, and the message is hashed where it lies. The JCA interface would
 * copy the whole message into a buffer first, because pure EdDSA hashes R (from the signature)
 * before the message — a second copy of a large targets file per signature.
 *
 * <p>From {@link #LARGE_MESSAGE} bytes on, the message is hashed by the JDK's SHA-512 instead,
 * with the same accept/reject decision ({@link Ed25519LargeMessage}): most of the time of
 * verifying a large targets file is that hash.
 */
final class Ed25519Verifier implements SignatureVerifier {
  private static final int SPKI_PREFIX_LENGTH = 12;
  /**
   * Messages of at least this many bytes take the JDK-digest path. {@code Ed25519SizeBenchmark}
   * (benchmarks module; OpenJDK 17.0.15, 2 vCPUs shared with other builds, load 6-8, so errors
   * are wide; 2026-12-07, {@code benchmarks/results/2026-12-07-Ed25519SizeBenchmark*.json}), warm,
   * µs per verification, BouncyCastle / JDK digest: 1 KiB 217 / 949, 256 KiB 2,267 / 1,343,
   * 1 MiB 6,853 / 3,275, 4 MiB 29,086 / 10,390, 16 MiB 85,657 / 37,740: the JDK path wins from
   * roughly 128 KiB on. In a fresh JVM, though, its arithmetic runs before it is compiled: the
   * first verifications took 71 ms at 256 KiB and 112 ms at 2.7 MB against BouncyCastle's 20 and
   * 39 ms (single shot, 5 forks). 8 MiB keeps a process that checks a small repository once (a
   * 10,000-target file is 2.7 MB) on BouncyCastle, where the cold cost would outweigh the gain,
   * and gives large files (27 MB at 100,000 targets, 270 MB at 1,000,000) the faster hash.
   */
  static final int LARGE_MESSAGE = 8 << 20;

  private final Ed25519.PublicPoint point;
  private final byte[] identity;
  // The key as a point for the JDK-digest path; decoded (and checked for a small-order
  // component, for which that path never decides) on the first large message.
  private volatile Ed25519LargeMessage.Point largeMessageKey;
  private volatile boolean largeMessageKeyChecked;

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
    if (length >= LARGE_MESSAGE) {
      Ed25519LargeMessage.Outcome outcome = verifyWithJdkDigest(message, offset, length,
          signature);
      if (outcome == Ed25519LargeMessage.Outcome.VALID) {
        return;
      } else if (outcome == Ed25519LargeMessage.Outcome.INVALID) {
        throw new BadSignatureException("ed25519 signature does not verify");
      }
    }
    if (!verifiesWithBouncyCastle(message, offset, length, signature)) {
      throw new BadSignatureException("ed25519 signature does not verify");
    }
  }

  /** BouncyCastle's verification, whatever the size (signature already 64 bytes). */
  boolean verifiesWithBouncyCastle(byte[] message, int offset, int length, byte[] signature) {
    return Ed25519.verify(signature, 0, point, message, offset, length);
  }

  /** The JDK-digest path, whatever the size (signature already 64 bytes). */
  Ed25519LargeMessage.Outcome verifyWithJdkDigest(byte[] message, int offset, int length,
      byte[] signature) {
    Ed25519LargeMessage.Point key = largeMessageKey();
    return key == null ? Ed25519LargeMessage.Outcome.UNDECIDED : Ed25519LargeMessage.verify(key,
        Arrays.copyOfRange(identity, SPKI_PREFIX_LENGTH, identity.length), message, offset,
        length, signature);
  }

  /** The key as a point, or null when it has a small-order component. */
  private Ed25519LargeMessage.Point largeMessageKey() {
    if (!largeMessageKeyChecked) {
      Ed25519LargeMessage.Point key = Ed25519LargeMessage.decode(
          Arrays.copyOfRange(identity, SPKI_PREFIX_LENGTH, identity.length));
      largeMessageKey = key != null && Ed25519LargeMessage.isTorsionFree(key) ? key : null;
      largeMessageKeyChecked = true; // a race only repeats this deterministic work
    }
    return largeMessageKey;
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
