package org.tuf4j.uptane;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.internal.JsonFields;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;
import org.tuf4j.metadata.TargetFile;

/**
 * The image an ECU reports as installed: "the filename, length, and hashes of its currently
 * installed image (i.e., the non-custom Targets metadata for this particular image)" (Uptane
 * Standard #version_report). Written as {@code {"filepath": ..., "fileinfo": {"length": ...,
 * "hashes": {...}}}}, the form the deployed stacks use.
 *
 * @param fileInfo the file's path, length and hashes, as in a Targets entry
 * @param unrecognizedFields other members of {@code installed_image}, preserved
 */
public record InstalledImage(TargetFile fileInfo, Map<String, JsonValue> unrecognizedFields) {
  /** Most hash algorithms accepted for one image. */
  public static final int MAX_HASHES = 16;

  private static final Set<String> KNOWN = Set.of("filepath", "fileinfo");

  /**
   * Checks that the path is not empty and that at most {@link #MAX_HASHES} hashes are listed.
   *
   * @param fileInfo the file's path, length and hashes, as in a Targets entry
   * @param unrecognizedFields other members of {@code installed_image}, preserved
   * @throws IllegalArgumentException when a rule is broken
   */
  public InstalledImage {
    Objects.requireNonNull(fileInfo, "fileInfo");
    if (fileInfo.path().isEmpty()) {
      throw new IllegalArgumentException("filepath must not be empty");
    }
    if (fileInfo.hashes().size() > MAX_HASHES) {
      throw new IllegalArgumentException("more than " + MAX_HASHES + " hashes");
    }
    unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
  }

  /**
   * An installed image from its path, length and hashes (algorithm to hex digest).
   *
   * @param filepath the image's path
   * @param length its length in bytes
   * @param hashes its digests, algorithm to hex
   * @return the installed image
   */
  public static InstalledImage of(String filepath, long length, Map<String, String> hashes) {
    return new InstalledImage(new TargetFile(filepath, length, hashes, Optional.empty(),
        Map.of()), Map.of());
  }

  /**
   * The installed image a Targets entry describes: its non-custom metadata only.
   *
   * @param target the Targets entry
   * @return the installed image, without {@code custom}
   */
  public static InstalledImage of(TargetFile target) {
    return of(target.path(), target.length(), target.hashes());
  }

  /** {@return the image's path ({@code filepath})} */
  public String filepath() {
    return fileInfo.path();
  }

  /** {@return the image's length in bytes} */
  public long length() {
    return fileInfo.length();
  }

  private static boolean isHexDigits(String s) {
    return s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
        || c >= 'A' && c <= 'F');
  }

  /** {@return the image's digests, algorithm to lower-case hex} */
  public Map<String, String> hashes() {
    return fileInfo.hashes();
  }

  /**
   * The {@code installed_image} object: {@code filepath}, {@code fileinfo} and any unrecognized
   * members.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    return new JsonWriter(unrecognizedFields).put("filepath", fileInfo.path())
        .put("fileinfo", fileInfo.toJson()).build();
  }

  /**
   * Reads {@code installed_image}; under {@link UptaneProfile#AKTUALIZR} digests in upper-case
   * hex are read in lower case (aktualizr writes both cases and compares them ignoring case,
   * {@code uptane/manifest.cc}, {@code uptane/tuf.cc}).
   */
  static InstalledImage fromJson(JsonValue value, String path, UptaneProfile profile)
      throws MalformedMetadataException {
    JsonFields f = JsonFields.of(value, path);
    String filepath = f.identifier("filepath");
    JsonFields info = f.object("fileinfo");
    long length = info.nonNegative("length");
    JsonObject hashJson = info.rawObject("hashes");
    String hp = info.child("hashes");
    if (hashJson.members().isEmpty()) {
      throw JsonFields.invalid(hp, "must list at least one hash");
    }
    JsonFields.requireAtMost(hp, hashJson.members().size(), MAX_HASHES, "hashes");
    Map<String, String> hashes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : hashJson.members().entrySet()) {
      if (!(e.getValue() instanceof JsonString s)) {
        throw JsonFields.schema(hp + "[\"" + e.getKey() + "\"]", "a string");
      }
      hashes.put(e.getKey(), profile.acceptsDialect() && isHexDigits(s.value())
          ? s.value().toLowerCase(java.util.Locale.ROOT) : s.value());
    }
    Optional<JsonValue> custom = info.optionalValue("custom");
    Map<String, JsonValue> infoRest = info.unrecognized();
    Map<String, JsonValue> rest = f.unrecognized();
    try {
      return new InstalledImage(new TargetFile(filepath, length, hashes, custom, infoRest), rest);
    } catch (IllegalArgumentException e) {
      throw JsonFields.invalid(path, e.getMessage());
    }
  }
}
