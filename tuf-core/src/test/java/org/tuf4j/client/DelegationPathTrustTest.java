package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Trust in a delegated role belongs to the (delegator, role) pair (TUF spec §5.6.7: each role
 * is verified with the keys and threshold of the delegation being followed), never to the role's
 * name. The attack: a "diamond" in which {@code parent-a} (for {@code team-a/*}) and {@code
 * parent-b} (for {@code team-b/*}) both delegate a role named {@code release}, each with its own
 * key. {@code release} is signed by A's key only and lists {@code team-b/trusted_root.json}.
 * Regression: once {@code release} had been verified through {@code parent-a}, a search through
 * {@code parent-b} reused it without checking B's key, and served the target.
 */
class DelegationPathTrustTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final UpdaterConfig CONFIG =
      UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  private static final String STOLEN = "team-b/trusted_root.json";

  @TempDir Path tmp;
  private RepositorySimulator repo;

  @BeforeEach
  void diamond() {
    repo = RepositorySimulator.builder().now(NOW).build();
    repo.delegate("targets", "parent-a", List.of("team-a/*"), false);
    repo.delegate("targets", "parent-b", List.of("team-b/*"), false);
    repo.delegate("parent-a", "release", List.of("team-a/*"), false); // key A signs release
    Signer b = repo.newSigner();
    String bId = RepositorySimulator.keyIdOf(b);
    repo.updateTargets("parent-b", t -> RepositorySimulator.withDelegation(t, new DelegatedRole("release",
        List.of(bId), 1, Optional.of(false), Optional.of(List.of("team-b/*")), Optional.empty(),
        Map.of()), bId, RepositorySimulator.keyOf(b)));
    repo.addTarget("release", "team-a/app.bin", "app".getBytes(StandardCharsets.UTF_8));
    repo.addTarget("release", STOLEN, "attacker's root".getBytes(StandardCharsets.UTF_8));
    repo.publish();
  }

  private Updater updater() throws Exception {
    return Updater.builder()
        .metadataDir(tmp.resolve("metadata"))
        .metadataBaseUrl(RepositorySimulator.uri("metadata/"))
        .targetBaseUrl(RepositorySimulator.uri("targets/"))
        .targetDir(tmp.resolve("targets"))
        .trustedRoot(repo.trustedRootBytes())
        .fetcher(repo.fetcher())
        .config(CONFIG)
        .build();
  }

  @Test
  void roleTrustedThroughOneDelegatorIsNotTrustedThroughAnother_diamond_spec5_6_7()
      throws Exception {
    Updater updater = updater();
    // release is legitimately reached through parent-a, whose key A signed it.
    assertEquals(List.of("targets", "parent-a", "release"),
        updater.getTargetInfo("team-a/app.bin").orElseThrow().delegationChain());
    // Through parent-b, release must carry B's signature; it does not.
    assertThrows(ThresholdNotMetException.class, () -> updater.getTargetInfo(STOLEN));
  }

  @Test
  void roleRefusedThroughOneDelegatorIsStillTrustedThroughTheOther_diamond_spec5_6_7()
      throws Exception {
    Updater updater = updater();
    assertThrows(ThresholdNotMetException.class, () -> updater.getTargetInfo(STOLEN));
    assertTrue(updater.getTargetInfo("team-a/app.bin").isPresent());
    assertThrows(ThresholdNotMetException.class, () -> updater.getTargetInfo(STOLEN));
  }

  private byte[] roleFile(TrustedMetadataSet set, String role) {
    long version = set.snapshot().orElseThrow().signed().metaFor(role).orElseThrow().version();
    return repo.file("metadata/" + version + "." + role + ".json");
  }

  @Test
  void trustedSetKeysDelegatedTrustByDelegatorAndRole_diamond_spec5_6_7() throws Exception {
    TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(repo.trustedRootBytes(),
        TrustOptions.at(NOW).withBackend(CryptoBackends.defaultBackend()).withBounds(CONFIG));
    set.updateTimestamp(repo.file("metadata/timestamp.json"));
    long snapshotVersion = set.timestamp().orElseThrow().signed().snapshotMeta().version();
    set.updateSnapshot(repo.file("metadata/" + snapshotVersion + ".snapshot.json"));
    set.updateTargets(roleFile(set, "targets"));
    for (String parent : List.of("parent-a", "parent-b")) {
      set.updateDelegatedTargets(roleFile(set, parent), parent, "targets");
    }
    byte[] release = roleFile(set, "release");
    set.updateDelegatedTargets(release, "release", "parent-a");
    assertTrue(set.delegatedTargets("release", "parent-a").isPresent());
    // Trusted through parent-a does not make it trusted through parent-b.
    assertThrows(ThresholdNotMetException.class,
        () -> set.delegatedTargets("release", "parent-b"));
    assertThrows(ThresholdNotMetException.class,
        () -> set.updateDelegatedTargets(release, "release", "parent-b"));
    assertTrue(set.delegatedTargets("release", "parent-a").isPresent());
  }
}
