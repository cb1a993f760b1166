package org.tuf4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.NotFoundException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.client.Fetcher;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.Source;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.verify.KeyOutcome;
import org.tuf4j.verify.SignatureThreshold;
import org.tuf4j.verify.ThresholdResult;

/** The simulator publishes metadata a verifier accepts, and the loopback server misbehaves. */
class RepositorySimulatorTest {
  private static final CryptoBackend BACKEND = CryptoBackends.defaultBackend();
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final RepositorySimulator sim = RepositorySimulator.builder().now(NOW).build();

  private Signed<Root> root(String path) throws Exception {
    return Signed.parse(sim.file(path), Root.class);
  }

  private Signed<Timestamp> timestamp() throws Exception {
    return Signed.parse(sim.file("metadata/timestamp.json"), Timestamp.class);
  }

  private Signed<Snapshot> snapshot() throws Exception {
    return Signed.parse(sim.file("metadata/snapshot.json"), Snapshot.class);
  }

  private Signed<Targets> targets(String role) throws Exception {
    return Signed.parse(sim.file(RepositorySimulator.metadataPath(role)), Targets.class);
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void freshRepositoryParsesAndEveryRoleVerifiesAgainstRoot() throws Exception {
    Signed<Root> root = root("metadata/1.root.json");
    assertArrayEquals(sim.trustedRootBytes(), sim.file("metadata/root.json"));
    assertEquals(1, root.signed().version());
    assertTrue(root.signed().consistentSnapshot());
    assertEquals(NOW.plus(Duration.ofDays(30)), root.signed().expires());
    SignatureThreshold.verify(root.signed(), RoleType.ROOT, root, BACKEND);
    SignatureThreshold.verify(root.signed(), RoleType.TIMESTAMP, timestamp(), BACKEND);
    SignatureThreshold.verify(root.signed(), RoleType.SNAPSHOT, snapshot(), BACKEND);
    SignatureThreshold.verify(root.signed(), RoleType.TARGETS, targets("targets"), BACKEND);
    assertEquals(1, timestamp().signed().version());
    assertEquals(1, timestamp().signed().snapshotMeta().version());
    assertEquals(1, snapshot().signed().metaFor("targets").orElseThrow().version());
    assertArrayEquals(sim.file("metadata/1.snapshot.json"), sim.file("metadata/snapshot.json"));
    assertArrayEquals(sim.file("metadata/1.targets.json"), sim.file("metadata/targets.json"));
    for (RoleType t : RoleType.values()) {
      assertEquals(1, root.signed().role(t).keyIds().size());
      assertEquals(1, root.signed().role(t).threshold());
      String keyId = root.signed().role(t).keyIds().get(0);
      assertEquals("ed25519", root.signed().keys().get(keyId).scheme());
      assertEquals(keyId, root.signed().keys().get(keyId).computeKeyId());
    }
  }

  @Test
  void targetChangeBumpsTargetsSnapshotAndTimestampButNotRoot() throws Exception {
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    TargetFile file = sim.addTarget("dir/file.txt", content);
    sim.publish();
    assertEquals(2, targets("targets").signed().version());
    assertEquals(2, snapshot().signed().version());
    assertEquals(2, snapshot().signed().metaFor("targets").orElseThrow().version());
    assertEquals(2, timestamp().signed().version());
    assertEquals(2, timestamp().signed().snapshotMeta().version());
    assertFalse(sim.findFile("metadata/2.root.json").isPresent());
    assertEquals(file, targets("targets").signed().targets().get("dir/file.txt"));
    assertEquals(5, file.length());
    assertEquals(sha256(content), file.hashes().get("sha256"));
    assertEquals(128, file.hashes().get("sha512").length());
    assertArrayEquals(content, sim.file("targets/dir/file.txt"));
    assertArrayEquals(content, sim.file("targets/dir/" + sha256(content) + ".file.txt"));
    Signed<Root> root = root("metadata/root.json");
    SignatureThreshold.verify(root.signed(), RoleType.TARGETS, targets("targets"), BACKEND);

    sim.publish(); // nothing changed: only the timestamp moves
    assertEquals(3, timestamp().signed().version());
    assertEquals(2, snapshot().signed().version());
    assertEquals(2, targets("targets").signed().version());

    sim.removeTarget("targets", "dir/file.txt");
    sim.publish();
    assertEquals(3, targets("targets").signed().version());
    assertTrue(targets("targets").signed().targets().isEmpty());
    assertFalse(sim.findFile("targets/dir/file.txt").isPresent());
  }

  private TargetFile addTargetWithCustom() {
    return sim.addTarget("targets", "a.bin", new byte[] {1, 2, 3},
        Optional.of(new JsonString("custom")));
  }

  @Test
  void customDataAndMetaLengthAndHashesAreWrittenWhenAsked() throws Exception {
    assertEquals(Optional.of(new JsonString("custom")), addTargetWithCustom().custom());
    sim.includeLengthAndHashesInSnapshot(true);
    sim.includeLengthAndHashesInTimestamp(true);
    sim.publish();
    var snapMeta = timestamp().signed().snapshotMeta();
    byte[] snapshotBytes = sim.file("metadata/snapshot.json");
    assertEquals(snapshotBytes.length, snapMeta.length().orElseThrow());
    assertEquals(sha256(snapshotBytes), snapMeta.hashes().get("sha256"));
    var targetsMeta = snapshot().signed().metaFor("targets").orElseThrow();
    assertEquals(sim.file("metadata/targets.json").length, targetsMeta.length().orElseThrow());
    assertEquals(sha256(sim.file("metadata/2.targets.json")), targetsMeta.hashes().get("sha256"));
  }

  @Test
  void rootRotationIsSignedByOldAndNewKeys() throws Exception {
    Signed<Root> v1 = root("metadata/1.root.json");
    Signer newRootKey = sim.rotateKeys("root");
    sim.publish();
    Signed<Root> v2 = root("metadata/2.root.json");
    assertArrayEquals(sim.file("metadata/2.root.json"), sim.file("metadata/root.json"));
    assertEquals(2, v2.signed().version());
    assertEquals(2, v2.signatures().size());
    assertEquals(List.of(RepositorySimulator.keyIdOf(newRootKey)),
        v2.signed().role(RoleType.ROOT).keyIds());
    SignatureThreshold.verify(v1.signed(), RoleType.ROOT, v2, BACKEND);
    SignatureThreshold.verify(v2.signed(), RoleType.ROOT, v2, BACKEND);

    // Signed by the new key only: the old root does not trust version 3.
    sim.signWith("root", newRootKey);
    sim.publishRoot();
    sim.clearSignWith("root");
    Signed<Root> v3 = root("metadata/3.root.json");
    SignatureThreshold.verify(v3.signed(), RoleType.ROOT, v3, BACKEND);
    SignatureThreshold.verify(v2.signed(), RoleType.ROOT, v3, BACKEND);
    assertThrows(ThresholdNotMetException.class,
        () -> SignatureThreshold.verify(v1.signed(), RoleType.ROOT, v3, BACKEND));
    assertArrayEquals(sim.trustedRootBytes(), sim.rootBytes(1));
  }

  @Test
  void rotatingTimestampKeysResignsTimestampWithTheNewKey() throws Exception {
    sim.rotateKeys("timestamp");
    sim.publish();
    Signed<Root> root = root("metadata/root.json");
    assertEquals(2, root.signed().version());
    SignatureThreshold.verify(root.signed(), RoleType.TIMESTAMP, timestamp(), BACKEND);
    assertThrows(ThresholdNotMetException.class, () -> SignatureThreshold.verify(
        root("metadata/1.root.json").signed(), RoleType.TIMESTAMP, timestamp(), BACKEND));
  }

  @Test
  void nestedDelegationsVerifyAgainstTheirDelegators() throws Exception {
    sim.delegate("targets", "role/a", List.of("a/*"), true);
    sim.delegateHashPrefixes("role/a", "inner", List.of("0", "8"), false);
    sim.addTarget("role/a", "a/x.txt", new byte[] {42});
    sim.publish();
    assertTrue(sim.findFile("metadata/role%2Fa.json").isPresent());
    assertTrue(sim.findFile("metadata/1.role%2Fa.json").isPresent());
    assertTrue(sim.findFile("metadata/1.inner.json").isPresent());
    Signed<Targets> top = targets("targets");
    Signed<Targets> a = targets("role/a");
    assertTrue(top.signed().delegations().orElseThrow().roles().orElseThrow().get(0)
        .terminating());
    SignatureThreshold.verifyDelegated(top.signed(), "role/a", a, BACKEND);
    SignatureThreshold.verifyDelegated(a.signed(), "inner", targets("inner"), BACKEND);
    assertThrows(ThresholdNotMetException.class,
        () -> SignatureThreshold.verifyDelegated(top.signed(), "inner", targets("inner"),
            BACKEND));
    assertEquals(1, snapshot().signed().metaFor("role/a").orElseThrow().version());
    assertEquals(1, snapshot().signed().metaFor("inner").orElseThrow().version());

    sim.addTarget("inner", "b.txt", new byte[] {7});
    sim.publish();
    assertEquals(2, targets("inner").signed().version());
    assertEquals(1, targets("role/a").signed().version());
    assertEquals(2, targets("targets").signed().version());

    sim.removeDelegation("targets", "role/a");
    sim.publish();
    assertEquals(List.of("targets.json"), List.copyOf(snapshot().signed().meta().keySet()));
  }

  @Test
  void succinctBinsHoldTheirTargets() throws Exception {
    sim.delegateSuccinct("targets", 3, "bin");
    String bin = sim.binFor("targets", "some/file");
    sim.addTarget(bin, "some/file", new byte[] {1});
    sim.publish();
    assertEquals(9, snapshot().signed().meta().size());
    Signed<Targets> top = targets("targets");
    Signed<Targets> binMd = targets(bin);
    SignatureThreshold.verifyDelegated(top.signed(), bin, binMd, BACKEND);
    assertTrue(binMd.signed().targets().containsKey("some/file"));
    assertEquals(1, binMd.signed().version());

    // Keys shared by every bin: rotating them re-signs all bins.
    sim.rotateKeys(bin);
    sim.publish();
    for (String role : sim.targetsRoles()) {
      if (!role.equals("targets")) {
        SignatureThreshold.verifyDelegated(targets("targets").signed(), role, targets(role),
            BACKEND);
      }
    }
  }

  @Test
  void versionsAndExpiryCanBeSetExplicitly() throws Exception {
    sim.setVersion("snapshot", 7);
    Instant past = NOW.minus(Duration.ofDays(1));
    sim.setExpires("timestamp", past);
    sim.publish();
    assertEquals(7, snapshot().signed().version());
    assertEquals(7, timestamp().signed().snapshotMeta().version());
    assertTrue(sim.findFile("metadata/7.snapshot.json").isPresent());
    assertEquals(past, timestamp().signed().expires());
    sim.setVersion("timestamp", 1); // a rollback
    sim.publish();
    assertEquals(1, timestamp().signed().version());
    sim.touch("targets");
    sim.publish();
    assertEquals(2, targets("targets").signed().version());
    assertEquals(8, snapshot().signed().version());
  }

  @Test
  void sameKeyUnderTwoKeyIdsDoesNotMeetAThresholdOfTwo() throws Exception {
    String keyId = sim.keyIds("timestamp").get(0);
    Signer signer = sim.signer(keyId).orElseThrow();
    sim.addKey("timestamp", "f".repeat(64), signer);
    sim.setThreshold("timestamp", 2);
    sim.publish();
    Signed<Root> root = root("metadata/2.root.json");
    assertEquals(List.of(keyId, "f".repeat(64)), root.signed().role(RoleType.TIMESTAMP).keyIds());
    assertEquals(2, timestamp().signatures().size());
    ThresholdResult r = SignatureThreshold.check("timestamp", root.signed().keys(),
        root.signed().role(RoleType.TIMESTAMP), timestamp(), BACKEND);
    assertFalse(r.isMet());
    assertEquals(KeyOutcome.DUPLICATE_KEY, r.outcomes().get("f".repeat(64)));
  }

  @Test
  void wrongKeysWrongTypeAndTamperingAreAvailable() throws Exception {
    Signer stranger = sim.newSigner();
    sim.signWith("snapshot", stranger);
    sim.publish();
    Signed<Root> root = root("metadata/root.json");
    assertThrows(ThresholdNotMetException.class,
        () -> SignatureThreshold.verify(root.signed(), RoleType.SNAPSHOT, snapshot(), BACKEND));
    // The right key id, the wrong key.
    sim.signWith("snapshot", Map.of(sim.keyIds("snapshot").get(0), stranger));
    sim.publish();
    ThresholdResult r = SignatureThreshold.check("snapshot", root.signed().keys(),
        root.signed().role(RoleType.SNAPSHOT), snapshot(), BACKEND);
    assertEquals(KeyOutcome.BAD_SIGNATURE, r.outcomes().values().iterator().next());
    sim.clearSignWith("snapshot");

    sim.publishWithType("timestamp", "snapshot");
    assertThrows(WrongRoleTypeException.class, () -> timestamp());

    byte[] tampered = "{}".getBytes(StandardCharsets.UTF_8);
    sim.putFile("metadata/targets.json", tampered);
    assertArrayEquals(tampered, sim.file("metadata/targets.json"));
    sim.removeFile("metadata/targets.json");
    assertFalse(sim.findFile("metadata/targets.json").isPresent());
  }

  @Test
  void roleNamesArePercentEncodedLikePython() {
    assertEquals("a%2Fb%20c~d_e.f-g", RepositorySimulator.encodeRoleName("a/b c~d_e.f-g"));
    assertEquals("%C3%A9%25", RepositorySimulator.encodeRoleName("é%"));
    assertEquals("metadata/3.x%3Fy.json", RepositorySimulator.metadataPath("x?y", 3));
  }

  @Test
  void fetcherServesFilesLogsRequestsAndReportsMissingOnes() throws Exception {
    sim.delegate("targets", "role/a", List.of("*"), false);
    sim.publish();
    Fetcher fetcher = sim.fetcher();
    try (InputStream in = fetcher.fetch(RepositorySimulator.uri("metadata/1.root.json"), 1000)) {
      assertArrayEquals(sim.trustedRootBytes(), in.readAllBytes());
    }
    // Role files are looked up by the raw, quoted path: an unquoted "/" is another file.
    URI encoded = RepositorySimulator.uri("metadata/role%2Fa.json");
    assertThrows(NotFoundException.class,
        () -> fetcher.fetch(RepositorySimulator.uri("metadata/role/a.json"), 100_000));
    sim.clearRequests();
    try (InputStream in = fetcher.fetch(RepositorySimulator.uri("metadata/1.root.json"), 1000)) {
      in.readAllBytes();
    }
    try (InputStream in = fetcher.fetch(encoded, 100_000)) {
      assertArrayEquals(sim.file("metadata/role%2Fa.json"), in.readAllBytes());
    }
    assertThrows(NotFoundException.class,
        () -> fetcher.fetch(RepositorySimulator.uri("metadata/9.root.json"), 1000));
    assertEquals(List.of("metadata/1.root.json", "metadata/role%2Fa.json",
        "metadata/9.root.json"), sim.requests());
    sim.clearRequests();
    assertTrue(sim.requests().isEmpty());
  }

  private static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void loopbackServerServesOverHttpWithOverrides() throws Exception {
    HttpClient client = http();
    try (LoopbackServer server = LoopbackServer.serve(sim::findFile)) {
      assertTrue(server.baseUri().toString().matches("http://127\\.0\\.0\\.1:\\d+/"));
      HttpResponse<byte[]> ok = client.send(HttpRequest.newBuilder(
          server.baseUri().resolve("metadata/1.root.json")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, ok.statusCode());
      assertArrayEquals(sim.trustedRootBytes(), ok.body());

      HttpResponse<byte[]> missing = client.send(HttpRequest.newBuilder(
          server.uri("metadata/2.root.json")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(404, missing.statusCode());

      server.override("metadata/timestamp.json", new LoopbackServer.Behaviour.Status(503));
      HttpResponse<byte[]> unavailable = client.send(HttpRequest.newBuilder(
          server.uri("metadata/timestamp.json")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(503, unavailable.statusCode());

      server.override("metadata/timestamp.json", new LoopbackServer.Behaviour.Endless());
      HttpResponse<InputStream> endless = client.send(HttpRequest.newBuilder(
          server.uri("metadata/timestamp.json")).build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = endless.body()) {
        byte[] first = in.readNBytes(1 << 20);
        assertEquals(1 << 20, first.length);
      }

      server.override("metadata/snapshot.json", new LoopbackServer.Behaviour.Drip(100,
          Duration.ofMillis(40)));
      long start = System.nanoTime();
      HttpResponse<byte[]> dripped = client.send(HttpRequest.newBuilder(
          server.uri("metadata/snapshot.json")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertArrayEquals(sim.file("metadata/snapshot.json"), dripped.body());
      long chunks = (sim.file("metadata/snapshot.json").length + 99) / 100;
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= (chunks - 1) * 40);

      server.override("metadata/targets.json", new LoopbackServer.Behaviour.StallAfterHeaders(
          Duration.ofMillis(300)));
      start = System.nanoTime();
      HttpResponse<byte[]> stalled = client.send(HttpRequest.newBuilder(
          server.uri("metadata/targets.json")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertArrayEquals(sim.file("metadata/targets.json"), stalled.body());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);

      server.override("metadata/1.root.json", new LoopbackServer.Behaviour.ContentLength(10));
      HttpResponse<byte[]> truncated = client.send(HttpRequest.newBuilder(
          server.uri("metadata/1.root.json")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(10, truncated.body().length);

      server.override("metadata/1.root.json",
          new LoopbackServer.Behaviour.ContentLength(100_000));
      assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
          server.uri("metadata/1.root.json")).build(), HttpResponse.BodyHandlers.ofByteArray()));

      server.override("metadata/1.root.json",
          new LoopbackServer.Behaviour.Content(new byte[] {'x'}));
      assertArrayEquals(new byte[] {'x'}, client.send(HttpRequest.newBuilder(
          server.uri("metadata/1.root.json")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body());

      server.clearOverrides();
      assertEquals(200, client.send(HttpRequest.newBuilder(
          server.uri("metadata/timestamp.json")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).statusCode());
      List<String> log = server.requests();
      assertEquals("metadata/1.root.json", log.get(0));
      assertEquals("metadata/2.root.json", log.get(1));
      assertEquals("metadata/timestamp.json", log.get(log.size() - 1));
    }
  }

  @Test
  void closeIsPromptWhileAHandlerStalls() throws Exception {
    HttpClient client = http();
    LoopbackServer server = LoopbackServer.serve(sim::findFile);
    server.overrideAll(new LoopbackServer.Behaviour.StallAfterHeaders(Duration.ofHours(1)));
    HttpResponse<InputStream> stalled = client.send(HttpRequest.newBuilder(
        server.uri("metadata/timestamp.json")).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stalled.statusCode());
    long start = System.nanoTime();
    server.close();
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 3);
    assertThrows(IOException.class, () -> stalled.body().readAllBytes());
  }

  @Test
  void directoryServingRefusesEscapes(@TempDir Path tmp) throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("metadata"));
    Files.write(repo.resolve("metadata/root.json"), new byte[] {'r'});
    Files.write(tmp.resolve("secret"), new byte[] {'s'});
    HttpClient client = http();
    try (LoopbackServer server = LoopbackServer.serveDirectory(repo)) {
      assertArrayEquals(new byte[] {'r'}, client.send(HttpRequest.newBuilder(
          server.uri("metadata/root.json")).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body());
      HttpResponse<byte[]> escape = client.send(HttpRequest.newBuilder(
          server.baseUri().resolve("%2E%2E/secret")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(404, escape.statusCode());
      assertEquals(List.of("metadata/root.json", "%2E%2E/secret"), server.requests());
    }
    assertEquals(Optional.empty(), Source.directory(repo).read("../secret"));
    assertEquals(Optional.empty(), Source.directory(repo).read("metadata"));
  }
}
