package org.tuf4j.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.tuf4j.BadSignatureException;
import org.tuf4j.crypto.Ed25519LargeMessage.Outcome;
import org.tuf4j.crypto.Ed25519LargeMessage.Point;

/**
 * The JDK-digest path of ed25519 verification (RFC 8032 §5.1.7, TUF spec §4.2) decides as
 * BouncyCastle does on every input it decides, and {@link Ed25519Verifier#verify} therefore
 * accepts exactly what BouncyCastle accepts on either side of {@link
 * Ed25519Verifier#LARGE_MESSAGE}: honest and mutated signatures, non-canonical S, R and small-order
 * R, keys and signatures with small-order components.
 */
class Ed25519LargeMessageProperties {
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final BigInteger L = Ed25519LargeMessage.L;
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final Point BASE = Ed25519LargeMessage.decode(HexFormat.of().parseHex(
      "5866666666666666666666666666666666666666666666666666666666666666"));
  // A point of order 8 (its multiples are all eight points of small order).
  private static final Point ORDER_8 = Ed25519LargeMessage.decode(HexFormat.of().parseHex(
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));

  /** A key the test holds the scalar of, so it can sign anything, honestly or not. */
  private record Key(BigInteger a, Point point, byte[] encoded, Ed25519Verifier verifier) {
    static Key of(BigInteger a, int torsion) throws Exception {
      Point p = BASE.multiply(a).add(ORDER_8.multiply(BigInteger.valueOf(torsion)));
      byte[] encoded = p.encode();
      byte[] spki = new byte[44];
      System.arraycopy(SPKI_PREFIX, 0, spki, 0, 12);
      System.arraycopy(encoded, 0, spki, 12, 32);
      return new Key(a, p, encoded, Ed25519Verifier.fromSpki(spki));
    }

