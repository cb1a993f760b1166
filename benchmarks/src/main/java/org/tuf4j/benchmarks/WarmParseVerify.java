package org.tuf4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Timestamp;

/**
 * Warm parse + verify of a repository's top-level {@code targets.json}, in one process, for
 * {@code benchmarks/peers/run-peers.sh}: {@link TrustedMetadataSet#updateTargets} on a set that
 * already trusts the root, timestamp and snapshot (length and hashes against the snapshot,
 * parse, signature threshold, version, expiry), again and again on the same bytes. It is what
 * python-tuf's {@code TrustedMetadataSet.update_targets} does in the python script it is paired
 * with. Prints one JSON line: the time of each measured call, in ms.
 *
 * <pre>
 * java -cp CLASSPATH org.tuf4j.benchmarks.WarmParseVerify [--backend NAME] REPO_DIR \
 *     WARMUP_SECONDS MEASURE_SECONDS [MIN_CALLS]
 * </pre>
 *
 * <p>Warm-up runs calls for {@code WARMUP_SECONDS}, and at least 10 calls (at 100k targets a
 * few seconds held only 4 to 9 calls, and the last of five runs, with 9, was 40% faster: the JIT
 * had not finished), so the JIT has compiled the path; then calls are timed for {@code MEASURE_SECONDS}, and at least {@code MIN_CALLS}
 * (default 5). An in-process loop rather than JMH, so that the harness can pair one such process
 * with one python process at a time; {@code RefreshBenchmark} is the JMH counterpart.
 */
public final class WarmParseVerify {
  private static final int MIN_WARMUP_CALLS = 10;

  private WarmParseVerify() {}

  /**
   * Times the calls and prints them.
   *
   * @param args {@code [--backend NAME] REPO_DIR WARMUP_SECONDS MEASURE_SECONDS [MIN_CALLS]}
   * @throws Exception when a file does not verify
   */
  public static void main(String[] args) throws Exception {
    String line = run(args);
    if (line == null) {
      System.err.println("usage: WarmParseVerify [--backend NAME] REPO_DIR WARMUP_SECONDS"
          + " MEASURE_SECONDS [MIN_CALLS]");
      System.exit(2);
    }
    System.out.println(line);
  }

  /** The JSON line of one warm-up and measurement; null on a usage error. */
  static String run(String[] args) throws Exception {
    int i = 0;
    String backendName = "default";
    if (args.length > 1 && args[0].equals("--backend")) {
      backendName = args[1];
      i = 2;
    }
    if (args.length - i < 3 || args.length - i > 4) {
      return null;
    }
    CryptoBackend backend = PeerClient.backend(backendName);
    Path metadata = Path.of(args[i], "metadata");
    double warmupSeconds = Double.parseDouble(args[i + 1]);
    double measureSeconds = Double.parseDouble(args[i + 2]);
    int minCalls = args.length - i > 3 ? Integer.parseInt(args[i + 3]) : 5;

    byte[] root = Files.readAllBytes(metadata.resolve("1.root.json"));
    byte[] timestamp = Files.readAllBytes(metadata.resolve("timestamp.json"));
    MetaFile snapshotMeta = Signed.parse(timestamp, Timestamp.class).signed().snapshotMeta();
    byte[] snapshot = Files.readAllBytes(
        metadata.resolve(snapshotMeta.version() + ".snapshot.json"));
    MetaFile targetsMeta = Signed.parse(snapshot, Snapshot.class).signed().metaFor("targets")
        .orElseThrow();
    byte[] targets = Files.readAllBytes(metadata.resolve(targetsMeta.version() + ".targets.json"));
    // The updater bounds targets.json by the length the snapshot lists; so does this.
    UpdaterConfig config = UpdaterConfig.builder()
        .targetsMaxLength(Math.max(targets.length, UpdaterConfig.defaults().targetsMaxLength()))
        .build();
    TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(root,
        TrustOptions.at(Instant.now()).withBackend(backend).withBounds(config));
    set.updateTimestamp(timestamp);
    set.updateSnapshot(snapshot);

    int entries = set.updateTargets(targets).signed().targets().size();
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    int warmupCalls = 1;
    while (warmupCalls < MIN_WARMUP_CALLS || System.nanoTime() < warmupEnd) {
      set.updateTargets(targets);
      warmupCalls++;
    }
    List<Double> ms = new ArrayList<>();
    long measureEnd = System.nanoTime() + (long) (measureSeconds * 1e9);
    while (ms.size() < minCalls || System.nanoTime() < measureEnd) {
      long start = System.nanoTime();
      Signed<?> s = set.updateTargets(targets);
      ms.add((System.nanoTime() - start) / 1e6);
      if (s == null) {
        throw new IllegalStateException("no targets");
      }
    }
    StringBuilder samples = new StringBuilder();
    for (double m : ms) {
      samples.append(samples.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f",
          m));
    }
    return "{\"client\":\"tuf4j\",\"targets\":" + entries + ",\"bytes\":" + targets.length
        + ",\"backend\":\"" + backend.name() + "\",\"warmupCalls\":" + warmupCalls
        + ",\"samplesMs\":[" + samples + "]}";
  }
}
