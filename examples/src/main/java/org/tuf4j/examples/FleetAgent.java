package org.tuf4j.examples;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.tuf4j.ClockRollbackException;
import org.tuf4j.TufException;
import org.tuf4j.client.RefreshOutcome;
import org.tuf4j.client.UpdateEvents;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.loopback.LoopbackServer;

/**
 * A fleet device's update agent: it polls a repository (served on 127.0.0.1) under the freshness
 * policy a fleet wants — no request while the last refresh is younger than an hour, answers
 * from unexpired trusted metadata when the network is down, a clock that cannot be turned back —
 * and prints every security event as one JSON line on standard output, as a telemetry shipper
 * would read them ({@link UpdateEvents#toJson}). What it does is told on standard error. The
 * device's clock is simulated, so that an afternoon (a lost network, a dead clock battery)
 * passes in a second; each poll starts the agent afresh, as a device's timer would.
 *
 * <p>Usage: {@code java -cp examples/target/tuf4j-examples.jar org.tuf4j.examples.FleetAgent}.
 * Exit status 0 when every poll behaved as it should.
 */
public final class FleetAgent {
  private final PrintStream events;
  private final PrintStream log;
  private final Path work;
  /** The device's clock, moved by the scenario; each poll reads it once. */
  private Instant now = Clock.systemUTC().instant();

  FleetAgent(PrintStream events, PrintStream log, Path work) {
    this.events = events;
    this.log = log;
    this.work = work;
  }

  /**
   * Runs the agent's afternoon in a temporary directory.
   *
   * @param args none
   * @throws Exception when the repository cannot be written or the agent's directory used
   */
  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("tuf4j-fleet-agent-");
    boolean ok;
    try {
      ok = new FleetAgent(System.out, System.err, work).run();
    } finally {
      Demo.deleteTree(work);
    }
    System.exit(ok ? 0 : 1);
  }

  /** Every poll of the afternoon; true when each one behaved as it should. */
  boolean run() throws Exception {
    Path repository = work.resolve("repository");
    byte[] trustedRoot = Demo.writeRepository(repository,
        "fleet firmware\n".getBytes(StandardCharsets.UTF_8));
    boolean ok;
    try (LoopbackServer server = LoopbackServer.serveDirectory(repository)) {
      URI base = server.baseUri();
      ok = poll(agent(base, trustedRoot), "first poll", RefreshOutcome.Source.REPOSITORY);
      now = now.plus(Duration.ofMinutes(20));
      ok &= poll(agent(base, trustedRoot), "20 minutes later, within maxAge: no request",
          RefreshOutcome.Source.STORED_WITHIN_MAX_AGE);
      now = now.plus(Duration.ofHours(2));
      server.close();
      ok &= poll(agent(base, trustedRoot),
          "2 hours later the network is down: an answer from unexpired metadata",
          RefreshOutcome.Source.OFFLINE);
    }
    now = Instant.EPOCH;
    log.println("the clock battery died: the device boots in 1970");
    try {
      agent(URI.create("http://127.0.0.1:9/"), trustedRoot).refresh();
      log.println("  accepted a clock turned back: unexpected");
      ok = false;
    } catch (ClockRollbackException refused) {
      log.println("  refused: " + refused.getMessage());
    }
    log.println(ok ? "done: every poll behaved as it should" : "done: a poll misbehaved");
    return ok;
  }

  private boolean poll(Updater agent, String what, RefreshOutcome.Source expected) {
    log.println(what);
    try {
      RefreshOutcome outcome = agent.refresh();
      log.println("  " + outcome);
      return outcome.source() == expected;
    } catch (TufException | java.io.IOException e) {
      log.println("  failed: " + e.getMessage());
      return false;
    }
  }

  /**
   * The agent as each poll starts it, with the device's clock as it reads now; what it trusts,
   * the clock floor included, is in its metadata directory.
   */
  private Updater agent(URI base, byte[] trustedRoot) throws java.io.IOException {
    return Updater.builder()
        .metadataDir(work.resolve("agent/metadata"))
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .trustedRoot(trustedRoot)
        .config(UpdaterConfig.builder()
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .maxAge(Duration.ofHours(1))
            .offlineFallback(true)
            .build())
        .eventListener(event -> events.println(UpdateEvents.toJson(event)))
        .build();
  }
}
