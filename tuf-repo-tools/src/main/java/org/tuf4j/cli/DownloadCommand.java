package org.tuf4j.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.Fetchers;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf download}: the client — refresh, then download one verified target. */
@Command(name = "download", mixinStandardHelpOptions = true,
    description = "Refresh the repository's metadata from a trusted root and download one "
        + "target, verified (length and every hash) before it is written.",
    footer = {"", "Example: tuf download http://127.0.0.1:8000/ fw/app.bin --root root.json "
        + "--out downloads"})
final class DownloadCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL|DIR") String repository;

  @Parameters(index = "1", paramLabel = "TARGET") String target;

  @Option(names = "--root", required = true, paramLabel = "ROOT.json",
      description = "The trusted root to start from; a .cbor root reads the repository's "
          + "CBOR metadata.")
  Path root;

  @Option(names = "--out", defaultValue = ".", description = "Where to write the target "
      + "(default: the current directory).")
  Path out;

  @Option(names = "--state-dir", description = "Keep trusted metadata here between runs "
      + "(default: a temporary directory).")
  Path metadataDir;

  @Option(names = "--time", description = "Verify as of this instant instead of now.")
  Instant time;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path state = metadataDir != null ? metadataDir : Files.createTempDirectory("tuf-download-");
    try {
      Fetcher fetcher = Fetchers.standard();
      if (System.console() != null) {
        fetcher = progress(fetcher, spec.commandLine().getErr());
      }
      Files.createDirectories(out);
      Updater updater = ClientSupport.updater(repository, root, state.resolve("metadata"),
          state.resolve("targets"), time, fetcher);
      TargetInfo info = updater.getTargetInfo(target).orElseThrow(() -> new CliException(
          ExitCode.VERIFICATION_FAILED, "no target " + target + " in the trusted metadata",
          "`tuf verify` lists the repository's roles"));
      // Verified into the state directory first; the user's directory gets it under its base
      // name only when that is a plain file name (never "..", never a path).
      Path verified = updater.download(info);
      String base = target.substring(target.lastIndexOf('/') + 1);
      boolean plain = !base.isEmpty() && !base.equals(".") && !base.equals("..")
          && base.indexOf('\\') < 0 && base.indexOf('\0') < 0;
      Path file = out.resolve(plain ? base : verified.getFileName().toString());
      Files.move(verified, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      spec.commandLine().getOut().println("verified " + target + " (" + info.length()
          + " bytes, listed by " + info.signingRole() + ") -> " + file);
      return ExitCode.OK;
    } finally {
      if (metadataDir == null) {
        ClientSupport.deleteTree(state);
      } else {
        ClientSupport.deleteTree(state.resolve("targets"));
      }
    }
  }

  /** Draws a progress bar on a terminal for transfers of more than 1 MiB. */
  private static Fetcher progress(Fetcher inner, PrintWriter err) {
    return (uri, maxLength) -> {
      InputStream in = inner.fetch(uri, maxLength);
      if (maxLength < (1 << 20) || !uri.getPath().contains("/targets/")) {
        return in;
      }
      return new FilterInputStream(in) {
        long seen;
        long lastDraw;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            seen += n;
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L || seen >= maxLength) {
              lastDraw = now;
              int pct = (int) Math.min(100, seen * 100 / maxLength);
              String bar = "=".repeat(pct / 4) + (pct < 100 ? ">" : "")
                  + " ".repeat(Math.max(0, 25 - pct / 4 - 1));
              err.printf("\r[%s] %3d%% %.1f/%.1f MiB", bar, pct, seen / 1048576.0,
                  maxLength / 1048576.0);
              err.flush();
            }
          } else if (n < 0) {
            err.println();
          }
          return n;
        }
      };
    };
  }
}
