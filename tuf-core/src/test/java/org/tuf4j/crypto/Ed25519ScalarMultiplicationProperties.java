package org.tuf4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.tuf4j.crypto.Ed25519LargeMessage.Point;

/**
 * The double-scalar multiplication of ed25519 verification (RFC 8032 §5.1.7 step 3, [S]B −
 * [k]A) over width-5 signed digits gives the point of plain double-and-add, for scalars across
 * their range and for points of every order (small-order ones included, which the cofactorless
 * decision must see as they are).
 */
class Ed25519ScalarMultiplicationProperties {
  private static final Point BASE = Ed25519LargeMessage.decode(HexFormat.of().parseHex(
      "5866666666666666666666666666666666666666666666666666666666666666"));
  private static final Point ORDER_8 = Ed25519LargeMessage.decode(HexFormat.of().parseHex(
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"));

  @Provide
  Arbitrary<BigInteger> scalars() {
    Arbitrary<BigInteger> any = Arbitraries.bigIntegers()
        .between(BigInteger.ZERO, BigInteger.TWO.pow(253).subtract(BigInteger.ONE));
    // Runs of ones and of zeros, where the recoding carries.
    Arbitrary<BigInteger> runs = Arbitraries.integers().between(0, 252).flatMap(from ->
        Arbitraries.integers().between(1, 253 - from).map(length -> BigInteger.ONE
            .shiftLeft(length).subtract(BigInteger.ONE).shiftLeft(from)));
    Arbitrary<BigInteger> small = Arbitraries.bigIntegers()
        .between(BigInteger.ZERO, BigInteger.valueOf(100));
    return Arbitraries.frequencyOf(Tuple.of(5, any), Tuple.of(3, runs), Tuple.of(2, small));
  }

  @Property(tries = 1000)
  void signedDigitsAreOddWithinFifteenSpacedAndSumToTheScalar(
      @ForAll("scalars") BigInteger n) {
    byte[] digits = Ed25519LargeMessage.signedDigits(n);
    BigInteger sum = BigInteger.ZERO;
    int lastNonzero = -5;
    for (int i = 0; i < digits.length; i++) {
      if (digits[i] != 0) {
        assertTrue(digits[i] % 2 != 0 && Math.abs(digits[i]) <= 15, "digit " + digits[i]);
        assertTrue(i - lastNonzero >= 5, "nonzero digits at " + lastNonzero + " and " + i);
        lastNonzero = i;
        sum = sum.add(BigInteger.valueOf(digits[i]).shiftLeft(i));
      }
    }
    assertEquals(n, sum);
  }

  @Property(tries = 60)
  void doubleScalarMultiplicationIsDoubleAndAdd_rfc8032_5_1_7(@ForAll("scalars") BigInteger m,
      @ForAll("scalars") BigInteger n, @ForAll("scalars") BigInteger a) {
    Point q = BASE.multiply(a.mod(BigInteger.valueOf(1 << 20)))
        .add(ORDER_8.multiply(a.mod(BigInteger.valueOf(8))));
    Point expected = BASE.multiply(m).add(q.multiply(n));
    assertArrayEquals(expected.encode(), Point.doubleScalarMultiply(m, BASE, n, q).encode());
    // Another point than the base, whose odd multiples are made per call.
    Point expectedQq = q.multiply(m).add(ORDER_8.multiply(n));
    assertArrayEquals(expectedQq.encode(),
        Point.doubleScalarMultiply(m, q, n, ORDER_8).encode());
  }
}
