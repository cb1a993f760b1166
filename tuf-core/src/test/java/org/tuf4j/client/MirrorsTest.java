package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.FetchException;
import org.tuf4j.RollbackException;
import org.tuf4j.TufException;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.LoopbackServer.Behaviour;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Mirrors (TUF spec §5, "malicious mirrors"): a mirror that fails or serves something that does
 * not verify is skipped for the next with an {@link UpdateEvent.MirrorSkipped}; the decision is
 * the trusted set's, and its refusal leaves the state the next mirror starts from unchanged.
 */
@Timeout(120)
class MirrorsTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final byte[] APP = "app 1.0".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private RepositorySimulator repo;
  private final List<UpdateEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() {
    repo = RepositorySimulator.builder().now(NOW).consistentSnapshot(false).build();
    repo.addTarget("app.bin", APP);
    repo.publish();
  }

  private Updater updater(URI primary, URI... mirrors) throws IOException {
    List<URI> metadata = new ArrayList<>();
    List<URI> targets = new ArrayList<>();
    for (URI m : mirrors) {
      metadata.add(m.resolve("metadata/"));
      targets.add(m.resolve("targets/"));
    }
    return Updater.builder()
        .metadataDir(tmp.resolve("metadata"))
        .targetDir(tmp.resolve("targets"))
        .metadataBaseUrl(primary.resolve("metadata/"))
        .targetBaseUrl(primary.resolve("targets/"))
        .metadataMirrors(metadata)
        .targetMirrors(targets)
        .trustedRoot(repo.trustedRootBytes())
        .fetcher(HttpFetcher.builder().maxRetries(0).build())
        .config(UpdaterConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build())
        .eventListener(events::add)
        .build();
  }

  private List<UpdateEvent.MirrorSkipped> skipped() {
    return events.stream().filter(e -> e instanceof UpdateEvent.MirrorSkipped)
        .map(e -> (UpdateEvent.MirrorSkipped) e).toList();
  }

  @Test
  void aMirrorServingATamperedTimestampIsSkippedForTheNext_spec5_4_2() throws Exception {
    try (LoopbackServer bad = LoopbackServer.serve(repo::findFile);
        LoopbackServer good = LoopbackServer.serve(repo::findFile)) {
      String json = new String(repo.file("metadata/timestamp.json"), StandardCharsets.UTF_8);
      int at = json.indexOf("\"sig\"");
      at = json.indexOf('"', json.indexOf(':', at)) + 1; // the signature's first character
      char flipped = json.charAt(at) == '0' ? '1' : '0';
      byte[] tampered = (json.substring(0, at) + flipped + json.substring(at + 1))
          .getBytes(StandardCharsets.UTF_8);
      bad.override("metadata/timestamp.json", new Behaviour.Content(tampered));
      Updater u = updater(bad.baseUri(), good.baseUri());
      u.refresh();
      assertEquals(1, skipped().size(), events::toString);
      UpdateEvent.MirrorSkipped skip = skipped().get(0);
      assertEquals(bad.uri("metadata/"), skip.mirror());
      assertEquals("timestamp", skip.file());
      assertInstanceOf(TufException.class, skip.cause());
      assertEquals(1, good.requestsUnder("metadata/timestamp.json"));
      assertEquals(0, good.requestsUnder("metadata/snapshot.json"));
      assertArrayEquals(APP, Files.readAllBytes(u.download(u.getTargetInfo("app.bin")
          .orElseThrow())));
    }
  }

  @Test
  void aMirrorReplayingAnOldTimestampIsSkippedAndTheStateKept_spec5_4_3() throws Exception {
    byte[] old = repo.file("metadata/timestamp.json");
    repo.publish();
    try (LoopbackServer replaying = LoopbackServer.serve(repo::findFile);
        LoopbackServer good = LoopbackServer.serve(repo::findFile)) {
      updater(good.baseUri()).refresh();
      replaying.override("metadata/timestamp.json", new Behaviour.Content(old));
      events.clear();
      Updater u = updater(replaying.baseUri(), good.baseUri());
      u.refresh();
      assertInstanceOf(RollbackException.class, skipped().get(0).cause());
      assertEquals(repo.file("metadata/timestamp.json").length,
          u.trustedMetadataBytes("timestamp").orElseThrow().length);
    }
  }

  @Test
  void aMirrorThatIsDownIsSkipped() throws Exception {
    URI down;
    try (LoopbackServer gone = LoopbackServer.serve(repo::findFile)) {
      down = gone.baseUri();
    }
    try (LoopbackServer good = LoopbackServer.serve(repo::findFile)) {
      updater(down, good.baseUri()).refresh();
      assertInstanceOf(FetchException.class, skipped().get(0).cause());
      assertEquals(URI.create(down + "metadata/"), skipped().get(0).mirror());
    }
  }

  @Test
  void noNewerRootOnThePrimaryIsAnAnswerNotAFailure_spec5_3_3() throws Exception {
    try (LoopbackServer primary = LoopbackServer.serve(repo::findFile);
        LoopbackServer mirror = LoopbackServer.serve(repo::findFile)) {
      updater(primary.baseUri(), mirror.baseUri()).refresh();
      assertEquals(List.of(), mirror.requests());
      assertEquals(List.of(), skipped());
    }
  }

  @Test
  void whenEveryMirrorFailsThePrimaryFailureIsThrownWithTheOthers() throws Exception {
    try (LoopbackServer a = LoopbackServer.serve(repo::findFile);
        LoopbackServer b = LoopbackServer.serve(repo::findFile)) {
      a.override("metadata/timestamp.json", new Behaviour.Status(500));
      b.override("metadata/timestamp.json", new Behaviour.Status(404));
      FetchException e = assertThrows(FetchException.class,
          () -> updater(a.baseUri(), b.baseUri()).refresh());
      assertTrue(e.getMessage().contains("500"), e.getMessage());
      assertEquals(1, e.getSuppressed().length);
      assertEquals(1, skipped().size());
      assertInstanceOf(UpdateEvent.RefreshFailed.class, events.get(events.size() - 1));
    }
  }

  @Test
  void aTargetThatDoesNotMatchOnOneMirrorIsFetchedWholeFromTheNext_spec5_7_4()
      throws Exception {
    try (LoopbackServer bad = LoopbackServer.serve(repo::findFile);
        LoopbackServer good = LoopbackServer.serve(repo::findFile)) {
      bad.override("targets/app.bin", new Behaviour.Content(
          "app 6.6".getBytes(StandardCharsets.UTF_8)));
      Updater u = updater(bad.baseUri(), good.baseUri());
      Path file = u.download(u.getTargetInfo("app.bin").orElseThrow());
      assertArrayEquals(APP, Files.readAllBytes(file));
      assertEquals(1, skipped().size());
      assertEquals("app.bin", skipped().get(0).file());
      assertEquals(bad.uri("targets/"), skipped().get(0).mirror());
    }
  }

  @Test
  void tooManyMirrorsAreRefused() {
    List<URI> many = new ArrayList<>();
    for (int i = 0; i < Mirrors.MAX_MIRRORS; i++) {
      many.add(URI.create("https://m" + i + ".example/"));
    }
    assertThrows(IllegalArgumentException.class,
        () -> Updater.builder().metadataMirrors(many));
  }
}
