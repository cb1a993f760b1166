package org.tuf4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tuf4j.loopback.LoopbackPostgres;

/**
 * The served Director's load test end to end at a size that proves it runs (its figures mean
 * nothing here): one and two OtaServer instances on a real PostgreSQL, every phase completed.
 */
class DirectorLoadTestSmokeTest {
  @Test
  void theLoadTestRunsEveryPhaseOnOneAndTwoInstances() throws Exception {
    if (LoopbackPostgres.binaries().isEmpty()) {
      if (System.getenv("CI") != null) {
        fail("PostgreSQL is not installed: .ci/run must install the postgresql package");
      }
      assumeTrue(false, "PostgreSQL is not installed; skipping (apt-get install postgresql)");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<List<DirectorLoadTest.Phase>> runs = DirectorLoadTest.run(3, 2, 1, List.of(1, 2), 300,
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(2, runs.size());
    for (List<DirectorLoadTest.Phase> phases : runs) {
      assertEquals(List.of("unchanged poll", "assignment (PUT)", "poll after assignment",
          "manifest (POST)"), phases.stream().map(DirectorLoadTest.Phase::name).toList());
      phases.forEach(p -> assertTrue(p.perSecond() > 0, p.name()));
    }
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("2 instances"), table);
  }
}
