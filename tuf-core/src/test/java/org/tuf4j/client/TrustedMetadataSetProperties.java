package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.testing.RepositorySimulator;

/**
 * jqwik: no change to the bytes of a metadata file can change what the client trusts. A mutated
 * or truncated file is refused with a {@link TufException} and the set stays as it was — or, if
 * the change is one the format ignores (the case of a hex digit in a signature), exactly the
 * original content is trusted (TUF spec §5.4.2, §5.5.2–3, §5.6.2–3).
 */
class TrustedMetadataSetProperties {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final RepositorySimulator REPO = repository();

  private static RepositorySimulator repository() {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW)
        .lengthAndHashesInTimestamp(false).lengthAndHashesInSnapshot(false).build();
    repo.delegate("targets", "role1", List.of("a/*"), false);
    repo.addTarget("role1", "a/x.bin", new byte[] {1, 2, 3});
    repo.addTarget("top.txt", new byte[] {4});
    repo.publish();
    return repo;
  }

  private static byte[] file(String name) {
    return REPO.file("metadata/" + name);
  }

  private static byte[] mutate(byte[] original, int position, byte replacement,
      boolean truncate) {
    int at = Math.floorMod(position, original.length);
    if (truncate) {
      return Arrays.copyOf(original, at);
    }
    byte[] bytes = original.clone();
    bytes[at] = replacement == bytes[at] ? (byte) (replacement ^ 0x20) : replacement;
    return bytes;
  }

  private static TrustedMetadataSet set() throws TufException {
    return TrustedMetadataSet.fromTrustedRoot(REPO.trustedRootBytes(), TrustOptions.at(NOW)
        .withBackend(CryptoBackends.defaultBackend()).withLimits(JsonLimits.DEFAULT));
  }

  @Property(tries = 400)
  void mutatedMetadataIsRefusedOrTrustedUnchanged(
      @ForAll @IntRange(min = 0, max = 3) int which, @ForAll int position,
      @ForAll byte replacement, @ForAll boolean truncate) throws TufException {
    TrustedMetadataSet set = set();
    String[] names = {"timestamp.json", "snapshot.json", "targets.json", "role1.json"};
    byte[] original = file(names[which]);
    // Bring the set to the step just before the mutated file.
    if (which > 0) {
      set.updateTimestamp(file("timestamp.json"));
    }
    if (which > 1) {
      set.updateSnapshot(file("snapshot.json"));
    }
    if (which > 2) {
      set.updateTargets(file("targets.json"));
    }
    byte[] mutated = mutate(original, position, replacement, truncate);
    Optional<Signed<?>> accepted;
    try {
      accepted = Optional.of(switch (which) {
        case 0 -> {
          set.updateTimestamp(mutated);
          yield set.timestamp().orElseThrow();
        }
        case 1 -> set.updateSnapshot(mutated);
        case 2 -> set.updateTargets(mutated);
        default -> set.updateDelegatedTargets(mutated, "role1", "targets");
      });
    } catch (TufException refused) {
      accepted = Optional.empty();
    }
    if (accepted.isPresent()) {
      Signed<?> reference = switch (which) {
        case 0 -> REPO.signedTimestamp();
        case 1 -> REPO.signedSnapshot();
        case 2 -> REPO.signedTargets("targets");
        default -> REPO.signedTargets("role1");
      };
      assertArrayEquals(reference.canonicalSigned(), accepted.get().canonicalSigned(),
          "a mutation changed trusted content");
    } else {
      String role = names[which].replace(".json", "");
      Optional<Signed<Targets>> targets = set.targets(role);
      assertTrue(which < 2 || targets.isEmpty(), "refused metadata must not be trusted");
      assertTrue(which != 0 || set.timestamp().isEmpty());
      assertTrue(which != 1 || set.snapshot().isEmpty());
    }
  }
}
