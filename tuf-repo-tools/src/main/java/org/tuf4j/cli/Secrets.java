package org.tuf4j.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a passphrase or PIN comes from: an environment variable, a file, or a prompt on the
 * terminal — never the command line, where other users of the machine can read it.
 */
final class Secrets {
  @Option(names = "--passphrase-env", paramLabel = "VAR",
      description = "Read key passphrases from environment variable VAR.")
  String env;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Read key passphrases from the first line of FILE.")
  Path file;

  @Option(names = "--no-passphrase",
      description = "Keys are not encrypted: do not ask for a passphrase.")
  boolean none;

  /** The passphrase, or {@code null} when {@code --no-passphrase} is given. */
  char[] read(String purpose) throws IOException {
    if (none) {
      return null;
    }
    return read(env, file, purpose);
  }

  static char[] read(String env, Path file, String purpose) throws IOException {
    if (env != null) {
      String v = System.getenv(env);
      if (v == null) {
        throw new CliException(ExitCode.KEY_ERROR, "environment variable " + env + " is not set",
            "export it, or use --passphrase-file");
      }
      return v.toCharArray();
    }
    if (file != null) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return (nl < 0 ? text : text.substring(0, nl)).replace("\r", "").toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new CliException(ExitCode.KEY_ERROR, purpose + " is needed but there is no terminal",
          "use --passphrase-env VAR or --passphrase-file FILE (or --no-passphrase)");
    }
    char[] p = console.readPassword("%s: ", purpose);
    if (p == null) {
      throw new CliException(ExitCode.KEY_ERROR, "no " + purpose + " given", null);
    }
    return p;
  }
}
