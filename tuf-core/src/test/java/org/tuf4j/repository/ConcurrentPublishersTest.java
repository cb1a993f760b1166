package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.signer.PemKeys;

/**
 * One publisher at a time, and no version written twice (TUF spec §5.4.3.1 makes an equal
 * version "nothing new" for a client, so two different files under one name split clients'
 * views until the next release). Regression: two {@code tuf target add} runs at once both
 * printed "published: targets v2, snapshot v2, timestamp v2", only one target survived, and
 * files with the same version were written twice with different content.
 */
class ConcurrentPublishersTest {
  @TempDir Path tmp;

  /** Two JVMs publish in a loop; a client polls throughout. */
  @Test
  @Timeout(180)
  void twoProcessesPublishingNeverOverwriteEachOther_spec5_4_3_1() throws Exception {
    Path repo = tmp.resolve("repo");
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    List<Signer> signers = new ArrayList<>();
    for (RoleType t : RoleType.values()) {
      Signer s = PemKeys.generate("ed25519", keys.resolve(t + ".pem"), null);
      signers.add(s);
      roles.put(t, RoleKeys.of(PemKeys.publicKey(s)));
    }
    try (RepositoryEditor editor = RepositoryEditor.create(FileSystemStorage.open(repo),
        Clock.systemUTC(), roles, true)) {
      editor.stage(signers).publish();
    }
    byte[] trustedRoot = Files.readAllBytes(repo.resolve("metadata/1.root.json"));

    List<Process> publishers = new ArrayList<>();
    List<Path> reports = new ArrayList<>();
    for (String id : List.of("a", "b")) {
      Path report = tmp.resolve("published-" + id + ".txt");
      reports.add(report);
      publishers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"),
          PublisherMain.class.getName(), repo.toString(), keys.toString(), id, "6000",
          report.toString()).redirectErrorStream(true)
          .redirectOutput(tmp.resolve("publisher-" + id + ".log").toFile()).start());
    }

    // While they run: every name, once seen, keeps its content (timestamp.json and root.json
    // excepted), and a client refreshing sees a consistent repository each time.
    Map<String, String> seen = new HashMap<>();
    int refreshes = 0;
    while (publishers.stream().anyMatch(Process::isAlive)) {
      for (Path file : files(repo)) {
        String name = repo.relativize(file).toString();
        if (name.equals("metadata/timestamp.json") || name.equals("metadata/root.json")) {
          continue;
        }
        String digest = sha256(file);
        if (digest == null) {
          continue; // a temporary file renamed away meanwhile
        }
        String before = seen.putIfAbsent(name, digest);
        assertTrue(before == null || before.equals(digest), name + " was written twice");
      }
      Updater client = client(repo, trustedRoot, tmp.resolve("poll-" + refreshes));
      client.refresh();
      refreshes++;
    }
    for (Process p : publishers) {
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("publisher-"
          + (publishers.indexOf(p) == 0 ? "a" : "b") + ".log")));
    }

    // Every publish that reported success is visible at the end.
    Set<String> reported = new HashSet<>();
    for (Path report : reports) {
      reported.addAll(Files.readAllLines(report));
    }
    assertTrue(reported.stream().anyMatch(p -> p.startsWith("pa/"))
        && reported.stream().anyMatch(p -> p.startsWith("pb/")), reported.toString());
    Updater client = client(repo, trustedRoot, tmp.resolve("final"));
    for (String path : reported) {
      assertTrue(client.getTargetInfo(path).isPresent(), path + " was reported published");
    }
    assertTrue(refreshes > 0);
  }

  /** In one process: a second editor is refused while the first holds the repository. */
  @Test
  void secondWriterIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
    FileSystemStorage storage = FileSystemStorage.open(tmp.resolve("repo"));
    TopLevelKeys keys = new TopLevelKeys();
    Map<RoleType, RoleKeys> roles = keys.roles();
    List<Signer> signers = keys.all();
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    RepositoryEditor first = RepositoryEditor.create(storage, clock, roles, true);
    first.stage(signers).publish(); // publishing releases the lock
    RepositoryEditor a = RepositoryEditor.open(storage, clock);
    InvalidRepositoryException locked = assertThrows(InvalidRepositoryException.class,
        () -> RepositoryEditor.open(storage, clock));
    assertEquals(InvalidRepositoryException.Reason.LOCKED, locked.reason());
    assertTrue(locked.getMessage().contains("locked by pid " + ProcessHandle.current().pid()),
        locked.getMessage());
    a.close();
    RepositoryEditor.open(storage, clock).close();
  }

  /**
   * A storage without a lock of its own: the second publisher, overtaken, fails with its own
   * reason and writes nothing.
   */
  @Test
  void overtakenPublisherFailsAndWritesNothing() throws Exception {
    FileSystemStorage files = FileSystemStorage.open(tmp.resolve("repo"));
    Storage unlocked = new Storage() { // every method but lock: the interface's no-op lock
      @Override
      public Optional<byte[]> read(String path) throws IOException {
        return files.read(path);
      }

      @Override
      public void write(String path, byte[] data) throws IOException {
        files.write(path, data);
      }

      @Override
      public void write(String path, java.io.InputStream data) throws IOException {
        files.write(path, data);
      }

      @Override
      public boolean exists(String path) {
        return files.exists(path);
      }

      @Override
      public void delete(String path) throws IOException {
        files.delete(path);
      }
    };
    TopLevelKeys keys = new TopLevelKeys();
    Map<RoleType, RoleKeys> roles = keys.roles();
    List<Signer> signers = keys.all();
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    RepositoryEditor.create(unlocked, clock, roles, true).stage(signers).publish();
    RepositoryEditor a = RepositoryEditor.open(unlocked, clock);
    RepositoryEditor b = RepositoryEditor.open(unlocked, clock);
    a.targets().addTarget("a.txt", "a".getBytes(StandardCharsets.UTF_8), Optional.empty());
    b.targets().addTarget("b.txt", "b".getBytes(StandardCharsets.UTF_8), Optional.empty());
    Release first = a.stage(signers);
    Release second = b.stage(signers);
    first.publish();
    Map<String, byte[]> after = new HashMap<>();
    for (Path f : files(files.root())) {
      after.put(f.toString(), Files.readAllBytes(f));
    }
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        second::publish);
    assertEquals(InvalidRepositoryException.Reason.CONCURRENTLY_MODIFIED, e.reason());
    List<Path> now = files(files.root());
    assertEquals(after.keySet(), Set.copyOf(now.stream().map(Path::toString).toList()));
    for (Path f : now) {
      assertArrayEquals(after.get(f.toString()), Files.readAllBytes(f), f.toString());
    }
    assertFalse(Files.exists(files.root().resolve("targets").resolve("b.txt")));
  }

  private static Updater client(Path repo, byte[] root, Path state) throws IOException {
    return Updater.builder()
        .metadataDir(state.resolve("metadata"))
        .metadataBaseUrl(repo.resolve("metadata").toUri())
        .targetBaseUrl(repo.resolve("targets").toUri())
        .targetDir(state.resolve("targets"))
        .trustedRoot(root)
        .fetcher(FileFetcher.create())
        .build();
  }

  /** Regular files below {@code root}, temporary ones (named ".…") left out; races tolerated. */
  private static List<Path> files(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    collect(root, out);
    out.sort(null);
    return out;
  }

  private static void collect(Path dir, List<Path> out) throws IOException {
    try (var entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (p.getFileName().toString().startsWith(".")) {
          continue;
        }
        if (Files.isDirectory(p)) {
          collect(p, out);
        } else if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      // a directory being created or removed meanwhile
    }
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(in.readAllBytes());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
