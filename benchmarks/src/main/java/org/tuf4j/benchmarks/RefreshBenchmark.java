package org.tuf4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;

/**
 * A client's first refresh (root → timestamp → snapshot → targets, TUF spec §5.3–§5.6) of a
 * repository whose top-level targets role lists N targets, over {@code file:} URLs, from an empty
 * metadata directory each time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RefreshBenchmark {
  @Param({"1000", "10000", "100000"})
  public int targets;

  private Path work;
  private SyntheticRepository repo;
  private int run;

  @Setup(Level.Trial)
  public void createRepository() throws Exception {
    work = Files.createTempDirectory("tuf4j-refresh-bench-");
    repo = SyntheticRepository.create(work.resolve("repo"), targets, 0, 42);
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    WriterScaling.deleteTree(work);
  }

  @Benchmark
  public Signed<Targets> refresh() throws Exception {
    Updater updater = Updater.builder()
        .metadataDir(work.resolve("client-" + run++))
        .metadataBaseUrl(repo.dir().resolve("metadata").toUri())
        .trustedRoot(repo.trustedRoot())
        .fetcher(FileFetcher.create())
        .build();
    updater.refresh();
    return updater.trustedTargets("targets").orElseThrow();
  }
}
