package org.tuf4j.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.Fetchers;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.metadata.MetadataEncoding;

/** What the client commands share: a repository given as a directory or a URL. */
final class ClientSupport {
  private ClientSupport() {}

  /** The repository root URI: a directory becomes a {@code file:} URI, a URL stays a URL. */
  static URI base(String repository) {
    if (repository.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return URI.create(repository.endsWith("/") ? repository : repository + "/");
    }
    Path dir = Path.of(repository).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("metadata"))) {
      throw new CliException(ExitCode.IO_ERROR, repository + " is not a repository directory "
          + "(no metadata/) nor a URL", "give a directory made by `tuf init` or an http(s) URL");
    }
    return dir.toUri();
  }

  static Updater updater(String repository, Path root, Path state, Path targetDir, Instant time)
      throws IOException {
    return updater(repository, root, state, targetDir, time, Fetchers.standard());
  }

  static Updater updater(String repository, Path root, Path state, Path targetDir, Instant time,
      Fetcher fetcher) throws IOException {
    if (!Files.isRegularFile(root)) {
      throw new CliException(ExitCode.IO_ERROR, "no trusted root file " + root,
          "give the root.json you trust with --root");
    }
    URI base = base(repository);
    Updater.Builder b = Updater.builder()
        .metadataDir(state)
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .trustedRoot(Files.readAllBytes(root))
        .encoding(encodingOf(root))
        .fetcher(fetcher)
        .config(UpdaterConfig.builder().clock(Repo.clock(time)).build());
    if (targetDir != null) {
      b.targetDir(targetDir);
    }
    return b.build();
  }

  /** A repository is read in the encoding of the trusted root file given: {@code .cbor}. */
  static MetadataEncoding encodingOf(Path root) {
    return root.getFileName().toString().endsWith(MetadataEncoding.CBOR.extension())
        ? MetadataEncoding.CBOR : MetadataEncoding.JSON;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
