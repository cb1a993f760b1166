package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Names become files on every file system users have: macOS (APFS/HFS+) and Windows (NTFS) fold
 * case and macOS normalises Unicode, as do the FAT/exFAT media devices update from. Each test
 * runs on the default file system and on Jimfs configured as macOS and as Windows.
 *
 * <p>The attacks: a delegated role named {@code Root}, {@code Timestamp} or {@code Snapshot} was
 * stored as {@code Root.json}, which there is {@code root.json}: an attacker who could name a
 * delegation overwrote the trusted root (the client fell back to the bootstrap root v1 and then
 * accepted a root v2 signed with a key revoked at v2) or a rollback floor (a replayed older
 * timestamp was accepted). Targets {@code A.bin} and {@code a.bin} shared one cached file.
 */
class CaseInsensitiveFileSystemTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final UpdaterConfig CONFIG =
      UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  @TempDir static Path tmp;
  private FileSystem jimfs;

  static Stream<Arguments> fileSystems() {
    return Stream.of(Arguments.of("default"), Arguments.of("macOS"), Arguments.of("Windows"));
  }

  private Path dir(String fileSystem, String name) throws IOException {
    Path base = switch (fileSystem) {
      case "default" -> tmp.resolve(name + "-" + System.nanoTime());
      case "macOS" -> (jimfs = Jimfs.newFileSystem(Configuration.osX())).getPath("/work");
      case "Windows" -> (jimfs = Jimfs.newFileSystem(Configuration.windows())).getPath("C:\\work");
      default -> throw new IllegalArgumentException(fileSystem);
    };
    return Files.createDirectories(base);
  }

  @AfterEach
  void close() throws IOException {
    if (jimfs != null) {
      jimfs.close();
    }
  }

  private static Updater updater(RepositorySimulator repo, Path base) throws IOException {
    return Updater.builder()
        .metadataDir(base.resolve("metadata"))
        .metadataBaseUrl(RepositorySimulator.uri("metadata/"))
        .targetBaseUrl(RepositorySimulator.uri("targets/"))
        .targetDir(base.resolve("targets"))
        .trustedRoot(repo.trustedRootBytes())
        .fetcher(repo.fetcher())
        .config(CONFIG)
        .build();
  }

  static Stream<Arguments> topLevelNamesOnEveryFileSystem() {
    return fileSystems().flatMap(fs -> Stream.of("Root", "Timestamp", "SNAPSHOT", "Targets",
        "\u017Fnapshot").map(name -> Arguments.of(fs.get()[0], name)));
  }

  /**
   * The top-level targets delegate to a role whose name is a top-level role's name ignoring
   * case, signed correctly by the targets key: the delegation is malformed metadata, nothing is
   * stored for it, and the trusted root and rollback floors are untouched.
   */
  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("topLevelNamesOnEveryFileSystem")
  void delegatedRoleNamedLikeATopLevelRoleIsMalformed_caseFoldingAttack(String fileSystem,
      String name) throws Exception {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW).build();
    repo.delegate("targets", "placeholder", List.of("*"), false);
    repo.publish();
    Path base = dir(fileSystem, "attack");
    Updater first = updater(repo, base);
    first.refresh();
    Map<String, byte[]> before = contents(base.resolve("metadata"));

    // The attacker (who controls the targets key, or names delegations) renames the role.
    Signed<Targets> targets = Signed.parse(repo.file("metadata/" + version(first) + ".targets.json"),
        Targets.class);
    String json = new String(CanonicalJson.encode(targets.signed().toJson()),
        StandardCharsets.UTF_8).replace("\"name\":\"placeholder\"", "\"name\":\"" + name + "\"");
    byte[] renamed = RepositorySimulator.signJson((JsonObject) CanonicalJson.parse(
        json.getBytes(StandardCharsets.UTF_8)), repo.signers("targets"));
    repo.putFile("metadata/" + version(first) + ".targets.json", renamed);
    Files.delete(base.resolve("metadata").resolve("targets.json"));

    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> updater(repo, base).refresh());
    assertTrue(e.getMessage().contains("top-level role name"), e.getMessage());
    Map<String, byte[]> after = contents(base.resolve("metadata"));
    for (String trusted : List.of("root.json", "timestamp.json", "snapshot.json")) {
      assertArrayEquals(before.get(trusted), after.get(trusted), trusted);
    }
  }

  /**
   * Even a delegated role named like a top-level role (were the metadata rule ever bypassed) is
   * stored in its own namespace: its file never replaces the trusted root or a rollback floor.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fileSystems")
  void delegatedRoleFilesNeverReplaceTopLevelFiles_caseFoldingAttack(String fileSystem)
      throws Exception {
    MetadataStore store = MetadataStore.open(dir(fileSystem, "store"));
    List<String> topLevel = List.of("root", "timestamp", "snapshot", "targets");
    for (String role : topLevel) {
      store.write(StoreNames.metadata(role, MetadataEncoding.JSON), role.getBytes(
          StandardCharsets.UTF_8));
    }
    for (String role : List.of("Root", "ROOT", "Timestamp", "Snapshot", "TARGETS",
        "\u017Fnapshot", "ro\u030Aot")) {
      store.write(StoreNames.metadata(role, MetadataEncoding.JSON), new byte[] {'x'});
    }
    for (String role : topLevel) {
      assertArrayEquals(role.getBytes(StandardCharsets.UTF_8),
          store.read(StoreNames.metadata(role, MetadataEncoding.JSON), 100).orElseThrow(), role);
    }
  }

  private static long version(Updater u) {
    return u.trustedSnapshot().orElseThrow().signed().metaFor("targets").orElseThrow().version();
  }

  /** Two legitimate roles whose names differ only in case keep separate files and trust. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fileSystems")
  void rolesDifferingOnlyInCaseKeepSeparateFiles_caseInsensitiveFileSystems(String fileSystem)
      throws Exception {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW).build();
    repo.delegate("targets", "Docs", List.of("upper/*"), false);
    repo.delegate("targets", "docs", List.of("lower/*"), false);
    repo.addTarget("Docs", "upper/a.txt", "upper".getBytes(StandardCharsets.UTF_8));
    repo.addTarget("docs", "lower/a.txt", "lower".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Path base = dir(fileSystem, "roles");
    Updater u = updater(repo, base);
    assertEquals("Docs", u.getTargetInfo("upper/a.txt").orElseThrow().signingRole());
    assertEquals("docs", u.getTargetInfo("lower/a.txt").orElseThrow().signingRole());
    // A second client run reuses both stored files: each verifies as its own role.
    repo.clearRequests();
    Updater again = updater(repo, base);
    again.getTargetInfo("upper/a.txt").orElseThrow();
    again.getTargetInfo("lower/a.txt").orElseThrow();
    assertEquals(List.of("metadata/2.root.json", "metadata/timestamp.json"), repo.requests());
  }

  /** Targets {@code A.bin} and {@code a.bin} are cached in two files, each with its content. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fileSystems")
  void targetsDifferingOnlyInCaseAreCachedApart_caseInsensitiveFileSystems(String fileSystem)
      throws Exception {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW).build();
    repo.addTarget("A.bin", "upper".getBytes(StandardCharsets.UTF_8));
    repo.addTarget("a.bin", "lower".getBytes(StandardCharsets.UTF_8));
    repo.addTarget("\u00e9.bin", "nfc".getBytes(StandardCharsets.UTF_8));
    repo.addTarget("e\u0301.bin", "nfd".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Path base = dir(fileSystem, "targets");
    Updater u = updater(repo, base);
    Path upper = u.download(u.getTargetInfo("A.bin").orElseThrow());
    Path lower = u.download(u.getTargetInfo("a.bin").orElseThrow());
    Path nfc = u.download(u.getTargetInfo("\u00e9.bin").orElseThrow());
    Path nfd = u.download(u.getTargetInfo("e\u0301.bin").orElseThrow());
    assertEquals("upper", Files.readString(upper));
    assertEquals("lower", Files.readString(lower));
    assertEquals("nfc", Files.readString(nfc));
    assertEquals("nfd", Files.readString(nfd));
    try (Stream<Path> files = Files.list(base.resolve("targets"))) {
      assertEquals(4, files.count());
    }
  }

  /**
   * The cache keeps the target's directories readable ({@code fw/app-1.bin}), and paths that
   * differ only in case or normalisation, in a directory name or a file name, stay apart.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fileSystems")
  void targetDirectoriesAreKeptReadableAndApart_caseInsensitiveFileSystems(String fileSystem)
      throws Exception {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW).build();
    Map<String, String> targets = Map.of("fw/app-1.bin", "app", "fw/App-1.bin", "App",
        "FW/app-1.bin", "FW", "fw/\u00e9/x.bin", "nfc", "fw/e\u0301/x.bin", "nfd");
    targets.forEach((path, content) -> repo.addTarget(path,
        content.getBytes(StandardCharsets.UTF_8)));
    repo.publish();
    Path base = dir(fileSystem, "tree");
    Updater u = updater(repo, base);
    for (Map.Entry<String, String> t : targets.entrySet()) {
      Path cached = u.download(u.getTargetInfo(t.getKey()).orElseThrow());
      assertEquals(t.getValue(), Files.readString(cached), t.getKey());
    }
    Path dir = base.resolve("targets");
    assertEquals("app", Files.readString(dir.resolve("fw").resolve("app-1.bin")));
    assertEquals("App", Files.readString(dir.resolve("fw").resolve("%41pp-1.bin")));
    assertEquals("FW", Files.readString(dir.resolve("%46%57").resolve("app-1.bin")));
    for (Map.Entry<String, String> t : targets.entrySet()) {
      assertEquals(t.getValue(), Files.readString(u.download(
          u.getTargetInfo(t.getKey()).orElseThrow())), "cached again: " + t.getKey());
    }
  }


  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
