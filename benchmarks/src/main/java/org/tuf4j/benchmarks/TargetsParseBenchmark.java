package org.tuf4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
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
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.verify.SignatureThreshold;

/**
 * Warm parse + verify of the top-level {@code targets.json} of a repository listing N targets
 * (TUF spec §5.6.2–§5.6.3), and the floor it is judged against on the same bytes: read the file,
 * SHA-256 it, verify one ed25519 signature over the signed part with a raw primitive, one plain
 * Jackson streaming pass ({@link PlainJackson}).
 *
 * <ul>
 *   <li>{@code parseVerify}: {@code Signed.parse} then {@code SignatureThreshold.verify} with the
 *       default backend, as a client does after the snapshot's hash check;
 *   <li>{@code updateTargets}: the client's whole step, {@code TrustedMetadataSet.updateTargets}
 *       (length and hashes against the snapshot, parse, signatures, version, expiry), from a set
 *       that already trusts root, timestamp and snapshot;
 *   <li>{@code floor*}: the parts; {@code floorEd25519Jdk} is the JDK's own ed25519 (SunEC).
 * </ul>
 *
 * <p>With {@code -Dtuf4j.bench.repos=DIR} the files are read from {@code DIR/<N>/metadata/} as
 * {@link GenerateRepository} writes them (so that runs of different builds see the very same
 * files); otherwise a repository is generated per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TargetsParseBenchmark {
  @Param({"1000", "10000", "100000", "1000000"})
  public int targets;

  private Path work;
  private Path metadata;
  private byte[] targetsBytes;
  private byte[] rootBytes;
  private byte[] timestampBytes;
  private byte[] snapshotBytes;
  private Root root;
  private ParseOptions options;
  private TrustOptions trustOptions;
  private byte[] signedPart;
  private byte[] signature;
  private byte[] publicKey;
  private PublicKey jdkKey;

  @Setup(Level.Trial)
  public void load() throws Exception {
    String repos = System.getProperty("tuf4j.bench.repos");
    if (repos != null) {
      metadata = Path.of(repos, Integer.toString(targets), "metadata");
    } else {
      work = Files.createTempDirectory("tuf4j-parse-bench-");
      SyntheticRepository.create(work.resolve("repo"), targets, 0, 42);
      metadata = work.resolve("repo/metadata");
    }
    targetsBytes = Files.readAllBytes(metadata.resolve("1.targets.json"));
    rootBytes = Files.readAllBytes(metadata.resolve("1.root.json"));
    timestampBytes = Files.readAllBytes(metadata.resolve("timestamp.json"));
    snapshotBytes = Files.readAllBytes(metadata.resolve("1.snapshot.json"));
    JsonLimits limits = JsonLimits.DEFAULT.withMaxBytes(1L << 30);
    options = ParseOptions.DEFAULT.withLimits(limits);
    trustOptions = TrustOptions.at(Instant.now()).withLimits(limits);
    root = Signed.parse(rootBytes, Root.class).signed();
    Signed<Targets> parsed = Signed.parse(targetsBytes, Targets.class, options);
    signedPart = parsed.canonicalSigned();
    signature = HexFormat.of().parseHex(parsed.signatures().get(0).sig());
    String keyId = root.role(RoleType.TARGETS).keyIds().get(0);
    publicKey = HexFormat.of().parseHex(root.keys().get(keyId).publicValue().orElseThrow());
    byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of()
        .formatHex(publicKey));
    jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    if (work != null) {
      SyntheticRepository.deleteTree(work);
    }
  }

  /** A set that trusts root, timestamp and snapshot, made afresh before each invocation. */
  @State(Scope.Thread)
  public static class Trusted {
    TrustedMetadataSet set;

    @Setup(Level.Invocation)
    public void trust(TargetsParseBenchmark b) throws Exception {
      set = TrustedMetadataSet.fromTrustedRoot(b.rootBytes, b.trustOptions);
      set.updateTimestamp(b.timestampBytes);
      set.updateSnapshot(b.snapshotBytes);
    }
  }

  @Benchmark
  public Signed<Targets> parseVerify() throws Exception {
    Signed<Targets> signed = Signed.parse(targetsBytes, Targets.class, options);
    SignatureThreshold.verify(root, RoleType.TARGETS, signed, CryptoBackends.defaultBackend());
    return signed;
  }

  @Benchmark
  public Signed<Targets> updateTargets(Trusted trusted) throws Exception {
    return trusted.set.updateTargets(targetsBytes);
  }

  @Benchmark
  public byte[] floorReadBytes() throws IOException {
    return Files.readAllBytes(metadata.resolve("1.targets.json"));
  }

  @Benchmark
  public byte[] floorSha256() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(targetsBytes);
  }

  @Benchmark
  public boolean floorEd25519() {
    if (!Ed25519.verify(signature, 0, publicKey, 0, signedPart, 0, signedPart.length)) {
      throw new IllegalStateException("the repository's own signature must verify");
    }
    return true;
  }

  @Benchmark
  public boolean floorEd25519Jdk() throws Exception {
    java.security.Signature s = java.security.Signature.getInstance("Ed25519");
    s.initVerify(jdkKey);
    s.update(signedPart);
    if (!s.verify(signature)) {
      throw new IllegalStateException("the repository's own signature must verify");
    }
    return true;
  }

  @Benchmark
  public int floorJacksonPass() throws IOException {
    return PlainJackson.countTokens(targetsBytes);
  }
}
