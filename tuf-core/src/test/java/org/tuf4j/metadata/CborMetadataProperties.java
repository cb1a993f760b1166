package org.tuf4j.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.DeterministicCbor;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNull;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.testing.LaxCborEncoder;
import org.tuf4j.testing.RepositorySimulator;

/**
 * jqwik properties of metadata in both encodings (the Uptane issue's deterministic CBOR, RFC
 * 8949 §4.2.1, next to TUF's canonical JSON, spec §4.2): JSON → model → CBOR → model → JSON is
 * the identity for every role type and every real metadata file; equal values have one CBOR
 * encoding whatever route built them; no other encoding of a signed file parses.
 *
 * <p>Repositories come from the simulator driven by a random sequence of edits (targets with
 * custom data and odd paths, delegations by paths, hash prefixes and succinct bins, key
 * rotations, extra keys, lengths and hashes in timestamp and snapshot, unknown fields).
 */
class CborMetadataProperties {
  private static final MetadataEncoding CBOR = MetadataEncoding.CBOR;
  private static final MetadataEncoding JSON = MetadataEncoding.JSON;

  @Property(tries = 60)
  void jsonToModelToCborToModelToJsonIsTheIdentity_everyRoleType(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 12) int edits) throws Exception {
    RepositorySimulator repo = randomRepository(seed, edits, JSON);
    Set<RoleType> seen = EnumSet.noneOf(RoleType.class);
    for (byte[] json : metadataFiles(repo)) {
      seen.add(assertJsonCborJsonIdentity(json));
    }
    assertEquals(EnumSet.allOf(RoleType.class), seen);
  }

  /** The other direction, from a repository written and signed in CBOR. */
  @Property(tries = 40)
  void cborToModelToJsonToModelToCborIsTheIdentity_everyRoleType(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 12) int edits) throws Exception {
    RepositorySimulator repo = randomRepository(seed, edits, CBOR);
    for (byte[] cbor : metadataFiles(repo)) {
      Signed<RoleMetadata> fromCbor = Signed.parseAny(cbor,
          ParseOptions.DEFAULT.withEncoding(CBOR));
      byte[] json = fromCbor.toCanonicalJson();
      Signed<RoleMetadata> fromJson = Signed.parseAny(json);
      assertEquals(fromCbor.signed(), fromJson.signed());
      assertEquals(fromCbor.signatures(), fromJson.signatures());
      assertArrayEquals(cbor, CBOR.encode(fromJson.toJson()));
      assertArrayEquals(cbor, fromCbor.toBytes());
    }
  }

  /**
   * Interop data: every metadata file of the fixtures (python-tuf, Sigstore) takes the same
   * route; the three Sigstore roots whose dates are not in the §4.2.1 form parse in neither.
   */
  @Property(generation = GenerationMode.EXHAUSTIVE)
  void everyFixtureFileSurvivesJsonToModelToCborToModelToJson(@ForAll("fixtureFiles") Path file)
      throws Exception {
    byte[] json = Files.readAllBytes(file);
    if (isSigstoreRootWithNonSpecDate(file)) {
      byte[] cbor = CBOR.encode(CanonicalJson.parse(json));
      assertEquals(Reason.INVALID_VALUE, assertThrows(MalformedMetadataException.class,
          () -> Signed.parseAny(cbor, ParseOptions.DEFAULT.withEncoding(CBOR))).reason());
      return;
    }
    assertJsonCborJsonIdentity(json);
  }

  /**
   * One value, one encoding (RFC 8949 §4.2): the model parsed from JSON (its targets indexed,
   * not built), parsed from CBOR, and rebuilt with every map in reverse insertion order are
   * equal and encode to the same CBOR bytes, which are the CBOR of the file's JSON data model.
   */
  @Property(tries = 40)
  void deterministicCborOfEqualValuesIsByteIdentical_rfc8949_4_2(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 12) int edits) throws Exception {
    RepositorySimulator repo = randomRepository(seed, edits, JSON);
    for (byte[] json : metadataFiles(repo)) {
      Signed<RoleMetadata> fromJson = Signed.parseAny(json);
      Signed<RoleMetadata> fromCbor = Signed.parseAny(CBOR.encode(fromJson.toJson()),
          ParseOptions.DEFAULT.withEncoding(CBOR));
      RoleMetadata rebuilt = reversed(fromJson.signed());
      assertEquals(fromJson.signed(), rebuilt);
      assertEquals(fromJson.signed(), fromCbor.signed());
      List<Signature> sigs = fromJson.signatures();
      byte[] expected = CBOR.encode(CanonicalJson.parse(json));
      for (RoleMetadata model : List.of(fromJson.signed(), fromCbor.signed(), rebuilt)) {
        Signed<RoleMetadata> s = Signed.of(model, sigs, CBOR);
        assertArrayEquals(expected, s.toBytes());
        assertArrayEquals(fromCbor.canonicalSigned(), s.canonicalSigned());
      }
    }
  }

  /**
   * Any other valid CBOR of a signed file (longer arguments, indefinite lengths, other key
   * orders, anywhere in it) is refused as NOT_DETERMINISTIC, before signatures are looked at.
   */
  @Property(tries = 100)
  void otherEncodingsOfASignedFileAreRefused_rfc8949_4_2_1(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int percent) throws Exception {
    RepositorySimulator repo = randomRepository(seed, 4, CBOR);
    Random random = new Random(seed);
    for (byte[] cbor : metadataFiles(repo)) {
      JsonValue value = DeterministicCbor.parse(cbor);
      int kind = random.nextInt(4); // one kind of deviation, or all mixed
      byte[] lax = new LaxCborEncoder(random, kind == 0 || kind == 3 ? percent : 0,
          kind == 1 || kind == 3 ? percent : 0, kind == 2 || kind == 3 ? percent : 0)
          .encode(value);
      if (Arrays.equals(lax, cbor)) {
        continue; // every random choice was the deterministic one
      }
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> Signed.parseAny(lax, ParseOptions.DEFAULT.withEncoding(CBOR)));
      assertEquals(Reason.NOT_DETERMINISTIC, e.reason(), e.getMessage());
    }
  }

  // ---- the route JSON → model → CBOR → model → JSON ----

  private static RoleType assertJsonCborJsonIdentity(byte[] json) throws Exception {
    Signed<RoleMetadata> fromJson = Signed.parseAny(json);
    byte[] cbor = CBOR.encode(fromJson.toJson());
    Signed<RoleMetadata> fromCbor = Signed.parseAny(cbor, ParseOptions.DEFAULT.withEncoding(CBOR));
    assertEquals(fromJson.signed(), fromCbor.signed());
    assertEquals(fromJson.signatures(), fromCbor.signatures());
    assertEquals(fromJson.unrecognizedFields(), fromCbor.unrecognizedFields());
    assertArrayEquals(CanonicalJson.encode(CanonicalJson.parse(json)),
        fromCbor.toCanonicalJson());
    assertArrayEquals(cbor, fromCbor.toBytes());
    JsonValue signed = ((JsonObject) CanonicalJson.parse(json)).get("signed");
    assertArrayEquals(CanonicalJson.encode(signed), fromJson.canonicalSigned());
    assertArrayEquals(DeterministicCbor.encode(signed), fromCbor.canonicalSigned());
    return fromCbor.signed().type();
  }

  private static List<byte[]> metadataFiles(RepositorySimulator repo) {
    List<byte[]> out = new ArrayList<>();
    repo.files().forEach((path, bytes) -> {
      if (path.startsWith("metadata/")) {
        out.add(bytes);
      }
    });
    return out;
  }

  // ---- equal models built another way ----

  private static RoleMetadata reversed(RoleMetadata m) {
    if (m instanceof Root r) {
      return new Root(r.specVersion(), r.version(), r.expires(), r.consistentSnapshotField(),
          reversed(r.keys()), reversed(r.roles()), reversed(r.unrecognizedFields()));
    } else if (m instanceof Timestamp t) {
      return new Timestamp(t.specVersion(), t.version(), t.expires(), t.snapshotMeta(),
          reversed(t.unrecognizedFields()));
    } else if (m instanceof Snapshot s) {
      return new Snapshot(s.specVersion(), s.version(), s.expires(), reversed(s.meta()),
          reversed(s.unrecognizedFields()));
    }
    Targets t = (Targets) m;
    return new Targets(t.specVersion(), t.version(), t.expires(), reversed(t.targets()),
        t.delegations(), reversed(t.unrecognizedFields()));
  }

  private static <V> Map<String, V> reversed(Map<String, V> map) {
    List<Map.Entry<String, V>> entries = new ArrayList<>(map.entrySet());
    Collections.reverse(entries);
    Map<String, V> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  // ---- generators ----

  @Provide
  Arbitrary<Path> fixtureFiles() {
    return Arbitraries.of(Fixtures.tufMetadataFiles());
  }

  private static boolean isSigstoreRootWithNonSpecDate(Path file) {
    String s = file.toString();
    return s.contains("root_history/1.root.json") || s.contains("root_history/2.root.json")
        || s.contains("root_history/3.root.json");
  }

  private static final List<String> PATHS = List.of("a.txt", "dir/sub/file.bin", "été/ünï.txt",
      "with space", "100%.tar.gz", "x".repeat(300), "emoji/\uD83D\uDE80.img", "a/b/c/d/e/f");

  /** A simulated repository after {@code edits} random edits, published after each. */
  static RepositorySimulator randomRepository(long seed, int edits, MetadataEncoding encoding) {
    Random random = new Random(seed);
    RepositorySimulator repo = RepositorySimulator.builder()
        .now(java.time.Instant.parse("2030-06-01T12:00:00Z"))
        .keyScheme(random.nextInt(4) == 0 ? "ecdsa-sha2-nistp256" : "ed25519")
        .consistentSnapshot(random.nextBoolean())
        .encoding(encoding).build();
    List<String> roles = new ArrayList<>(List.of("targets"));
    for (int step = 0; step < edits; step++) {
      int i = step;
      String role = roles.get(random.nextInt(roles.size()));
      switch (random.nextInt(9)) {
        case 0, 1 -> {
          String path = PATHS.get(random.nextInt(PATHS.size())) + (random.nextBoolean() ? ""
              : "-" + i);
          Optional<JsonValue> custom = random.nextBoolean() ? Optional.empty()
              : Optional.of(randomJson(random, 3));
          repo.addTarget(role, path, ("content " + i).getBytes(StandardCharsets.UTF_8), custom);
        }
        case 2 -> {
          if (!hasSuccinctBins(repo, role)) {
            String name = "role-" + i + (random.nextBoolean() ? "" : "/ü");
            if (random.nextBoolean()) {
              repo.delegate(role, name, List.of("*", "dir/*"), random.nextBoolean());
            } else {
              repo.delegateHashPrefixes(role, name, List.of("0", "8f"), random.nextBoolean());
            }
            roles.add(name);
          }
        }
        case 3 -> {
          if (repo.draftTargets(role).delegations().isEmpty()) {
            repo.delegateSuccinct(role, 1 + random.nextInt(3), "bin-" + i);
            roles.addAll(repo.targetsRoles().subList(roles.size(),
                repo.targetsRoles().size()));
          }
        }
        case 4 -> repo.rotateKeys(List.of("root", "timestamp", "snapshot", "targets")
            .get(random.nextInt(4)));
        case 5 -> repo.addKey(List.of("root", "targets").get(random.nextInt(2)),
            repo.newSigner());
        case 6 -> {
          repo.includeLengthAndHashesInTimestamp(random.nextBoolean());
          repo.includeLengthAndHashesInSnapshot(random.nextBoolean());
        }
        case 7 -> {
          Map<String, JsonValue> extra = Map.of("x-field-" + i, randomJson(random, 3));
          repo.updateRoot(r -> new Root(r.specVersion(), r.version(), r.expires(),
              r.consistentSnapshotField(), r.keys(), r.roles(), extra));
        }
        default -> {
          Map<String, JsonValue> extra = Map.of("x-" + i, randomJson(random, 2));
          repo.updateTargets(role, t -> new Targets(t.specVersion(), t.version(), t.expires(),
              t.targets(), t.delegations(), extra));
        }
      }
      repo.publish();
    }
    return repo;
  }

  private static boolean hasSuccinctBins(RepositorySimulator repo, String role) {
    return repo.draftTargets(role).delegations()
        .flatMap(Delegations::succinctRoles).isPresent();
  }

  /** Any JSON value: every kind, integers at the edges, strings in several scripts. */
  private static JsonValue randomJson(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> JsonNull.INSTANCE;
      case 1 -> random.nextBoolean() ? JsonBoolean.TRUE : JsonBoolean.FALSE;
      case 2 -> new JsonNumber(List.of(0L, -1L, 23L, 24L, 255L, 256L, 65536L, Long.MAX_VALUE,
          Long.MIN_VALUE, random.nextLong()).get(random.nextInt(10)));
      case 3, 4, 5 -> new JsonString(List.of("", "a", "ß", "日本語", "\u0000\n\"\\",
          "\uD83D\uDE80", "x".repeat(30)).get(random.nextInt(7)));
      case 6 -> {
        List<JsonValue> elements = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          elements.add(randomJson(random, depth - 1));
        }
        yield new JsonArray(elements);
      }
      default -> {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          members.put(List.of("", "b", "aa", "é", "key " + i).get(random.nextInt(5)),
              randomJson(random, depth - 1));
        }
        yield new JsonObject(members);
      }
    };
  }
}
