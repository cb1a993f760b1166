package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.loopback.LoopbackServer;

/**
 * tuf4j's client, end to end, against repositories python-tuf wrote (fixtures/), served
 * over loopback HTTP and read from {@code file:} URLs: every outcome python-tuf reached —
 * final root version, targets found with their role, targets not found, the order delegations
 * are visited in — must be reproduced (TUF spec §5.3–§5.7).
 */
@Timeout(60)
class PythonTufClientTest {
  private static final Pattern ROLE_FILE = Pattern.compile("metadata/(?:\\d+\\.)?(.+)\\.json");

  @TempDir Path tmp;

  private static JsonObject expected(String fixture) throws Exception {
    return (JsonObject) CanonicalJson.parse(Fixtures.read(fixture + "/expected.json"));
  }

  private static String text(JsonValue v) {
    return ((JsonString) v).value();
  }

  private Updater updater(String fixture, URI base, Supplier<org.tuf4j.client.Fetcher> fetcher,
      String clientName) throws Exception {
    Instant reference = Instant.parse(text(expected(fixture).get("reference_time")));
    return Updater.builder()
        .metadataDir(tmp.resolve(clientName).resolve("metadata"))
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .targetDir(tmp.resolve(clientName).resolve("targets"))
        .trustedRoot(Fixtures.read(fixture + "/initial_root.json"))
        .fetcher(fetcher.get())
        .config(UpdaterConfig.builder().clock(Clock.fixed(reference, ZoneOffset.UTC)).build())
        .build();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void basicRepositoryOverHttpReproducesEveryPythonTufOutcome() throws Exception {
    String fixture = "python-tuf-basic";
    JsonObject expected = expected(fixture);
    try (LoopbackServer server = LoopbackServer.serveDirectory(Fixtures.path(fixture))) {
      Updater client = updater(fixture, server.baseUri(), HttpFetcher::create, "http");
      client.refresh();
      assertEquals(((JsonValue.JsonNumber) expected.get("final_root_version")).value(),
          client.trustedRoot().signed().version());
      assertEquals(expected.get("consistent_snapshot") == JsonValue.JsonBoolean.TRUE,
          client.trustedRoot().signed().consistentSnapshot());

      for (var e : ((JsonObject) expected.get("targets_found")).members().entrySet()) {
        JsonObject want = (JsonObject) e.getValue();
        TargetInfo info = client.getTargetInfo(e.getKey()).orElseThrow(
            () -> new AssertionError(e.getKey() + " not found"));
        assertEquals(text(want.get("via_role")), info.signingRole(), e.getKey());
        assertEquals(((JsonValue.JsonNumber) want.get("length")).value(), info.length());
        for (var h : ((JsonObject) want.get("hashes")).members().entrySet()) {
          assertEquals(text(h.getValue()), info.hashes().get(h.getKey()));
        }
        Path file = client.download(info);
        assertEquals(info.hashes().get("sha256"), sha256(file));
      }
      for (String missing : ((JsonObject) expected.get("targets_not_found")).members()
          .keySet()) {
        assertEquals(Optional.empty(), client.getTargetInfo(missing), missing);
      }

      // The delegation order python-tuf visited, read off the wire by a fresh client.
      String path = "a/deep/app-1.1.bin";
      Updater fresh = updater(fixture, server.baseUri(), HttpFetcher::create, "order");
      fresh.refresh();
      server.clearRequests();
      assertEquals("role3", fresh.getTargetInfo(path).orElseThrow().signingRole());
      List<String> visited = new ArrayList<>(List.of("targets"));
      for (String request : server.requests()) {
        Matcher m = ROLE_FILE.matcher(request);
        assertTrue(m.matches(), request);
        visited.add(m.group(1));
      }
      List<String> want = new ArrayList<>();
      for (JsonValue v : ((JsonArray) expected.get(
          "delegation_order_visited_for_" + path)).elements()) {
        want.add(text(v));
      }
      assertEquals(want, visited);
    }
  }

  @Test
  void basicRepositoryOverFileUrlsGivesTheSameResult() throws Exception {
    String fixture = "python-tuf-basic";
    Updater client = updater(fixture, Fixtures.path(fixture).toUri(), FileFetcher::create,
        "file");
    client.refresh();
    TargetInfo info = client.getTargetInfo("b/fw.img").orElseThrow();
    assertEquals("role2", info.signingRole());
    assertArrayEquals(Files.readAllBytes(Fixtures.path(fixture).resolve("targets/b/"
        + info.hashes().get("sha256") + ".fw.img")), Files.readAllBytes(client.download(info)));
  }

  @Test
  void hashBinRepositoryFindsEachSampleInItsBinOnly_tap15() throws Exception {
    String fixture = "python-tuf-hashbins";
    Map<String, JsonValue> samples =
        ((JsonObject) expected(fixture).get("sample_targets")).members();
    try (LoopbackServer server = LoopbackServer.serveDirectory(Fixtures.path(fixture))) {
      Updater client = updater(fixture, server.baseUri(), HttpFetcher::create, "bins");
      client.refresh();
      assertTrue(server.requests().contains("metadata/snapshot.json"),
          "non-consistent snapshot: plain file names");
      for (var e : samples.entrySet()) {
        JsonObject want = (JsonObject) e.getValue();
        server.clearRequests();
        TargetInfo info = client.getTargetInfo(e.getKey()).orElseThrow();
        String bin = text(want.get("bin"));
        assertEquals(bin, info.signingRole());
        assertEquals(List.of("targets", bin), info.delegationChain());
        assertTrue(server.requests().isEmpty()
            || server.requests().equals(List.of("metadata/" + bin + ".json")),
            "only the responsible bin is fetched: " + server.requests());
        assertEquals(((JsonValue.JsonNumber) want.get("length")).value(), info.length());
        Path file = client.download(info);
        assertEquals(text(((JsonObject) want.get("hashes")).get("sha256")), sha256(file));
      }
      assertEquals(Optional.empty(), client.getTargetInfo("pkgs/not-there.tar.gz"));
    }
  }
}
