package org.tuf4j.benchmarks;

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
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;

/**
 * Canonical JSON (TUF spec §4.1) over a targets.json of N entries: strict parsing, encoding, and
 * parsing into the metadata model. Divide the file size (printed at setup) by the time for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CanonicalJsonBenchmark {
  @Param({"10000"})
  public int targets;

  private byte[] json;
  private JsonValue tree;

  @Setup(Level.Trial)
  public void load() throws Exception {
    Path work = Files.createTempDirectory("tuf4j-json-bench-");
    try {
      SyntheticRepository.create(work.resolve("repo"), targets, 0, 7);
      json = Files.readAllBytes(work.resolve("repo/metadata/1.targets.json"));
      tree = CanonicalJson.parse(json);
      System.out.println("targets.json: " + json.length + " bytes");
    } finally {
      SyntheticRepository.deleteTree(work);
    }
  }

  @Benchmark
  public JsonValue parse() throws Exception {
    return CanonicalJson.parse(json);
  }

  @Benchmark
  public byte[] encode() {
    return CanonicalJson.encode(tree);
  }

  @Benchmark
  public Signed<Targets> parseMetadata() throws Exception {
    return Signed.parse(json, Targets.class);
  }
}
