package org.tuf4j.repository;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.metadata.MetadataEncoding;

/** tuf4j's client over a repository the writer published, in one of its encodings. */
final class RepositoryClients {
  private RepositoryClients() {}

  /**
   * A client keeping its state under {@code state}, reading the repository served at {@code
   * base} ({@code metadata/}, {@code targets/}) and trusting its {@code 1.root} file, read from
   * {@code repository}, in {@code encoding}.
   */
  static Updater client(Path state, Path repository, URI base, MetadataEncoding encoding,
      Clock clock, Fetcher fetcher) throws IOException {
    return Updater.builder()
        .metadataDir(state.resolve("metadata"))
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .targetDir(state.resolve("targets"))
        .trustedRoot(Files.readAllBytes(repository.resolve("metadata/"
            + encoding.fileName("1.root"))))
        .encoding(encoding)
        .fetcher(fetcher)
        .config(UpdaterConfig.builder().clock(clock).build())
        .build();
  }
}
