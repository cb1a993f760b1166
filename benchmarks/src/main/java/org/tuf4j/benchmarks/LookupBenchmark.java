package org.tuf4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;

/**
 * Target lookup through succinct hash bins (TAP 15, TUF spec §5.6.7) in a repository of N targets
 * spread over 2^bits bins (about 256 targets per bin), over {@code file:} URLs.
 *
 * <ul>
 *   <li>{@code coldLookup}: the first lookup in a bin this client has not loaded — hash the path
 *       to its bin, fetch the bin's metadata, verify it against the snapshot and its delegator,
 *       store it, find the target. Each invocation starts from a refreshed client whose
 *       top-level metadata is trusted and whose bins are not loaded (not timed).
 *   <li>{@code warmLookup}: a lookup whose bin is already trusted: the in-memory part only.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LookupBenchmark {
  @Param({"1000000"})
  public int targets;

  private Path work;
  private SyntheticRepository repo;
  private Updater warm;
  private final Random random = new Random(7);
  private String[] warmPaths;
  private int run;

  @Setup(Level.Trial)
  public void createRepository() throws Exception {
    work = Files.createTempDirectory("tuf4j-lookup-bench-");
    int bits = SyntheticRepository.binBitsFor(targets);
    repo = SyntheticRepository.create(work.resolve("repo"), targets, bits, 11);
    warm = updater(work.resolve("warm"));
    warmPaths = new String[64];
    for (int i = 0; i < warmPaths.length; i++) {
      warmPaths[i] = path(random.nextInt(targets));
      warm.getTargetInfo(warmPaths[i]).orElseThrow(); // loads its bin
    }
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    SyntheticRepository.deleteTree(work);
  }

  /** A refreshed client with no bin loaded, new for each invocation (not timed). */
  @State(Scope.Thread)
  public static class ColdClient {
    private Path dir;
    private Updater updater;

    @Setup(Level.Invocation)
    public void refresh(LookupBenchmark b) throws Exception {
      dir = b.work.resolve("cold-" + b.run++);
      updater = b.updater(dir);
      updater.refresh();
    }

    @TearDown(Level.Invocation)
    public void delete() throws IOException {
      SyntheticRepository.deleteTree(dir);
    }
  }

  @Benchmark
  public TargetInfo coldLookup(ColdClient client) throws Exception {
    return client.updater.getTargetInfo(path(random.nextInt(targets))).orElseThrow();
  }

  @Benchmark
  public TargetInfo warmLookup() throws Exception {
    return warm.getTargetInfo(warmPaths[random.nextInt(warmPaths.length)]).orElseThrow();
  }

  private Updater updater(Path dir) throws IOException {
    return Updater.builder()
        .metadataDir(dir)
        .metadataBaseUrl(repo.dir().resolve("metadata").toUri())
        .trustedRoot(repo.trustedRoot())
        .fetcher(FileFetcher.create())
        .build();
  }

  private static String path(int i) {
    return SyntheticRepository.path(i);
  }
}
