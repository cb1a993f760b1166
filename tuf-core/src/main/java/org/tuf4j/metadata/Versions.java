package org.tuf4j.metadata;

import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/** Rules for {@code version} and {@code spec_version} values (TUF spec §4.3). */
final class Versions {
  /** The specification version tuf4j writes. */
  static final String WRITTEN_SPEC_VERSION = "1.0.34";

  private Versions() {}

  static long requireValid(long version) {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
    return version;
  }

  /**
   * Accepts any 1.x spec version ("1.0", "1.0.31", ...): the spec lets adopters decide what
   * matches, and every 1.x is backwards compatible in format.
   */
  static String checkSpecVersion(String specVersion, String path)
      throws MalformedMetadataException, UnsupportedFeatureException {
    String s = specVersion;
    int major = digits(s, 0); // where MAJOR ends
    int minor = major > 0 && major < s.length() && s.charAt(major) == '.'
        ? digits(s, major + 1) : -1; // where MINOR ends
    boolean form = minor > major + 1 && (minor == s.length()
        || s.charAt(minor) == '.' && minor + 1 < s.length() && digits(s, minor + 1) == s.length());
    if (!form) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
          path + ": \"" + specVersion + "\" is not a MAJOR.MINOR[.PATCH] version");
    }
    if (!s.substring(0, major).equals("1")) {
      throw new UnsupportedFeatureException(path + ": spec_version " + specVersion
          + " is not supported (tuf4j implements 1.x)");
    }
    return specVersion;
  }

  /**
   * The end of the run of ASCII digits from {@code from} (by hand, not a regular expression:
   * java.util.regex is milliseconds of class loading in a cold process, for this one check).
   */
  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }
}
