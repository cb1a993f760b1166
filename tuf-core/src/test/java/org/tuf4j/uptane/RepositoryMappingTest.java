package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.uptane.RepositoryMapping.Mapping;

/** Repository mapping metadata (Uptane Standard #repo_mapping_meta; TAP 4 map.json). */
class RepositoryMappingTest {

  /** TAP 4's map.json example, comments removed. */
  private static final String TAP4_EXAMPLE = """
      {
        "repositories": {
          "Django": ["https://djangoproject.com/"],
          "PyPI":   ["https://pypi.python.org/"]
        },
        "mapping": [
          {
            "paths":        ["/django/django-1.*.tgz"],
            "repositories": ["Django", "PyPI"],
            "threshold": 1,
            "terminating":  false
          },
          {
            "paths":        ["*"],
            "repositories": ["PyPI"],
            "terminating": true,
            "threshold": 1
          }
        ]
      }""";

  /**
   * TAP 4's figure 1: foo-1.0.tgz skips the first (terminating) mapping, which does not match,
   * and is found through the second, which needs repositories D and F to agree.
   */
  private static final String TAP4_FIGURE_1 = """
      {"repositories": {"A": ["https://a.example/"], "B": ["https://b.example/"],
                        "C": ["https://c.example/"], "D": ["https://d.example/"],
                        "E": ["https://e.example/"], "F": ["https://f.example/"]},
       "mapping": [
         {"paths": ["bar*.tgz"], "repositories": ["A", "B"], "threshold": 1, "terminating": true},
         {"paths": ["foo*.tgz"], "repositories": ["D", "F"], "threshold": 2,
          "terminating": false},
         {"paths": ["*"], "repositories": ["C", "E"], "threshold": 1, "terminating": true}]}""";

