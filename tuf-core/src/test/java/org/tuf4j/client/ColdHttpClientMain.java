package org.tuf4j.client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A client in its own JVM, for {@link HttpFetcherStartupTest}: a first refresh over HTTP with
 * {@link Updater}'s default fetcher, and the download of one target; prints the target's length.
 *
 * <p>Arguments: metadata directory, target directory, repository base URL (with {@code
 * metadata/} and {@code targets/} under it), trusted root file, target path.
 */
public final class ColdHttpClientMain {
  private ColdHttpClientMain() {}

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[2]);
    Updater updater = Updater.builder()
        .metadataDir(Path.of(args[0]))
        .targetDir(Path.of(args[1]))
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .trustedRoot(Files.readAllBytes(Path.of(args[3])))
        .build();
    updater.refresh();
    Path target = updater.download(updater.getTargetInfo(args[4]).orElseThrow());
    System.out.println(Files.size(target));
  }
}
