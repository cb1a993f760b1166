package org.tuf4j.uptane;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;
import org.tuf4j.metadata.DelegatedRole;

/**
 * Repository mapping metadata: which repositories a Primary trusts for which image paths
 * (Uptane Standard #repo_mapping_meta), in the {@code map.json} form of TUF TAP 4 ("Multiple
 * repository consensus on entrusted targets"):
 *
 * <pre>{@code
 * {"repositories": {"<name>": ["<mirror URL>", ...], ...},
 *  "mapping": [{"paths": ["<pattern>", ...], "repositories": ["<name>", ...],
 *               "threshold": <n>, "terminating": <bool>}, ...]}
 * }</pre>
 *
 * <p>Paths are TUF path patterns, matched exactly as delegations match them (TUF spec §4.5):
 * {@code *} and {@code ?} never match {@code /}. So the basic Uptane mapping's {@code *} covers
 * {@code firmware.bin} but not {@code ecu/firmware.bin}; a path no mapping covers has no trusted
 * repository, and {@link #mappingsFor} returns an empty list (fail closed).
 *
 * <p>Validation on construction and parsing: at least one repository and one mapping; every
 * repository has at least one absolute mirror URL; repository names are usable as local
 * directory names (TAP 4 caches each repository's metadata in a directory of that name, so a
 * name such as {@code ../x} is refused); each mapping names at least one path and at least one
 * repository, all of them defined, none twice; {@code 1 <= threshold <=} the number of its
 * repositories; counts are bounded. Unrecognized members are kept.
 */
public final class RepositoryMapping {
  /** Name {@link #basicUptane} gives the Director repository. */
  public static final String DIRECTOR = "director";
  /** Name {@link #basicUptane} gives the Image repository. */
  public static final String IMAGE = "image";

  /** Most repositories one mapping file may define. */
  public static final int MAX_REPOSITORIES = 64;
  /** Most mirror URLs one repository may list. */
  public static final int MAX_MIRRORS = 64;
  /** Most mappings one mapping file may list. */
  public static final int MAX_MAPPINGS = 256;
  /** Most path patterns one mapping may list. */
  public static final int MAX_PATHS = 1024;

  /** A {@code map.json} is small configuration: 1 MiB, depth 8, 8 KiB strings. */
  public static final JsonLimits DEFAULT_LIMITS = new JsonLimits(1L << 20, 8, 8 << 10);

  private static final Set<String> KNOWN = Set.of("repositories", "mapping");
  private static final Set<String> KNOWN_MAPPING_MEMBERS =
      Set.of("paths", "repositories", "threshold", "terminating");

  private final Map<String, List<String>> repositories;
  private final List<Mapping> mappings;
  private final Map<String, JsonValue> unrecognizedFields;

  /**
   * One entry of {@code mapping} (TAP 4 elements A-D).
   *
   * @param paths target path patterns this mapping covers
   * @param repositories the repositories, in the order to try them
   * @param threshold how many of them must agree on an image's length and hashes
   * @param terminating whether the search stops here when this mapping covers the path
   */
  public record Mapping(List<String> paths, List<String> repositories, int threshold,
      boolean terminating, Map<String, JsonValue> unrecognizedFields) {
    /**
     * Checks and copies the members: see the class description for the rules.
     *
     * @param paths target path patterns this mapping covers
     * @param repositories the repositories, in the order to try them
     * @param threshold how many of them must agree on an image's length and hashes
     * @param terminating whether the search stops here when this mapping covers the path
     * @param unrecognizedFields other members, preserved
     * @throws IllegalArgumentException when a rule is broken
     */
    public Mapping {
      paths = List.copyOf(paths);
      repositories = List.copyOf(repositories);
      checkPaths(paths);
      checkRepositories(repositories, threshold);
      unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN_MAPPING_MEMBERS);
    }

