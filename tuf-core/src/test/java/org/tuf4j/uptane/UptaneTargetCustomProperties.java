package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;

/** jqwik: custom image metadata round-trips exactly (Uptane Standard #targets_images_meta). */
class UptaneTargetCustomProperties {

  @Provide
  static Arbitrary<String> identifiers() {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
        .withChars('-', '_', '.', '/', ' ', '\u00e9', '\u6f22', '"', '\\').ofMinLength(1)
        .ofMaxLength(16);
  }

  @Provide
  static Arbitrary<String> otherNames() {
    return identifiers().filter(n -> !List.of(UptaneTargetCustom.ECU_IDENTIFIERS,
        UptaneTargetCustom.HARDWARE_IDS, UptaneTargetCustom.RELEASE_COUNTER,
        UptaneTargetCustom.URI).contains(n));
  }

  @Property(tries = 300)
  void builtValueParsesBackToTheSameValue_uptane_targets_images_meta(
      @ForAll @Size(max = 4) Map<@From("identifiers") String, @From("identifiers") String> ecus,
      @ForAll Optional<@Size(max = 4) List<@From("identifiers") String>> hardwareIds,
      @ForAll Optional<@net.jqwik.api.constraints.LongRange(min = 0) Long> counter,
      @ForAll Optional<@From("identifiers") String> uri,
      @ForAll @Size(max = 3) Map<@From("otherNames") String, @From("identifiers") String> other)
      throws Exception {
    UptaneTargetCustom.Builder b = UptaneTargetCustom.builder();
    ecus.forEach(b::ecuIdentifier);
    hardwareIds.ifPresent(b::hardwareIds);
    counter.ifPresent(b::releaseCounter);
    uri.ifPresent(b::uri);
    other.forEach((k, v) -> b.otherField(k, JsonValue.of(v)));
    UptaneTargetCustom built = b.build();

    byte[] canonical = CanonicalJson.encode(built.toJson());
    UptaneTargetCustom parsed = UptaneTargetCustom.parse(CanonicalJson.parse(canonical));
    assertEquals(built, parsed);
    assertEquals(new String(canonical, java.nio.charset.StandardCharsets.UTF_8),
        new String(CanonicalJson.encode(parsed.toJson()), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(hardwareIds, parsed.hardwareIds());
    assertEquals(counter.map(OptionalLong::of).orElse(OptionalLong.empty()),
        parsed.releaseCounter());
    assertEquals(uri, parsed.uri());
    ecus.forEach((serial, hw) -> assertEquals(Optional.of(hw), parsed.hardwareIdFor(serial)));
    assertEquals(ecus.isEmpty() ? Optional.empty() : Optional.of(ecus.size()),
        parsed.ecuIdentifiers().map(Map::size));
    assertEquals(other.size(), parsed.otherFields().size());
    assertEquals(built, parsed.toBuilder().build());
  }
}
