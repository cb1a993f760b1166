package org.tuf4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a directory holds, for tests that check exactly which files a client stored. */
public final class Directories {
  private Directories() {}

  /**
   * File name to content of every entry directly in {@code dir}, sorted by name, except the
   * lock file {@code .tuf4j-lock} a client keeps beside its metadata (empty when not held).
   */
  public static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().equals(".tuf4j-lock")) {
          continue;
        }
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
