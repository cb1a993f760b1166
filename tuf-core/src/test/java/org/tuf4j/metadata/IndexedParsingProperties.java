package org.tuf4j.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.testing.Fixtures;

/**
 * The fast parser of {@link Signed} (streaming, {@code targets} and {@code meta} indexed rather
 * than built, signatures checked over the received bytes when they are canonical) must be
 * indistinguishable from the plain one — parse a tree, read the model from it, re-encode {@code
 * signed} (TUF spec §4.1, §4.4 to §4.6): same model, same signed bytes, or the same error.
 */
class IndexedParsingProperties {
  private static final List<byte[]> FILES = Fixtures.tufMetadataFiles().stream()
      .filter(p -> !p.toString().contains("pkgs")).map(IndexedParsingProperties::read).toList();

  @Property(tries = 1500)
  void generatedTargetsFilesParseAsATreeParseWould(@ForAll("targetsFiles") String text) {
    assertSameOutcome(text.getBytes(UTF_8));
  }

  @Property(tries = 1500)
  void generatedSnapshotAndTimestampFilesParseAsATreeParseWould(
      @ForAll("metaFiles") String text) {
    assertSameOutcome(text.getBytes(UTF_8));
  }

  @Property(tries = 1500)
  void mutatedRealFilesParseAsATreeParseWould(@ForAll("fixtures") byte[] original,
      @ForAll int position, @ForAll("replacements") String replacement) {
    String text = new String(original, UTF_8);
    int colon = text.indexOf(':', Math.floorMod(position, text.length()));
    if (colon < 0) {
      return;
    }
    int end = colon + 1;
    while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0
        && text.charAt(end) != '\n') {
      end++;
    }
    assertSameOutcome((text.substring(0, colon + 1) + replacement + text.substring(end))
        .getBytes(UTF_8));
  }

  @Property(tries = 300)
  void aParsedFileDoesNotChangeWhenTheCallersArrayDoes(@ForAll("targetsFiles") String text,
      @ForAll int position) throws Exception {
    byte[] bytes = text.getBytes(UTF_8);
    Signed<RoleMetadata> parsed;
    try {
      parsed = Signed.parseAny(bytes);
    } catch (TufException invalid) {
      return;
    }
    byte[] before = parsed.canonicalSigned();
    Map<String, TargetFile> targetsBefore = Map.copyOf(((Targets) parsed.signed()).targets());
    java.util.Arrays.fill(bytes, (byte) ' ');
    assertArrayEquals(before, parsed.canonicalSigned());
    assertEquals(targetsBefore, ((Targets) parsed.signed()).targets());
  }

  private static void assertSameOutcome(byte[] bytes) {
    Object fast = outcome(() -> Signed.parseAny(bytes));
    Object tree = outcome(() -> treeParse(bytes));
    if (fast instanceof Parsed f && tree instanceof Parsed t) {
      assertEquals(t.model(), f.model());
      assertEquals(t.signatures(), f.signatures());
      assertEquals(t.unrecognized(), f.unrecognized());
      assertArrayEquals(t.signedBytes(), f.signedBytes());
      if (f.model() instanceof Targets targets) {
        assertEquals(new ArrayList<>(((Targets) t.model()).targets().keySet()),
            new ArrayList<>(targets.targets().keySet()), "iteration order");
      }
      if (f.model() instanceof Snapshot snapshot) {
        assertEquals(new ArrayList<>(((Snapshot) t.model()).meta().keySet()),
            new ArrayList<>(snapshot.meta().keySet()), "iteration order");
        snapshot.meta().forEach((name, file) -> assertEquals(file, snapshot.meta().get(name)));
      }
    } else {
      assertEquals(String.valueOf(tree), String.valueOf(fast), () -> new String(bytes, UTF_8));
    }
  }

  private record Parsed(RoleMetadata model, List<Signature> signatures,
      Map<String, JsonValue> unrecognized, byte[] signedBytes) {}

  private interface Parse {
    Object run() throws TufException;
  }

  private static Object outcome(Parse parse) {
    try {
      Object result = parse.run();
      if (result instanceof Signed<?> s) {
        return new Parsed(s.signed(), s.signatures(), s.unrecognizedFields(),
            s.canonicalSigned());
      }
      return result;
    } catch (TufException e) {
      String reason = e instanceof MalformedMetadataException m ? " " + m.reason() : "";
      return e.getClass().getSimpleName() + reason + ": " + e.getMessage();
    }
  }

  /** The reference: everything as one tree, then the model, then canonical re-encoding. */
  private static Parsed treeParse(byte[] bytes) throws TufException {
    JsonFields envelope = JsonFields.of(CanonicalJson.parse(bytes, JsonLimits.DEFAULT), "");
    List<JsonValue> sigJson = envelope.array("signatures");
    List<Signature> signatures = new ArrayList<>();
    for (int i = 0; i < sigJson.size(); i++) {
      signatures.add(Signature.fromJson(sigJson.get(i), "signatures[" + i + "]"));
    }
    JsonValue signedJson = envelope.value("signed");
    JsonFields body = JsonFields.of(signedJson, "signed");
    String typeName = body.string("_type");
    RoleType type = RoleType.fromTypeName(typeName).orElseThrow(() ->
        new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
            "signed._type: unknown role type \"" + typeName + "\""));
    RoleMetadata model = switch (type) {
      case ROOT -> Root.fromJson(body);
      case TIMESTAMP -> Timestamp.fromJson(body);
      case SNAPSHOT -> Snapshot.fromJson(body);
      case TARGETS -> Targets.fromJson(body);
    };
    Map<String, JsonValue> unrecognized = envelope.unrecognized();
    envelope.build(() -> { // Signed's own rule: a key id signs at most once (§4.2)
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (Signature s : signatures) {
        if (!ids.add(s.keyId())) {
          throw new IllegalArgumentException("signatures lists key id " + s.keyId()
              + " more than once");
        }
      }
      return ids;
    });
    return new Parsed(model, signatures, unrecognized, CanonicalJson.encode(signedJson));
  }

  // ---- generated targets files: plain, unusual and malformed entries, in any layout ----

  @Provide
  Arbitrary<String> targetsFiles() {
    String h256 = "\"sha256\":\"" + "ab".repeat(32) + "\"";
    String h512 = "\"sha512\":\"" + "cd".repeat(64) + "\"";
    Arbitrary<String> entry = Arbitraries.of(
        "{\"length\":12,\"hashes\":{" + h256 + "," + h512 + "}}",
        "{\"hashes\":{" + h256 + "},\"length\":0,\"custom\":{\"x\":[1,{\"y\":null}]}}",
        "{\"length\":1,\"hashes\":{" + h256 + "},\"zz\":true,\"custom\":\"s\"}",
        "{\"length\":1,\"hashes\":{\"blake2b-256\":\"" + "01".repeat(32) + "\"}}",
        "{\"length\":-1,\"hashes\":{" + h256 + "}}",
        "{\"length\":\"1\",\"hashes\":{" + h256 + "}}",
        "{\"length\":1,\"hashes\":{}}",
        "{\"length\":1,\"hashes\":{\"sha256\":5}}",
        "{\"length\":1,\"hashes\":[\"sha256\"]}",
        "{\"length\":1,\"hashes\":{\"sha256\":\"ab\"}}",
        "{\"length\":1,\"hashes\":{\"sha256\":\"" + "AB".repeat(32) + "\"}}",
        "{\"length\":1,\"hashes\":{\"sha512\":\"../../x?y#\"}}",
        "{\"length\":1}",
        "{\"hashes\":{" + h256 + "}}",
        "[]", "7", "null", "{}",
        "{\"length\":{\"a\":1},\"hashes\":{" + h256 + "}}",
        "{\"length\":1,\"hashes\":{" + h256 + ",\"md5\":[1]}}");
    Arbitrary<String> path = Arbitraries.of("a", "b/c.txt", "\u00e9t\u00e9", "z", "a/b", "",
        "\\u0041", "\uD83D\uDE00", "\uFF21", "x\\\"y", "..", "a/./b", "../../admin/x");
    Arbitrary<List<Map.Entry<String, String>>> entries = Arbitraries.maps(path, entry)
        .ofMaxSize(6).map(m -> new ArrayList<>(m.entrySet()));
    return Arbitraries.longs().flatMap(seed -> entries.map(list -> render(list, seed,
        "targets", new Random(seed).nextInt(10) == 0 ? "root" : "targets")));
  }

  /** Snapshot and timestamp files (now and then another role with a {@code meta} member). */
  @Provide
  Arbitrary<String> metaFiles() {
    String h256 = "\"sha256\":\"" + "ab".repeat(32) + "\"";
    String h512 = "\"sha512\":\"" + "cd".repeat(64) + "\"";
    Arbitrary<String> entry = Arbitraries.of(
        "{\"version\":1}",
        "{\"hashes\":{" + h256 + "},\"length\":12,\"version\":3}",
        "{\"hashes\":{" + h256 + "," + h512 + "},\"version\":2}",
        "{\"version\":2," + h256.replace("sha256", "hashes") + "}",
        "{\"length\":0,\"version\":1,\"x-custom\":{\"a\":[1,null]}}",
        "{\"hashes\":{\"blake2b-256\":\"" + "01".repeat(32) + "\"},\"version\":1}",
        "{\"hashes\":{" + h512 + "," + h256 + "},\"version\":1}",
        "{\"version\":0}", "{\"version\":-1}", "{\"version\":\"1\"}", "{}",
        "{\"length\":-1,\"version\":1}", "{\"length\":\"1\",\"version\":1}",
        "{\"hashes\":{},\"version\":1}", "{\"hashes\":[],\"version\":1}",
        "{\"hashes\":{\"sha256\":\"AB\"},\"version\":1}",
        "{\"hashes\":{\"sha256\":5},\"version\":1}",
        "{\"hashes\":{\"sha512\":\"../../x?y#\"},\"version\":1}",
        "[]", "7", "null", "\"x\"");
    Arbitrary<String> name = Arbitraries.of("snapshot.json", "targets.json", "bin-0a.json",
        "bin-1f.json", "\\u0041.json", "\u00e9t\u00e9.json", "\uD83D\uDE00.json", "", "x\\\"y");
    Arbitrary<List<Map.Entry<String, String>>> entries = Arbitraries.maps(name, entry)
        .ofMaxSize(5).map(m -> new ArrayList<>(m.entrySet()));
    Arbitrary<String> type = Arbitraries.frequency(Tuple.of(6, "snapshot"),
        Tuple.of(3, "timestamp"), Tuple.of(1, "root"));
    return Combinators.combine(entries, Arbitraries.longs(), type)
        .as((list, seed, t) -> render(list, seed, "meta", t));
  }

  private static String render(List<Map.Entry<String, String>> entries, long seed,
      String member, String type) {
    Random r = new Random(seed);
    boolean pretty = r.nextBoolean();
    String sp = pretty ? " " : "";
    List<String> members = new ArrayList<>();
    StringBuilder targets = new StringBuilder("{");
    List<Map.Entry<String, String>> order = new ArrayList<>(entries);
    if (r.nextInt(3) == 0) {
      Collections.shuffle(order, r);
    } else {
      order.sort((a, b) -> CanonicalJson.KEY_ORDER.compare(unescape(a.getKey()),
          unescape(b.getKey())));
    }
    for (int i = 0; i < order.size(); i++) {
      targets.append(i > 0 ? "," + sp : "").append('"').append(order.get(i).getKey())
          .append("\":").append(sp).append(order.get(i).getValue());
    }
    targets.append('}');
    members.add("\"_type\":" + sp + "\"" + type + "\"");
    members.add("\"expires\":\"2030-01-01T00:00:00Z\"");
    members.add("\"spec_version\":\"1.0.31\"");
    members.add("\"" + member + "\":" + sp + targets);
    members.add("\"version\":" + (1 + r.nextInt(3)));
    if (r.nextInt(4) == 0) {
      members.add("\"x-extra\":[true]");
    }
    if (r.nextInt(3) == 0) {
      Collections.shuffle(members, r);
    }
    return "{\"signatures\":[{\"keyid\":\"ab\",\"sig\":\"00\"}]," + sp + "\"signed\":{"
        + String.join("," + sp, members) + "}}";
  }

  /** The few escapes generated paths use. */
  private static String unescape(String path) {
    return path.replace("\\u0041", "A").replace("\\\"", "\"");
  }

  @Provide
  Arbitrary<byte[]> fixtures() {
    return Arbitraries.of(FILES);
  }

  @Provide
  Arbitrary<String> replacements() {
    return Arbitraries.of("null", "0", "-1", "\"\"", "\"x\"", "[]", "{}", "true", "[null]",
        "{\"a\":null}", "{\"length\":1,\"hashes\":{}}", "{\"length\":-2}",
        "{\"length\":1,\"hashes\":{\"sha256\":\"ab\"}}", "\"2030-02-30T00:00:00Z\"");
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
