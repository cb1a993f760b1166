package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.testing.SettableClock;

/**
 * The publishing policy persists in the repository's configuration (expiry periods, hash
 * choices, online roles), validated when the repository is opened; and a periodic job re-signs
 * exactly what is about to expire. Regressions: {@code init --expiry} affected version 1 only,
 * and a mistyped role name was accepted.
 */
class RepositoryPolicyTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path tmp;
  private final SettableClock clock = new SettableClock(START);
  private FileSystemStorage storage;
  private final TopLevelKeys keys = new TopLevelKeys();
  private final Signer docs = KeyPairSigner.generate("ed25519");

  @BeforeEach
  void setUp() throws Exception {
    storage = FileSystemStorage.open(tmp.resolve("repo"));
    RepositoryEditor editor = RepositoryEditor.create(storage, clock, keys.roles(), true);
    editor.delegations().delegate("targets", "docs", RoleKeys.of(RepositoryEditorTest.key(docs)),
        Optional.of(List.of("docs/*")), Optional.empty(), false);
    editor.policy().setExpiryPeriod("targets", Duration.ofDays(10));
    editor.policy().setExpiryPeriod("docs", Duration.ofDays(30));
    editor.stage(all()).publish();
  }

  private List<Signer> all() {
    return keys.all(docs);
  }

  private List<Signer> online() {
    return List.of(keys.get(RoleType.SNAPSHOT), keys.get(RoleType.TIMESTAMP));
  }

  @Test
  void expiryPeriodsApplyToEveryLaterRelease_notOnlyTheFirst() throws Exception {
    clock.set(START.plus(Duration.ofDays(2)));
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      editor.targets().addTarget("a.txt", "a".getBytes(StandardCharsets.UTF_8), Optional.empty());
      editor.targets().addTarget("docs", "docs/b.txt", "b".getBytes(StandardCharsets.UTF_8),
          Optional.empty());
      Release release = editor.stage(all());
      assertEquals(clock.instant().plus(Duration.ofDays(10)),
          release.files(MetadataEncoding.JSON).targets().get("targets").signed().expires());
      assertEquals(clock.instant().plus(Duration.ofDays(30)),
          release.files(MetadataEncoding.JSON).targets().get("docs").signed().expires());
      release.publish();
    }
    String config = Files.readString(storage.root().resolve("config/repository.json"));
    assertTrue(config.contains("\"targets\":\"PT240H\"") && config.contains("\"docs\":\"PT720H\""),
        config);
  }

  @Test
  void mistypedRoleNamesAndUnknownSettingsAreRefused() throws Exception {
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> editor.policy().setExpiryPeriod("timestamps", Duration.ofDays(1)));
      assertTrue(e.getMessage().contains("no role named \"timestamps\""), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> editor.policy().setOnlineRoles(Set.of("snapshot", "tiemstamp")));
      assertThrows(IllegalArgumentException.class,
          () -> editor.policy().setTargetHashes(Set.of("md5")));
    }
    Path config = storage.root().resolve("config/repository.json");
    String good = Files.readString(config);
    for (String bad : List.of(good.replace("\"docs\":", "\"doc\":"),
        good.replace("\"expiry\":", "\"expires\":"), good.replace("P", "X"),
        good.replace("\"target_hashes\":[", "\"target_hashes\":[\"md5\","), "[]", "{")) {
      Files.writeString(config, bad);
      InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
          () -> RepositoryEditor.open(storage, clock).close(), bad);
      assertTrue(e.getMessage().contains("config/repository.json"), e.getMessage());
    }
  }

  @Test
  void targetsListTheConfiguredDigests() throws Exception {
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      editor.policy().setTargetHashes(Set.of("sha256"));
      editor.targets().addTarget("a.txt", "a".getBytes(StandardCharsets.UTF_8), Optional.empty());
      editor.stage(all()).publish();
    }
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      assertEquals(Set.of("sha256"),
          editor.targets().target("a.txt").orElseThrow().hashes().keySet());
      editor.targets().addTarget("b.txt", "b".getBytes(StandardCharsets.UTF_8), Optional.empty());
      assertEquals(Set.of("sha256"),
          editor.targets().target("b.txt").orElseThrow().hashes().keySet());
    }
  }

  /** A cron job with the online keys re-signs what is due, and nothing that is fresh. */
  @Test
  void resignExpiringResignsWhatIsDueAndNothingFresh() throws Exception {
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      assertEquals(Optional.empty(), editor.resignExpiring(Duration.ofHours(1), online()));
    }
    clock.set(START.plus(Duration.ofHours(23))); // timestamp (1 day) due within 2 hours
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      Release release = editor.resignExpiring(Duration.ofHours(2), online()).orElseThrow();
      assertEquals(List.of("timestamp"), release.roles());
      release.publish();
    }
    clock.set(START.plus(Duration.ofDays(6).plusHours(23))); // snapshot (7 days) due too
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      Release release = editor.resignExpiring(Duration.ofHours(2), online()).orElseThrow();
      assertEquals(List.of("snapshot", "timestamp"), release.roles());
      release.publish();
    }
    clock.set(START.plus(Duration.ofDays(9).plusHours(23))); // targets (10 days) is due
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      // Without the targets key, targets is left for whoever holds it.
      Release release = editor.resignExpiring(Duration.ofHours(2), online()).orElseThrow();
      assertEquals(List.of("timestamp"), release.roles());
      editor.close();
    }
    try (RepositoryEditor editor = RepositoryEditor.open(storage, clock)) {
      List<Signer> withTargets = new ArrayList<>(online());
      withTargets.add(keys.get(RoleType.TARGETS));
      Release release = editor.resignExpiring(Duration.ofHours(2), withTargets).orElseThrow();
      assertEquals(List.of("targets", "snapshot", "timestamp"), release.roles());
      release.publish();
      Signed<Targets> targets = release.files(MetadataEncoding.JSON).targets().get("targets");
      assertEquals(clock.instant().plus(Duration.ofDays(10)), targets.signed().expires());
    }
  }
}
