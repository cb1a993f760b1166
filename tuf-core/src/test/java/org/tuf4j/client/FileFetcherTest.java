package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.TooLargeException;

/** {@link FileFetcher}: local repositories, size bound and path traversal (TUF spec §5). */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class FileFetcherTest {
  private static final byte[] BODY = "{\"signed\":{}}\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private final FileFetcher fetcher = FileFetcher.create();

  private Path write(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  @Test
  void readsTheFile() throws Exception {
    Path file = write("1.root.json", BODY);
    try (InputStream in = fetcher.fetch(file.toUri(), BODY.length)) {
      assertArrayEquals(BODY, in.readAllBytes());
    }
  }

  @Test
  void missingFileIsNotFound_spec5_3_3() throws Exception {
    URI uri = dir.resolve("2.root.json").toUri();
    NotFoundException e = assertThrows(NotFoundException.class, () -> fetcher.fetch(uri, 100));
    assertEquals(uri, e.uri());
    // A missing parent directory is also simply not found.
    assertThrows(NotFoundException.class,
        () -> fetcher.fetch(dir.resolve("no/such/file").toUri(), 100));
  }

  @Test
  void fileLargerThanTheLimitIsRefused_endlessDataAttack() throws Exception {
    Path file = write("big.json", new byte[1001]);
    TooLargeException e = assertThrows(TooLargeException.class,
        () -> fetcher.fetch(file.toUri(), 1000));
    assertEquals(1000, e.limit());
    assertEquals(file.toUri().toString(), e.what());
    try (InputStream in = fetcher.fetch(file.toUri(), 1001)) {
      assertEquals(1001, in.readAllBytes().length);
    }
  }

  @Test
  void dotSegmentsAreRefused_pathTraversal() throws Exception {
    Path secret = write("secret", BODY);
    Files.createDirectories(dir.resolve("repo/targets"));
    String base = dir.resolve("repo/targets").toUri().toString();
    for (String uri : new String[] {
        "file:///tmp/x/../etc/passwd",
        base + "../../secret",
        base + "%2e%2e/%2e%2e/secret",
        base + "%2E%2E/%2E%2E/secret",
        base + ".%2e/.%2E/secret",
        base + "%2e./%2e./secret",
        base + "./../../secret",
        base + "%2e/x",
        base + "..%2f..%2fsecret",
        base + "..%5c..%5csecret"}) {
      FetchException e = assertThrows(FetchException.class,
          () -> fetcher.fetch(URI.create(uri), 100), uri);
      assertFalse(e instanceof NotFoundException, uri);
    }
    // The file those URIs aim at is readable by a well-formed URI.
    try (InputStream in = fetcher.fetch(secret.toUri(), 100)) {
      assertArrayEquals(BODY, in.readAllBytes());
    }
  }

  @Test
  void namesThatOnlyContainDotsAreAllowed() throws Exception {
    Path file = write("..metadata/1.root.json.", BODY);
    try (InputStream in = fetcher.fetch(file.toUri(), 100)) {
      assertArrayEquals(BODY, in.readAllBytes());
    }
  }

  @Test
  void directoryIsRefused() {
    FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(dir.toUri(), 100));
    assertFalse(e instanceof NotFoundException);
    assertTrue(e.getMessage().contains("directory"), e.getMessage());
  }

  @Test
  void nonFileUrisAreRefused() {
    for (String uri : new String[] {
        "http://example.com/1.root.json", "ftp://example.com/x", "file:relative/path",
        "file://remote-host/share/x", "/no/scheme"}) {
      FetchException e = assertThrows(FetchException.class,
          () -> fetcher.fetch(URI.create(uri), 100), uri);
      assertFalse(e instanceof NotFoundException, uri);
    }
    assertThrows(IllegalArgumentException.class,
        () -> fetcher.fetch(dir.resolve("x").toUri(), -1));
  }
}
