package org.tuf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's training run for the class-data-sharing archive {@code bin/tuf} starts with: runs
 * the short commands once each (help, init, target add, status, verify, lists, discard) in a
 * scratch directory, in one JVM started with {@code -XX:ArchiveClassesAtExit}, so that the
 * classes they load are archived already parsed and verified. Not a command for people; the
 * {@code tuf-repo-tools} build runs it after packaging.
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
    Path dir = Files.createDirectories(Path.of(args[0])).toAbsolutePath();
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
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
      for (String[] command : commands) {
        int status = Tuf.execute(command, sink, sink);
        if (status != ExitCode.OK) {
          System.err.println("CdsTraining: tuf " + String.join(" ", command) + " exited "
              + status);
          System.exit(1);
        }
      }
    } finally {
      ClientSupport.deleteTree(dir);
    }
  }
}
