package org.tuf4j.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The plain-arithmetic point check behind ed25519 key decoding (RFC 8032 §5.1.3) accepts exactly
 * the encodings BouncyCastle's own decoder accepts, so that moving it off BouncyCastle changed
 * which keys are valid nowhere.
 */
class Ed25519PointProperties {

  @Provide
  Arbitrary<byte[]> encodings() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(32);
    // Near the edges: y close to p (2^255 - 19) and to 0, with and without the sign bit.
    Arbitrary<byte[]> nearP = Arbitraries.integers().between(-40, 40).flatMap(delta ->
        Arbitraries.of(true, false).map(sign -> littleEndian(
            BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19 - delta))
                .mod(BigInteger.TWO.pow(255)), sign)));
    Arbitrary<byte[]> small = Arbitraries.integers().between(0, 64).flatMap(y ->
        Arbitraries.of(true, false).map(sign -> littleEndian(BigInteger.valueOf(y),
            sign)));
    return Arbitraries.frequencyOf(
        Tuple.of(6, random), Tuple.of(2, nearP),
        Tuple.of(2, small));
  }

  @Property(tries = 2000)
  void pointCheckAgreesWithBouncyCastle(@ForAll("encodings") byte[] encoded) {
    assertEquals(Ed25519.validatePublicKeyPartial(encoded, 0), PublicKeys.isEd25519Point(encoded),
        () -> HexFormat.of().formatHex(encoded));
  }

  @Example
  void rfc8032TestVectorKeyIsAPointAndItsNeighbourWithXZeroSignedIsNot() {
    // RFC 8032 §7.1, TEST 1 public key.
    assertTrue(PublicKeys.isEd25519Point(HexFormat.of().parseHex(
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")));
    // y = 1 gives x = 0; with the sign bit set the encoding is invalid (§5.1.3 step 4).
    byte[] signedZero = new byte[32];
    signedZero[0] = 1;
    signedZero[31] = (byte) 0x80;
    assertFalse(PublicKeys.isEd25519Point(signedZero));
  }

  @Example
  void smallOrderPointsAreRefusedInEveryEncoding() {
    // The neutral element, the point of order 2, those of order 4 (y = 0) and of order 8.
    for (String y : new String[] {
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"}) {
      for (boolean sign : new boolean[] {false, true}) {
        byte[] encoded = HexFormat.of().parseHex(y);
        if (sign) {
          encoded[31] |= (byte) 0x80;
        }
        assertFalse(PublicKeys.isEd25519Point(encoded), y);
        assertFalse(Ed25519.validatePublicKeyPartial(encoded, 0), y);
      }
    }
  }

  private static byte[] littleEndian(BigInteger y, boolean sign) {
    byte[] out = new byte[32];
    byte[] big = y.toByteArray();
    for (int i = 0; i < big.length && i < 32; i++) {
      out[i] = big[big.length - 1 - i];
    }
    if (sign) {
      out[31] |= (byte) 0x80;
    }
    return out;
  }
}
