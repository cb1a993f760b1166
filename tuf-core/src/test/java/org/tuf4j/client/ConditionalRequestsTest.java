package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.FetchException;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.LoopbackServer.Behaviour;
import org.tuf4j.loopback.LoopbackServer.Counts;
import org.tuf4j.loopback.Source;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Conditional requests for {@code timestamp.json} (TUF spec §5.4.1) over loopback HTTP: the
 * validators are kept beside the trusted timestamp, a {@code 304} keeps the stored file, and the
 * stored file is still checked as a downloaded one would be (§5.4.2–§5.4.4).
 */
@Timeout(120)
class ConditionalRequestsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final String TIMESTAMP = "metadata/timestamp.json";

  @TempDir Path tmp;
  private RepositorySimulator repo;
  private final List<UpdateEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() {
    repo = RepositorySimulator.builder().now(NOW).build();
    repo.publish();
  }

  private LoopbackServer server(boolean validators) throws IOException {
    return LoopbackServer.builder().validators(validators).source(Source.content(repo::findFile))
        .start();
  }

  /**
   * A new updater, as a process that polls and exits would make each time: its own HTTP client
   * too, so that no pooled connection of an earlier poll (which the JDK's client may retry a
   * request on once, when the server has closed it) is counted against this one.
   */
  private Updater updater(URI base, Instant now) throws IOException {
    return Updater.builder()
        .metadataDir(tmp.resolve("metadata"))
        .metadataBaseUrl(base.resolve("metadata/"))
        .trustedRoot(repo.trustedRootBytes())
        .fetcher(HttpFetcher.create())
        .config(UpdaterConfig.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build())
        .eventListener(events::add)
        .build();
  }

  /** The requests and body bytes of one refresh that finds nothing new. */
  private Counts unchangedPoll(LoopbackServer server) throws Exception {
    updater(server.baseUri(), NOW).refresh();
    server.resetCounts();
    server.clearRequests();
    Updater u = updater(server.baseUri(), NOW);
    u.refresh();
    assertTrue(u.unchangedSinceLastRefresh());
    polled.add(server.requests());
    return server.counts();
  }

  /** The requests of each unchanged poll, for the failure messages. */
  private final List<List<String>> polled = new ArrayList<>();

  @Test
  void anUnchangedPollCostsA304InsteadOfTheTimestamp_spec5_4_1() throws Exception {
    Counts before;
    try (LoopbackServer plain = server(false)) {
      before = unchangedPoll(plain); // no validators offered: what every poll cost before
    }
    Files.walk(tmp.resolve("metadata")).sorted(java.util.Comparator.reverseOrder())
        .map(Path::toFile).forEach(java.io.File::delete);
    Counts after;
    try (LoopbackServer conditional = server(true)) {
      after = unchangedPoll(conditional);
      assertEquals(List.of("metadata/2.root.json", TIMESTAMP),
          conditional.requests().subList(conditional.requests().size() - 2,
              conditional.requests().size()));
    }
    int timestampLength = repo.file(TIMESTAMP).length;
    // The probe for root N+1 is a 404 without a body; the timestamp is the only body.
    assertEquals(new Counts(2, timestampLength), before, () -> "before: " + polled);
    assertEquals(new Counts(2, 0), after, () -> "after: " + polled);
    System.out.println("unchanged poll: before " + before + ", after " + after);
  }

  @Test
  void aChangedTimestampIsFetchedWholeAndItsNewValidatorsKept_spec5_4_1() throws Exception {
    try (LoopbackServer server = server(true)) {
      Updater first = updater(server.baseUri(), NOW);
      first.refresh();
      long version = first.trustedTimestamp().orElseThrow().signed().version();
      repo.publish();
      server.resetCounts();
      Updater u = updater(server.baseUri(), NOW);
      u.refresh();
      assertEquals(version + 1, u.trustedTimestamp().orElseThrow().signed().version());
      assertTrue(server.counts().bodyBytes() >= repo.file(TIMESTAMP).length);
      server.resetCounts();
      updater(server.baseUri(), NOW).refresh();
      assertEquals(0, server.counts().bodyBytes());
    }
  }

  @Test
  void aStoredTimestampKeptBy304IsStillCheckedForExpiry_spec5_4_4() throws Exception {
    repo.setExpires("timestamp", NOW.plus(Duration.ofDays(1)));
    repo.updateTimestamp();
    try (LoopbackServer server = server(true)) {
      updater(server.baseUri(), NOW).refresh();
      Instant later = NOW.plus(Duration.ofDays(2));
      events.clear();
      server.resetCounts();
      ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
          () -> updater(server.baseUri(), later).refresh());
      assertEquals("timestamp", e.role());
      assertEquals(0, server.counts().bodyBytes()); // the repository said 304
      assertTrue(events.stream().anyMatch(ev -> ev instanceof UpdateEvent.FreezeDetected),
          events::toString);
    }
  }

  @Test
  void notModifiedToAnUnconditionalRequestIsAFailure_spec5_4_1() throws Exception {
    try (LoopbackServer server = server(false)) {
      server.override(TIMESTAMP, new Behaviour.Status(304));
      FetchException e = assertThrows(FetchException.class,
          () -> updater(server.baseUri(), NOW).refresh());
      assertTrue(e.getMessage().contains("304"), e.getMessage());
    }
  }

  @Test
  void validatorsSurviveReopeningTheMetadataDirectory() throws Exception {
    try (LoopbackServer server = server(true)) {
      updater(server.baseUri(), NOW).refresh();
      assertTrue(Files.exists(tmp.resolve("metadata/timestamp.json.validators")));
      updater(server.baseUri(), NOW).refresh();
      assertTrue(Files.exists(tmp.resolve("metadata/timestamp.json.validators")));
    }
  }

  @Test
  void fetchersWithoutConditionalSupportAlwaysFetch() throws Exception {
    Fetcher plain = (uri, max) -> Fetchers.standard().fetch(uri, max);
    try (LoopbackServer server = server(true)) {
      ConditionalFetch answer = plain.fetchIfModified(server.uri(TIMESTAMP), 1 << 20,
          new CacheValidators(java.util.Optional.of("\"x\""), java.util.Optional.empty()));
      ConditionalFetch.Modified modified = assertInstanceOf(ConditionalFetch.Modified.class,
          answer);
      modified.body().close();
      assertTrue(modified.validators().isEmpty());
    }
  }
}
