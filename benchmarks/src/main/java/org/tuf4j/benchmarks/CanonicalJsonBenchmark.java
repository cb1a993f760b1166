package org.tuf4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonReader;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;

/**
 * Canonical JSON (TUF spec §4.1) over a targets.json of N entries. The secondary metric {@code
 * bytes} is the throughput in bytes per second of JSON read or written (divide by 10^6 for MB/s):
 * <ul>
 *   <li>{@code strictPass}: tuf4j's strict reader over every token, building nothing — what
 *       validating the whole file costs;
 *   <li>{@code jacksonPass}: a plain Jackson streaming pass over the same bytes ({@link
 *       PlainJackson}), for reference (it checks less: string values are skipped, not decoded
 *       or validated, and duplicate names go unnoticed);
 *   <li>{@code parseTree}: {@link CanonicalJson#parse} into a {@link JsonValue} tree;
 *   <li>{@code encode}: that tree back to canonical bytes;
 *   <li>{@code parseMetadata}: {@link Signed#parse} into the model, as the client does.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CanonicalJsonBenchmark {
  @Param({"1000", "100000"})
  public int targets;

  private static final JsonLimits LIMITS = JsonLimits.DEFAULT.withMaxBytes(1L << 30);

  private byte[] json;
  private JsonValue tree;

  /** Bytes of JSON handled, reported by JMH as a rate next to the operations. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public long bytes;
  }

  @Setup(Level.Trial)
  public void load() throws Exception {
    Path work = Files.createTempDirectory("tuf4j-json-bench-");
    try {
      SyntheticRepository.create(work.resolve("repo"), targets, 0, 7);
      json = Files.readAllBytes(work.resolve("repo/metadata/1.targets.json"));
      tree = CanonicalJson.parse(json, LIMITS);
    } finally {
      SyntheticRepository.deleteTree(work);
    }
  }

  @Benchmark
  public long strictPass(Throughput t) throws Exception {
    JsonReader reader = JsonReader.of(json, LIMITS);
    long tokens = 0;
    while (reader.next() != JsonReader.Token.END_DOCUMENT) {
      tokens++;
    }
    t.bytes += json.length;
    return tokens;
  }

  @Benchmark
  public long jacksonPass(Throughput t) throws Exception {
    t.bytes += json.length;
    return PlainJackson.countTokens(json);
  }

  @Benchmark
  public JsonValue parseTree(Throughput t) throws Exception {
    t.bytes += json.length;
    return CanonicalJson.parse(json, LIMITS);
  }

  @Benchmark
  public byte[] encode(Throughput t) {
    byte[] out = CanonicalJson.encode(tree);
    t.bytes += out.length;
    return out;
  }

  @Benchmark
  public Signed<Targets> parseMetadata(Throughput t) throws Exception {
    t.bytes += json.length;
    return Signed.parse(json, Targets.class, ParseOptions.DEFAULT.withLimits(LIMITS));
  }
}