  private static RepositoryMapping parse(String json) throws Exception {
    return RepositoryMapping.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tap4ExampleMapFileIsRead_tap4_map_file() throws Exception {
    RepositoryMapping m = parse(TAP4_EXAMPLE);
    assertEquals(List.of("Django", "PyPI"), List.copyOf(m.repositories().keySet()));
    assertEquals(List.of("https://pypi.python.org/"), m.repositories().get("PyPI"));
    Mapping django = m.mappings().get(0);
    assertEquals(List.of("Django", "PyPI"), django.repositories());
    assertEquals(1, django.threshold());
    assertEquals(false, django.terminating());
    assertEquals(List.of(django), m.mappingsFor("/django/django-1.11.tgz"));
    // "*" is a TUF path pattern: it never matches "/", so it covers top-level names only
    assertEquals(List.of(m.mappings().get(1)), m.mappingsFor("six-1.16.tgz"));
    assertEquals(List.of(), m.mappingsFor("/simple/six-1.16.tgz"));
  }

  @Test
  void searchFollowsMappingOrderAndStopsAtTheFirstTerminatingMatch_tap4_figure_1()
      throws Exception {
    RepositoryMapping m = parse(TAP4_FIGURE_1);
    List<Mapping> forFoo = m.mappingsFor("foo-1.0.tgz");
    assertEquals(List.of(m.mappings().get(1), m.mappings().get(2)), forFoo);
    assertEquals(List.of("D", "F"), forFoo.get(0).repositories());
    assertEquals(2, forFoo.get(0).threshold());
    assertEquals(Optional.of(m.mappings().get(1)), m.mappingFor("foo-1.0.tgz"));
    // a terminating match ends the search: "*" is never consulted for bar-*
    assertEquals(List.of(m.mappings().get(0)), m.mappingsFor("bar-2.0.tgz"));
    assertEquals(List.of(m.mappings().get(2)), m.mappingsFor("baz-3.tgz"));
  }

  @Test
  void basicUptaneMappingRequiresDirectorAndImageForEveryImage_uptane_repo_mapping_meta() {
    RepositoryMapping m = RepositoryMapping.basicUptane(List.of("https://director.example/"),
        List.of("https://images.example/", "https://mirror.images.example/"));
    Mapping only = m.mappingFor("ecu-firmware-2.1.bin").orElseThrow();
    assertEquals(List.of(RepositoryMapping.DIRECTOR, RepositoryMapping.IMAGE),
        only.repositories());
    assertEquals(2, only.threshold());
    assertTrue(only.terminating());
    assertEquals(List.of(only), m.mappingsFor("js_0.23.0"));
    // fail closed: no repository is trusted for a path no pattern covers
    assertEquals(Optional.empty(), m.mappingFor("sub/dir/image.bin"));
  }

  @Test
  void mapFileRoundTripsWithUnrecognizedMembers_tap4_map_file() throws Exception {
    String json = "{\"mapping\":[{\"note\":\"keep\",\"paths\":[\"*\"],\"repositories\":[\"r\"],"
        + "\"terminating\":true,\"threshold\":1}],\"repositories\":{\"r\":[\"https://r/\"]},"
        + "\"version\":3}";
    RepositoryMapping m = parse(json);
    assertEquals(Map.of("version", JsonValue.of(3)), m.unrecognizedFields());
    assertEquals(Map.of("note", JsonValue.of("keep")), m.mappings().get(0).unrecognizedFields());
    assertEquals(json, new String(m.toCanonicalJson(), StandardCharsets.UTF_8));
    assertEquals(m, RepositoryMapping.parse(m.toCanonicalJson()));
  }

  @Test
  void invalidMapFilesAreRefusedWithTheRuleNamed_uptane_repo_mapping_meta() {
    String repos = "\"repositories\":{\"a\":[\"https://a/\"],\"b\":[\"https://b/\"]}";
    Map<String, String> cases = Map.ofEntries(
        Map.entry("{" + repos + ",\"mapping\":[{\"paths\":[\"*\"],\"repositories\":[\"a\"],"
            + "\"threshold\":0,\"terminating\":true}]}", "threshold"),
        Map.entry("{" + repos + ",\"mapping\":[{\"paths\":[\"*\"],\"repositories\":[\"a\"],"
            + "\"threshold\":2,\"terminating\":true}]}", "threshold"),
        Map.entry("{" + repos + ",\"mapping\":[{\"paths\":[\"*\"],\"repositories\":[\"c\"],"
            + "\"threshold\":1,\"terminating\":true}]}", "does not define"),
        Map.entry("{" + repos + ",\"mapping\":[{\"paths\":[],\"repositories\":[\"a\"],"
            + "\"threshold\":1,\"terminating\":true}]}", "paths"),
        Map.entry("{" + repos + ",\"mapping\":[{\"paths\":[\"*\"],\"repositories\":[],"
            + "\"threshold\":1,\"terminating\":true}]}", "threshold"),
        Map.entry("{" + repos + ",\"mapping\":[{\"paths\":[\"*\"],\"repositories\":[\"a\",\"a\"],"
            + "\"threshold\":1,\"terminating\":true}]}", "more than once"),
        Map.entry("{" + repos + ",\"mapping\":[{\"paths\":[\"*\"],\"repositories\":[\"a\"],"
            + "\"threshold\":1}]}", "mapping[0].terminating"),
        Map.entry("{" + repos + ",\"mapping\":[{\"paths\":\"*\",\"repositories\":[\"a\"],"
            + "\"threshold\":1,\"terminating\":true}]}", "mapping[0].paths"),
        Map.entry("{" + repos + ",\"mapping\":[]}", "at least one"),
        Map.entry("{\"repositories\":{},\"mapping\":[]}", "at least one"),
        Map.entry("{\"repositories\":{\"a\":[]},\"mapping\":[]}", "at least one URL"),
        Map.entry("{\"repositories\":{\"a\":[\"relative/path\"]},\"mapping\":[{\"paths\":[\"*\"],"
            + "\"repositories\":[\"a\"],\"threshold\":1,\"terminating\":true}]}", "absolute"),
        Map.entry("{\"repositories\":{\"..\":[\"https://x/\"]},\"mapping\":[{\"paths\":[\"*\"],"
            + "\"repositories\":[\"..\"],\"threshold\":1,\"terminating\":true}]}", "directory"),
        Map.entry("{\"repositories\":{\"../etc\":[\"https://x/\"]},\"mapping\":[{\"paths\":"
            + "[\"*\"],\"repositories\":[\"../etc\"],\"threshold\":1,\"terminating\":true}]}",
            "path separator"));
    cases.forEach((json, rule) -> {
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> parse(json), json);
      assertTrue(e.getMessage().contains(rule), json + " -> " + e.getMessage());
    });
  }

  @Test
  void oversizeAndOverlongMapFilesAreRefused_uptane_repo_mapping_meta() {
    StringBuilder sb = new StringBuilder("{\"repositories\":{\"a\":[\"https://a/\"]},"
        + "\"mapping\":[");
    for (int i = 0; i <= RepositoryMapping.MAX_MAPPINGS; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"paths\":[\"*\"],\"repositories\":[\"a\"],"
          + "\"threshold\":1,\"terminating\":false}");
    }
    String tooMany = sb.append("]}").toString();
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> parse(tooMany));
    assertTrue(e.getMessage().contains("limit"), e.getMessage());
    assertThrows(TooLargeException.class, () -> RepositoryMapping.parse(
        TAP4_EXAMPLE.getBytes(StandardCharsets.UTF_8),
        RepositoryMapping.DEFAULT_LIMITS.withMaxBytes(64)));
  }

  @Test
  void constructorAppliesTheSameRules_uptane_repo_mapping_meta() {
    assertThrows(IllegalArgumentException.class, () -> new Mapping(List.of("*"), List.of("a"),
        2, true));
    assertThrows(IllegalArgumentException.class, () -> new RepositoryMapping(
        Map.of("a", List.of("https://a/")), List.of(new Mapping(List.of("*"), List.of("b"), 1,
            true)), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> RepositoryMapping.basicUptane(
        List.of(), List.of("https://i/")));
  }
}
