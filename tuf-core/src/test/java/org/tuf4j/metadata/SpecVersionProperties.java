package org.tuf4j.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;

/**
 * {@code spec_version} (TUF spec §4.3) is read by hand, not by a regular expression: it must
 * accept exactly the strings {@code (\d+)\.(\d+)(\.(\d+))?} matches (ASCII digits), as 1.x or
 * unsupported by their major version.
 */
class SpecVersionProperties {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(\\.(\\d+))?");

  @Property(tries = 3000)
  void specVersionsAreReadAsTheRegularExpressionReadsThem(@ForAll("versions") String version) {
    String expected = !FORM.matcher(version).matches() ? "malformed"
        : version.startsWith("1.") ? "accepted" : "unsupported";
    String actual;
    try {
      Versions.checkSpecVersion(version, "signed.spec_version");
      actual = "accepted";
    } catch (MalformedMetadataException e) {
      actual = "malformed";
    } catch (UnsupportedFeatureException e) {
      actual = "unsupported";
    }
    assertEquals(expected, actual, version);
  }

  @Provide
  Arbitrary<String> versions() {
    Arbitrary<String> random = Arbitraries.strings().withChars("0123456789..1a \u0663")
        .ofMaxLength(8);
    Arbitrary<String> usual = Arbitraries.of("1.0", "1.0.31", "1.0.34", "2.0", "1", "1.", ".1",
        "1.0.", "1..0", "01.0", "10.0.0", "1.0.0.0", "1.0a", "1.0-rc1", "", "1.\u0663");
    return Arbitraries.oneOf(random, usual);
  }
}
