package org.tuf4j.benchmarks;

import dev.sigstore.tuf.FileSystemTufStore;
import dev.sigstore.tuf.HttpFetcher;
import dev.sigstore.tuf.MetaFetcher;
import dev.sigstore.tuf.PassthroughCacheMetaStore;
import dev.sigstore.tuf.TrustedMetaStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.TearDown;
import org.tuf4j.client.Fetchers;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.Source;

/**
 * A client's full first refresh (root → timestamp → snapshot → targets, TUF spec §5.3–§5.6) from
 * an empty metadata directory, over loopback HTTP ({@link LoopbackServer}), by tuf4j and by
 * sigstore-java's TUF client ({@code dev.sigstore.tuf.Updater#updateMeta}), on the same files.
 *
 * <p>{@code repositories} (required): a directory holding {@code <targets>/metadata/} for each
 * size, written by {@link GenerateRepository} with {@code --snapshot-lengths} (as
 * {@code benchmarks/run-benchmarks.sh} and {@code benchmarks/peers/run-peers.sh} do), so that
 * every fork, every client and the peer scripts read the very same bytes. A run without it is
 * refused: until 2026-12-07 the default was an empty value, with which each trial wrote its own
 * repository with fresh keys, and every published comparison had been made that way. The
 * directory is recorded in the results as this parameter.
 *
 * <p>{@code tuf4jBackend}: the {@link CryptoBackend} tuf4j verifies with ({@code default},
 * {@code jdk} or {@code bouncycastle}; recorded in the results as this parameter).
 * sigstore-java 2.0.0 verifies ed25519 through the JCA ({@code Signature.getInstance("Ed25519")},
 * the JDK's SunEC unless another provider comes first), while tuf4j's default backend verifies it
 * with its own verifier on BouncyCastle's low-level RFC 8032 code; {@code -p tuf4jBackend=jdk}
 * puts both on the JDK's provider. Each trial prints the verifier and provider actually used
 * ({@code # crypto:} in JMH's output).
 *
 * <p>Each client keeps one HTTP client for the whole trial (tuf4j's shared
 * {@link Fetchers#standard()}, one sigstore {@link HttpFetcher}), as a long-lived process would;
 * the updater, its empty metadata directory and the refresh are measured. The metadata directory
 * is made before and deleted after each invocation, outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HttpRefreshBenchmark {
  @Param({"1000", "10000", "100000"})
  public int targets;

  @Param({"tuf4j", "sigstore-java"})
  public String client;

  @Param({""})
  public String repositories;

  @Param({"default"})
  public String tuf4jBackend;

  /** The defaults: the repositories list each targets file's length, which is its bound. */
  static final UpdaterConfig TUF4J_CONFIG = UpdaterConfig.defaults();

  private Path work;
  private Path repoDir;
  private byte[] trustedRoot;
  private LoopbackServer server;
  private URI metadataUrl;
  private MetaFetcher sigstoreFetcher;
  private Path clientDir;
  private int run;
  private CryptoBackend backend;

  @Setup(Level.Trial)
  public void start() throws Exception {
    if (repositories.isEmpty()) {
      throw new IllegalStateException("HttpRefreshBenchmark compares clients on the same files:"
          + " give -p repositories=DIR, DIR/<targets>/metadata/ written by GenerateRepository"
          + " --snapshot-lengths (benchmarks/run-benchmarks.sh and benchmarks/peers/run-peers.sh"
          + " write them)");
    }
    backend = PeerClient.backend(tuf4jBackend);
    work = Files.createTempDirectory("tuf4j-http-refresh-bench-");
    repoDir = Path.of(repositories, Integer.toString(targets)).toAbsolutePath();
    trustedRoot = Files.readAllBytes(repoDir.resolve("metadata/1.root.json"));
    server = LoopbackServer.builder().source(Source.directory(repoDir)).recordRequests(false)
        .start();
    metadataUrl = server.baseUri().resolve("metadata/");
    switch (client) {
      case "tuf4j" -> { }
      case "sigstore-java" -> sigstoreFetcher = MetaFetcher.newFetcher(
          HttpFetcher.newFetcher(metadataUrl));
      default -> throw new IllegalArgumentException("unknown client " + client);
    }
    // One checked refresh: a client that loads the wrong thing fails here, not silently fast.
    newClientDir();
    int loaded = refreshAndCount();
    deleteClientDir();
    if (loaded != targets) {
      throw new IllegalStateException(client + " loaded " + loaded + " targets, not " + targets);
    }
    System.out.println("# crypto: " + describeCrypto());
  }

  /**
   * What verifies this repository's ed25519 signatures in this trial, found at run time: tuf4j's
   * verifier class for the root's key, or the provider the JCA hands sigstore-java for
   * {@code Ed25519} (after its first refresh, so with whatever providers it registered).
   */
  private String describeCrypto() throws Exception {
    org.tuf4j.metadata.Root root = org.tuf4j.metadata.Signed.parse(trustedRoot,
        org.tuf4j.metadata.Root.class).signed();
    org.tuf4j.metadata.Key key = root.keys().values().iterator().next();
    String publicValue = key.publicValue().orElseThrow();
    String where = "repository " + repoDir + ", " + key.scheme() + " keys; ";
    if (client.equals("tuf4j")) {
      return where + "tuf4j backend " + backend.name() + ", verifier "
          + backend.verifier(key.keyType(), key.scheme(), publicValue).getClass().getName();
    }
    // sigstore-java's own verifier for the key, and the provider the JCA picks for it (its
    // Ed25519Verifier keeps the key in a private field and calls Signature.getInstance).
    dev.sigstore.tuf.model.Key sigKey = dev.sigstore.tuf.model.ImmutableKey.builder()
        .keyType(key.keyType()).scheme(key.scheme())
        .keyVal(java.util.Map.of("public", publicValue)).build();
    Object verifier = dev.sigstore.tuf.encryption.Verifiers.newVerifier(sigKey);
    java.lang.reflect.Field f = verifier.getClass().getDeclaredField("publicKey");
    f.setAccessible(true);
    java.security.PublicKey publicKey = (java.security.PublicKey) f.get(verifier);
    java.security.Signature s = java.security.Signature.getInstance("Ed25519");
    s.initVerify(publicKey);
    return where + "sigstore-java verifier " + verifier.getClass().getName() + ", key "
        + publicKey.getClass().getName() + ", JCA provider " + s.getProvider().getName();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    SyntheticRepository.deleteTree(work);
  }

  @Setup(Level.Invocation)
  public void newClientDir() throws IOException {
    clientDir = Files.createDirectories(work.resolve("client-" + run++));
  }

  @TearDown(Level.Invocation)
  public void deleteClientDir() throws IOException {
    SyntheticRepository.deleteTree(clientDir);
  }

  @Benchmark
  public Object refresh() throws Exception {
    return switch (client) {
      case "tuf4j" -> refreshTuf4j();
      case "sigstore-java" -> refreshSigstore();
      default -> throw new IllegalArgumentException("unknown client " + client);
    };
  }

  private int refreshAndCount() throws Exception {
    Object r = refresh();
    if (r instanceof org.tuf4j.metadata.Signed<?> s
        && s.signed() instanceof org.tuf4j.metadata.Targets t) {
      return t.targets().size();
    }
    return ((dev.sigstore.tuf.model.Targets) r).getSignedMeta().getTargets().size();
  }

  private Object refreshTuf4j() throws Exception {
    Updater updater = Updater.builder()
        .metadataDir(clientDir)
        .metadataBaseUrl(metadataUrl)
        .trustedRoot(trustedRoot)
        .fetcher(Fetchers.standard())
        .cryptoBackend(backend)
        .config(TUF4J_CONFIG)
        .build();
    updater.refresh();
    return updater.trustedTargets("targets").orElseThrow();
  }

  private Object refreshSigstore() throws Exception {
    // Wired as sigstore-java's own SigstoreTufClient.Builder#build wires it, for a generic
    // mirror: a file-system store behind an in-memory cache. updateMeta() refreshes root,
    // timestamp, snapshot and targets and downloads no target file.
    FileSystemTufStore store = FileSystemTufStore.newFileSystemStore(clientDir);
    TrustedMetaStore metaStore = TrustedMetaStore.newTrustedMetaStore(
        PassthroughCacheMetaStore.newPassthroughMetaCache(store));
    dev.sigstore.tuf.Updater updater = dev.sigstore.tuf.Updater.builder()
        .setTrustedRootPath(() -> new String(trustedRoot, StandardCharsets.UTF_8))
        .setTrustedMetaStore(metaStore)
        .setTargetStore(store)
        .setMetaFetcher(sigstoreFetcher)
        .build();
    updater.updateMeta();
    return metaStore.getTargets();
  }
}
