package org.tuf4j.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tuf4j.client.Fetchers;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.metadata.Key;

/**
 * The tuf4j client process of {@code benchmarks/peers/run-peers.sh}'s cold runs: one process, one
 * first refresh over HTTP, as a cron job, a systemd timer or a device agent runs it; the same
 * steps as the python-tuf and tuf-js scripts beside it. The trusted root is read from
 * {@code WORKDIR/metadata/root.json} (the harness copies it there, as python-tuf's ngclient
 * expects), the refresh writes the trusted metadata there, then either the top-level targets
 * are counted or, with {@code TARGET}, that one target is looked up (through hash-bin
 * delegations). Prints one JSON line.
 *
 * <pre>
 * java -cp CLASSPATH org.tuf4j.benchmarks.PeerClient [--backend default|jdk|bouncycastle] \
 *     METADATA_URL WORKDIR [TARGET]
 * </pre>
 *
 * <p>The class path is tuf-core and its runtime dependencies only (what an application that
 * embeds tuf4j has), not the shaded benchmarks jar; JVM options are the caller's.
 */
public final class PeerClient {
  private PeerClient() {}

  /**
   * The {@link CryptoBackend} of a benchmark's backend option (here, in a class that loads
   * nothing but tuf-core, so the client processes can use it on tuf-core's class path).
   *
   * @param name {@code default}, {@code jdk} or {@code bouncycastle}
   * @return that backend
   */
  public static CryptoBackend backend(String name) {
    return switch (name) {
      case "default" -> CryptoBackends.defaultBackend();
      case "jdk" -> CryptoBackends.jdk();
      case "bouncycastle" -> CryptoBackends.bouncyCastle();
      default -> throw new IllegalArgumentException("backend: default, jdk or bouncycastle, not "
          + name);
    };
  }

  /**
   * Runs one refresh (and lookup), prints the result and ends the process.
   *
   * @param args {@code [--backend NAME] METADATA_URL WORKDIR [TARGET]}
   * @throws Exception when the refresh or the lookup fails (the process exits non-zero)
   */
  public static void main(String[] args) throws Exception {
    String line = run(args);
    if (line == null) {
      System.err.println("usage: PeerClient [--backend default|jdk|bouncycastle] METADATA_URL"
          + " WORKDIR [TARGET]");
      System.exit(2);
    }
    System.out.println(line);
    // Ends the process at once, as a command's main does when its work is done; the HTTP
    // client's selector thread would otherwise be waited for.
    System.exit(0);
  }

  /** The JSON line of one refresh (and lookup); null on a usage error. */
  static String run(String[] args) throws Exception {
    int i = 0;
    String backendName = "default";
    if (args.length > 1 && args[0].equals("--backend")) {
      backendName = args[1];
      i = 2;
    }
    if (args.length - i < 2 || args.length - i > 3) {
      return null;
    }
    CryptoBackend backend = backend(backendName);
    String url = args[i].endsWith("/") ? args[i] : args[i] + "/";
    Path metadataDir = Path.of(args[i + 1], "metadata");
    Updater updater = Updater.builder()
        .metadataDir(metadataDir)
        .metadataBaseUrl(URI.create(url))
        .trustedRoot(Files.readAllBytes(metadataDir.resolve("root.json")))
        .fetcher(Fetchers.standard())
        .cryptoBackend(backend)
        .build();
    updater.refresh();
    if (args.length - i == 3) {
      Optional<TargetInfo> t = updater.getTargetInfo(args[i + 2]);
      return "{\"client\":\"tuf4j\",\"lookup\":\"" + args[i + 2] + "\",\"found\":"
          + t.isPresent() + ",\"length\":" + t.map(TargetInfo::length).orElse(-1L) + "}";
    }
    int n = updater.trustedTargets("targets").orElseThrow().signed().targets().size();
    // Which code verified the signatures: the backend's verifier for the root's first key.
    Key key = updater.trustedRoot().signed().keys().values().iterator().next();
    String verifier = backend.verifier(key.keyType(), key.scheme(),
        key.publicValue().orElseThrow()).getClass().getName();
    return "{\"client\":\"tuf4j\",\"targets\":" + n + ",\"backend\":\"" + backend.name()
        + "\",\"scheme\":\"" + key.scheme() + "\",\"verifier\":\"" + verifier + "\"}";
  }
}
