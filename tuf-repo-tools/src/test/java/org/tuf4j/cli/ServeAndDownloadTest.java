package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.HashMismatchException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.loopback.LoopbackServer;

/** {@code tuf serve} and {@code tuf download}, and the library's download to a path or stream. */
@Timeout(120)
class ServeAndDownloadTest {
  @TempDir Path tmp;
  private Path repo;
  private String root;

  @BeforeEach
  void repository() throws Exception {
    repo = Repos.init(tmp.resolve("repo"));
    root = repo.resolve("metadata/1.root.json").toString();
    Path build = tmp.resolve("build");
    Files.createDirectories(build.resolve("a"));
    Files.createDirectories(build.resolve("b"));
    Files.writeString(build.resolve("a/app.bin"), "application A");
    Files.writeString(build.resolve("b/app.bin"), "application B");
    CliRun add = tuf(Repos.online(repo, "target", "add", repo.toString(), build.toString(),
        "--prefix", "fw/"));
    assertEquals(0, add.exit(), add.toString());
  }

  private static int status(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void serveRefusesASymbolicLinkInAnyComponentAndLogsEachRequest() throws Exception {
    Files.createDirectories(repo.resolve("staged"));
    Files.writeString(repo.resolve("staged/release.json"), "{\"secret\": true}");
    Files.createSymbolicLink(repo.resolve("targets/dirlink"), Path.of("../staged"));
    Files.createSymbolicLink(repo.resolve("targets/filelink"), Path.of("../staged/release.json"));
    StringWriter log = new StringWriter();
    try (LoopbackServer server = ServeCommand.start(repo,
        InetAddress.getLoopbackAddress(), 0, new PrintWriter(log))) {
      HttpClient http = HttpClient.newHttpClient();
      assertEquals(404, status(http, server.baseUri().resolve("targets/dirlink/release.json")));
      assertEquals(404, status(http, server.baseUri().resolve("targets/filelink")));
      assertEquals(200, status(http, server.baseUri().resolve("metadata/timestamp.json")));
    }
    // One line per request, written once the response is sent (so not always in order).
    List<String> lines = log.toString().lines().toList();
    assertEquals(3, lines.size(), log.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains(" GET /targets/dirlink/release.json 404 0")),
        log.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains(" GET /targets/filelink 404 0")),
        log.toString());
    assertTrue(lines.stream().anyMatch(l -> l.matches(
        ".* 127\\.0\\.0\\.1 GET /metadata/timestamp\\.json 200 \\d+")), log.toString());
  }

  @Test
  void downloadOutNamesTheFile() throws Exception {
    Path file = tmp.resolve("dl/app-a.bin");
    CliRun dl = tuf("download", repo.toString(), "fw/a/app.bin", "--root", root, "--out",
        file.toString());
    assertEquals(0, dl.exit(), dl.toString());
    assertEquals("application A", Files.readString(file));
    assertTrue(dl.out().contains("-> " + file), dl.out());
  }

  /** Found by the start-up training run: no TARGET was a NullPointerException (exit 7). */
  @Test
  void downloadWithoutTargetsRefreshesIntoTheStateDirectory() throws Exception {
    Path state = tmp.resolve("state");
    CliRun dl = tuf("download", repo.toString(), "--root", root, "--state-dir",
        state.toString());
    assertEquals(0, dl.exit(), dl.toString());
    assertTrue(dl.out().startsWith("refreshed: timestamp v"), dl.out());
    assertTrue(Files.isRegularFile(state.resolve("metadata/timestamp.json")), dl.toString());
  }

  @Test
  void targetsWithTheSameBaseNameNeverOverwriteEachOther() throws Exception {
    Path dir = tmp.resolve("dl");
    CliRun a = tuf("download", repo.toString(), "fw/a/app.bin", "--root", root, "--out",
        dir + "/");
    assertEquals(0, a.exit(), a.toString());
    CliRun b = tuf("download", repo.toString(), "fw/b/app.bin", "--root", root, "--out",
        dir + "/");
    assertEquals(ExitCode.IO_ERROR, b.exit(), b.toString());
    assertTrue(b.err().contains("exists; not replacing it with fw/b/app.bin"), b.err());
    assertEquals("application A", Files.readString(dir.resolve("app.bin")));

    CliRun both = tuf("download", repo.toString(), "fw/a/app.bin", "fw/b/app.bin", "--root",
        root, "--out", tmp.resolve("both").toString());
    assertEquals(ExitCode.USAGE, both.exit(), both.toString());
    assertTrue(both.err().contains("fw/a/app.bin and fw/b/app.bin would both be written to"),
        both.err());
    assertFalse(Files.exists(tmp.resolve("both")));

    CliRun forced = tuf("download", repo.toString(), "fw/b/app.bin", "--root", root, "--out",
        dir + "/", "--force");
    assertEquals(0, forced.exit(), forced.toString());
    assertEquals("application B", Files.readString(dir.resolve("app.bin")));
  }

  private Updater client() throws Exception {
    return Updater.builder().metadataDir(tmp.resolve("client"))
        .metadataBaseUrl(repo.resolve("metadata").toUri())
        .targetBaseUrl(repo.resolve("targets").toUri())
        .trustedRoot(Files.readAllBytes(Path.of(root))).fetcher(FileFetcher.create()).build();
  }

  @Test
  void theLibraryDownloadsToAPathOrAStreamOnlyOnceVerified() throws Exception {
    Updater updater = client();
    TargetInfo info = updater.getTargetInfo("fw/a/app.bin").orElseThrow();
    List<long[]> progress = new ArrayList<>();
    Path to = tmp.resolve("out/a.bin");
    assertEquals(to, updater.download(info, to, (n, of) -> progress.add(new long[] {n, of})));
    assertEquals("application A", Files.readString(to));
    assertArrayEquals(new long[] {13, 13}, progress.get(progress.size() - 1));
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    updater.download(info, stream);
    assertEquals("application A", stream.toString());

    try (Stream<Path> files = Files.walk(repo.resolve("targets"))) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Files.writeString(p, "malware here!");
      }
    }
    Files.writeString(to, "the old copy");
    assertThrows(HashMismatchException.class, () -> updater.download(info, to));
    assertEquals("the old copy", Files.readString(to), "left as it was");
    try (Stream<Path> left = Files.list(to.getParent())) {
      assertEquals(1, left.count(), "no temporary file left behind");
    }
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    assertThrows(HashMismatchException.class, () -> updater.download(info, refused));
    assertEquals(0, refused.size(), "no unverified byte handed over");
  }
}
