package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.ClockRollbackException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.client.UpdateEvent.ClockRollbackDetected;
import org.tuf4j.client.UpdateEvent.OfflineAnswer;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.LoopbackServer.Behaviour;
import org.tuf4j.testing.RepositorySimulator;
import org.tuf4j.testing.SettableClock;

/**
 * The freshness policy of issue 18 §1–§2 over loopback HTTP with a server that can be stopped:
 * {@code maxAge} skips the network only for stored metadata that passes every §5 check at the
 * reference time; offline answers come only from unexpired metadata, only when the repository
 * cannot be reached, and are reported; a clock turned back below the persisted time floor is
 * refused, or by policy replaced by the floor, and reported either way.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FreshnessPolicyTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final byte[] APP = "app 1\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private RepositorySimulator sim;
  private LoopbackServer server;
  private final SettableClock clock = new SettableClock(T0);
  private final List<UpdateEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() {
    sim = RepositorySimulator.builder().now(T0).build();
    sim.addTarget("app.bin", APP);
    sim.publish();
    server = LoopbackServer.serve(sim::findFile);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Updater updater(UpdaterConfig.Builder config) throws IOException {
    return Updater.builder()
        .metadataDir(tmp.resolve("metadata"))
        .metadataBaseUrl(server.baseUri().resolve("metadata/"))
        .trustedRoot(sim.trustedRootBytes())
        .fetcher(HttpFetcher.builder().connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(2)).build())
        .config(config.clock(clock).build())
        .eventListener(events::add)
        .build();
  }

  private static UpdaterConfig.Builder config() {
    return UpdaterConfig.builder();
  }

  private <T> List<T> eventsOf(Class<T> kind) {
    return events.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  // ---------------------------------------------------------------- §1 maxAge

  @Test
  void maxAge_aYoungRefreshIsAnsweredFromStoredMetadataWithoutARequest() throws Exception {
    Updater updater = updater(config().maxAge(Duration.ofHours(2)));
    assertEquals(RefreshOutcome.Source.REPOSITORY, updater.refresh().source());
    server.clearRequests();
    clock.set(T0.plus(Duration.ofHours(1)));

    RefreshOutcome outcome = updater.refresh();

    assertEquals(RefreshOutcome.Source.STORED_WITHIN_MAX_AGE, outcome.source());
    assertFalse(outcome.fromRepository());
    assertEquals(T0.plus(Duration.ofHours(1)), outcome.referenceTime());
    assertEquals(T0, outcome.lastCompleteRefresh());
    assertEquals(List.of(), server.requests());
    assertTrue(updater.getTargetInfo("app.bin").isPresent());
    assertEquals(List.of(), server.requests());
  }

  @Test
  void maxAge_anOlderRefreshAsksTheRepository() throws Exception {
    Updater updater = updater(config().maxAge(Duration.ofHours(2)));
    updater.refresh();
    server.clearRequests();
    clock.set(T0.plus(Duration.ofHours(2)));

    RefreshOutcome outcome = updater.refresh();

    assertEquals(RefreshOutcome.Source.REPOSITORY, outcome.source());
    assertEquals(outcome.referenceTime(), outcome.lastCompleteRefresh());
    assertTrue(server.requests().contains("metadata/timestamp.json"));
  }

  @Test
  void maxAge_storedMetadataExpiredAtTheReferenceTimeIsNotUsed_spec5_4_4() throws Exception {
    sim.setExpires("timestamp", T0.plus(Duration.ofHours(1)));
    sim.publish();
    Updater updater = updater(config().maxAge(Duration.ofDays(1)));
    updater.refresh();
    sim.setExpires("timestamp", T0.plus(Duration.ofDays(30)));
    sim.publish();
    server.clearRequests();
    clock.set(T0.plus(Duration.ofHours(2)));

    RefreshOutcome outcome = updater.refresh();

    assertEquals(RefreshOutcome.Source.REPOSITORY, outcome.source());
    assertTrue(server.requests().contains("metadata/timestamp.json"));
  }

  @Test
  void maxAge_isOffByDefault() throws Exception {
    Updater updater = updater(config());
    updater.refresh();
    server.clearRequests();
    assertEquals(RefreshOutcome.Source.REPOSITORY, updater.refresh().source());
    assertTrue(server.requests().contains("metadata/timestamp.json"));
  }

  // ---------------------------------------------------------------- §1 offline fallback

  @Test
  void offline_aStoppedServerIsAnsweredFromUnexpiredMetadataAndReported() throws Exception {
    Updater updater = updater(config().offlineFallback(true));
    updater.refresh();
    server.close();
    clock.set(T0.plus(Duration.ofHours(1)));
    events.clear();

    RefreshOutcome outcome = updater.refresh();

    assertEquals(RefreshOutcome.Source.OFFLINE, outcome.source());
    assertEquals(T0, outcome.lastCompleteRefresh());
    FetchException cause = outcome.offlineCause().orElseThrow();
    assertEquals(List.of(new OfflineAnswer(T0.plus(Duration.ofHours(1)), T0, cause)),
        eventsOf(OfflineAnswer.class));
    assertTrue(updater.getTargetInfo("app.bin").isPresent());
  }

  @Test
  void offline_isOffByDefault_spec5_4_1() throws Exception {
    Updater updater = updater(config());
    updater.refresh();
    server.close();
    assertThrows(FetchException.class, updater::refresh);
    assertEquals(List.of(), eventsOf(OfflineAnswer.class));
    assertEquals(Optional.empty(), updater.trustedTimestamp());
  }

  @Test
  void offline_storedMetadataExpiredAtTheReferenceTimeIsNeverAnswered_freeze() throws Exception {
    sim.setExpires("snapshot", T0.plus(Duration.ofHours(1)));
    sim.publish();
    Updater updater = updater(config().offlineFallback(true));
    updater.refresh();
    server.close();
    clock.set(T0.plus(Duration.ofHours(2)));

    FetchException e = assertThrows(FetchException.class, updater::refresh);

    assertInstanceOf(ExpiredMetadataException.class, e.getSuppressed()[0]);
    assertEquals(List.of(), eventsOf(OfflineAnswer.class));
    assertEquals(Optional.empty(), updater.trustedTimestamp());
  }

  @Test
  void offline_aVerificationFailureIsNeverAnsweredOffline_arbitraryInstallation()
      throws Exception {
    Updater updater = updater(config().offlineFallback(true));
    updater.refresh();
    byte[] forged = RepositorySimulator.sign(
        sim.signedTimestamp().signed(), java.util.Map.of("x", sim.newSigner()))
        .toCanonicalJson();
    server.override("metadata/timestamp.json", new Behaviour.Content(forged));

    assertThrows(ThresholdNotMetException.class, updater::refresh);
    assertEquals(List.of(), eventsOf(OfflineAnswer.class));
  }

  @Test
  void offline_aFileTheRepositoryDoesNotHaveIsNotAnsweredOffline() throws Exception {
    Updater updater = updater(config().offlineFallback(true));
    updater.refresh();
    server.override("metadata/timestamp.json", new Behaviour.Status(404));

    assertThrows(NotFoundException.class, updater::refresh);
    assertEquals(List.of(), eventsOf(OfflineAnswer.class));
  }

  @Test
  void offline_noAnswerBeforeAnyCompleteRefresh() throws Exception {
    server.close();
    Updater updater = updater(config().offlineFallback(true));
    assertThrows(FetchException.class, updater::refresh);
    assertEquals(List.of(), eventsOf(OfflineAnswer.class));
  }

  @Test
  void offline_theUnsafeModeUsesExpiredMetadataAndReportsEachUse() throws Exception {
    sim.setExpires("snapshot", T0.plus(Duration.ofHours(1)));
    sim.publish();
    Updater updater = updater(config().offlineFallback(true).unsafeOfflineExpiredMetadata(true));
    updater.refresh();
    server.close();
    Instant later = T0.plus(Duration.ofHours(2));
    clock.set(later);

    RefreshOutcome outcome = updater.refresh();

    assertEquals(RefreshOutcome.Source.OFFLINE_EXPIRED, outcome.source());
    assertEquals(List.of(new UpdateEvent.ExpiredMetadataUsed(later, "snapshot",
        T0.plus(Duration.ofHours(1)))), eventsOf(UpdateEvent.ExpiredMetadataUsed.class));
    assertEquals(1, eventsOf(OfflineAnswer.class).size());
    assertTrue(updater.getTargetInfo("app.bin").isPresent());
  }

  @Test
  void offline_theUnsafeModeNeverUsesExpiredMetadataServedByAReachableRepository_freeze()
      throws Exception {
    sim.setExpires("timestamp", T0.plus(Duration.ofHours(1)));
    sim.publish();
    Updater updater = updater(config().offlineFallback(true).unsafeOfflineExpiredMetadata(true));
    updater.refresh();
    clock.set(T0.plus(Duration.ofHours(2)));

    assertThrows(ExpiredMetadataException.class, updater::refresh);
    assertEquals(List.of(), eventsOf(UpdateEvent.ExpiredMetadataUsed.class));
  }

  @Test
  void offline_theUnsafeModeStillChecksSignaturesOfStoredMetadata() throws Exception {
    sim.setExpires("timestamp", T0.plus(Duration.ofHours(1)));
    sim.publish();
    Updater updater = updater(config().offlineFallback(true).unsafeOfflineExpiredMetadata(true));
    updater.refresh();
    server.close();
    Path stored = tmp.resolve("metadata/timestamp.json");
    String json = java.nio.file.Files.readString(stored);
    assertTrue(json.contains("2030-01-01T01:00:00Z"), json);
    // Someone with access to the disk extends the expiry: the signature no longer matches.
    java.nio.file.Files.writeString(stored, json.replace("2030-01-01T01:00:00Z",
        "2031-01-01T01:00:00Z"));
    clock.set(T0.plus(Duration.ofHours(2)));

    FetchException e = assertThrows(FetchException.class, updater::refresh);
    assertInstanceOf(org.tuf4j.TufException.class, e.getSuppressed()[0]);
    assertEquals(List.of(), eventsOf(UpdateEvent.ExpiredMetadataUsed.class));
    assertEquals(List.of(), eventsOf(OfflineAnswer.class));
  }

  // ---------------------------------------------------------------- §2 clock floor

  @Test
  void clockFloor_aClockTurnedBackIsRefusedAndReported_freeze() throws Exception {
    updater(config()).refresh();
    clock.set(Instant.EPOCH); // a dead RTC battery
    events.clear();

    // A new updater, as after a reboot: the floor was persisted with the trusted state.
    Updater rebooted = updater(config());
    ClockRollbackException e = assertThrows(ClockRollbackException.class, rebooted::refresh);

    assertEquals(Instant.EPOCH, e.clockReading());
    assertEquals(T0, e.floor());
    assertEquals(List.of(new ClockRollbackDetected(Instant.EPOCH, T0, false)), events);
  }

  @Test
  void clockFloor_aClockWithinTheToleranceIsUsedAsItIs() throws Exception {
    updater(config()).refresh();
    Instant slightlyBehind = T0.minus(Duration.ofMinutes(4));
    clock.set(slightlyBehind);

    assertEquals(slightlyBehind, updater(config()).refresh().referenceTime());
    assertEquals(List.of(), eventsOf(ClockRollbackDetected.class));
  }

  @Test
  void clockFloor_byPolicyTheFloorIsTheReferenceTime() throws Exception {
    sim.setExpires("timestamp", T0.plus(Duration.ofHours(1)));
    sim.publish();
    updater(config()).refresh();
    clock.set(T0.plus(Duration.ofHours(3)));
    assertThrows(ExpiredMetadataException.class, () -> updater(config()).refresh());
    clock.set(T0); // turned back to when the stale timestamp looked fresh

    Updater updater = updater(config().clockRollbackPolicy(ClockRollbackPolicy.USE_FLOOR));
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class, updater::refresh);

    assertEquals(T0.plus(Duration.ofHours(3)), e.referenceTime());
    assertEquals(List.of(new ClockRollbackDetected(T0, T0.plus(Duration.ofHours(3)), true)),
        eventsOf(ClockRollbackDetected.class));
  }

  @Test
  void clockFloor_survivesRecoveryFromTheBootstrapRoot() throws Exception {
    Updater updater = updater(config());
    updater.refresh();
    updater.recoverFromBootstrapRoot();
    clock.set(Instant.EPOCH);
    assertThrows(ClockRollbackException.class, updater::refresh);
  }

  @Test
  void clockFloor_appliesToRepositoriesWithoutSnapshot() throws Exception {
    updater(config()).refresh();
    clock.set(Instant.EPOCH);
    assertThrows(ClockRollbackException.class,
        () -> updater(config()).refreshRootAndTargets());
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void config_defaultsAreSafe() {
    UpdaterConfig d = UpdaterConfig.defaults();
    assertEquals(Duration.ZERO, d.maxAge());
    assertFalse(d.offlineFallback());
    assertEquals(Duration.ofMinutes(5), d.clockRollbackTolerance());
    assertEquals(ClockRollbackPolicy.FAIL, d.clockRollbackPolicy());
    assertEquals(d, d.toBuilder().build());
  }

  @Test
  void config_negativeDurationsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> config().maxAge(Duration.ofSeconds(-1)).build());
    assertThrows(IllegalArgumentException.class,
        () -> config().clockRollbackTolerance(Duration.ofSeconds(-1)).build());
  }

  @Test
  void config_theUnsafeModeNeedsOfflineAnswersAndIsOffByDefault() {
    assertFalse(UpdaterConfig.defaults().unsafeOfflineExpiredMetadata());
    assertThrows(IllegalArgumentException.class,
        () -> config().unsafeOfflineExpiredMetadata(true).build());
  }
}
