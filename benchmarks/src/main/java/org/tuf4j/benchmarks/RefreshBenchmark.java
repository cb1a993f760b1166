package org.tuf4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
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
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;

/**
 * A client's first refresh (root → timestamp → snapshot → targets, TUF spec §5.3–§5.6) of a
 * repository whose top-level targets role lists N targets, over {@code file:} URLs, from an empty
 * metadata directory each time — and, in the same run, the floor it is judged against: the parts
 * no implementation can skip for the same targets.json (read the bytes, SHA-256 them, verify one
 * ed25519 signature over them with the raw primitive, one plain Jackson streaming pass: {@link
 * PlainJackson}).
 * {@link Report} divides {@code refresh} by the sum of the {@code floor*} scores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RefreshBenchmark {
  @Param({"1000", "10000", "100000"})
  public int targets;

  private Path work;
  private SyntheticRepository repo;
  private Path targetsFile;
  private byte[] targetsBytes;
  private byte[] signedPart;
  private byte[] signature;
  private byte[] publicKey;
  private UpdaterConfig config;
  private int run;
  private Path client;

  @Setup(Level.Trial)
  public void createRepository() throws Exception {
    work = Files.createTempDirectory("tuf4j-refresh-bench-");
    repo = SyntheticRepository.create(work.resolve("repo"), targets, 0, 42);
    targetsFile = repo.dir().resolve("metadata/1.targets.json");
    targetsBytes = Files.readAllBytes(targetsFile);
    // The floor's signature: over the same number of bytes as the signed part, by the same scheme.
    Signed<Targets> parsed = Signed.parse(targetsBytes, Targets.class, ParseOptions.DEFAULT
        .withLimits(org.tuf4j.encoding.JsonLimits.DEFAULT.withMaxBytes(1L << 30)));
    signedPart = parsed.canonicalSigned();
    signature = HexFormat.of().parseHex(parsed.signatures().get(0).sig());
    Root root = Signed.parse(repo.trustedRoot(), Root.class).signed();
    String targetsKeyId = root.role(RoleType.TARGETS).keyIds().get(0);
    publicKey = HexFormat.of().parseHex(root.keys().get(targetsKeyId).publicValue().orElseThrow());
    // Large repositories need a targets bound above python-tuf's 5 MB default.
    config = UpdaterConfig.builder().targetsMaxLength(1L << 30).build();
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    SyntheticRepository.deleteTree(work);
  }

  @TearDown(Level.Invocation)
  public void deleteClientState() throws IOException {
    if (client != null) {
      SyntheticRepository.deleteTree(client);
    }
  }

  @Benchmark
  public Signed<Targets> refresh() throws Exception {
    client = work.resolve("client-" + run++);
    Updater updater = Updater.builder()
        .metadataDir(client)
        .metadataBaseUrl(repo.dir().resolve("metadata").toUri())
        .trustedRoot(repo.trustedRoot())
        .fetcher(FileFetcher.create())
        .config(config)
        .build();
    updater.refresh();
    return updater.trustedTargets("targets").orElseThrow();
  }

  @Benchmark
  public byte[] floorReadBytes() throws IOException {
    return Files.readAllBytes(targetsFile);
  }

  @Benchmark
  public byte[] floorSha256() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(targetsBytes);
  }

  @Benchmark
  public boolean floorSignature() {
    if (!Ed25519.verify(signature, 0, publicKey, 0, signedPart, 0, signedPart.length)) {
      throw new IllegalStateException("the repository's own signature must verify");
    }
    return true;
  }

  @Benchmark
  public int floorJacksonPass() throws IOException {
    return PlainJackson.countTokens(targetsBytes);
  }
}
