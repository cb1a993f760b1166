package org.tuf4j.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Snapshot#metaChangedSince}, which the rollback check of TUF spec §5.5.5 walks instead of
 * every entry: between parsed snapshots it compares entries on their bytes, so it must name
 * exactly the entries whose values differ or are gone, whatever the layout of either file.
 */
class SnapshotChangesProperties {
  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

  @Property(tries = 500)
  void theChangedEntriesAreThoseWhoseValuesDifferOrAreGone(
      @ForAll("metas") Map<String, MetaFile> before, @ForAll("metas") Map<String, MetaFile> after,
      @ForAll boolean prettyBefore, @ForAll boolean prettyAfter) throws Exception {
    Snapshot older = new Snapshot("1.0.31", 1, EXPIRES, before, Map.of());
    Snapshot newer = new Snapshot("1.0.31", 2, EXPIRES, after, Map.of());
    Snapshot olderParsed = reparse(older, prettyBefore);
    Snapshot newerParsed = reparse(newer, prettyAfter);
    assertEquals(changed(older, newer), newer.metaChangedSince(older), "built");
    assertEquals(changed(olderParsed, newer), newerParsed.metaChangedSince(olderParsed),
        "parsed");
    assertEquals(changed(older, newer), newerParsed.metaChangedSince(older),
        "parsed against built");
  }

  /** {@code older}'s names, in its order, that {@code newer} lacks or lists with another value. */
  private static List<String> changed(Snapshot older, Snapshot newer) {
    List<String> names = new ArrayList<>();
    older.meta().forEach((name, file) -> {
      if (!file.equals(newer.meta().get(name))) {
        names.add(name);
      }
    });
    return names;
  }

  /** {@link MetaFile}'s hand-written equality is a record's: every component, and the hash. */
  @Property(tries = 300)
  void entriesAreEqualExactlyWhenEveryComponentIs(@ForAll("files") MetaFile a,
      @ForAll("files") MetaFile b) {
    boolean components = a.version() == b.version() && a.length().equals(b.length())
        && a.hashes().equals(b.hashes()) && a.unrecognizedFields().equals(b.unrecognizedFields());
    assertEquals(components, a.equals(b));
    if (components) {
      assertEquals(a.hashCode(), b.hashCode());
    }
  }

  /** The snapshot through its JSON file, canonical or with spaces after its members' colons. */
  private static Snapshot reparse(Snapshot s, boolean pretty) throws Exception {
    String json = new String(Signed.of(s, List.of()).toBytes(), UTF_8);
    if (pretty) {
      json = json.replace("\":", "\": ").replace(",\"", ", \""); // outside strings only
    }
    return Signed.parse(json.getBytes(UTF_8), Snapshot.class).signed();
  }

  @Provide
  Arbitrary<Map<String, MetaFile>> metas() {
    Arbitrary<String> name = Arbitraries.of("targets.json", "a.json", "b.json", "bin-0.json",
        "bin-1.json", "\u00e9.json");
    return Arbitraries.maps(name, files()).ofMaxSize(6).map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<MetaFile> files() {
    return Arbitraries.of(
        MetaFile.of(1), MetaFile.of(2), MetaFile.of(3),
        new MetaFile(2, OptionalLong.of(10), Map.of("sha256", "ab".repeat(32)), Map.of()),
        new MetaFile(2, OptionalLong.of(11), Map.of("sha256", "ab".repeat(32)), Map.of()),
        new MetaFile(2, OptionalLong.empty(), Map.of("sha256", "cd".repeat(32)), Map.of()),
        new MetaFile(2, OptionalLong.empty(), Map.of("sha256", "cd".repeat(32)),
            Map.of("x-note", new org.tuf4j.encoding.JsonValue.JsonString("a"))),
        new MetaFile(2, OptionalLong.empty(), Map.of("sha256", "cd".repeat(32)),
            Map.of("x-note", new org.tuf4j.encoding.JsonValue.JsonString("b"))));
  }
}
