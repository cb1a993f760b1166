package org.tuf4j.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.TufException;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.conformance.interop.ReaderReport.Refresh;
import org.tuf4j.conformance.interop.ReaderReport.TargetOutcome;
import org.tuf4j.loopback.LoopbackServer;

/**
 * The readers: tuf4j's own client (the baseline, in this JVM) and the peer scripts, tuf-js
 * (Node) and python-tuf's ngclient (Python), each given a repository served on loopback HTTP.
 */
final class Readers {
  private Readers() {}

  static final String TUF_JS_VERSION = "3.1.0";
  static final String PYTHON_TUF_VERSION = "5.1.0";
  private static final Duration READ_LIMIT = Duration.ofSeconds(120);

  // ------------------------------------------------------------------ tuf4j

  /** tuf4j's client over HTTP: the same report the peer scripts print. */
  static ReaderReport tuf4j(Path repoDir, Path trustedRoot, List<String> paths, Path work)
      throws IOException {
    try (LoopbackServer server = LoopbackServer.serveDirectory(repoDir)) {
      Updater updater = Updater.builder()
          .metadataDir(work.resolve("metadata"))
          .metadataBaseUrl(server.baseUri().resolve("metadata/"))
          .targetBaseUrl(server.baseUri().resolve("targets/"))
          .targetDir(work.resolve("targets"))
          .trustedRoot(Files.readAllBytes(trustedRoot))
          .fetcher(HttpFetcher.create())
          .build();
      Refresh refresh;
      try {
        updater.refresh();
        refresh = Refresh.ok(updater.trustedRoot().signed().version());
      } catch (TufException e) {
        refresh = Refresh.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      Map<String, TargetOutcome> outcomes = new LinkedHashMap<>();
      for (String path : paths) {
        try {
          Optional<TargetInfo> info = updater.getTargetInfo(path);
          if (info.isEmpty()) {
            outcomes.put(path, TargetOutcome.notFound());
          } else {
            byte[] bytes = Files.readAllBytes(updater.download(info.get()));
            outcomes.put(path, TargetOutcome.found(bytes.length,
                InteropRepositories.sha256(bytes)));
          }
        } catch (TufException e) {
          outcomes.put(path, TargetOutcome.error(e.getClass().getSimpleName() + ": "
              + e.getMessage()));
        }
      }
      return new ReaderReport("tuf4j", "this build", refresh, outcomes);
    }
  }

  // ------------------------------------------------------------------ sigstore-java

  static final String SIGSTORE_JAVA_VERSION = "2.0.0";

  /**
   * sigstore-java's TUF client ({@code dev.sigstore.tuf.Updater}), wired as its own
   * {@code SigstoreTufClient} wires it for a mirror: a file-system store behind an in-memory
   * cache. {@code updateMeta()} is the refresh; {@code downloadTarget(name)} looks a target up in
   * the top-level targets role (sigstore-java has no delegation support) and downloads it.
   * When the refresh fails, no lookup is attempted: every target reports the refresh's error.
   */
  static ReaderReport sigstoreJava(Path repoDir, Path trustedRoot, List<String> paths,
      Path work) throws IOException {
    try (LoopbackServer server = LoopbackServer.serveDirectory(repoDir)) {
      return sigstoreJava(server, trustedRoot, paths, work);
    }
  }

  /** {@link #sigstoreJava(Path, Path, List, Path)} against a repository already served. */
  static ReaderReport sigstoreJava(LoopbackServer server, Path trustedRoot, List<String> paths,
      Path work) throws IOException {
    {
      dev.sigstore.tuf.FileSystemTufStore store =
          dev.sigstore.tuf.FileSystemTufStore.newFileSystemStore(
              java.nio.file.Files.createDirectories(work.resolve("sigstore")));
      dev.sigstore.tuf.TrustedMetaStore meta = dev.sigstore.tuf.TrustedMetaStore
          .newTrustedMetaStore(dev.sigstore.tuf.PassthroughCacheMetaStore
              .newPassthroughMetaCache(store));
      dev.sigstore.tuf.Updater updater = dev.sigstore.tuf.Updater.builder()
          .setTrustedRootPath(dev.sigstore.tuf.RootProvider.fromFile(trustedRoot))
          .setTrustedMetaStore(meta)
          .setTargetStore(store)
          .setMetaFetcher(dev.sigstore.tuf.MetaFetcher.newFetcher(
              dev.sigstore.tuf.HttpFetcher.newFetcher(server.baseUri().resolve("metadata/"))))
          .setTargetFetcher(dev.sigstore.tuf.HttpFetcher.newFetcher(
              server.baseUri().resolve("targets/")))
          .build();
      Refresh refresh;
      try {
        updater.updateMeta();
        refresh = Refresh.ok(meta.getRoot().getSignedMeta().getVersion());
      } catch (Exception e) {
        refresh = Refresh.failed(describe(e));
      }
      Map<String, TargetOutcome> outcomes = new LinkedHashMap<>();
      for (String path : paths) {
        if (!refresh.ok()) {
          outcomes.put(path, TargetOutcome.error("no lookup after a failed refresh: "
              + refresh.error()));
          continue;
        }
        try {
          updater.downloadTarget(path);
          byte[] bytes = store.readTarget(path);
          outcomes.put(path, TargetOutcome.found(bytes.length,
              InteropRepositories.sha256(bytes)));
        } catch (dev.sigstore.tuf.TargetMetadataMissingException e) {
          outcomes.put(path, TargetOutcome.notFound());
        } catch (Exception e) {
          outcomes.put(path, TargetOutcome.error(describe(e)));
        }
      }
      return new ReaderReport("sigstore-java", SIGSTORE_JAVA_VERSION, refresh, outcomes);
    }
  }

  /** Exception class and message, with the causes' (sigstore-java wraps its errors). */
  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      sb.append(sb.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ")
          .append(t.getMessage());
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ tuf-js

  private static Boolean tufJsReady;

  /**
   * Node and npm are there and {@code interop/tuf-js/node_modules} holds tuf-js as pinned by the
   * lock file ({@code npm ci} runs once when it does not). Skips (or fails under CI) otherwise.
   */
  static synchronized void requireTufJs() {
    if (tufJsReady == null) {
      tufJsReady = installTufJs();
    }
    Interop.requirePeer(tufJsReady, "tuf-js needs Node 18.17+ and npm on PATH (Debian: "
        + "nodejs, npm) and `npm ci` in " + tufJsDir());
  }

  private static Path tufJsDir() {
    return Interop.interopDir().resolve("tuf-js");
  }

  private static boolean installTufJs() {
    Interop.Result node = Interop.run(List.of("node", "--version"), Interop.moduleDir(),
        Map.of(), Duration.ofSeconds(30));
    if (node.exit() != 0 || !node.out().trim().matches("v(1[89]|[2-9]\\d)\\..*")) {
      System.err.println("[interop] node 18+ not found: " + node.describe());
      return false;
    }
    Path installed = tufJsDir().resolve("node_modules/tuf-js/package.json");
    try {
      if (Files.isRegularFile(installed)
          && Files.readString(installed).contains("\"version\": \"" + TUF_JS_VERSION + "\"")) {
        return true;
      }
    } catch (IOException e) {
      // fall through to npm ci
    }
    Interop.Result ci = Interop.run(List.of("npm", "ci", "--no-audit", "--no-fund"), tufJsDir(),
        Map.of(), Duration.ofMinutes(5));
    if (ci.exit() != 0) {
      System.err.println("[interop] npm ci failed: " + ci.describe());
      return false;
    }
    return true;
  }

  /** Runs interop/tuf-js/read.mjs against the repository, served on loopback HTTP. */
  static ReaderReport tufJs(Path repoDir, Path trustedRoot, List<String> paths, Path work)
      throws Exception {
    requireTufJs();
    List<String> command = new ArrayList<>(List.of("node",
        tufJsDir().resolve("read.mjs").toString()));
    ReaderReport report = script(command, Map.of(), repoDir, trustedRoot, paths, work);
    assertEquals(TUF_JS_VERSION, report.version(), "the pinned tuf-js (package-lock.json)");
    return report;
  }

  // ------------------------------------------------------------------ python-tuf

  /**
   * The python-tuf and securesystemslib sources: {@code -Dtuf4j.pytuf=DIR}, else {@code
   * PYTUF_SRC}, else {@code <project>/../shared/peers}; DIR holds {@code python-tuf/} and
   * {@code securesystemslib/}.
   */
  static Path pythonTufSources() {
    String dir = System.getProperty("tuf4j.pytuf");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("PYTUF_SRC");
    }
    return dir == null || dir.isBlank()
        ? Interop.projectRoot().resolveSibling("shared").resolve("peers").normalize()
        : Path.of(dir).toAbsolutePath().normalize();
  }

  static String python() {
    return System.getProperty("tuf4j.python", "/usr/bin/python3");
  }

  static Map<String, String> pythonEnv() {
    Path src = pythonTufSources();
    return Map.of("PYTHONPATH", src.resolve("python-tuf") + java.io.File.pathSeparator
        + src.resolve("securesystemslib"), "PYTHONDONTWRITEBYTECODE", "1");
  }

  private static Boolean pythonReady;

  /** python3 with cryptography, and the python-tuf sources. Skips (or fails under CI). */
  static synchronized void requirePythonTuf() {
    Path src = pythonTufSources();
    boolean sources = Files.isRegularFile(src.resolve("python-tuf/tuf/ngclient/updater.py"))
        && Files.isDirectory(src.resolve("securesystemslib/securesystemslib"));
    if (pythonReady == null) {
      pythonReady = sources && Interop.works(List.of(python(), "-c",
          "import cryptography, securesystemslib, tuf.api.metadata"), pythonEnv());
    }
    Interop.requirePeer(pythonReady, sources
        ? python() + " cannot import cryptography (Debian: python3-cryptography) or python-tuf"
            + " from " + src
        : "python-tuf sources not found in " + src + " (python-tuf/ and securesystemslib/; "
            + "set -Dtuf4j.pytuf=DIR or PYTUF_SRC)");
  }

  /** Runs interop/python-tuf/read.py (ngclient) against the repository over loopback HTTP. */
  static ReaderReport pythonTuf(Path repoDir, Path trustedRoot, List<String> paths, Path work)
      throws Exception {
    requirePythonTuf();
    List<String> command = new ArrayList<>(List.of(python(),
        Interop.interopDir().resolve("python-tuf/read.py").toString()));
    ReaderReport report = script(command, pythonEnv(), repoDir, trustedRoot, paths, work);
    assertEquals(PYTHON_TUF_VERSION, report.version(), "the python-tuf sources");
    return report;
  }

  // ------------------------------------------------------------------ common

  private static ReaderReport script(List<String> command, Map<String, String> env,
      Path repoDir, Path trustedRoot, List<String> paths, Path work) throws Exception {
    try (LoopbackServer server = LoopbackServer.serveDirectory(repoDir)) {
      List<String> all = new ArrayList<>(command);
      all.addAll(List.of("--metadata-url", server.baseUri().resolve("metadata/").toString(),
          "--targets-url", server.baseUri().resolve("targets/").toString(),
          "--root", trustedRoot.toString(), "--dir", work.toString(), "--"));
      all.addAll(paths);
      Interop.Result r = Interop.run(all, Interop.moduleDir(), env, READ_LIMIT);
      if (r.exit() != 0) {
        throw new AssertionError("the reader did not report: " + r.describe());
      }
      try {
        return ReaderReport.parse(r.out());
      } catch (TufException | RuntimeException e) {
        throw new AssertionError("unreadable report: " + r.describe(), e);
      }
    }
  }
}
