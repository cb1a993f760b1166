package org.tuf4j.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tuf4j.TufException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.Fetchers;
import org.tuf4j.client.UpdateEventListener;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.internal.TempFiles;

/** What the client commands share: a repository given as a directory or a URL. */
final class ClientSupport {
  private ClientSupport() {}

  /** Whether {@code repository} names a directory rather than a URL. */
  static boolean isLocal(String repository) {
    return !repository.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")
        || repository.regionMatches(true, 0, "file:", 0, 5);
  }

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

  /**
   * An updater for {@code repository}; {@code events} (null for none) receives its security
   * events. A {@code temporary} state directory (one {@link #stateDirectory} made, deleted when
   * the command ends) is written without fsyncs: no later process trusts it.
   */
  static Updater updater(String repository, Path root, Path state, boolean temporary,
      Path targetDir, Instant time, UpdateEventListener events) throws IOException {
    URI base = base(repository);
    // A directory needs no HTTP client: starting one (TLS set-up included) is a large part of a
    // short command's time.
    Fetcher fetcher = "file".equalsIgnoreCase(base.getScheme()) ? FileFetcher.create()
        : Fetchers.standard();
    Updater.Builder b = builder(base, root, state, temporary, targetDir, time, fetcher);
    if (events != null) {
      b.eventListener(events);
    }
    return b.build();
  }

  private static Updater.Builder builder(URI base, Path root, Path state, boolean temporary,
      Path targetDir, Instant time, Fetcher fetcher) throws IOException {
    byte[] trusted = trustedRoot(root);
    Updater.Builder b = Updater.builder()
        .metadataDir(state)
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .trustedRoot(trusted)
        .encoding(encodingOf(root))
        .fetcher(fetcher)
        .config(UpdaterConfig.builder().clock(Repo.clock(time)).syncWrites(!temporary).build());
    if (targetDir != null) {
      b.targetDir(targetDir);
    }
    return b;
  }

  /**
   * The bytes of the trusted root file, checked to be a root (structure only: its signatures
   * are the client's to verify) so that a wrong file is reported by its name.
   */
  static byte[] trustedRoot(Path root) throws IOException {
    if (!Files.isRegularFile(root)) {
      throw new CliException(ExitCode.IO_ERROR, "no trusted root file " + root,
          "give the root.json you trust with --root");
    }
    byte[] bytes = Files.readAllBytes(root);
    try {
      Signed.parse(bytes, Root.class, ParseOptions.DEFAULT.withEncoding(encodingOf(root)));
    } catch (TufException e) {
      throw new CliException(ExitCode.USAGE, "--root " + root + " is not a TUF root metadata "
          + "file: " + (e.getMessage() == null || e.getMessage().startsWith(": ")
              ? String.valueOf(e.getMessage()).replaceFirst("^: ", "") : e.getMessage()),
          "give the root.json obtained out of band (for a repository made by `tuf init`: "
              + "DIR/metadata/1.root.json)", e);
    }
    return bytes;
  }

  /** A repository is read in the encoding of the trusted root file given: {@code .cbor}. */
  static MetadataEncoding encodingOf(Path root) {
    return root.getFileName().toString().endsWith(MetadataEncoding.CBOR.extension())
        ? MetadataEncoding.CBOR : MetadataEncoding.JSON;
  }

  /**
   * A new owner-only directory in the JVM's temporary directory for a client's state, made
   * without the first SecureRandom that {@code Files.createTempDirectory} would cost a short
   * command (see {@link TempFiles}).
   */
  static Path stateDirectory(String prefix) throws IOException {
    return TempFiles.createDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
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
