package org.tuf4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;

/**
 * Peak heap of a client's first refresh, measured as the smallest {@code -Xmx} with which a fresh
 * JVM completes it: the largest amount of memory the refresh ever needs live at once, garbage
 * collected as often as it takes. The same search for a 1-target repository gives the JVM's and
 * the client's fixed cost, which is subtracted (peaks do not add up exactly, so the difference
 * means something when the refresh's own peak dominates: large repositories). Usage: {@code
 * RefreshMemory TARGETS [TARGETS ...]} (default 100000); prints, per size, the minimum heaps, the
 * difference and its ratio to the size of targets.json. Uses the serial collector with a 2 MiB
 * young generation, so nearly all of the heap is the old generation that large arrays and
 * survivors live in, whatever the heap size.
 */
public final class RefreshMemory {
  private RefreshMemory() {}

  /** One size's result; heaps in MiB (rounded up to the search's 1 MiB step). */
  public record Result(int targets, long targetsJsonBytes, int baselineMiB, int refreshMiB) {
    /** Peak heap attributable to this repository, relative to its targets.json. */
    public double ratio() {
      return (refreshMiB - baselineMiB) * 1048576.0 / targetsJsonBytes;
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) {
      sizes.add(Integer.parseInt(a));
    }
    if (sizes.isEmpty()) {
      sizes.add(100_000);
    }
    for (int n : sizes) {
      Result r = measure(n);
      System.out.printf("%,d targets: targets.json %,d bytes; smallest heap for a refresh %d MiB,"
          + " for a 1-target repository %d MiB; difference %d MiB = %.2f x targets.json%n",
          r.targets(), r.targetsJsonBytes(), r.refreshMiB(), r.baselineMiB(),
          r.refreshMiB() - r.baselineMiB(), r.ratio());
    }
  }

  /** Creates the repositories in a temporary directory and runs both searches. */
  public static Result measure(int targets) throws Exception {
    Path work = Files.createTempDirectory("tuf4j-refresh-memory-");
    try {
      SyntheticRepository big = SyntheticRepository.create(work.resolve("big"), targets, 0, 42);
      SyntheticRepository small = SyntheticRepository.create(work.resolve("small"), 1, 0, 42);
      long size = Files.size(big.dir().resolve("metadata/1.targets.json"));
      int baseline = smallestHeap(small.dir(), work);
      int refresh = smallestHeap(big.dir(), work);
      return new Result(targets, size, baseline, refresh);
    } finally {
      SyntheticRepository.deleteTree(work);
    }
  }

  /** Binary search over whole MiB for the smallest heap with which a refresh succeeds. */
  private static int smallestHeap(Path repo, Path work) throws Exception {
    int low = 1; // fails
    int high = 16;
    while (!refreshes(repo, work, high)) {
      low = high;
      high *= 2;
      if (high > 65536) {
        throw new IllegalStateException("refresh fails even with 64 GiB of heap: "
            + Files.readString(work.resolve("child-" + low + ".log")));
      }
    }
    while (high - low > 1) {
      int mid = (low + high) >>> 1;
      if (refreshes(repo, work, mid)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  private static boolean refreshes(Path repo, Path work, int heapMiB) throws Exception {
    Path client = Files.createTempDirectory(work, "client-");
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-Xmx" + heapMiB + "m", "-Xms" + Math.min(heapMiB, 8) + "m",
          "-XX:+UseSerialGC", "-Xmn2m", "-cp", System.getProperty("java.class.path"),
          Child.class.getName(), repo.toString(), client.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("child-" + heapMiB + ".log").toFile())
          .start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("refresh did not finish in 10 minutes");
      }
      return p.exitValue() == 0;
    } finally {
      SyntheticRepository.deleteTree(client);
    }
  }

  /** The measured program: one refresh; exit status 0 only if it completed. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws IOException {
      try {
        Path repo = Path.of(args[0]);
        Updater updater = Updater.builder()
            .metadataDir(Path.of(args[1]))
            .metadataBaseUrl(repo.resolve("metadata").toUri())
            .trustedRoot(Files.readAllBytes(repo.resolve("metadata/1.root.json")))
            .fetcher(FileFetcher.create())
            .config(UpdaterConfig.builder().targetsMaxLength(1L << 30).build())
            .build();
        updater.refresh();
        updater.trustedTargets("targets").orElseThrow();
      } catch (Throwable t) { // OutOfMemoryError included: that is the answer "too small"
        System.err.println(t);
        Runtime.getRuntime().halt(1);
      }
      Runtime.getRuntime().halt(0);
    }
  }
}
