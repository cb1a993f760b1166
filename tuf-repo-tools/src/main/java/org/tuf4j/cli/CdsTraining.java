package org.tuf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tuf4j.loopback.LoopbackServer;

/**
 * The build's training run for the class-data-sharing archive {@code bin/tuf} starts with: runs
 * the short commands once each (help, init, target add, status, verify, lists, discard, and a
 * client's refresh, listing and download over loopback HTTP) in a scratch directory, in one JVM
 * started with {@code -XX:DumpLoadedClassList}, so that the classes they load are archived
 * already parsed and verified. Not a command for people; the {@code tuf-repo-tools} build runs
 * it after packaging.
 */
public final class CdsTraining {
  private CdsTraining() {}

  /**
   * Runs the training commands; exits non-zero if one fails.
   *
   * @param args one argument: a scratch directory to create (deleted afterwards)
   * @throws IOException when the scratch directory cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CdsTraining SCRATCH_DIR");
    }
    Tuf.configureProcess();
    Path dir = Files.createDirectories(Path.of(args[0])).toAbsolutePath();
    try {
      String repo = dir.resolve("repo").toString();
      String keys = dir.resolve("repo-keys").toString();
      Path file = Files.writeString(dir.resolve("app.bin"), "training", StandardCharsets.UTF_8);
      String root = dir.resolve("repo/metadata/1.root.json").toString();
      String[][] commands = {
          {"--help"},
          {"--version"},
          {"init", repo, "--no-passphrase"},
          {"target", "add", repo, file.toString(), "-k", keys + "/targets.pem", "-k",
              keys + "/snapshot.pem", "-k", keys + "/timestamp.pem", "--no-passphrase"},
          {"timestamp", repo, "-k", keys + "/timestamp.pem", "--no-passphrase"},
          {"status", repo},
          {"status", repo, "--json"},
          {"verify", repo, "--root", root},
          {"verify", repo, "--root", root, "--json"},
          {"target", "list", repo},
          {"key", "list", repo},
          {"discard", repo},
          {"verify", "--help"},
      };
      run(commands);
      // The client over HTTP: a refresh, a listing and a download, as a device or a script
      // checking a served repository runs them (the HTTP client, its body streams, the
      // update workflow).
      try (LoopbackServer server = ServeCommand.start(Path.of(repo),
          InetAddress.getLoopbackAddress(), 0)) {
        String url = server.baseUri().toString();
        String state = dir.resolve("client").toString();
        run(new String[][] {
            {"download", url, "--root", root, "--state-dir", state},
            {"target", "list", url, "--root", root},
            {"download", url, "app.bin", "--root", root, "--state-dir", state, "--out",
                dir.resolve("out") + "/"},
        });
      }
    } finally {
      ClientSupport.deleteTree(dir);
    }
  }

  private static void run(String[][] commands) {
    for (String[] command : commands) {
      StringWriter output = new StringWriter();
      PrintWriter sink = new PrintWriter(output);
      int status = Tuf.execute(command, sink, sink);
      if (status != ExitCode.OK) {
        throw new IllegalStateException("CdsTraining: tuf " + String.join(" ", command)
            + " exited " + status + ":\n" + output);
      }
    }
  }
}
