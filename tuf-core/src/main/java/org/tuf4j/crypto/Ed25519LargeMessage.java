package org.tuf4j.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * ed25519 verification (RFC 8032 §5.1.7) for large messages: the message is hashed by the JDK's
 * SHA-512, which is about twice as fast as BouncyCastle's pure-Java digest on megabytes (the
 * whole cost of verifying a large targets file), and the group equation is checked in plain
 * arithmetic, whose fixed cost (about a millisecond) only pays off above {@link
 * Ed25519Verifier#LARGE_MESSAGE}.
 *
 * <p>It decides exactly as BouncyCastle's {@code Ed25519.verify} does, on every input: R must be
 * a canonical encoding of a curve point and S below the group order L; then, with k =
 * SHA-512(R || A || M) mod L and D = [S]B − [k]A − R, BouncyCastle checks [v]D = O for a v ≠ 0
 * mod L from a lattice reduction of k. When A has no small-order component, that is D = O
 * whenever D has none either, and a D whose prime-order part is not O ([8]D ≠ O) fails both
 * checks. What is left (a key with a small-order component, or D ≠ O of small order, which
 * only the key's holder can produce) is returned as {@link Outcome#UNDECIDED} and verified by
 * BouncyCastle.
 */
final class Ed25519LargeMessage {
  /** What the arithmetic found. */
  enum Outcome { VALID, INVALID, UNDECIDED }

  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L = BigInteger.TWO.pow(252)
      .add(new BigInteger("27742317777372353535851937790883648493"));
  private static final BigInteger D = BigInteger.valueOf(-121665)
      .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger D2 = D.shiftLeft(1).mod(P);
  private static final BigInteger SQRT_M1 =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
  private static final Point BASE = Point.affine(
      new BigInteger("15112221349535400772501151409588531511454012693041857206046113283949847762202"),
      new BigInteger("46316835694926478169428394003475163141307993866256225615783033603165251855960"));

  private Ed25519LargeMessage() {}

  /**
   * Checks {@code signature} over {@code message[offset, offset + length)} under the public key
   * {@code a} (its 32-byte encoding {@code encodedA}, canonical, as key decoding ensures).
   */
  static Outcome verify(Point a, byte[] encodedA, byte[] message, int offset, int length,
      byte[] signature) {
    byte[] encodedR = java.util.Arrays.copyOfRange(signature, 0, 32);
    BigInteger s = littleEndian(signature, 32, false);
    if (s.compareTo(L) >= 0) {
      return Outcome.INVALID; // RFC 8032 §5.1.7 step 1: S outside [0, L)
    }
    Point r = decode(encodedR);
    if (r == null) {
      return Outcome.INVALID; // R is no canonical encoding of a point
    }
    MessageDigest sha512 = sha512();
    sha512.update(encodedR);
    sha512.update(encodedA);
    sha512.update(message, offset, length);
    BigInteger k = littleEndian(sha512.digest(), 0, true).mod(L);
    Point d = Point.doubleScalarMultiply(s, BASE, k, a.negate()).add(r.negate());
    if (d.isNeutral()) {
      return Outcome.VALID;
    }
    // [8]D = O: D is a nonzero point of small order, where [v]D = O depends on v.
    return d.twice().twice().twice().isNeutral() ? Outcome.UNDECIDED : Outcome.INVALID;
  }

  /** Whether {@code a} lies in the prime-order subgroup ([L]A = O): no small-order component. */
  static boolean isTorsionFree(Point a) {
    return a.multiply(L).isNeutral();
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is required of every JDK", e);
    }
  }

  /** Little-endian integer of 32 bytes from {@code offset} (all 64 when {@code wide}). */
  private static BigInteger littleEndian(byte[] bytes, int offset, boolean wide) {
    int n = wide ? bytes.length - offset : 32;
    byte[] big = new byte[n + 1]; // leading zero: non-negative
    for (int i = 0; i < n; i++) {
      big[n - i] = bytes[offset + i];
    }
    return new BigInteger(big);
  }

  /**
   * RFC 8032 §5.1.3 point decoding: y below p, x² = (y² − 1) / (d·y² + 1) a square, and no sign
   * bit on x = 0; null when the encoding is not of a point.
   */
  static Point decode(byte[] encoded) {
    byte[] copy = encoded.clone();
    boolean sign = (copy[31] & 0x80) != 0;
    copy[31] &= 0x7f;
    BigInteger y = littleEndian(copy, 0, false);
    if (y.compareTo(P) >= 0) {
      return null;
    }
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
    BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
    BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
    BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(x2)) {
      x = x.multiply(SQRT_M1).mod(P);
      if (!x.multiply(x).mod(P).equals(x2)) {
        return null;
      }
    }
    if (x.signum() == 0 && sign) {
      return null;
    }
    if (x.testBit(0) != sign) {
      x = P.subtract(x).mod(P);
    }
    return Point.affine(x, y);
  }

  // ---- GF(p) in ten 26-bit limbs held in longs: value = sum of limb[i]·2^(26·i) ----
  // Limbs are kept within ±2^27 after every operation, so a product's 19 column sums stay
  // below 10·2^54 < 2^63; 2^260 ≡ 32·19 = 608 (mod p) folds the upper half down.

  private static final int LIMBS = 10;
  private static final long MASK_26 = (1L << 26) - 1;
  private static final long FOLD = 608;

  static long[] field(BigInteger v) {
    long[] out = new long[LIMBS];
    BigInteger r = v.mod(P);
    for (int i = 0; i < LIMBS; i++) {
      out[i] = r.longValue() & MASK_26;
      r = r.shiftRight(26);
    }
    return out;
  }

  static BigInteger toBigInteger(long[] a) {
    BigInteger v = BigInteger.ZERO;
    for (int i = LIMBS - 1; i >= 0; i--) {
      v = v.shiftLeft(26).add(BigInteger.valueOf(a[i]));
    }
    return v.mod(P);
  }

  /** Brings every limb back into [0, 2^26) but for small excesses, keeping the value mod p. */
  private static long[] carry(long[] a) {
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < LIMBS - 1; i++) {
        long c = a[i] >> 26; // floor: negative limbs borrow
        a[i] -= c << 26;
        a[i + 1] += c;
      }
      long c = a[LIMBS - 1] >> 26;
      a[LIMBS - 1] -= c << 26;
      a[0] += c * FOLD;
    }
    return a;
  }

  private static long[] fmul(long[] a, long[] b) {
    long[] t = new long[2 * LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      long ai = a[i];
      for (int j = 0; j < LIMBS; j++) {
        t[i + j] += ai * b[j];
      }
    }
    for (int k = 0; k < 2 * LIMBS - 1; k++) { // 26-bit columns, so the fold cannot overflow
      long c = t[k] >> 26;
      t[k] -= c << 26;
      t[k + 1] += c;
    }
    long[] out = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      out[i] = t[i] + FOLD * t[i + LIMBS];
    }
    return carry(out);
  }

  private static long[] fadd(long[] a, long[] b) {
    long[] out = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      out[i] = a[i] + b[i];
    }
    return carry(out);
  }

  private static long[] fsub(long[] a, long[] b) {
    long[] out = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      out[i] = a[i] - b[i];
    }
    return carry(out);
  }

  private static boolean isZero(long[] a) {
    return toBigInteger(a).signum() == 0;
  }

  private static final long[] D2_FIELD = field(D2);

  /**
   * A point in extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x·y = T/Z (RFC 8032
   * §5.1.4), with the formulas given there: complete for a = −1, so valid for every pair of
   * points, small-order ones included.
   */
  static final class Point {
    private static final Point NEUTRAL = new Point(field(BigInteger.ZERO),
        field(BigInteger.ONE), field(BigInteger.ONE), field(BigInteger.ZERO));

    final long[] x;
    final long[] y;
    final long[] z;
    final long[] t;

    private Point(long[] x, long[] y, long[] z, long[] t) {
      this.x = x;
      this.y = y;
      this.z = z;
      this.t = t;
    }

    static Point affine(BigInteger x, BigInteger y) {
      return new Point(field(x), field(y), field(BigInteger.ONE), field(x.multiply(y)));
    }

    Point negate() {
      long[] zero = new long[LIMBS];
      return new Point(fsub(zero, x), y, z, fsub(zero, t));
    }

    Point add(Point q) {
      long[] a = fmul(fsub(y, x), fsub(q.y, q.x));
      long[] b = fmul(fadd(y, x), fadd(q.y, q.x));
      long[] c = fmul(fmul(t, D2_FIELD), q.t);
      long[] zz = fmul(z, q.z);
      long[] d = fadd(zz, zz);
      long[] e = fsub(b, a);
      long[] f = fsub(d, c);
      long[] g = fadd(d, c);
      long[] h = fadd(b, a);
      return new Point(fmul(e, f), fmul(g, h), fmul(f, g), fmul(e, h));
    }

    Point twice() {
      long[] a = fmul(x, x);
      long[] b = fmul(y, y);
      long[] zz = fmul(z, z);
      long[] c = fadd(zz, zz);
      long[] h = fadd(a, b);
      long[] xy = fadd(x, y);
      long[] e = fsub(h, fmul(xy, xy));
      long[] g = fsub(a, b);
      long[] f = fadd(c, g);
      return new Point(fmul(e, f), fmul(g, h), fmul(f, g), fmul(e, h));
    }

    /** [n]this, for n ≥ 0. */
    Point multiply(BigInteger n) {
      Point acc = NEUTRAL;
      for (int i = n.bitLength() - 1; i >= 0; i--) {
        acc = acc.twice();
        if (n.testBit(i)) {
          acc = acc.add(this);
        }
      }
      return acc;
    }

    /** [m]p + [n]q in one pass over the bits (Straus), for m, n ≥ 0. */
    static Point doubleScalarMultiply(BigInteger m, Point p, BigInteger n, Point q) {
      Point both = p.add(q);
      Point acc = NEUTRAL;
      for (int i = Math.max(m.bitLength(), n.bitLength()) - 1; i >= 0; i--) {
        acc = acc.twice();
        boolean bm = m.testBit(i);
        boolean bn = n.testBit(i);
        if (bm && bn) {
          acc = acc.add(both);
        } else if (bm) {
          acc = acc.add(p);
        } else if (bn) {
          acc = acc.add(q);
        }
      }
      return acc;
    }

    /** The RFC 8032 §5.1.2 encoding: y little-endian, the low bit of x in the top bit. */
    byte[] encode() {
      BigInteger zInverse = toBigInteger(z).modInverse(P);
      BigInteger ax = toBigInteger(x).multiply(zInverse).mod(P);
      byte[] big = toBigInteger(y).multiply(zInverse).mod(P).toByteArray();
      byte[] out = new byte[32];
      for (int i = 0; i < 32 && i < big.length; i++) {
        out[i] = big[big.length - 1 - i];
      }
      if (ax.testBit(0)) {
        out[31] |= (byte) 0x80;
      }
      return out;
    }

    /** Whether this is (0, 1): X ≡ 0 and Y ≡ Z modulo p. */
    boolean isNeutral() {
      return isZero(x) && isZero(fsub(y, z));
    }
  }
}
