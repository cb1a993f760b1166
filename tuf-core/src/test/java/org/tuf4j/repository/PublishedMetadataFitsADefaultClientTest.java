package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Timestamp;

/**
 * What the writer publishes is a repository a client with default settings accepts: snapshot
 * and timestamp describe every file by length and sha256 (TUF spec §4.4, so that §5.5.1 and
 * §5.6.1 bound each download by a trusted length), and a release that a default client would
 * refuse is not published. Regression: a 21,000-target targets.json (5.7 MB) published, and a
 * default client then refused it with TooLargeException.
 */
class PublishedMetadataFitsADefaultClientTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path tmp;
  private FileSystemStorage storage;
  private final TopLevelKeys keys = new TopLevelKeys();

  @BeforeEach
  void setUp() throws Exception {
    storage = FileSystemStorage.open(tmp.resolve("repo"));
  }

  private RepositoryEditor create() throws Exception {
    return RepositoryEditor.create(storage, CLOCK, keys.roles(), true);
  }

  @Test
  void snapshotAndTimestampDescribeEveryFileByLengthAndSha256_spec4_4() throws Exception {
    RepositoryEditor editor = create();
    Signer docs = KeyPairSigner.generate("ed25519");
    editor.delegations().delegate("targets", "docs", RoleKeys.of(RepositoryEditorTest.key(docs)),
        Optional.of(List.of("docs/*")), Optional.empty(), false);
    editor.targets().addTarget("docs", "docs/a.txt", new byte[] {1}, Optional.empty());
    editor.stage(keys.all(docs)).publish();

    Timestamp timestamp = Signed.parse(read("metadata/timestamp.json"), Timestamp.class)
        .signed();
    byte[] snapshotFile = read("metadata/" + timestamp.snapshotMeta().version()
        + ".snapshot.json");
    assertDescribes(timestamp.snapshotMeta(), snapshotFile);
    Snapshot snapshot = Signed.parse(snapshotFile, Snapshot.class).signed();
    assertEquals(List.of("docs.json", "targets.json"), List.copyOf(snapshot.meta().keySet()));
    snapshot.meta().forEach((name, meta) -> assertDescribes(meta,
        read("metadata/" + meta.version() + "." + name)));
  }

  /** A targets role above a default client's unlisted-length bound (5 MB) reaches it. */
  @Test
  void largeTargetsRoleIsReadByADefaultClientThroughItsListedLength_spec5_6_1()
      throws Exception {
    RepositoryEditor editor = create();
    addTargets(editor, 21_000);
    editor.stage(keys.all()).publish();
    long length = Files.size(storage.root().resolve("metadata/1.targets.json"));
    assertTrue(length > UpdaterConfig.defaults().targetsMaxLength(), "length " + length);
    Updater client = RepositoryClients.client(tmp.resolve("client"), storage.root(),
        storage.root().toUri(), MetadataEncoding.JSON, CLOCK, FileFetcher.create());
    assertTrue(client.getTargetInfo("pkgs/p-20999.bin").isPresent());
  }

  /** Without listed lengths, the same release is refused before anything is written. */
  @Test
  void releaseADefaultClientWouldRefuseIsNotPublished_spec5_6_1() throws Exception {
    RepositoryEditor editor = create();
    editor.policy().setSnapshotListsTargetsHashes(false);
    addTargets(editor, 21_000);
    Release release = editor.stage(keys.all());
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        release::publish);
    assertTrue(e.getMessage().contains("a default client would refuse")
        && e.getMessage().contains("delegateHashBins"), e.getMessage());
    assertTrue(Files.notExists(storage.root().resolve("metadata/1.root.json")));
  }

  private static void addTargets(RepositoryEditor editor, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      String path = "pkgs/p-" + i + ".bin";
      editor.targets().putTargetInfo("targets", RepositoryEditor.describeTarget(path,
          new ByteArrayInputStream(new byte[] {(byte) i, (byte) (i >> 8)}), Optional.empty()));
    }
  }

  private byte[] read(String path) {
    try {
      return storage.read(path).orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertDescribes(MetaFile meta, byte[] file) {
    try {
      assertEquals(OptionalLong.of(file.length), meta.length());
      assertEquals(Map.of("sha256", HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(file))), meta.hashes());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
