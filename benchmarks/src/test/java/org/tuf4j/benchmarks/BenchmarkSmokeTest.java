package org.tuf4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark once, in process, with tiny parameters, so that none can rot. These
 * numbers mean nothing; real runs are manual (see the benchmarks README section).
 */
// JMH smoke: in the exhaustive profile (mvn -Pexhaustive verify), which CI runs.
@Tag("exhaustive")
class BenchmarkSmokeTest {

  private static Collection<RunResult> run(String include, String param, String... values)
      throws Exception {
    Options options = new OptionsBuilder()
        .include(include)
        .param(param, values)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .build();
    return new Runner(options).run();
  }

  @Test
  void refreshAndItsFloorRun() throws Exception {
    Collection<RunResult> r = run(RefreshBenchmark.class.getName(), "targets", "50");
    assertEquals(5, r.size(), "refresh and four floor parts");
  }

  @Test
  void hashBinLookupsRun() throws Exception {
    Collection<RunResult> r = run(LookupBenchmark.class.getName(), "targets", "600");
    assertEquals(2, r.size());
  }

  @Test
  void writerRuns() throws Exception {
    Collection<RunResult> r = run(WriterBenchmark.class.getName(), "targets", "600");
    assertEquals(1, r.size());
  }

  @Test
  void canonicalJsonRuns() throws Exception {
    Collection<RunResult> r = run(CanonicalJsonBenchmark.class.getName(), "targets", "50");
    assertEquals(5, r.size());
    for (RunResult result : r) {
      assertTrue(result.getSecondaryResults().get("bytes").getScore() > 0, "bytes per second");
    }
  }

  @Test
  void downloadRuns() throws Exception {
    Collection<RunResult> r = run(DownloadBenchmark.class.getName(), "megabytes", "1");
    assertEquals(2, r.size());
  }

  @Test
  void signaturesRun() throws Exception {
    Collection<RunResult> r = run(SignatureBenchmark.class.getName(), "scheme", "ed25519",
        "ecdsa-sha2-nistp256", "rsassa-pss-sha256/2048");
    assertEquals(18, r.size(), "3 schemes x 2 backends x 3 methods");
    for (RunResult result : r) {
      assertFalse(Double.isNaN(result.getPrimaryResult().getScore()));
    }
  }
}
