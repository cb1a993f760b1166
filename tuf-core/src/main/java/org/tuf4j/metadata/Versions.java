package org.tuf4j.metadata;

import java.util.regex.Pattern;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/** Rules for {@code version} and {@code spec_version} values (TUF spec §4.3). */
final class Versions {
  /** The specification version tuf4j writes. */
  static final String WRITTEN_SPEC_VERSION = "1.0.34";

  private static final Pattern SPEC_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\.(\\d+))?");

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
    var m = SPEC_VERSION.matcher(specVersion);
    if (!m.matches()) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
          path + ": \"" + specVersion + "\" is not a MAJOR.MINOR[.PATCH] version");
    }
    if (!m.group(1).equals("1")) {
      throw new UnsupportedFeatureException(path + ": spec_version " + specVersion
          + " is not supported (tuf4j implements 1.x)");
    }
    return specVersion;
  }
}
