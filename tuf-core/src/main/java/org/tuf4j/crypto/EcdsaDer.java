package org.tuf4j.crypto;

import java.math.BigInteger;
import org.tuf4j.BadSignatureException;

/**
 * Strict DER for ECDSA signatures, SEQUENCE { INTEGER r, INTEGER s }, with 0 < r, s < n checked
 * before any provider sees the signature: the JDK's "psychic signatures" bug (CVE-2022-21449)
 * accepted r = s = 0.
 */
final class EcdsaDer {
  private EcdsaDer() {}

  static void requireValid(byte[] sig, BigInteger order) throws BadSignatureException {
    // P-256/P-384 signatures are under 128 bytes, so every DER length here is one byte.
    if (sig.length < 8 || sig[0] != 0x30 || (sig[1] & 0xff) != sig.length - 2) {
      throw bad("not a DER SEQUENCE of the right length");
    }
    int next = integer(sig, 2, order, "r");
    if (integer(sig, next, order, "s") != sig.length) {
      throw bad("trailing bytes after s");
    }
  }

  /** Checks the INTEGER at {@code pos}; returns the offset after it. */
  private static int integer(byte[] sig, int pos, BigInteger order, String name)
      throws BadSignatureException {
    if (pos + 2 > sig.length || sig[pos] != 0x02) {
      throw bad(name + " is not a DER INTEGER");
    }
    int len = sig[pos + 1] & 0xff;
    int start = pos + 2;
    if (len == 0 || len > 0x7f || start + len > sig.length) {
      throw bad(name + " has an invalid length");
    }
    if ((sig[start] & 0x80) != 0) {
      throw bad(name + " is negative");
    }
    if (len > 1 && sig[start] == 0 && (sig[start + 1] & 0x80) == 0) {
      throw bad(name + " is not minimally encoded");
    }
    BigInteger value = new BigInteger(1, java.util.Arrays.copyOfRange(sig, start, start + len));
    if (value.signum() == 0 || value.compareTo(order) >= 0) {
      throw bad(name + " is outside [1, n-1]");
    }
    return start + len;
  }

  private static BadSignatureException bad(String why) {
    return new BadSignatureException("malformed ECDSA signature: " + why);
  }
}
