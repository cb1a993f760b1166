package org.tuf4j.repository;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.TargetFile;

/**
 * Describes target content as TUF spec §4.5 lists it: length and HASHES (sha256 and sha512,
 * computed in one pass), narrowed to the digests the repository's policy names.
 */
final class TargetHashing {
  private TargetHashing() {
  }

  /** Length, sha256 and sha512 of {@code in}, read to its end. */
  static TargetFile describe(String path, InputStream in, Optional<JsonValue> custom)
      throws IOException {
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest sha512 = digest("SHA-512");
    byte[] buf = new byte[64 * 1024];
    long length = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      sha256.update(buf, 0, n);
      sha512.update(buf, 0, n);
      length += n;
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("sha256", HexFormat.of().formatHex(sha256.digest()));
    hashes.put("sha512", HexFormat.of().formatHex(sha512.digest()));
    return new TargetFile(path, length, hashes, custom, Map.of());
  }

  /** {@code t} listing only the digests of {@code algorithms}. */
  static TargetFile withHashes(TargetFile t, Set<String> algorithms) {
    Map<String, String> hashes = new LinkedHashMap<>(t.hashes());
    hashes.keySet().retainAll(algorithms);
    return hashes.size() == t.hashes().size() ? t
        : new TargetFile(t.path(), t.length(), hashes, t.custom(), t.unrecognizedFields());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }
}
