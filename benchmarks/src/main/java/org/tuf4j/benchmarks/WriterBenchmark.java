package org.tuf4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;

/**
 * The writer's incremental path (TUF spec §6, TAP 15): open a repository of N targets in succinct
 * hash bins (about 256 per bin), add one target, stage (re-sign its bin, the snapshot and the
 * timestamp) and publish (verify as a client would, write atomically, timestamp last). Each
 * invocation adds a new target, so the repository grows by one per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WriterBenchmark {
  @Param({"10000", "100000", "1000000"})
  public int targets;

  private Path work;
  private SyntheticRepository repo;
  private FileSystemStorage storage;
  private int next;

  @Setup(Level.Trial)
  public void createRepository() throws Exception {
    work = Files.createTempDirectory("tuf4j-writer-bench-");
    int bits = SyntheticRepository.binBitsFor(targets);
    repo = SyntheticRepository.create(work.resolve("repo"), targets, bits, 5);
    storage = FileSystemStorage.open(repo.dir());
    next = targets;
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    SyntheticRepository.deleteTree(work);
  }

  @Benchmark
  public Release addOneTargetAndPublish() throws Exception {
    RepositoryEditor editor = RepositoryEditor.open(storage, Clock.systemUTC());
    TargetFile added = SyntheticRepository.target(5, next++);
    editor.targets().putTargetInfo(editor.targets().responsibleRoleFor(added.path()), added);
    Release release = editor.stage(repo.signers());
    release.publish();
    return release;
  }
}
