package org.tuf4j.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;

/**
 * Plain timing of the writer's incremental path: for a repository of N targets in succinct hash
 * bins (about 256 targets per bin), the wall time to open it, add one target and publish, and
 * how many metadata files that re-signs. Usage: {@code WriterScaling N [N ...]} (default 10000
 * 100000 1000000); prints one line per size.
 */
public final class WriterScaling {
  private WriterScaling() {}

  /** Result for one repository size. */
  public record Result(int targets, int bins, long buildMillis, List<Long> addOneMillis,
      List<String> resignedRoles) {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {10_000, 100_000, 1_000_000}
        : Stream.of(args).mapToInt(Integer::parseInt).toArray();
    for (int n : sizes) {
      Path dir = Files.createTempDirectory("tuf4j-writer-scaling-");
      try {
        Result r = run(n, dir, 5);
        List<Long> sorted = new ArrayList<>(r.addOneMillis());
        sorted.sort(null);
        System.out.printf("%,d targets in %,d bins: built in %,d ms; add one target + publish:"
            + " median %,d ms (min %,d, max %,d over %d runs); re-signed %d files: %s%n",
            r.targets(), r.bins(), r.buildMillis(), sorted.get(sorted.size() / 2),
            sorted.get(0), sorted.get(sorted.size() - 1), sorted.size(),
            r.resignedRoles().size(), r.resignedRoles());
      } finally {
        deleteTree(dir);
      }
    }
  }

  /** Builds an N-target hash-bin repository in {@code dir}, then times {@code runs} adds. */
  public static Result run(int targets, Path dir, int runs) throws Exception {
    int bitLength = SyntheticRepository.binBitsFor(targets);
    Map<RoleType, Signer> signers = new EnumMap<>(RoleType.class);
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    for (RoleType t : RoleType.values()) {
      Signer s = KeyPairSigner.generate("ed25519");
      signers.put(t, s);
      roles.put(t, RoleKeys.of(key(s)));
    }
    Signer binKey = KeyPairSigner.generate("ed25519");
    List<Signer> online = new ArrayList<>(signers.values());
    online.add(binKey);
    FileSystemStorage storage = FileSystemStorage.open(dir);
    Clock clock = Clock.systemUTC();

    long start = System.nanoTime();
    RepositoryEditor editor = RepositoryEditor.create(storage, clock, roles, true);
    editor.delegateHashBins("targets", bitLength, "bin", RoleKeys.of(key(binKey)));
    for (int i = 0; i < targets; i++) {
      editor.putTargetInfo(binFor(editor, i), target(i));
    }
    editor.stage(online).publish();
    long buildMillis = (System.nanoTime() - start) / 1_000_000;

    List<Long> times = new ArrayList<>();
    List<String> resigned = List.of();
    for (int run = 0; run < runs; run++) {
      long t0 = System.nanoTime();
      RepositoryEditor next = RepositoryEditor.open(storage, clock);
      TargetFile added = target(targets + run);
      next.putTargetInfo(binFor(next, targets + run), added);
      Release release = next.stage(online);
      release.publish();
      times.add((System.nanoTime() - t0) / 1_000_000);
      resigned = release.roles();
    }
    return new Result(targets, 1 << bitLength, buildMillis, times, resigned);
  }

  private static String binFor(RepositoryEditor editor, int i) throws Exception {
    return binName(editor, "pkgs/pkg-" + i + ".tar.gz");
  }

  private static String binName(RepositoryEditor editor, String path) throws Exception {
    return editor.responsibleRoleFor(path);
  }

  private static TargetFile target(int i) throws IOException {
    byte[] content = ByteBuffer.allocate(8).putLong(i).array();
    return RepositoryEditor.describeTarget("pkgs/pkg-" + i + ".tar.gz",
        new ByteArrayInputStream(content), Optional.empty());
  }

  private static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
