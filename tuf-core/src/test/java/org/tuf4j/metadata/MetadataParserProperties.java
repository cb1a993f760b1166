package org.tuf4j.metadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tuf4j.TufException;
import org.tuf4j.testing.Fixtures;

/** jqwik: parsing mutated real metadata only ever throws tuf4j's own exceptions. */
class MetadataParserProperties {
  private static final List<byte[]> FILES = Fixtures.tufMetadataFiles().stream()
      .filter(p -> !p.toString().contains("pkgs"))
      .map(MetadataParserProperties::read).toList();

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<byte[]> fixtures() {
    return Arbitraries.of(FILES);
  }

  @Property(tries = 3000)
  void mutatedMetadataOnlyThrowsTufExceptions(@ForAll("fixtures") byte[] original,
      @ForAll int position, @ForAll byte replacement, @ForAll boolean truncate) {
    byte[] bytes = original.clone();
    int at = Math.floorMod(position, bytes.length);
    if (truncate) {
      bytes = java.util.Arrays.copyOf(bytes, at);
    } else {
      bytes[at] = replacement;
    }
    try {
      Signed.parseAny(bytes);
    } catch (TufException expected) {
      // the only acceptable failure
    }
  }

  /** Targeted mutations: swap a value for one of another JSON type at a structural spot. */
  @Property(tries = 3000)
  void valuesOfTheWrongTypeOnlyThrowTufExceptions(@ForAll("fixtures") byte[] original,
      @ForAll int position, @ForAll("replacements") String replacement) {
    String text = new String(original, java.nio.charset.StandardCharsets.UTF_8);
    int colon = text.indexOf(':', Math.floorMod(position, text.length()));
    if (colon < 0) {
      return;
    }
    int end = colon + 1;
    while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0
        && text.charAt(end) != '\n') {
      end++;
    }
    String mutated = text.substring(0, colon + 1) + replacement + text.substring(end);
    try {
      Signed.parseAny(mutated.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (TufException expected) {
      // the only acceptable failure
    }
  }

  @Provide
  Arbitrary<String> replacements() {
    return Arbitraries.of("null", "0", "-1", "9223372036854775807", "\"\"", "\"x\"", "[]", "{}",
        "true", "[null]", "{\"a\":null}", "4294967296", "33", "\"2030-02-30T00:00:00Z\"");
  }
}