    /**
     * A mapping without unrecognized members.
     *
     * @param paths target path patterns this mapping covers
     * @param repositories the repositories, in the order to try them
     * @param threshold how many of them must agree on an image's length and hashes
     * @param terminating whether the search stops here when this mapping covers the path
     */
    public Mapping(List<String> paths, List<String> repositories, int threshold,
        boolean terminating) {
      this(paths, repositories, threshold, terminating, Map.of());
    }

    /**
     * Whether one of {@link #paths} matches {@code targetPath} (TUF path pattern rules).
     *
     * @param targetPath a target path
     * @return true when this mapping covers it
     */
    public boolean covers(String targetPath) {
      Objects.requireNonNull(targetPath, "targetPath");
      // The delegation matcher of org.tuf4j.metadata, reached through its public API.
      return new DelegatedRole("mapping", List.of(), 1, Optional.empty(), Optional.of(paths),
          Optional.empty(), Map.of()).isDelegatedPath(targetPath);
    }

    /**
     * The mapping as written in {@code mapping}, unrecognized members included.
     *
     * @return the JSON form
     */
    public JsonObject toJson() {
      return new JsonWriter(unrecognizedFields)
          .put("paths", JsonValue.ofStrings(paths))
          .put("repositories", JsonValue.ofStrings(repositories))
          .put("threshold", threshold)
          .put("terminating", JsonBoolean.of(terminating))
          .build();
    }
  }

  /**
   * A mapping from its parts.
   *
   * @param repositories repository name to its mirror URLs, in the order to try them
   * @param mappings in priority order
   * @param unrecognizedFields other top-level members, preserved
   * @throws IllegalArgumentException when a rule in the class description is broken
   */
  public RepositoryMapping(Map<String, List<String>> repositories, List<Mapping> mappings,
      Map<String, JsonValue> unrecognizedFields) {
    Objects.requireNonNull(repositories, "repositories");
    if (repositories.isEmpty()) {
      throw new IllegalArgumentException("repositories must define at least one repository");
    }
    if (repositories.size() > MAX_REPOSITORIES) {
      throw new IllegalArgumentException("repositories defines " + repositories.size()
          + " repositories, more than the limit of " + MAX_REPOSITORIES);
    }
    Map<String, List<String>> repos = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : repositories.entrySet()) {
      requireRepositoryName(e.getKey());
      List<String> urls = List.copyOf(e.getValue());
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("repository \"" + e.getKey()
            + "\" must list at least one URL");
      }
      if (urls.size() > MAX_MIRRORS) {
        throw new IllegalArgumentException("repository \"" + e.getKey() + "\" lists "
            + urls.size() + " URLs, more than the limit of " + MAX_MIRRORS);
      }
      for (String url : urls) {
        requireAbsoluteUrl(e.getKey(), url);
      }
      repos.put(e.getKey(), urls);
    }
    List<Mapping> maps = List.copyOf(mappings);
    if (maps.isEmpty()) {
      throw new IllegalArgumentException("mapping must list at least one entry");
    }
    if (maps.size() > MAX_MAPPINGS) {
      throw new IllegalArgumentException("mapping lists " + maps.size()
          + " entries, more than the limit of " + MAX_MAPPINGS);
    }
    for (int i = 0; i < maps.size(); i++) {
      for (String name : maps.get(i).repositories()) {
        if (!repos.containsKey(name)) {
          throw new IllegalArgumentException("mapping[" + i + "] names repository \"" + name
              + "\", which repositories does not define");
        }
      }
    }
    this.repositories = Collections.unmodifiableMap(repos);
    this.mappings = maps;
    this.unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * The most basic Uptane case (#repo_mapping_meta): a Director and an Image repository, and a
   * single terminating mapping by which every image ({@code *}) SHALL be signed by both.
   *
   * @param directorUrls the Director's mirror URLs
   * @param imageUrls the Image repository's mirror URLs
   * @return the mapping, with repositories {@link #DIRECTOR} and {@link #IMAGE}
   */
  public static RepositoryMapping basicUptane(List<String> directorUrls, List<String> imageUrls) {
    Map<String, List<String>> repos = new LinkedHashMap<>();
    repos.put(DIRECTOR, directorUrls);
    repos.put(IMAGE, imageUrls);
    return new RepositoryMapping(repos, List.of(new Mapping(List.of("*"),
        List.of(DIRECTOR, IMAGE), 2, true)), Map.of());
  }

  /**
   * Parses a {@code map.json} under {@link #DEFAULT_LIMITS}.
   *
   * @param json the file's bytes
   * @return the mapping
   * @throws MalformedMetadataException naming the member that breaks the TAP 4 form or a rule
   * @throws TooLargeException when the input exceeds {@link #DEFAULT_LIMITS}
   */
  public static RepositoryMapping parse(byte[] json)
      throws MalformedMetadataException, TooLargeException {
    return parse(json, DEFAULT_LIMITS);
  }

  /**
   * Parses a {@code map.json}.
   *
   * @param json the file's bytes
   * @param limits the parsing bounds
   * @return the mapping
   * @throws MalformedMetadataException naming the member that breaks the TAP 4 form or a rule
   * @throws TooLargeException when the input exceeds {@code limits}
   */
  public static RepositoryMapping parse(byte[] json, JsonLimits limits)
      throws MalformedMetadataException, TooLargeException {
    JsonFields f = JsonFields.of(CanonicalJson.parse(json, limits), "");
    JsonObject reposJson = f.rawObject("repositories");
    JsonFields.requireAtMost("repositories", reposJson.members().size(), MAX_REPOSITORIES,
        "repositories");
    Map<String, List<String>> repos = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : reposJson.members().entrySet()) {
      String p = "repositories[\"" + e.getKey() + "\"]";
      if (!(e.getValue() instanceof JsonArray urls)) {
        throw JsonFields.schema(p, "an array of URLs");
      }
      JsonFields.requireAtMost(p, urls.elements().size(), MAX_MIRRORS, "URLs");
      List<String> list = new ArrayList<>();
      for (int i = 0; i < urls.elements().size(); i++) {
        list.add(JsonFields.asString(urls.elements().get(i), p + "[" + i + "]"));
      }
      repos.put(e.getKey(), list);
    }
    List<JsonValue> mapJson = f.array("mapping", MAX_MAPPINGS);
    List<Mapping> maps = new ArrayList<>();
    for (int i = 0; i < mapJson.size(); i++) {
      JsonFields m = JsonFields.of(mapJson.get(i), "mapping[" + i + "]");
      List<String> paths = m.stringList("paths", MAX_PATHS);
      List<String> names = m.stringList("repositories", MAX_REPOSITORIES);
      long threshold = m.integer("threshold");
      boolean terminating = m.bool("terminating");
      if (threshold < 1 || threshold > names.size()) {
        throw JsonFields.invalid(m.child("threshold"), "must be between 1 and the number of "
            + "repositories (" + names.size() + "), got " + threshold);
      }
      maps.add(build(m.path(), () -> new Mapping(paths, names, (int) threshold, terminating,
          m.unrecognized())));
    }
    return build("", () -> new RepositoryMapping(repos, maps, f.unrecognized()));
  }

  /** A mapping's {@code paths}: at least one, at most {@link #MAX_PATHS}, none empty. */
  private static void checkPaths(List<String> paths) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("paths must list at least one pattern");
    }
    if (paths.size() > MAX_PATHS) {
      throw new IllegalArgumentException("paths lists " + paths.size()
          + " patterns, more than the limit of " + MAX_PATHS);
    }
    for (String p : paths) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("a path pattern must not be empty");
      }
    }
  }

  /**
   * A mapping's {@code repositories}: at least one, none twice, and at least {@code threshold} of
   * them, which is at least 1.
   */
  private static void checkRepositories(List<String> repositories, int threshold) {
    if (repositories.isEmpty()) {
      throw new IllegalArgumentException("repositories must name at least one repository");
    }
    if (new HashSet<>(repositories).size() != repositories.size()) {
      throw new IllegalArgumentException("repositories names a repository more than once: "
          + repositories);
    }
    if (threshold < 1 || threshold > repositories.size()) {
      throw new IllegalArgumentException("threshold must be between 1 and the number of "
          + "repositories (" + repositories.size() + "), got " + threshold);
    }
  }

  private static <T> T build(String path, java.util.function.Supplier<T> constructor)
      throws MalformedMetadataException {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw JsonFields.invalid(path, e.getMessage());
    }
  }

  /**
   * Repository name to mirror URLs, in definition order.
   *
   * @return the repositories
   */
  public Map<String, List<String>> repositories() {
    return repositories;
  }

  /**
   * The mappings, in priority order.
   *
   * @return the mappings
   */
  public List<Mapping> mappings() {
    return mappings;
  }

  /**
   * Top-level members other than {@code repositories} and {@code mapping}, preserved.
   *
   * @return the unknown members by name
   */
  public Map<String, JsonValue> unrecognizedFields() {
    return unrecognizedFields;
  }

  /**
   * The mappings to consult for {@code targetPath}, in order (TAP 4 "Searching for Files on
   * Multiple Repositories"): every mapping that covers the path, up to and including the first
   * terminating one. A client tries them in this order until one yields a threshold of agreeing
   * repositories. Empty when no mapping covers the path: no repository is trusted for it.
   *
   * @param targetPath a target path
   * @return the mappings, possibly empty
   */
  public List<Mapping> mappingsFor(String targetPath) {
    List<Mapping> out = new ArrayList<>();
    for (Mapping m : mappings) {
      if (m.covers(targetPath)) {
        out.add(m);
        if (m.terminating()) {
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The first mapping to consult for {@code targetPath}, if any covers it.
   *
   * @param targetPath a target path
   * @return the first mapping that covers it, or empty
   */
  public Optional<Mapping> mappingFor(String targetPath) {
    for (Mapping m : mappings) {
      if (m.covers(targetPath)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code map.json} object (TAP 4), unrecognized members included.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    Map<String, JsonValue> repos = new LinkedHashMap<>();
    repositories.forEach((name, urls) -> repos.put(name, JsonValue.ofStrings(urls)));
    List<JsonValue> maps = new ArrayList<>();
    mappings.forEach(m -> maps.add(m.toJson()));
    return new JsonWriter(unrecognizedFields).put("repositories", new JsonObject(repos))
        .put("mapping", new JsonArray(maps)).build();
  }

  /**
   * {@link #toJson()} in canonical JSON: the bytes of a {@code map.json} file.
   *
   * @return the bytes
   */
  public byte[] toCanonicalJson() {
    return CanonicalJson.encode(toJson());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RepositoryMapping other && repositories.equals(other.repositories)
        && mappings.equals(other.mappings) && unrecognizedFields.equals(other.unrecognizedFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repositories, mappings, unrecognizedFields);
  }

  @Override
  public String toString() {
    return "RepositoryMapping[repositories=" + repositories.keySet() + ", " + mappings.size()
        + " mapping(s)]";
  }

  private static void requireRepositoryName(String name) {
    Objects.requireNonNull(name, "repository name");
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > 255) {
      throw new IllegalArgumentException("repository name \"" + name
          + "\" is not usable as a directory name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("repository name \"" + name.replaceAll("\\p{Cntrl}",
            "?") + "\" contains a path separator or control character");
      }
    }
  }

  private static void requireAbsoluteUrl(String repo, String url) {
    Objects.requireNonNull(url, "url");
    try {
      URI uri = new URI(url);
      if (!uri.isAbsolute() || uri.getHost() == null && !"file".equals(uri.getScheme())) {
        throw new IllegalArgumentException("repository \"" + repo + "\": \"" + url
            + "\" is not an absolute URL");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("repository \"" + repo + "\": \"" + url
          + "\" is not a valid URL: " + e.getReason());
    }
  }
}
