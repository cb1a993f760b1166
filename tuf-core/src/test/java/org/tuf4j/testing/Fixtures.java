package org.tuf4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Locates the project's interop fixtures (the top-level {@code fixtures/} folder: data written by
 * other implementations, see its README). {@code -Dtuf4j.fixtures=DIR} points at another copy;
 * otherwise the folder is found by walking up from the working directory, so a test run from
 * any module of a fresh clone finds it.
 */
public final class Fixtures {
  /** The file that marks the fixtures folder. */
  private static final String MARKER = "README.md";

  private Fixtures() {}

  public static Path root() {
    String override = System.getProperty("tuf4j.fixtures");
    if (override != null && !override.isBlank()) {
      // Normalised: file: URIs with ".." segments are refused by the client, rightly.
      Path p = Path.of(override).toAbsolutePath().normalize();
      if (Files.isRegularFile(p.resolve(MARKER))) {
        return p;
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("fixtures");
      if (Files.isRegularFile(candidate.resolve(MARKER))
          && Files.isDirectory(candidate.resolve("python-tuf-basic"))) {
        return candidate.normalize();
      }
    }
    throw new IllegalStateException("the fixtures folder was not found"
        + (override == null ? "" : " at -Dtuf4j.fixtures=" + override)
        + " nor in " + Path.of("").toAbsolutePath() + " or any parent directory");
  }

  public static Path path(String relative) {
    return root().resolve(relative);
  }

  public static byte[] read(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every JSON file under the fixtures (metadata, keys, manifests, expectations), sorted. */
  public static List<Path> jsonFiles() {
    try (Stream<Path> walk = Files.walk(root())) {
      return walk.filter(p -> p.toString().endsWith(".json")).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every TUF metadata file (signed envelopes) under the fixtures, sorted. */
  public static List<Path> tufMetadataFiles() {
    return jsonFiles().stream()
        .filter(p -> !p.getFileName().toString().equals("expected.json"))
        .filter(p -> !p.toString().contains("uptane-device-manifests"))
        .filter(p -> !p.toString().contains("/keys/"))
        .filter(p -> !p.toString().contains("/targets/"))
        .collect(Collectors.toList());
  }
}
