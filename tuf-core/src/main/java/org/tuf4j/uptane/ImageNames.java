package org.tuf4j.uptane;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.metadata.DelegatedRole;

/**
 * The file names valid for one ECU (Uptane Standard #verify_image step 4, "a comparison against
 * a wildcard path"): TUF path patterns (§4.5 PATHPATTERN, {@code *} and {@code ?} never match
 * {@code /}), matched exactly as a delegation's {@code paths} are.
 */
final class ImageNames {
  /** The patterns as a delegation's paths, so they match as TUF §5.6.7.2 says. */
  private final DelegatedRole role;

  private ImageNames(List<String> patterns) {
    this.role = new DelegatedRole("image-names", List.of(), 1, Optional.empty(),
        Optional.of(patterns), Optional.empty(), Map.of());
  }

  /**
   * The patterns, checked.
   *
   * @throws IllegalArgumentException when the list or a pattern is empty
   */
  static ImageNames of(List<String> patterns) {
    List<String> copy = List.copyOf(patterns);
    if (copy.isEmpty() || copy.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("image path patterns must be non-empty");
    }
    return new ImageNames(copy);
  }

  /** Refuses {@code path} for ECU {@code ecuSerial} unless a pattern matches it. */
  void check(String ecuSerial, String path) throws InvalidImageNameException {
    if (!role.isDelegatedPath(path)) {
      throw new InvalidImageNameException(ecuSerial, path, role.paths().orElseThrow());
    }
  }
}
