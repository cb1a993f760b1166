package org.tuf4j.crypto;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/**
 * The default backend's ed25519 (RFC 8032 §5.1.7, TUF spec §4.2): the cofactorless equation
 * [S]B = R + [k]A, as the JDK, OpenSSL (python-tuf through pyca), Go (go-tuf) and Node (tuf-js)
 * check it, so that a repository is valid for tuf4j exactly when it is for them.
 *
 * <p>Two implementations of that one decision, chosen for speed only:
 * <ul>
 *   <li>tuf4j's own arithmetic ({@link Ed25519LargeMessage}), which accepts only when D = [S]B −
 *       [k]A − R is the neutral point, for the process's first {@value #OWN_VERIFICATIONS}
 *       verifications and for every message of {@link Ed25519Verifier#LARGE_MESSAGE} bytes or
 *       more. A fresh JVM makes the JDK's first ed25519 key in about 30 ms (its key factory walks
 *       the provider list and initialises the OID tables) and runs its first verifications
 *       interpreted; a process that checks for an update verifies four or five signatures and
 *       exits. On a large message it hashes where the message lies, where the JDK's verifier
 *       would first copy it into a buffer.
 *   <li>the JDK's verifier after that, made on first use.
 * </ul>
 * They decide alike on every input ({@code Ed25519LargeMessageProperties}, {@code
 * Ed25519EdgeCasesTest} on both).
 */
final class CofactorlessEd25519Verifier implements SignatureVerifier {
  /** Small-message verifications, process-wide, before the JDK's verifier is made. */
  static final int OWN_VERIFICATIONS = 32;
  /** The process's count, shared by every key. */
  static final AtomicInteger BY_OWN_ARITHMETIC = new AtomicInteger();

  private static final int KEY_OFFSET = 12;

  /** Makes the JDK's verifier of the same key. */
  interface Jdk {
    SignatureVerifier make() throws UnsupportedFeatureException, MalformedMetadataException;
  }

  private final byte[] identity;
  private final byte[] encodedKey;
  private final Ed25519LargeMessage.Point key;
  private final Jdk jdkMaker;
  private final AtomicInteger byOwnArithmetic;
  private volatile SignatureVerifier jdk;
  private volatile boolean ownOnly;

  /**
   * @param spki the key's SubjectPublicKeyInfo: the fixed 12-byte prefix, then a point that
   *     {@link PublicKeys#ed25519Point} accepted
   * @param key that point, decoded
   */
  CofactorlessEd25519Verifier(byte[] spki, Ed25519LargeMessage.Point key, Jdk jdkMaker,
      AtomicInteger byOwnArithmetic) {
    this.identity = spki.clone();
    this.encodedKey = Arrays.copyOfRange(spki, KEY_OFFSET, spki.length);
    this.key = Objects.requireNonNull(key);
    this.jdkMaker = jdkMaker;
    this.byOwnArithmetic = byOwnArithmetic;
  }

  @Override
  public void verify(byte[] message, int offset, int length, byte[] signature)
      throws BadSignatureException {
    Objects.checkFromIndexSize(offset, length, message.length);
    SignatureVerifier byJdk = length < Ed25519Verifier.LARGE_MESSAGE ? jdk() : null;
    if (byJdk != null) {
      byJdk.verify(message, offset, length, signature);
      return;
    }
    if (signature.length != 64) {
      throw new BadSignatureException("ed25519 signature must be 64 bytes, got "
          + signature.length);
    }
    if (!verifiesByOwnArithmetic(message, offset, length, signature)) {
      throw new BadSignatureException("ed25519 signature does not verify");
    }
  }

  /** tuf4j's own path, whatever the size: valid only when D is the neutral point. */
  boolean verifiesByOwnArithmetic(byte[] message, int offset, int length, byte[] signature) {
    return signature.length == 64 && Ed25519LargeMessage.verify(key, encodedKey, message, offset,
        length, signature) == Ed25519LargeMessage.Outcome.VALID;
  }

  /** The JDK's verifier for the next small message, or null while this process is young. */
  SignatureVerifier jdk() {
    SignatureVerifier made = jdk;
    if (made != null || ownOnly || byOwnArithmetic.getAndIncrement() < OWN_VERIFICATIONS) {
      return made;
    }
    try {
      made = jdkMaker.make();
    } catch (UnsupportedFeatureException | MalformedMetadataException e) {
      // Not expected: the key passed the same checks for both. tuf4j's path stays.
      ownOnly = true;
      return null;
    }
    jdk = made;
    return made;
  }

  /** Whether small messages now go to the JDK's verifier. */
  boolean usesJdk() {
    return jdk != null;
  }

  @Override
  public byte[] publicKeyIdentity() {
    return identity.clone();
  }
}
