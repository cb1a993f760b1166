package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.loopback.LoopbackServer;

/**
 * tuf4j's writer edits a repository python-tuf wrote (fixtures/python-tuf-basic, with
 * its test keys): a new target in a delegated role. The result must still give every outcome of
 * the fixture's expected.json, plus the new target, to a client over loopback HTTP.
 */
@Timeout(60)
class WriterEditsPythonTufTest {
  static final Instant REFERENCE = Instant.parse("2030-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(REFERENCE, ZoneOffset.UTC);

  @TempDir Path tmp;

  static void copyFixture(Path to) throws Exception {
    Path from = Fixtures.path("python-tuf-basic");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String rel = from.relativize(p).toString();
        if (!rel.startsWith("metadata") && !rel.startsWith("targets")) {
          continue;
        }
        Path target = to.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static Signer fixtureKey(String name, String scheme) throws Exception {
    return KeyPairSigner.fromPkcs8Pem(
        Files.readString(Fixtures.path("python-tuf-basic/keys/" + name + ".pem")), scheme);
  }

  static Updater client(Path state, LoopbackServer server) throws Exception {
    return Updater.builder()
        .metadataDir(state.resolve("metadata"))
        .metadataBaseUrl(server.baseUri().resolve("metadata/"))
        .targetBaseUrl(server.baseUri().resolve("targets/"))
        .targetDir(state.resolve("targets"))
        .trustedRoot(Fixtures.read("python-tuf-basic/initial_root.json"))
        .fetcher(HttpFetcher.create())
        .config(UpdaterConfig.builder().clock(CLOCK).build())
        .build();
  }

  @Test
  void newTargetInDelegatedRoleKeepsEveryPythonTufOutcome() throws Exception {
    Path repo = tmp.resolve("repo");
    copyFixture(repo);
    RepositoryEditor editor = RepositoryEditor.open(FileSystemStorage.open(repo), CLOCK);
    byte[] content = "a new application, added by tuf4j".getBytes(StandardCharsets.UTF_8);
    editor.targets().addTarget("role1", "a/app-2.0.bin", content, Optional.empty());
    Release release = editor.stage(List.of(fixtureKey("role1-0-ed25519", "ed25519"),
        fixtureKey("snapshot-0-ecdsa", "ecdsa-sha2-nistp256"),
        fixtureKey("timestamp-1-ecdsa", "ecdsa-sha2-nistp256")));
    assertEquals(List.of("role1", "snapshot", "timestamp"), release.roles());
    release.publish();

    JsonObject expected = (JsonObject) CanonicalJson.parse(
        Fixtures.read("python-tuf-basic/expected.json"));
    try (LoopbackServer server = LoopbackServer.serveDirectory(repo)) {
      Updater client = client(tmp.resolve("client"), server);
      client.refresh();
      assertEquals(2, client.trustedRoot().signed().version());
      for (var e : ((JsonObject) expected.get("targets_found")).members().entrySet()) {
        JsonObject want = (JsonObject) e.getValue();
        TargetInfo info = client.getTargetInfo(e.getKey()).orElseThrow();
        assertEquals(((JsonValue.JsonString) want.get("via_role")).value(), info.signingRole());
        assertEquals(((JsonValue.JsonNumber) want.get("length")).value(), info.length());
        client.download(info);
      }
      for (String missing : ((JsonObject) expected.get("targets_not_found")).members()
          .keySet()) {
        assertEquals(Optional.empty(), client.getTargetInfo(missing), missing);
      }
      TargetInfo added = client.getTargetInfo("a/app-2.0.bin").orElseThrow();
      assertEquals("role1", added.signingRole());
      assertEquals(new String(content, StandardCharsets.UTF_8),
          Files.readString(client.download(added)));
      assertEquals(2, client.trustedTargets("role1").orElseThrow().signed().version());
      assertTrue(HexFormat.of().parseHex(added.hashes().get("sha256")).length == 32);
    }
  }
}
