package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.NotFoundException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.encoding.DeterministicCbor;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.testing.Directories;
import org.tuf4j.testing.LaxCborEncoder;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.testing.RepositorySimulator;

/**
 * The client workflow (TUF spec §5) over a repository whose metadata is deterministic CBOR (the
 * Uptane issue's compact encoding): the same steps, files named {@code .cbor} on the repository
 * and in the local store (the first refresh in both encodings is in {@link UpdaterTest}),
 * signatures over the CBOR bytes, non-deterministic files refused.
 */
class CborRepositoryTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final UpdaterConfig CONFIG =
      UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private static final MetadataEncoding CBOR = MetadataEncoding.CBOR;

  @TempDir Path tmp;
  private RepositorySimulator repo;
  private Path metadataDir;
  private Path targetDir;

  @BeforeEach
  void setUp() {
    repo = RepositorySimulator.builder().now(NOW).encoding(CBOR).build();
    metadataDir = tmp.resolve("metadata");
    targetDir = tmp.resolve("targets");
  }

  private Updater updater() throws IOException {
    return updater(RepositorySimulator.uri(""), repo.fetcher());
  }

  private Updater updater(URI base, Fetcher fetcher) throws IOException {
    return client(metadataDir, repo.trustedRootBytes(), CBOR, base, fetcher).build();
  }

  private Updater.Builder client(Path dir, byte[] trustedRoot, MetadataEncoding encoding,
      URI base, Fetcher fetcher) {
    return Updater.builder()
        .metadataDir(dir)
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .targetDir(targetDir)
        .trustedRoot(trustedRoot)
        .encoding(encoding)
        .fetcher(fetcher)
        .config(CONFIG);
  }

  private Map<String, byte[]> stored() throws IOException {
    return Directories.contents(metadataDir);
  }

  /** Snapshot META keys stay "ROLE.json"; lengths and hashes describe the CBOR files. */
  @Test
  void lengthsAndHashesInTimestampAndSnapshotDescribeTheCborFiles_spec4_4_spec4_6()
      throws Exception {
    repo.includeLengthAndHashesInTimestamp(true);
    repo.includeLengthAndHashesInSnapshot(true);
    repo.addTarget("a.txt", new byte[] {1});
    repo.publish();
    Updater u = updater();
    u.refresh();
    var snapshotMeta = u.trustedTimestamp().orElseThrow().signed().snapshotMeta();
    long version = snapshotMeta.version();
    byte[] snapshotFile = repo.file("metadata/" + version + ".snapshot.cbor");
    assertEquals(snapshotFile.length, snapshotMeta.length().getAsLong());
    var targetsMeta = u.trustedSnapshot().orElseThrow().signed().meta().get("targets.json");
    assertEquals(repo.file("metadata/" + targetsMeta.version() + ".targets.cbor").length,
        targetsMeta.length().getAsLong());
    assertTrue(u.getTargetInfo("a.txt").isPresent());
  }

  @Test
  void rootRotationIsFollowedVersionByVersionInCbor_spec5_3() throws Exception {
    for (int i = 0; i < 3; i++) {
      repo.rotateKeys("root");
      repo.publishRoot();
    }
    repo.rotateKeys("timestamp");
    repo.publish();
    Updater u = updater();
    u.refresh();
    assertEquals(5, u.trustedRoot().signed().version());
    assertArrayEquals(repo.rootBytes(5), Files.readAllBytes(metadataDir.resolve("root.cbor")));
    assertTrue(repo.requests().containsAll(List.of("metadata/2.root.cbor",
        "metadata/3.root.cbor", "metadata/4.root.cbor", "metadata/5.root.cbor",
        "metadata/6.root.cbor")));
  }

  @Test
  void delegationsAndHashBinsAreSearchedInCbor_spec5_6_7_tap15() throws Exception {
    repo.delegate("targets", "A", List.of("a/*"), true);
    repo.delegate("A", "A1", List.of("a/*"), false);
    repo.addTarget("A1", "a/deep.bin", "deep".getBytes(StandardCharsets.UTF_8));
    repo.delegate("targets", "bins", List.of("pkgs/*"), false);
    repo.delegateSuccinct("bins", 3, "bin");
    String bin = repo.binFor("bins", "pkgs/p-1.tgz");
    repo.addTarget(bin, "pkgs/p-1.tgz", "pkg".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Updater u = updater();
    u.refresh();
    repo.clearRequests();
    TargetInfo deep = u.getTargetInfo("a/deep.bin").orElseThrow();
    assertEquals(List.of("targets", "A", "A1"), deep.delegationChain());
    assertEquals(List.of("metadata/1.A.cbor", "metadata/1.A1.cbor"), repo.requests());
    repo.clearRequests();
    assertEquals(bin, u.getTargetInfo("pkgs/p-1.tgz").orElseThrow().signingRole());
    assertEquals(List.of("metadata/1.bins.cbor", "metadata/1." + bin + ".cbor"),
        repo.requests());
    assertTrue(Files.exists(metadataDir.resolve("d-" + bin + ".cbor")));
    assertEquals("deep", Files.readString(u.download(deep)));
  }

  @Test
  void targetsAreDownloadedAndVerifiedFromACborRepository_spec5_7() throws Exception {
    var target = repo.addTarget("dir/app.bin", "payload".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    Updater u = updater();
    TargetInfo info = u.getTargetInfo("dir/app.bin").orElseThrow();
    repo.clearRequests();
    assertEquals("payload", Files.readString(u.download(info)));
    assertEquals(List.of("targets/dir/" + target.hashes().get("sha256") + ".app.bin"),
        repo.requests());
  }

  /** The same workflow over loopback HTTP: refresh, rotation, delegation, download. */
  @Test
  void cborRepositoryOverLoopbackHttp_spec5() throws Exception {
    repo.delegate("targets", "fw", List.of("fw/*"), false);
    repo.addTarget("fw", "fw/ecu.img", "image".getBytes(StandardCharsets.UTF_8));
    repo.rotateKeys("root");
    repo.publish();
    try (LoopbackServer server = LoopbackServer.serve(repo::findFile)) {
      Updater u = updater(server.baseUri(), HttpFetcher.create());
      TargetInfo info = u.getTargetInfo("fw/ecu.img").orElseThrow();
      assertEquals("image", Files.readString(u.download(info)));
      assertEquals(2, u.trustedRoot().signed().version());
      repo.addTarget("fw", "fw/ecu.img", "image 2".getBytes(StandardCharsets.UTF_8));
      repo.publish();
      Updater next = updater(server.baseUri(), HttpFetcher.create());
      assertEquals("image 2", Files.readString(next.download(
          next.getTargetInfo("fw/ecu.img").orElseThrow())));
      assertTrue(server.requests().stream().allMatch(p -> !p.contains(".json")),
          server.requests().toString());
    }
  }

  // ---- what is refused ----

  /**
   * A timestamp re-encoded non-deterministically (same value, same valid signature over the
   * deterministic bytes of signed) is refused, and the stored state stays as it was.
   */
  @Test
  void nonDeterministicTimestampIsRefusedAndStateKept_rfc8949_4_2_1() throws Exception {
    updater().refresh();
    Map<String, byte[]> before = stored();
    repo.publish(); // a new timestamp, then served in another valid CBOR encoding
    byte[] file = repo.file("metadata/timestamp.cbor");
    byte[] lax = new LaxCborEncoder(new java.util.Random(7), 0, 100, 0)
        .encode(DeterministicCbor.parse(file));
    repo.putFile("metadata/timestamp.cbor", lax);
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> updater().refresh());
    assertEquals(Reason.NOT_DETERMINISTIC, e.reason());
    assertEquals(before.keySet(), stored().keySet());
    assertArrayEquals(before.get("timestamp.cbor"), stored().get("timestamp.cbor"));
  }

  /** The timestamp's content signed over its JSON bytes, served as the CBOR file. */
  @Test
  void timestampSignedOverJsonIsRefusedInACborRepository_spec5_4_2() throws Exception {
    Signed<Timestamp> jsonSigned = RepositorySimulator.sign(repo.signedTimestamp().signed(),
        repo.signers("timestamp"), MetadataEncoding.JSON);
    repo.putFile("metadata/timestamp.cbor", CBOR.encode(jsonSigned.toJson()));
    assertThrows(ThresholdNotMetException.class, () -> updater().refresh());
  }

  /** A JSON client of a CBOR-only repository finds no metadata in its encoding. */
  @Test
  void jsonClientOfACborRepositoryFindsNoJsonMetadata() throws Exception {
    RepositorySimulator json = RepositorySimulator.builder().now(NOW).build();
    Updater u = client(metadataDir, json.trustedRootBytes(), MetadataEncoding.JSON,
        RepositorySimulator.uri(""), repo.fetcher()).build();
    assertThrows(NotFoundException.class, u::refresh);
    assertTrue(repo.requests().contains("metadata/timestamp.json"));
  }

  /** The bootstrap root is in the repository's encoding: a JSON root is not CBOR. */
  @Test
  void trustedRootInTheOtherEncodingIsRefused_spec5_2() throws Exception {
    RepositorySimulator json = RepositorySimulator.builder().now(NOW).build();
    Updater u = client(metadataDir, json.trustedRootBytes(), CBOR, RepositorySimulator.uri(""),
        repo.fetcher()).build();
    assertEquals(Reason.SYNTAX, assertThrows(MalformedMetadataException.class, u::refresh)
        .reason());
    // No metadata stored; only the clock floor, written before the refresh began.
    assertEquals(List.of(ClientState.FILE), stored().keySet().stream().toList());
  }

  /**
   * One metadata directory holds one encoding: a directory with another encoding's trusted root
   * is refused when the updater is built, never silently restarted from the bootstrap root.
   */
  @Test
  void metadataDirectoryOfTheOtherEncodingIsRefused() throws Exception {
    updater().refresh();
    RepositorySimulator json = RepositorySimulator.builder().now(NOW).build();
    Updater.Builder jsonClient = client(metadataDir, json.trustedRootBytes(),
        MetadataEncoding.JSON, RepositorySimulator.uri(""), json.fetcher());
    IllegalStateException e = assertThrows(IllegalStateException.class, jsonClient::build);
    assertTrue(e.getMessage().contains("root.cbor"), e.getMessage());

    Path jsonDir = tmp.resolve("json-state");
    jsonClient.metadataDir(jsonDir).build().refresh();
    Updater.Builder cborClient = client(jsonDir, repo.trustedRootBytes(), CBOR,
        RepositorySimulator.uri(""), repo.fetcher());
    assertTrue(assertThrows(IllegalStateException.class, cborClient::build).getMessage()
        .contains("root.json"));
    assertTrue(Files.exists(jsonDir.resolve("root.json")));
  }
}