    /** RFC 8032 §5.1.6 with nonce r, R offset by a small-order point when rTorsion ≠ 0. */
    byte[] sign(byte[] message, BigInteger r, int rTorsion) throws Exception {
      byte[] encodedR = BASE.multiply(r).add(ORDER_8.multiply(BigInteger.valueOf(rTorsion)))
          .encode();
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      sha512.update(encodedR);
      sha512.update(encoded);
      BigInteger k = littleEndian(sha512.digest(message)).mod(L);
      BigInteger s = r.add(k.multiply(a)).mod(L);
      byte[] sig = new byte[64];
      System.arraycopy(encodedR, 0, sig, 0, 32);
      System.arraycopy(toLittleEndian(s), 0, sig, 32, 32);
      return sig;
    }
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] big = new byte[bytes.length + 1];
    for (int i = 0; i < bytes.length; i++) {
      big[bytes.length - i] = bytes[i];
    }
    return new BigInteger(big);
  }

  private static byte[] toLittleEndian(BigInteger n) {
    byte[] big = n.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < big.length; i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  /**
   * The JDK-digest path's outcome is BouncyCastle's when it decides, and verify (either path)
   * is BouncyCastle's always; returns the JDK path's outcome.
   */
  private static Outcome assertAgree(Ed25519Verifier v, byte[] message, byte[] sig) {
    boolean bc = v.verifiesWithBouncyCastle(message, 0, message.length, sig);
    Outcome jdk = v.verifyWithJdkDigest(message, 0, message.length, sig);
    if (jdk != Outcome.UNDECIDED) {
      assertEquals(bc, jdk == Outcome.VALID, () -> "R||S " + HexFormat.of().formatHex(sig));
    }
    assertEquals(bc, accepts(v, message, sig));
    return jdk;
  }

  /** Whether {@code v} accepts {@code sig} over {@code message}. */
  private static boolean accepts(SignatureVerifier v, byte[] message, byte[] sig) {
    try {
      v.verify(message, sig);
      return true;
    } catch (BadSignatureException e) {
      return false;
    }
  }

  private static BigInteger scalar(Random random) {
    return new BigInteger(300, random).mod(L);
  }

  @Property(tries = 300)
  void honestAndMutatedSignaturesGetBouncyCastlesOutcome(@ForAll long seed,
      @ForAll @IntRange(max = 3000) int length, @ForAll @IntRange(max = 6) int mutation)
      throws Exception {
    Random random = new Random(seed);
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    byte[] pk = new byte[32];
    Ed25519.generatePublicKey(sk, 0, pk, 0);
    byte[] spki = new byte[44];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, 12);
    System.arraycopy(pk, 0, spki, 12, 32);
    Ed25519Verifier v = Ed25519Verifier.fromSpki(spki);
    byte[] message = new byte[length];
    random.nextBytes(message);
    byte[] sig = new byte[64];
    Ed25519.sign(sk, 0, message, 0, message.length, sig, 0);
    switch (mutation) {
      case 0 -> assertEquals(Outcome.VALID, assertAgree(v, message, sig));
      case 1 -> { // a flipped bit anywhere in the signature
        sig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
        assertAgree(v, message, sig);
      }
      case 2 -> { // a flipped bit in the message
        if (length > 0) {
          message[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
          assertEquals(Outcome.INVALID, assertAgree(v, message, sig));
        }
      }
      case 3 -> { // S + L: the same scalar, not canonical (RFC 8032 §5.1.7 step 1)
        BigInteger s = littleEndian(java.util.Arrays.copyOfRange(sig, 32, 64)).add(L);
        System.arraycopy(toLittleEndian(s), 0, sig, 32, 32);
        assertEquals(Outcome.INVALID, assertAgree(v, message, sig));
      }
      case 4 -> { // any 64 bytes
        random.nextBytes(sig);
        assertAgree(v, message, sig);
      }
      case 5 -> { // R replaced by a point of small order, or its non-canonical encoding
        byte[] r = ORDER_8.multiply(BigInteger.valueOf(random.nextInt(8))).encode();
        if (random.nextBoolean()) {
          BigInteger y = littleEndian(r).clearBit(255).add(P);
          if (y.bitLength() <= 255) {
            r = toLittleEndian(y);
          }
        }
        System.arraycopy(r, 0, sig, 0, 32);
        assertAgree(v, message, sig);
      }
      default -> { // R with its y raised by p: not canonical, BouncyCastle refuses it
        BigInteger y = littleEndian(java.util.Arrays.copyOfRange(sig, 0, 32));
        BigInteger high = y.testBit(255) ? BigInteger.ONE.shiftLeft(255) : BigInteger.ZERO;
        BigInteger raised = y.clearBit(255).add(P);
        if (raised.bitLength() <= 255) {
          System.arraycopy(toLittleEndian(raised.or(high)), 0, sig, 0, 32);
          assertEquals(Outcome.INVALID, assertAgree(v, message, sig));
        }
      }
    }
  }

  @Property(tries = 200)
  void signaturesWithSmallOrderComponentsGetBouncyCastlesOutcome(@ForAll long seed,
      @ForAll @IntRange(max = 7) int keyTorsion, @ForAll @IntRange(max = 7) int rTorsion,
      @ForAll @IntRange(max = 200) int length) throws Exception {
    Random random = new Random(seed);
    Key key = Key.of(scalar(random).max(BigInteger.ONE), keyTorsion);
    byte[] message = new byte[length];
    random.nextBytes(message);
    Outcome outcome = assertAgree(key.verifier(), message, key.sign(message, scalar(random),
        rTorsion));
    if (keyTorsion != 0) {
      // A key with a small-order component is always left to BouncyCastle.
      assertEquals(Outcome.UNDECIDED, outcome);
    } else if (rTorsion == 0) {
      assertEquals(Outcome.VALID, outcome);
    } else {
      // D = −T: of small order, where BouncyCastle's multiple decides.
      assertEquals(Outcome.UNDECIDED, outcome);
    }
  }

  /**
   * The default backend (tuf4j's own arithmetic) decides as the JDK's verifier (cofactorless), on
   * keys and R with and without small-order components: where BouncyCastle's multiple of D
   * would accept a nonzero small-order D, both refuse.
   */
  @Property(tries = 200)
  void theDefaultBackendDecidesAsTheJdk(@ForAll long seed,
      @ForAll @IntRange(max = 7) int keyTorsion, @ForAll @IntRange(max = 7) int rTorsion,
      @ForAll @IntRange(max = 200) int length, @ForAll @IntRange(max = 2) int mutation)
      throws Exception {
    Random random = new Random(seed);
    Key key = Key.of(scalar(random).max(BigInteger.ONE), keyTorsion);
    SignatureVerifier jdk = CryptoBackends.jdk().verifier("ed25519", "ed25519",
        HexFormat.of().formatHex(key.encoded()));
    SignatureVerifier v = CryptoBackends.defaultBackend().verifier("ed25519", "ed25519",
        HexFormat.of().formatHex(key.encoded()));
    byte[] message = new byte[length];
    random.nextBytes(message);
    byte[] sig = key.sign(message, scalar(random), rTorsion);
    if (mutation == 1) {
      sig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
    } else if (mutation == 2) {
      BigInteger s = littleEndian(java.util.Arrays.copyOfRange(sig, 32, 64)).add(L);
      System.arraycopy(toLittleEndian(s), 0, sig, 32, 32);
    }
    boolean byJdk = accepts(jdk, message, sig);
    boolean byDefault = accepts(v, message, sig);
    assertEquals(byJdk, byDefault,
        () -> "key torsion " + keyTorsion + ", R torsion " + rTorsion + ", mutation " + mutation);
    if (mutation == 0 && rTorsion == 0 && keyTorsion == 0) {
      assertEquals(true, byJdk);
    }
  }

  @Example
  void bothSidesOfTheThresholdAcceptTheSameSignaturesAndRefuseTheSameMutations()
      throws Exception {
    byte[] sk = new byte[32];
    new SecureRandom().nextBytes(sk);
    byte[] pk = new byte[32];
    Ed25519.generatePublicKey(sk, 0, pk, 0);
    byte[] spki = new byte[44];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, 12);
    System.arraycopy(pk, 0, spki, 12, 32);
    Ed25519Verifier v = Ed25519Verifier.fromSpki(spki);
    Random random = new Random(1);
    for (int length : new int[] {Ed25519Verifier.LARGE_MESSAGE - 1,
        Ed25519Verifier.LARGE_MESSAGE, Ed25519Verifier.LARGE_MESSAGE + 1}) {
      byte[] message = new byte[length];
      random.nextBytes(message);
      byte[] sig = new byte[64];
      Ed25519.sign(sk, 0, message, 0, length, sig, 0);
      assertEquals(Outcome.VALID, assertAgree(v, message, sig));
      int at = random.nextInt(length);
      message[at] ^= 1;
      assertEquals(Outcome.INVALID, assertAgree(v, message, sig));
      message[at] ^= 1;
      byte[] flipped = sig.clone();
      flipped[40] ^= 4;
      assertNotEquals(Outcome.VALID, assertAgree(v, message, flipped));
    }
  }

  @Example
  void theArithmeticFindsTheRfc8032TestVector() throws Exception {
    // RFC 8032 §7.1 TEST 2: a one-byte message, decided here without BouncyCastle.
    byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100"
        + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    Ed25519Verifier v = Ed25519Verifier.fromSpki(spki);
    byte[] sig = HexFormat.of().parseHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223"
        + "ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    assertNotNull(Ed25519LargeMessage.decode(java.util.Arrays.copyOfRange(spki, 12, 44)));
    assertEquals(Outcome.VALID, v.verifyWithJdkDigest(new byte[] {0x72}, 0, 1, sig));
    assertEquals(Outcome.INVALID, v.verifyWithJdkDigest(new byte[] {0x73}, 0, 1, sig));
  }
}
