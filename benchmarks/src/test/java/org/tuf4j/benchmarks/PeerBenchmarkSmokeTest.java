package org.tuf4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;

/**
 * Runs the peer-comparison benchmarks once, in process, with tiny parameters (as
 * {@link BenchmarkSmokeTest} does for the others), and checks the generator's snapshot lengths.
 */
class PeerBenchmarkSmokeTest {

  // JMH smoke: in the exhaustive profile (mvn -Pexhaustive verify), which CI runs.
  @Tag("exhaustive")
  @Test
  void httpRefreshRunsForEveryClient(@TempDir Path dir) throws Exception {
    // Both clients read the same generated files, as every real run must.
    GenerateRepository.create(dir.resolve("50"), 50, 0, 42, true);
    Options options = new OptionsBuilder()
        .include(HttpRefreshBenchmark.class.getName())
        .param("targets", "50")
        .param("repositories", dir.toString())
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> r = new Runner(options).run();
    Set<String> clients = r.stream().map(x -> x.getParams().getParam("client"))
        .collect(Collectors.toSet());
    assertEquals(Set.of("tuf4j", "sigstore-java"), clients);
    for (RunResult result : r) {
      assertFalse(Double.isNaN(result.getPrimaryResult().getScore()));
    }
  }

  @Test
  void httpRefreshRefusesToRunWithoutSharedRepositories() {
    HttpRefreshBenchmark b = new HttpRefreshBenchmark();
    b.targets = 50;
    b.client = "tuf4j";
    b.repositories = "";
    b.tuf4jBackend = "default";
    IllegalStateException e = assertThrows(IllegalStateException.class, b::start);
    assertTrue(e.getMessage().contains("-p repositories=DIR"), e.getMessage());
  }

  @Test
  void snapshotListsTheLengthOfTargetsMetadata(@TempDir Path dir) throws Exception {
    GenerateRepository.main(new String[] {"--snapshot-lengths", dir.resolve("r").toString(), "20"});
    Path metadata = dir.resolve("r/metadata");
    Snapshot snapshot = Signed.parse(Files.readAllBytes(metadata.resolve("1.snapshot.json")),
        Snapshot.class).signed();
    MetaFile targets = snapshot.metaFor("targets").orElseThrow();
    assertEquals(Files.size(metadata.resolve(targets.version() + ".targets.json")),
        targets.length().orElseThrow());
    assertTrue(Files.isRegularFile(metadata.resolve("timestamp.json")));
  }
}
