package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.loopback.LoopbackServer;

/**
 * The tuf-conformance client-under-test protocol (CLIENT-CLI.md) run in-process against
 * python-tuf-basic on loopback HTTP: commands, exit codes, what lands in the metadata and target
 * directories, and what is (not) fetched again.
 */
@Timeout(60)
class ConformanceClientTest {
  private static final String TIME = "2030-01-01T00:00:00Z";

  @TempDir Path tmp;
  private LoopbackServer server;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    server = LoopbackServer.serveDirectory(Fixtures.path("python-tuf-basic"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(String... args) {
    stderr.reset();
    return new ConformanceClient(new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(args);
  }

  private String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  private Path metadata() {
    return tmp.resolve("metadata");
  }

  private int init() {
    return run("--metadata-dir", metadata().toString(), "init",
        Fixtures.path("python-tuf-basic/initial_root.json").toString());
  }

  private List<String> download(String... targets) {
    List<String> args = new ArrayList<>(List.of("--time", TIME, "--metadata-dir",
        metadata().toString(), "--metadata-url", server.baseUri() + "metadata",
        "--target-base-url", server.baseUri() + "targets", "--target-dir",
        tmp.resolve("targets").toString()));
    for (String t : targets) {
      args.add("--target-name");
      args.add(t);
    }
    args.add("download");
    return args;
  }

  /** The names in {@code dir}, without the lock file a client keeps beside its metadata. */
  private Set<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(".tuf4j-lock")).collect(Collectors.toSet());
    }
  }

  @Test
  void initCopiesTheTrustedRootWithoutNetwork() throws Exception {
    assertEquals(0, init(), stderr());
    assertArrayEquals(Fixtures.read("python-tuf-basic/initial_root.json"),
        Files.readAllBytes(metadata().resolve("root.json")));
    assertTrue(server.requests().isEmpty());
  }

  @Test
  void refreshStoresTopLevelMetadataUnderNonVersionedNames() throws Exception {
    init();
    assertEquals(0, run("--time", TIME, "--metadata-dir", metadata().toString(),
        "--metadata-url", server.baseUri() + "metadata", "refresh"), stderr());
    // Beside the metadata, the client's clock floor (issue 18 §2).
    assertEquals(Set.of("root.json", "timestamp.json", "snapshot.json", "targets.json",
        "client-state"), names(metadata()));
    assertArrayEquals(Fixtures.read("python-tuf-basic/metadata/2.root.json"),
        Files.readAllBytes(metadata().resolve("root.json")));
  }

  /** The reference client's {@code quote(path, safe="")}: one distinct name per target path. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "readme.txt|readme.txt",
      "a/deep/App-1.1.bin|a%2Fdeep%2FApp-1.1.bin",
      "a%2Fb|a%252Fb",
      "/abs|%2Fabs",
      "\u00e9 x~|%C3%A9%20x~",
  })
  void targetFileNameIsThePathQuotedAsOneName(String path, String fileName) {
    assertEquals(fileName, ConformanceClient.fileName(path));
  }

  @Test
  void downloadStoresEachTargetOnceAndDoesNotFetchItAgain() throws Exception {
    init();
    assertEquals(0, run(download("readme.txt", "a/deep/app-1.1.bin").toArray(String[]::new)),
        stderr());
    assertEquals(Set.of("readme.txt", "a%2Fdeep%2Fapp-1.1.bin"), names(tmp.resolve("targets")));
    server.clearRequests();
    assertEquals(0, run(download("readme.txt", "a/deep/app-1.1.bin").toArray(String[]::new)),
        stderr());
    assertFalse(server.requests().stream().anyMatch(r -> r.startsWith("targets/")),
        server.requests().toString());
    assertTrue(stderr().contains("already present"), stderr());
  }

  @Test
  void downloadStopsAtTheFirstMissingTargetWithExitOne() throws Exception {
    init();
    assertEquals(1, run(download("nope/missing.bin", "readme.txt").toArray(String[]::new)));
    assertTrue(stderr().contains("nope/missing.bin"), stderr());
    assertFalse(Files.exists(tmp.resolve("targets").resolve("readme.txt")));
  }

  @Test
  void refreshAgainstAFailingServerExitsOneWithAReason() throws Exception {
    init();
    server.override("metadata/timestamp.json", new LoopbackServer.Behaviour.Status(500));
    assertEquals(1, run("--time", TIME, "--metadata-dir", metadata().toString(),
        "--metadata-url", server.baseUri() + "metadata", "refresh"));
    assertTrue(stderr().startsWith("refresh failed: FetchException"), stderr());
    assertFalse(stderr().contains("\tat "), "no stack trace unless TUF4J_DEBUG is set");
  }

  @Test
  void refreshAfterExpiryIsRefused_indefiniteFreeze() throws Exception {
    init();
    assertEquals(1, run("--time", "2037-01-01T00:00:00Z", "--metadata-dir",
        metadata().toString(), "--metadata-url", server.baseUri() + "metadata", "refresh"));
    assertTrue(stderr().contains("ExpiredMetadataException"), stderr());
  }

  @Test
  void initWithAMissingRootFileExitsOne() {
    assertEquals(1, run("--metadata-dir", metadata().toString(), "init",
        tmp.resolve("absent.json").toString()));
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, run());
    assertEquals(2, run("--metadata-dir", "x", "launch"));
    assertEquals(2, run("--metadata-dir", "x", "--bogus", "1", "refresh"));
    assertEquals(2, run("--metadata-dir", "x", "refresh"));
    assertEquals(2, run("--metadata-dir", "x", "--metadata-url", "http://127.0.0.1/",
        "--target-name", "a", "download"));
    assertEquals(2, run("--time", "yesterday", "--metadata-dir", "x", "init", "r.json"));
    assertTrue(stderr().contains("usage:"), stderr());
  }
}
