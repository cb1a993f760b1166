package org.tuf4j.metadata;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;

/**
 * A TARGETS entry: a target file's path, length, one or more hashes and optional {@code custom}
 * data (TUF spec §4.5). The path is not empty and has no {@code .} or {@code ..} segment, and
 * each digest is lower-case hex ({@link Hashes}): both become parts of URLs and file names, so an
 * entry breaking either rule is malformed, refused when it is read and before it can be used.
 *
 * @param path the TARGETPATH, relative to the repository's targets base URL
 * @param custom the application's opaque {@code custom} value, when present
 */
public record TargetFile(String path, long length, Map<String, String> hashes,
    Optional<JsonValue> custom, Map<String, JsonValue> unrecognizedFields) {
  private static final Set<String> KNOWN = Set.of("length", "hashes", "custom");

  /**
   * Checks the members: a path, a non-negative length and at least one hash.
   *
   * @param path the TARGETPATH, relative to the repository's targets base URL
   * @param length the target's length in bytes
   * @param hashes algorithm name to lower-case hex digest, at least one
   * @param custom the application's opaque {@code custom} value, when present
   * @param unrecognizedFields other members, preserved
   * @throws IllegalArgumentException when the path is empty or has a {@code .} or {@code ..}
   *     segment, the length is negative, no hash is listed or a digest is not lower-case hex
   */
  public TargetFile {
    Objects.requireNonNull(path, "path");
    requireNoDotSegments(path);
    Hashes.requireValidLength(length);
    hashes = Hashes.copyOf(hashes, true);
    Objects.requireNonNull(custom, "custom");
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  private static void requireNoDotSegments(String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a target path must not be empty");
    }
    if (!isPlainPath(path)) {
      String shown = path.length() > 80 ? path.substring(0, 80) + "..." : path;
      throw new IllegalArgumentException("target path \"" + shown + "\" has a . or .. segment");
    }
  }

  /** Not empty, and no {@code .} or {@code ..} segment between {@code /} separators. */
  static boolean isPlainPath(String path) {
    if (path.isEmpty()) {
      return false;
    }
    int start = 0;
    while (start <= path.length()) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      int n = end - start;
      if (n == 1 && path.charAt(start) == '.'
          || n == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
        return false;
      }
      if (slash < 0) {
        return true;
      }
      start = slash + 1;
    }
    return true;
  }

  /**
   * The TARGETS entry as written in targets metadata (TUF spec §4.5), without its path, which is
   * the entry's name.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    JsonWriter w = new JsonWriter(unrecognizedFields).put("length", length)
        .put("hashes", Hashes.toJson(hashes));
    custom.ifPresent(c -> w.put("custom", c));
    return w.build();
  }

  static TargetFile fromJson(String path, JsonValue value, String jsonPath)
      throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, jsonPath);
    long length = f.integer("length");
    Map<String, String> hashes = Hashes.fromJson(f, "hashes");
    Optional<JsonValue> custom = f.optionalValue("custom");
    return f.build(() -> new TargetFile(path, length, hashes, custom, f.unrecognized()));
  }
}
