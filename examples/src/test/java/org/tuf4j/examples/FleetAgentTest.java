package org.tuf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fleet agent, run as a test: its events, one JSON line each, in order. */
class FleetAgentTest {
  @TempDir Path work;

  @Test
  @Timeout(60)
  void theAgentReportsEachPollsEventsAsJsonLines() throws Exception {
    ByteArrayOutputStream events = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    boolean ok = new FleetAgent(new PrintStream(events, true, StandardCharsets.UTF_8),
        new PrintStream(log, true, StandardCharsets.UTF_8), work).run();
    String logged = log.toString(StandardCharsets.UTF_8);
    assertTrue(ok, logged);
    List<String> lines = events.toString(StandardCharsets.UTF_8).lines().toList();
    List<String> kinds = lines.stream()
        .map(l -> l.substring("{\"event\":\"".length(), l.indexOf('"', "{\"event\":\"".length())))
        .toList();
    // First poll; none within maxAge; the network down: failed, then answered offline; 1970.
    assertEquals(List.of("RefreshStarted", "RefreshSucceeded", "RefreshStarted",
        "RefreshFailed", "OfflineAnswer", "ClockRollbackDetected"), kinds, logged);
    lines.forEach(l -> assertTrue(l.startsWith("{\"event\":") && l.endsWith("}"), l));
  }
}
