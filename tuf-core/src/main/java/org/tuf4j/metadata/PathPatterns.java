package org.tuf4j.metadata;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * PATHPATTERN matching (TUF spec §4.5): shell-style {@code *} and {@code ?} that never match the
 * path separator {@code /}, so {@code a/*} covers {@code a/x} but not {@code a/x/y}. Iterative,
 * linear in practice: no regular expressions built from attacker-controlled patterns.
 */
final class PathPatterns {
  private PathPatterns() {}

  static boolean matches(String pattern, String path) {
    int p = 0;
    int s = 0;
    int starP = -1;
    int starS = -1;
    while (s < path.length()) {
      char c = path.charAt(s);
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starP = p++;
        starS = s;
      } else if (p < pattern.length() && (pattern.charAt(p) == c
          || (pattern.charAt(p) == '?' && c != '/'))) {
        p++;
        s++;
      } else if (starP >= 0 && path.charAt(starS) != '/') {
        // let the last '*' absorb one more character, but never a '/'
        p = starP + 1;
        s = ++starS;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
