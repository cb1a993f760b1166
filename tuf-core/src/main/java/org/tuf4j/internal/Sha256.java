package org.tuf4j.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a byte array, raw or as lower-case hex: key ids (TUF spec §4.2), hashed bin names
 * (§4.5), the hashes a writer lists for the files it publishes, and names derived from
 * attacker-chosen text. Internal to tuf4j: the module does not export this package.
 */
public final class Sha256 {
  private Sha256() {}

  /**
   * The SHA-256 digest of {@code data}.
   *
   * @param data the bytes to hash
   * @return the 32-byte digest
   */
  public static byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /**
   * The SHA-256 digest of {@code data} in lower-case hex, as metadata lists hashes.
   *
   * @param data the bytes to hash
   * @return 64 lower-case hex digits
   */
  public static String hex(byte[] data) {
    return HexFormat.of().formatHex(digest(data));
  }
}
