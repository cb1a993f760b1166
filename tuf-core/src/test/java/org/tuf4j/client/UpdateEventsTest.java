package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.RollbackException;
import org.tuf4j.client.UpdateEvent.DownloadFailed;
import org.tuf4j.client.UpdateEvent.FastForwardRecovery;
import org.tuf4j.client.UpdateEvent.FreezeDetected;
import org.tuf4j.client.UpdateEvent.LookupFailed;
import org.tuf4j.client.UpdateEvent.RefreshFailed;
import org.tuf4j.client.UpdateEvent.RefreshStarted;
import org.tuf4j.client.UpdateEvent.RefreshSucceeded;
import org.tuf4j.client.UpdateEvent.RollbackRefused;
import org.tuf4j.client.UpdateEvent.RootRotated;
import org.tuf4j.testing.RepositorySimulator;

/**
 * The security events an updater reports for fleet telemetry: each refresh's start and end, and
 * what a failure or a new root says about the repository, in order; a listener that throws
 * changes no outcome.
 */
class UpdateEventsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path tmp;
  private RepositorySimulator repo;
  private final List<UpdateEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() {
    repo = RepositorySimulator.builder().now(NOW).build();
  }

  private Updater updater(UpdateEventListener listener) throws IOException {
    return Updater.builder()
        .metadataDir(tmp.resolve("metadata"))
        .metadataBaseUrl(RepositorySimulator.uri("metadata/"))
        .targetBaseUrl(RepositorySimulator.uri("targets/"))
        .targetDir(tmp.resolve("targets"))
        .trustedRoot(repo.trustedRootBytes())
        .fetcher(repo.fetcher())
        .config(UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build())
        .eventListener(listener)
        .build();
  }

  private Updater updater() throws IOException {
    return updater(events::add);
  }

  @Test
  void aRefreshReportsItsStartAndItsSuccessAtTheReferenceTime_spec5_1() throws Exception {
    updater().refresh();
    assertEquals(List.of(new RefreshStarted(NOW), new RefreshSucceeded(NOW, false)), events);
  }

  @Test
  void aNewRootIsReportedWithTheKeysItAddsAndRemoves_spec5_3() throws Exception {
    updater().refresh();
    String oldKey = repo.keyIds("root").get(0);
    repo.rotateKeys("root");
    String newKey = repo.keyIds("root").get(0);
    repo.publish();
    events.clear();
    updater().refresh();
    assertEquals(new RootRotated(NOW, 1, 2, Set.of(newKey), Set.of(oldKey)), events.get(1));
    assertInstanceOf(RefreshSucceeded.class, events.get(events.size() - 1));
  }

  @Test
  void rotatedTimestampKeysReportTheFastForwardRecovery_spec5_3_11() throws Exception {
    updater().refresh();
    repo.rotateKeys("timestamp");
    repo.publish();
    events.clear();
    updater().refresh();
    assertTrue(events.contains(new FastForwardRecovery(NOW, 2)), events::toString);
  }

  @Test
  void aReplayedOlderTimestampIsReportedAsARollback_spec5_4_3() throws Exception {
    repo.publish();
    repo.publish();
    Updater u = updater();
    u.refresh();
    repo.setVersion("timestamp", 1);
    repo.updateTimestamp();
    events.clear();
    RollbackException e = assertThrows(RollbackException.class, u::refresh);
    assertEquals(new RollbackRefused(NOW, "timestamp", e.trustedVersion(), OptionalLong.of(1)),
        events.get(events.size() - 2));
    assertEquals(new RefreshFailed(NOW, e), events.get(events.size() - 1));
  }

  @Test
  void anExpiredSnapshotIsReportedAsAFreezeWithHowStaleItIs_spec5_5_7() throws Exception {
    Instant expired = NOW.minus(Duration.ofHours(5));
    repo.setExpires("snapshot", expired);
    repo.publish();
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> updater().refresh());
    assertEquals(new FreezeDetected(NOW, "snapshot", e.version(), expired,
        Duration.ofHours(5)), events.get(events.size() - 2));
  }

  @Test
  void anExpiredDelegatedRoleMetInALookupIsReportedAsAFreezeAndAFailedLookup_spec5_6_7()
      throws Exception {
    Instant expired = NOW.minus(Duration.ofDays(2));
    repo.delegate("targets", "apps", List.of("apps/*"), false);
    repo.addTarget("apps", "apps/a.bin", new byte[] {1});
    repo.setExpires("apps", expired);
    repo.publish();
    Updater u = updater();
    u.refresh();
    events.clear();
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> u.getTargetInfo("apps/a.bin"));
    assertEquals(List.of(new FreezeDetected(NOW, "apps", e.version(), expired,
        Duration.ofDays(2)), new LookupFailed(NOW, "apps/a.bin", e)), events);
  }

  @Test
  void aTargetWhoseContentDiffersIsReportedAsAFailedDownload_spec5_7_3() throws Exception {
    byte[] content = {1, 2, 3};
    String sha256 = repo.addTarget("a.bin", content).hashes().get("sha256");
    repo.publish();
    repo.putFile(RepositorySimulator.consistentTargetPath("a.bin", sha256), new byte[] {1, 2, 4});
    Updater u = updater();
    TargetInfo info = u.getTargetInfo("a.bin").orElseThrow();
    events.clear();
    HashMismatchException e = assertThrows(HashMismatchException.class, () -> u.download(info));
    assertEquals(List.of(new DownloadFailed(NOW, "a.bin", e)), events);
  }

  @Test
  void aListenerThatThrowsChangesNoOutcome() throws Exception {
    Updater u = updater(event -> {
      throw new IllegalStateException("telemetry is down");
    });
    u.refresh();
    assertTrue(u.trustedTimestamp().isPresent());
    repo.setExpires("timestamp", NOW.minusSeconds(1));
    repo.updateTimestamp();
    assertThrows(ExpiredMetadataException.class, u::refresh);
  }
}
