package org.tuf4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tuf4j.client.DownloadProgress;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf download}: the client — refresh, then download verified targets. */
@Command(name = "download", mixinStandardHelpOptions = true,
    description = "Refresh the repository's metadata from a trusted root and download targets, "
        + "each verified (length and every hash) before it is written; an existing file is "
        + "never replaced without --force.",
    footer = {"", "Examples:", "  tuf download http://127.0.0.1:8000/ fw/app.bin --root root.json "
        + "--out downloads/", "  tuf download repo fw/app.bin --root root.json --out app-2.bin"})
final class DownloadCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL|DIR",
      description = "The repository: an http(s) URL or a directory.")
  String repository;

  @Parameters(index = "1..*", paramLabel = "TARGET",
      description = "Target paths, as the repository names them (e.g. fw/app.bin); none: "
          + "refresh only, keeping the metadata in --state-dir.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--root", required = true, paramLabel = "ROOT.json",
      description = "The trusted root to start from; a .cbor root reads the repository's "
          + "CBOR metadata.")
  Path root;

  @Option(names = "--out", paramLabel = "PATH", description = "Where to write: a file name "
      + "(one target), or a directory (an existing one, or a path ending in /) that gets each "
      + "target under its base name (default: the current directory).")
  String out;

  @Option(names = "--force", description = "Replace files that exist already.")
  boolean force;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Keep trusted metadata here "
      + "between runs (default: a temporary directory).")
  Path metadataDir;

  @Option(names = "--time", description = "Verify as of this instant instead of now.")
  Instant time;

  @Mixin EventOptions events = new EventOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Map<String, Path> files = destinations();
    Path state = metadataDir != null ? metadataDir : ClientSupport.stateDirectory("tuf-download-");
    try {
      Updater updater = ClientSupport.updater(repository, root, state.resolve("metadata"),
          metadataDir == null, null, time, events.listener(spec.commandLine().getErr()));
      updater.refresh();
      if (targets.isEmpty()) {
        spec.commandLine().getOut().println("refreshed: timestamp v"
            + updater.trustedTimestamp().orElseThrow().signed().version() + ", snapshot v"
            + updater.trustedSnapshot().orElseThrow().signed().version() + ", targets v"
            + updater.trustedTargets("targets").orElseThrow().signed().version());
      }
      Map<String, TargetInfo> infos = new LinkedHashMap<>();
      for (String target : targets) {
        infos.put(target, updater.getTargetInfo(target).orElseThrow(() -> new CliException(
            ExitCode.VERIFICATION_FAILED, "no target " + target + " in the trusted metadata",
            "`tuf target list " + repository + " --root " + root + "` lists the targets a "
                + "client can reach")));
      }
      PrintWriter err = spec.commandLine().getErr();
      for (Map.Entry<String, TargetInfo> e : infos.entrySet()) {
        TargetInfo info = e.getValue();
        Path file = files.get(e.getKey());
        DownloadProgress progress = System.console() != null && info.length() >= (1 << 20)
            ? new Bar(err) : DownloadProgress.NONE;
        updater.download(info, file, progress);
        spec.commandLine().getOut().println("verified " + e.getKey() + " (" + info.length()
            + " bytes, listed by " + info.signingRole() + ") -> " + file);
      }
      return ExitCode.OK;
    } finally {
      if (metadataDir == null) {
        ClientSupport.deleteTree(state);
      }
    }
  }

  /**
   * Where each target goes, decided before anything is fetched: two targets never share a file,
   * and an existing file is only replaced with --force.
   */
  private Map<String, Path> destinations() {
    String given = out == null ? "." : out;
    Path path = Path.of(given);
    boolean intoDir = Files.isDirectory(path) || given.endsWith("/") || targets.size() > 1;
    Map<String, Path> files = new LinkedHashMap<>();
    Map<Path, String> taken = new HashMap<>();
    for (String target : targets) {
      Path file;
      if (intoDir) {
        String base = target.substring(target.lastIndexOf('/') + 1);
        if (base.isEmpty() || base.equals(".") || base.equals("..") || base.indexOf('\\') >= 0
            || base.indexOf('\0') >= 0) {
          throw new CliException(ExitCode.USAGE, "target " + target + " has no usable file "
              + "name", "download it alone with --out FILE");
        }
        file = path.resolve(base);
      } else {
        file = path;
      }
      Path key = file.toAbsolutePath().normalize();
      String other = taken.put(key, target);
      if (other != null) {
        throw new CliException(ExitCode.USAGE, other + " and " + target + " would both be "
            + "written to " + file, "download them one at a time, each with --out FILE");
      }
      if (Files.exists(file) && !force) {
        throw new CliException(ExitCode.IO_ERROR, file + " exists; not replacing it with "
            + target, "--force replaces it; --out FILE writes elsewhere");
      }
      if (Files.isDirectory(file)) {
        throw new CliException(ExitCode.IO_ERROR, file + " is a directory", "give --out FILE");
      }
      files.put(target, file);
    }
    return files;
  }

  /** A progress bar on the terminal for transfers of 1 MiB or more. */
  private static final class Bar implements DownloadProgress {
    private final PrintWriter err;
    private long lastDraw;

    Bar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void update(long received, long length) {
      long now = System.nanoTime();
      if (now - lastDraw < 100_000_000L && received < length) {
        return;
      }
      lastDraw = now;
      int pct = (int) Math.min(100, received * 100 / Math.max(1, length));
      String bar = "=".repeat(pct / 4) + (pct < 100 ? ">" : "")
          + " ".repeat(Math.max(0, 25 - pct / 4 - 1));
      err.printf("\r[%s] %3d%% %.1f/%.1f MiB", bar, pct, received / 1048576.0,
          length / 1048576.0);
      if (received >= length) {
        err.println();
      }
      err.flush();
    }
  }
}
