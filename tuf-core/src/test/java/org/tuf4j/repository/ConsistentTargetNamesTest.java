package org.tuf4j.repository;

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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.signer.PemKeys;
import org.tuf4j.loopback.LoopbackServer;

/**
 * With consistent snapshots a target is published as {@code <hash>.<name>} for every hash its
 * targets metadata lists (TUF spec §5.7.3: the client prefixes the name with "one of" the
 * hashes, its choice). Regression: the writer lists sha256 and sha512 but wrote only the sha256
 * name, so a client that picks sha512 — sigstore-java's TUF client does — got 404.
 */
class ConsistentTargetNamesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);
  private static final byte[] FIRMWARE = "firmware v1\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  private final List<Signer> signers = new ArrayList<>();

  private RepositoryEditor create(Storage storage, boolean consistent) throws Exception {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    for (RoleType type : RoleType.values()) {
      Signer s = KeyPairSigner.generate("ed25519");
      signers.add(s);
      roles.put(type, RoleKeys.of(PemKeys.publicKey(s)));
    }
    return RepositoryEditor.create(storage, CLOCK, roles, consistent);
  }

  private static String hex(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }

  @Test
  void everyListedHashNamesTheSameStoredBytes_spec5_7_3() throws Exception {
    FileSystemStorage storage = FileSystemStorage.open(tmp.resolve("repo"));
    RepositoryEditor editor = create(storage, true);
    TargetFile t = editor.targets().addTarget("fw/app.bin", FIRMWARE, Optional.empty());
    editor.stage(signers).publish();

    assertEquals(Map.of("sha256", hex("SHA-256", FIRMWARE), "sha512", hex("SHA-512", FIRMWARE)),
        t.hashes());
    Path bySha256 = storage.root().resolve("targets/fw/" + t.hashes().get("sha256") + ".app.bin");
    Path bySha512 = storage.root().resolve("targets/fw/" + t.hashes().get("sha512") + ".app.bin");
    assertArrayEquals(FIRMWARE, Files.readAllBytes(bySha256));
    assertArrayEquals(FIRMWARE, Files.readAllBytes(bySha512));
    assertTrue(Files.isSameFile(bySha256, bySha512), "a hard link: the bytes are stored once");
    assertFalse(Files.exists(storage.root().resolve("targets/fw/app.bin")),
        "no plain name with consistent snapshots");
    try (var files = Files.list(storage.root().resolve("targets/fw"))) {
      assertEquals(2, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void aClientAskingForEitherHashNameGetsTheVerifiedTarget_spec5_7_3() throws Exception {
    FileSystemStorage storage = FileSystemStorage.open(tmp.resolve("repo"));
    RepositoryEditor editor = create(storage, true);
    TargetFile t = editor.targets().addTarget("fw/app.bin", FIRMWARE, Optional.empty());
    editor.stage(signers).publish();

    try (LoopbackServer server = LoopbackServer.serveDirectory(storage.root())) {
      for (String algorithm : List.of("sha256", "sha512")) {
        // tuf4j asks for the first hash in name order (sha256); this fetcher asks for the name
        // built from `algorithm` instead, as a client preferring that hash would.
        String wanted = t.hashes().get(algorithm);
        Fetcher http = HttpFetcher.create();
        List<String> asked = new ArrayList<>();
        Fetcher choosing = (uri, max) -> {
          URI u = URI.create(uri.toString().replace(t.hashes().get("sha256"), wanted));
          asked.add(u.getPath());
          return http.fetch(u, max);
        };
        Updater client = RepositoryClients.client(tmp.resolve("client-" + algorithm),
            storage.root(), server.baseUri(), MetadataEncoding.JSON, CLOCK, choosing);
        TargetInfo info = client.getTargetInfo("fw/app.bin").orElseThrow();
        Path downloaded = client.download(info);
        assertArrayEquals(FIRMWARE, Files.readAllBytes(downloaded), algorithm);
        assertEquals("/targets/fw/" + wanted + ".app.bin", asked.get(asked.size() - 1));
      }
    }
  }

  @Test
  void aStorageWithoutLinksGetsACopyUnderEachName_spec5_7_3() throws Exception {
    MapStorage storage = new MapStorage();
    RepositoryEditor editor = create(storage, true);
    TargetFile t = editor.targets().addTarget("app.bin", FIRMWARE, Optional.empty());
    editor.stage(signers).publish();
    for (String hash : t.hashes().values()) {
      assertArrayEquals(FIRMWARE, storage.read("targets/" + hash + ".app.bin").orElseThrow());
    }
    assertThrows(NoSuchFileException.class, () -> storage.link("targets/none", "targets/x"));
  }

  @Test
  void thePlainLayoutStoresATargetUnderItsNameOnly() throws Exception {
    FileSystemStorage storage = FileSystemStorage.open(tmp.resolve("repo"));
    RepositoryEditor editor = create(storage, false);
    editor.targets().addTarget("fw/app.bin", FIRMWARE, Optional.empty());
    editor.stage(signers).publish();
    try (var files = Files.list(storage.root().resolve("targets/fw"))) {
      assertEquals(List.of(storage.root().resolve("targets/fw/app.bin")), files.toList());
    }
  }

  /** A hash-named file is written once: a second name never replaces other content. */
  @Test
  void linkCreatesANameOnceAndRefusesAMissingSource() throws Exception {
    FileSystemStorage storage = FileSystemStorage.open(tmp.resolve("repo"));
    storage.write("a/one", FIRMWARE);
    storage.write("b/two", "old".getBytes(StandardCharsets.UTF_8));
    assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> storage.link("a/one", "b/two"));
    assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), storage.read("b/two").orElseThrow());
    storage.delete("b/two");
    storage.link("a/one", "b/two");
    assertArrayEquals(FIRMWARE, storage.read("b/two").orElseThrow());
    storage.link("a/one", "b/two"); // already the same file: still one name, no leftovers
    try (var files = Files.list(storage.root().resolve("b"))) {
      assertEquals(1, files.count());
    }
    assertThrows(NoSuchFileException.class, () -> storage.link("a/missing", "b/three"));
    assertThrows(IllegalArgumentException.class, () -> storage.link("a/one", "../escape"));
  }

  /** A storage that keeps only the interface's defaults (no {@code link} of its own). */
  private static final class MapStorage implements Storage {
    final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> read(String path) {
      return Optional.ofNullable(files.get(path)).map(byte[]::clone);
    }

    @Override
    public void write(String path, byte[] data) {
      files.put(path, data.clone());
    }

    @Override
    public void write(String path, InputStream data) throws IOException {
      files.put(path, data.readAllBytes());
    }

    @Override
    public boolean exists(String path) {
      return files.containsKey(path);
    }

    @Override
    public void delete(String path) {
      files.remove(path);
    }
  }
}
