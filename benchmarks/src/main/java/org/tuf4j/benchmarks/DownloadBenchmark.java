package org.tuf4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
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
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;

/**
 * Target download with verification (TUF spec §5.7.3: length and every listed hash, while
 * streaming, then an atomic rename) against the floor: reading the same bytes through
 * {@link MessageDigest} for the same two algorithms (sha256 and sha512), no verification logic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DownloadBenchmark {
  @Param({"100"})
  public int megabytes;

  private Path work;
  private Path source;
  private Updater updater;
  private TargetInfo info;

  @Setup(Level.Trial)
  public void repository() throws Exception {
    work = Files.createTempDirectory("tuf4j-download-bench-");
    source = work.resolve("payload.bin");
    byte[] chunk = new byte[1 << 20];
    new Random(1).nextBytes(chunk);
    try (var out = Files.newOutputStream(source)) {
      for (int i = 0; i < megabytes; i++) {
        out.write(chunk);
      }
    }
    SyntheticRepository repo = SyntheticRepository.create(work.resolve("repo"), 0, 0, 1);
    RepositoryEditor editor = RepositoryEditor.open(FileSystemStorage.open(repo.dir()),
        java.time.Clock.systemUTC());
    editor.targets().addTarget("big.bin", source, Optional.empty());
    editor.stage(repo.signers()).publish();
    updater = Updater.builder()
        .metadataDir(work.resolve("client"))
        .metadataBaseUrl(repo.dir().resolve("metadata").toUri())
        .targetBaseUrl(repo.dir().resolve("targets").toUri())
        .targetDir(work.resolve("downloads"))
        .trustedRoot(repo.trustedRoot())
        .fetcher(FileFetcher.create())
        .config(org.tuf4j.client.UpdaterConfig.builder().build())
        .build();
    info = updater.getTargetInfo("big.bin").orElseThrow();
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    SyntheticRepository.deleteTree(work);
  }

  @Benchmark
  public Path tuf4jDownload() throws Exception {
    Path file = updater.download(info);
    Files.delete(file); // so the next invocation downloads again rather than hitting the cache
    return file;
  }

  @Benchmark
  public byte[] plainMessageDigest() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(source)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        sha256.update(buf, 0, n);
        sha512.update(buf, 0, n);
      }
    }
    sha512.digest();
    return sha256.digest();
  }
}
