package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tuf4j.cli.CliRun.tuf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;

/** Test helpers: repositories made through the command, argument lists, file snapshots. */
final class Repos {
  private Repos() {}

  /** {@code tuf init DIR --no-passphrase EXTRA...}, which must succeed. */
  static Path init(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("init", dir.toString(), "--no-passphrase"));
    args.addAll(List.of(extra));
    CliRun run = tuf(args.toArray(String[]::new));
    assertEquals(0, run.exit(), run.toString());
    return dir;
  }

  /** The keys directory {@code tuf init DIR} writes. */
  static Path keys(Path repo) {
    return repo.resolveSibling(repo.getFileName() + "-keys");
  }

  /** {@code args} followed by the online keys of {@code repo} and --no-passphrase. */
  static String[] online(Path repo, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String k : List.of("targets", "snapshot", "timestamp")) {
      all.add("-k");
      all.add(keys(repo).resolve(k + ".pem").toString());
    }
    all.add("--no-passphrase");
    return all.toArray(String[]::new);
  }

  static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  /** Every file under {@code dir} with its content, to compare before and after. */
  static String tree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return "(absent)";
    }
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.naturalOrder())::iterator) {
        sb.append(dir.relativize(p));
        if (Files.isRegularFile(p)) {
          sb.append(" ").append(java.util.HexFormat.of().formatHex(java.security.MessageDigest
              .getInstance("SHA-256").digest(Files.readAllBytes(p))));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  static JsonValue.JsonObject json(String text) throws Exception {
    return (JsonValue.JsonObject) CanonicalJson.parse(text.trim().getBytes(
        StandardCharsets.UTF_8));
  }

  /** A user-facing error: no exception class name, no stack trace, a "tuf: " line. */
  static boolean plainError(String err) {
    return err.startsWith("tuf: ") && !err.contains("Exception") && !err.contains("\tat ")
        && !err.contains("java.");
  }
}
