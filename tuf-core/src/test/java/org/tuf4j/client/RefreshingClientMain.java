package org.tuf4j.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A client in its own JVM, for {@link MetadataDirectoryLockTest}: refreshes a metadata directory
 * from a repository directory, and when it is about to fetch the timestamp (holding the
 * directory's lock) prints {@code holding} and waits for a line on its standard input; prints
 * {@code refreshed} once the refresh completed.
 *
 * <p>Arguments: metadata directory, repository directory (with {@code metadata/}), trusted root
 * file.
 */
public final class RefreshingClientMain {
  private RefreshingClientMain() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[1]);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    FileFetcher files = FileFetcher.create();
    Fetcher held = (uri, maxLength) -> {
      if (uri.getPath().endsWith("/timestamp.json")) {
        System.out.println("holding");
        System.out.flush();
        try {
          in.readLine();
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return files.fetch(uri, maxLength);
    };
    Updater.builder()
        .metadataDir(Path.of(args[0]))
        .metadataBaseUrl(repo.resolve("metadata").toUri())
        .trustedRoot(Files.readAllBytes(Path.of(args[2])))
        .fetcher(held)
        .build()
        .refresh();
    System.out.println("refreshed");
    System.out.flush();
  }
}
