package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.UnusableTrustedStateException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.testing.RepositorySimulator;

/**
 * The client fails closed and says why (TUF spec §5 preamble; lesson: an unusable trusted file
 * is an error the application sees, never a silent fall-back to an older trust anchor), and
 * names from metadata are refused before a URL or a file name is built from them.
 */
class FailClosedTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final UpdaterConfig CONFIG =
      UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  @TempDir Path tmp;
  private RepositorySimulator repo;
  private String targetsFile;
  private byte[] publishedTargets;

  @BeforeEach
  void setUp() {
    repo = RepositorySimulator.builder().now(NOW).build();
    repo.addTarget("app.bin", "app".getBytes(StandardCharsets.UTF_8));
    repo.publish();
  }

  private Updater updater() throws Exception {
    return Updater.builder()
        .metadataDir(tmp.resolve("metadata"))
        .metadataBaseUrl(RepositorySimulator.uri("metadata/"))
        .targetBaseUrl(RepositorySimulator.uri("targets/"))
        .targetDir(tmp.resolve("client/targets"))
        .trustedRoot(repo.trustedRootBytes())
        .fetcher(repo.fetcher())
        .config(CONFIG)
        .build();
  }

  /**
   * Regression: a stored root.json that no longer parsed or verified was replaced by the
   * bootstrap root with a warning; an attacker who could damage the file rolled the client back
   * to the shipped root and every key it trusted.
   */
  @Test
  void unusableStoredRootIsAnErrorNamingTheFileNeverABootstrapFallback_spec5_2() throws Exception {
    repo.rotateKeys("root"); // root v2: the stored root is newer than the bootstrap root
    repo.publish();
    updater().refresh();
    Path rootFile = tmp.resolve("metadata/root.json");
    byte[] stored = Files.readAllBytes(rootFile);
    for (byte[] damaged : List.of(Arrays.copyOf(stored, stored.length / 2),
        new String(stored, StandardCharsets.UTF_8).replace("\"version\":2", "\"version\":3")
            .getBytes(StandardCharsets.UTF_8))) {
      Files.write(rootFile, damaged);
      UnusableTrustedStateException e = assertThrows(UnusableTrustedStateException.class,
          () -> updater().refresh());
      assertEquals(rootFile, e.file());
      assertTrue(e.getMessage().contains(rootFile.toString()), e.getMessage());
      assertTrue(e.getCause() instanceof MalformedMetadataException
          || e.getCause() instanceof ThresholdNotMetException, e.getCause().toString());
      assertArrayEquals(damaged, Files.readAllBytes(rootFile), "left for the application");
    }
    // Recovering from the bootstrap root is the application's explicit decision.
    Updater recovering = updater();
    recovering.recoverFromBootstrapRoot();
    recovering.refresh();
    assertEquals(2, recovering.trustedRoot().signed().version());
    assertArrayEquals(stored, Files.readAllBytes(rootFile));
  }

  /** Regression: {@code ../../admin/x} in signed targets reached the request line. */
  @Test
  void signedTargetPathWithDotSegmentsIsRefusedBeforeAnyRequest_pathTraversal() throws Exception {
    for (String path : List.of("../../admin/x", "a/./b", "..", "a/..")) {
      JsonValue entry = targetEntry("ab".repeat(32));
      replaceTargets(entries -> entries.put(path, entry));
      repo.clearRequests();
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> updater().getTargetInfo(path));
      assertTrue(e.getMessage().contains(". or .. segment"), e.getMessage());
      assertFalse(repo.requests().stream().anyMatch(r -> r.startsWith("targets/")),
          repo.requests().toString());
    }
  }

  /** Regression: a hash value of {@code ../../x?y#} became part of a consistent-snapshot URL. */
  @Test
  void hashValuesThatAreNotLowerCaseHexAreRefusedBeforeAnyUrlIsBuilt_consistentSnapshots()
      throws Exception {
    for (String digest : List.of("../../x?y#", "AB".repeat(32), "ab", "ab".repeat(33))) {
      JsonValue entry = targetEntry(digest);
      replaceTargets(entries -> entries.put("evil.bin", entry));
      repo.clearRequests();
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> updater().getTargetInfo("evil.bin"));
      assertTrue(e.getMessage().contains("lower-case hex"), e.getMessage());
      assertFalse(repo.requests().stream().anyMatch(r -> r.startsWith("targets/")));
    }
  }

  /**
   * Regression: a delegation listing the key {@code -----BEGIN PUBLIC KEY---------END PUBLIC
   * KEY-----} made {@code getTargetInfo} throw StringIndexOutOfBoundsException. The key is
   * invalid; the delegation's other key still counts toward the threshold.
   */
  @Test
  void undecodableDelegatedKeyIsInvalidAndTheOtherKeysCount_spec5_6_7() throws Exception {
    Signer good = repo.newSigner();
    String goodId = RepositorySimulator.keyIdOf(good);
    Key broken = Key.of("ecdsa", "ecdsa-sha2-nistp256",
        "-----BEGIN PUBLIC KEY---------END PUBLIC KEY-----");
    String brokenId = broken.computeKeyId();
    repo.addDelegation("targets", new DelegatedRole("docs", List.of(brokenId, goodId), 1,
        Optional.of(false), Optional.of(List.of("docs/*")), Optional.empty(), Map.of()),
        Map.of(goodId, good));
    repo.updateTargets("targets", t -> {
      Delegations d = t.delegations().orElseThrow();
      Map<String, Key> keys = new LinkedHashMap<>(d.keys());
      keys.put(brokenId, broken);
      return new Targets(t.specVersion(), t.version(), t.expires(), t.targets(),
          Optional.of(new Delegations(keys, d.roles(), d.succinctRoles(),
              d.unrecognizedFields())), t.unrecognizedFields());
    });
    repo.addTarget("docs", "docs/a.txt", "a".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    assertEquals("docs", updater().getTargetInfo("docs/a.txt").orElseThrow().signingRole());

    repo.signWith("docs", repo.newSigner()); // now only an unknown key signs
    repo.touch("docs");
    repo.publish();
    assertThrows(ThresholdNotMetException.class, () -> updater().getTargetInfo("docs/a.txt"));
  }

  /** Publishes targets whose entries {@code edit} changed, signed by the targets key. */
  private void replaceTargets(java.util.function.Consumer<Map<String, JsonValue>> edit)
      throws Exception {
    if (targetsFile == null) {
      Updater probe = updater();
      probe.refresh();
      long version = probe.trustedSnapshot().orElseThrow().signed().metaFor("targets")
          .orElseThrow().version();
      targetsFile = "metadata/" + version + ".targets.json";
      publishedTargets = repo.file(targetsFile);
    }
    String file = targetsFile;
    JsonObject signed = Signed.parse(publishedTargets, Targets.class).signed().toJson();
    Map<String, JsonValue> members = new LinkedHashMap<>(signed.members());
    Map<String, JsonValue> entries = new LinkedHashMap<>(
        ((JsonObject) members.get("targets")).members());
    edit.accept(entries);
    members.put("targets", new JsonObject(entries));
    repo.putFile(file, RepositorySimulator.signJson(new JsonObject(members),
        repo.signers("targets")));
    Files.deleteIfExists(tmp.resolve("metadata/targets.json"));
  }

  private static JsonValue targetEntry(String sha256) throws Exception {
    return CanonicalJson.parse(("{\"length\":3,\"hashes\":{\"sha256\":\"" + sha256 + "\"}}")
        .getBytes(StandardCharsets.UTF_8));
  }
}
