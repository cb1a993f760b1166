package org.tuf4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locates ../shared/fixtures (interop data written by other implementations). */
public final class Fixtures {
  private Fixtures() {}

  public static Path root() {
    // Normalised: file: URIs with ".." segments are refused by the client, rightly.
    Path p = Paths.get(System.getProperty("tuf4j.fixtures", "../../shared/fixtures"))
        .toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("fixtures not found at " + p.toAbsolutePath()
          + "; set -Dtuf4j.fixtures");
    }
    return p;
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

  /** Every TUF metadata file (signed envelopes) under the fixtures, sorted. */
  public static List<Path> tufMetadataFiles() {
    try (Stream<Path> walk = Files.walk(root())) {
      return walk.filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().equals("expected.json"))
          .filter(p -> !p.toString().contains("uptane-device-manifests"))
          .filter(p -> !p.toString().contains("/keys/"))
          .filter(p -> !p.toString().contains("/targets/"))
          .sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
