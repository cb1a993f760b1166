package org.tuf4j.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * ed25519 verification (RFC 8032 §5.1.7) in plain arithmetic, the message hashed where it lies by
 * the JDK's SHA-512. Two users:
 * <ul>
 *   <li>the default backend ({@link CofactorlessEd25519Verifier}), for every message: valid
 *       exactly when D below is the neutral point, the cofactorless decision of the JDK,
 *       OpenSSL, Go and Node;
 *   <li>the BouncyCastle backend ({@link Ed25519Verifier}), for messages of {@link
 *       Ed25519Verifier#LARGE_MESSAGE} bytes and more, where the JDK's SHA-512 is about twice
 *       as fast as BouncyCastle's pure-Java digest (the whole cost of verifying a large targets
 *       file), with the outcome BouncyCastle's cofactored check would give, as follows.
 * </ul>
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
   * The width-5 non-adjacent form of 0 ≤ n < 2^256, least significant first: n = Σ d[i]·2^i,
   * each digit 0 or odd within ±15, and at least four zeros after each nonzero one.
   */
  static byte[] signedDigits(BigInteger n) {
    byte[] bigEndian = n.toByteArray();
    int[] words = new int[10]; // little-endian; two spare words so a window never reads past
    for (int i = 0; i < bigEndian.length && i < 33; i++) {
      words[i >>> 2] |= (bigEndian[bigEndian.length - 1 - i] & 0xff) << ((i & 3) << 3);
    }
    byte[] digits = new byte[258];
    int carry = 0;
    for (int i = 0; i < digits.length; ) {
      int bit = (words[i >>> 5] >>> (i & 31)) & 1;
      if (bit == carry) {
        i++; // (bits from i) + carry is even: a zero digit, and the carry stays
        continue;
      }
      long pair = (words[i >>> 5] & 0xffffffffL) | ((long) words[(i >>> 5) + 1] << 32);
      int window = ((int) (pair >>> (i & 31)) & ((1 << WINDOW) - 1)) + carry; // odd
      carry = window >> (WINDOW - 1); // above 15: take window − 32 and carry one
      digits[i] = (byte) (window - (carry << WINDOW));
      i += WINDOW;
    }
    return digits;
  }

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
    Point d = Point.baseTimesPlus(s, k, a.negate()).add(r.negate());
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
  // A product's limbs are carried to within ±2^27 (a point's coordinates are products or their
  // negations); a sum or difference is not carried, so its limbs stay within ±2^29 (no formula
  // below adds more than three coordinates' worth). A product of such inputs has 19 column sums
  // below 10·2^58 < 2^62, and 2^260 ≡ 32·19 = 608 (mod p) folds the upper half down. Sums are
  // left uncarried because a fresh JVM runs this code interpreted at first: every operation
  // saved is time a short process does not spend.

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

  /** a·b, written out: a fresh JVM interprets it at first, and loops would cost it twice. */
  private static long[] fmul(long[] a, long[] b) {
    long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    long a5 = a[5], a6 = a[6], a7 = a[7], a8 = a[8], a9 = a[9];
    long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
    long b5 = b[5], b6 = b[6], b7 = b[7], b8 = b[8], b9 = b[9];
    long t0 = a0 * b0;
    long t1 = a0 * b1 + a1 * b0;
    long t2 = a0 * b2 + a1 * b1 + a2 * b0;
    long t3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0;
    long t4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
    long t5 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0;
    long t6 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0;
    long t7 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0;
    long t8 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1
        + a8 * b0;
    long t9 = a0 * b9 + a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2
        + a8 * b1 + a9 * b0;
    long t10 = a1 * b9 + a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3 + a8 * b2
        + a9 * b1;
    long t11 = a2 * b9 + a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4 + a8 * b3 + a9 * b2;
    long t12 = a3 * b9 + a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5 + a8 * b4 + a9 * b3;
    long t13 = a4 * b9 + a5 * b8 + a6 * b7 + a7 * b6 + a8 * b5 + a9 * b4;
    long t14 = a5 * b9 + a6 * b8 + a7 * b7 + a8 * b6 + a9 * b5;
    long t15 = a6 * b9 + a7 * b8 + a8 * b7 + a9 * b6;
    long t16 = a7 * b9 + a8 * b8 + a9 * b7;
    long t17 = a8 * b9 + a9 * b8;
    long t18 = a9 * b9;
    return reduce(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16,
        t17, t18);
  }

  /** a·a, with each symmetric product once (55 multiplications instead of 100). */
  private static long[] fsquare(long[] a) {
    long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    long a5 = a[5], a6 = a[6], a7 = a[7], a8 = a[8], a9 = a[9];
    long d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3, d4 = 2 * a4;
    long d5 = 2 * a5, d6 = 2 * a6, d7 = 2 * a7, d8 = 2 * a8, d9 = 2 * a9;
    long t0 = a0 * a0;
    long t1 = a0 * d1;
    long t2 = a0 * d2 + a1 * a1;
    long t3 = a0 * d3 + a1 * d2;
    long t4 = a0 * d4 + a1 * d3 + a2 * a2;
    long t5 = a0 * d5 + a1 * d4 + a2 * d3;
    long t6 = a0 * d6 + a1 * d5 + a2 * d4 + a3 * a3;
    long t7 = a0 * d7 + a1 * d6 + a2 * d5 + a3 * d4;
    long t8 = a0 * d8 + a1 * d7 + a2 * d6 + a3 * d5 + a4 * a4;
    long t9 = a0 * d9 + a1 * d8 + a2 * d7 + a3 * d6 + a4 * d5;
    long t10 = a1 * d9 + a2 * d8 + a3 * d7 + a4 * d6 + a5 * a5;
    long t11 = a2 * d9 + a3 * d8 + a4 * d7 + a5 * d6;
    long t12 = a3 * d9 + a4 * d8 + a5 * d7 + a6 * a6;
    long t13 = a4 * d9 + a5 * d8 + a6 * d7;
    long t14 = a5 * d9 + a6 * d8 + a7 * a7;
    long t15 = a6 * d9 + a7 * d8;
    long t16 = a7 * d9 + a8 * a8;
    long t17 = a8 * d9;
    long t18 = a9 * a9;
    return reduce(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16,
        t17, t18);
  }

  /**
   * The 19 column sums of a product, in locals rather than an array (one allocation per
   * product, not two): carried to 26 bits, folded (2^260 ≡ 608), and carried again.
   */
  private static long[] reduce(long t0, long t1, long t2, long t3, long t4, long t5, long t6,
      long t7, long t8, long t9, long t10, long t11, long t12, long t13, long t14, long t15,
      long t16, long t17, long t18) {
    // 26-bit columns, so the fold cannot overflow; floor shifts: negative columns borrow.
    t1 += t0 >> 26;
    t0 &= MASK_26;
    t2 += t1 >> 26;
    t1 &= MASK_26;
    t3 += t2 >> 26;
    t2 &= MASK_26;
    t4 += t3 >> 26;
    t3 &= MASK_26;
    t5 += t4 >> 26;
    t4 &= MASK_26;
    t6 += t5 >> 26;
    t5 &= MASK_26;
    t7 += t6 >> 26;
    t6 &= MASK_26;
    t8 += t7 >> 26;
    t7 &= MASK_26;
    t9 += t8 >> 26;
    t8 &= MASK_26;
    t10 += t9 >> 26;
    t9 &= MASK_26;
    t11 += t10 >> 26;
    t10 &= MASK_26;
    t12 += t11 >> 26;
    t11 &= MASK_26;
    t13 += t12 >> 26;
    t12 &= MASK_26;
    t14 += t13 >> 26;
    t13 &= MASK_26;
    t15 += t14 >> 26;
    t14 &= MASK_26;
    t16 += t15 >> 26;
    t15 &= MASK_26;
    t17 += t16 >> 26;
    t16 &= MASK_26;
    t18 += t17 >> 26;
    t17 &= MASK_26;
    long t19 = t18 >> 26;
    t18 &= MASK_26;
    long[] out = {
        t0 + FOLD * t10, t1 + FOLD * t11, t2 + FOLD * t12, t3 + FOLD * t13, t4 + FOLD * t14,
        t5 + FOLD * t15, t6 + FOLD * t16, t7 + FOLD * t17, t8 + FOLD * t18, t9 + FOLD * t19};
    // Two passes: the first leaves limb 0 within ±2^29 (the fold of limb 9's carry), the second
    // brings every limb to within 2^26 + 608.
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < LIMBS - 1; i++) {
        long c = out[i] >> 26;
        out[i] -= c << 26;
        out[i + 1] += c;
      }
      long c = out[LIMBS - 1] >> 26;
      out[LIMBS - 1] -= c << 26;
      out[0] += c * FOLD;
    }
    return out;
  }

  private static long[] fadd(long[] a, long[] b) {
    long[] out = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static long[] fsub(long[] a, long[] b) {
    long[] out = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static boolean isZero(long[] a) {
    return toBigInteger(a).signum() == 0;
  }

  private static final long[] D2_FIELD = field(D2);
  // After D2_FIELD, which it needs: static fields are set in the order they are written.
  private static final Cached[] BASE_ODD_MULTIPLES = BASE.oddMultiples();

  /**
   * A point ready to be added ("cached" coordinates): Y + X, Y − X, 2Z and 2d·T, what the
   * addition formula multiplies by. Its negation is the same values with the first two swapped
   * and the last negated, so a subtraction costs nothing more.
   */
  static final class Cached {
    final long[] yPlusX;
    final long[] yMinusX;
    final long[] z2;
    final long[] t2d;

    Cached(long[] yPlusX, long[] yMinusX, long[] z2, long[] t2d) {
      this.yPlusX = yPlusX;
      this.yMinusX = yMinusX;
      this.z2 = z2;
      this.t2d = t2d;
    }
  }

  /** Width of the signed-digit recoding of the scalars: digits odd and within ±15. */
  private static final int WINDOW = 5;

  /**
   * A point in extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x·y = T/Z (RFC 8032
   * §5.1.4), with the formulas given there: complete for a = −1, so valid for every pair of
   * points, small-order ones included. T is left out (null) where only a doubling follows, which
   * does not read it.
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

    Cached cached() {
      return new Cached(fadd(y, x), fsub(y, x), fadd(z, z), fmul(t, D2_FIELD));
    }

    Point add(Point q) {
      return plus(q.cached(), false, true);
    }

    /** this + q, or this − q when {@code subtract}; T only {@code withT}. */
    Point plus(Cached q, boolean subtract, boolean withT) {
      long[] a = fmul(fsub(y, x), subtract ? q.yPlusX : q.yMinusX);
      long[] b = fmul(fadd(y, x), subtract ? q.yMinusX : q.yPlusX);
      long[] c = fmul(t, q.t2d);
      long[] d = fmul(z, q.z2);
      long[] e = fsub(b, a);
      long[] f = subtract ? fadd(d, c) : fsub(d, c);
      long[] g = subtract ? fsub(d, c) : fadd(d, c);
      long[] h = fadd(b, a);
      return new Point(fmul(e, f), fmul(g, h), fmul(f, g), withT ? fmul(e, h) : null);
    }

    Point twice() {
      return twice(true);
    }

    /** [2]this; T only {@code withT}. */
    Point twice(boolean withT) {
      long[] a = fsquare(x);
      long[] b = fsquare(y);
      long[] zz = fsquare(z);
      long[] c = fadd(zz, zz);
      long[] h = fadd(a, b);
      long[] xy = fadd(x, y);
      long[] e = fsub(h, fsquare(xy));
      long[] g = fsub(a, b);
      long[] f = fadd(c, g);
      return new Point(fmul(e, f), fmul(g, h), fmul(f, g), withT ? fmul(e, h) : null);
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

    /** this, 3·this, 5·this, …, 15·this: the odd multiples the signed digits select. */
    Cached[] oddMultiples() {
      Cached[] table = new Cached[1 << (WINDOW - 2)];
      Cached twice = twice(true).cached();
      Point multiple = this;
      table[0] = cached();
      for (int i = 1; i < table.length; i++) {
        multiple = multiple.plus(twice, false, true);
        table[i] = multiple.cached();
      }
      return table;
    }

    /**
     * [m]p + [n]q for m, n below 2^253, one pass over the signed digits of both (Straus with
     * width-5 NAF): a doubling per bit and an addition per nonzero digit, about one in six.
     */
    static Point doubleScalarMultiply(BigInteger m, Point p, BigInteger n, Point q) {
      return combination(m, p.oddMultiples(), n, q.oddMultiples());
    }

    /** [m]B + [n]q, as {@link #doubleScalarMultiply}, with the base point's table made once. */
    static Point baseTimesPlus(BigInteger m, BigInteger n, Point q) {
      return combination(m, BASE_ODD_MULTIPLES, n, q.oddMultiples());
    }

    private static Point combination(BigInteger m, Cached[] pOdd, BigInteger n, Cached[] qOdd) {
      byte[] dm = signedDigits(m);
      byte[] dn = signedDigits(n);
      int i = dm.length - 1;
      while (i >= 0 && dm[i] == 0 && dn[i] == 0) {
        i--;
      }
      Point acc = NEUTRAL;
      for (; i >= 0; i--) {
        int digitM = dm[i];
        int digitN = dn[i];
        // T is needed by an addition that follows, and in the result.
        acc = acc.twice(digitM != 0 || digitN != 0 || i == 0);
        if (digitM != 0) {
          acc = acc.plus(pOdd[Math.abs(digitM) >> 1], digitM < 0, digitN != 0 || i == 0);
        }
        if (digitN != 0) {
          acc = acc.plus(qOdd[Math.abs(digitN) >> 1], digitN < 0, i == 0);
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
