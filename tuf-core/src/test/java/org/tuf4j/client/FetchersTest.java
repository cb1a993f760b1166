package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.FetchException;

/** {@link Fetchers}: choosing the fetcher by URI scheme (TUF spec §5, "download"). */
class FetchersTest {
  private final List<String> calls = new ArrayList<>();

  private Fetcher recording(String name) {
    return (uri, maxLength) -> {
      calls.add(name + " " + uri + " " + maxLength);
      return new ByteArrayInputStream(new byte[0]);
    };
  }

  @Test
  void routesBySchemeIgnoringCase() throws Exception {
    Fetcher fetcher = Fetchers.byScheme(recording("http"), recording("file"));
    fetcher.fetch(URI.create("http://example.com/a"), 1);
    fetcher.fetch(URI.create("HTTPS://example.com/b"), 2);
    fetcher.fetch(URI.create("file:///c"), 3);
    assertEquals(List.of("http http://example.com/a 1", "http HTTPS://example.com/b 2",
        "file file:///c 3"), calls);
  }

  @Test
  void unknownOrMissingSchemeIsRefused() {
    Fetcher fetcher = Fetchers.byScheme(recording("http"), recording("file"));
    FetchException e = assertThrows(FetchException.class,
        () -> fetcher.fetch(URI.create("ftp://example.com/x"), 1));
    assertTrue(e.getMessage().contains("ftp"), e.getMessage());
    assertThrows(FetchException.class, () -> fetcher.fetch(URI.create("relative/x"), 1));
    assertEquals(List.of(), calls);
  }

  @Test
  void standardReadsFileUris(@TempDir Path dir) throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("timestamp.json"), body);
    try (InputStream in = Fetchers.standard().fetch(file.toUri(), 10)) {
      assertArrayEquals(body, in.readAllBytes());
    }
    assertThrows(FetchException.class,
        () -> Fetchers.standard().fetch(URI.create("gopher://example.com/x"), 10));
  }
}
