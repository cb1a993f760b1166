package org.tuf4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Collection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DirectorBenchmark} once, in process, with a fleet of three vehicles in memory and on
 * disk, in JSON and in both encodings, so that it cannot rot. The numbers mean nothing; real
 * runs are manual.
 */
// JMH smoke: in the exhaustive profile (mvn -Pexhaustive verify), which CI runs.
@Tag("exhaustive")
class DirectorBenchmarkSmokeTest {

  @Test
  void directorBenchmarkRuns() throws Exception {
    Options options = new OptionsBuilder()
        .include(DirectorBenchmark.class.getName())
        .param("vehicles", "3")
        .param("storage", "memory", "filesystem")
        .param("encoding", "json", "both")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    assertEquals(8, results.size(), "2 benchmarks x 2 storages x 2 encodings");
    for (RunResult r : results) {
      assertFalse(Double.isNaN(r.getPrimaryResult().getScore()));
    }
  }
}
