package org.tuf4j.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Where a passphrase or PIN comes from: an environment variable, a file, or a prompt on the
 * terminal — never the command line, where other users of the machine can read it. A new
 * passphrase is asked twice at a terminal and may not be empty (an empty one would leave the key
 * unprotected while looking protected); {@code --no-passphrase} is the explicit way to write
 * unencrypted keys.
 */
final class Secrets {
  /** How many times a passphrase is asked at a terminal before the command gives up. */
  static final int TRIES = 3;

  /** The terminal, or null without one; tests put a scripted one here. */
  static Supplier<Terminal> terminal = ConsoleTerminal::ofSystem;

  @Option(names = "--passphrase-env", paramLabel = "VAR",
      description = "Read key passphrases from environment variable VAR.")
  String env;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Read key passphrases from the first line of FILE.")
  Path file;

  @Option(names = "--no-passphrase",
      description = "Keys are not encrypted: do not ask for a passphrase (new keys are written "
          + "unencrypted).")
  boolean none;

  /** A terminal to ask and tell a person things. */
  interface Terminal {
    /** Reads a secret without echo; null at end of input. */
    char[] readPassword(String prompt);

    /** Reads a line; null at end of input. */
    String readLine(String prompt);

    /** Tells the person something (a line). */
    void println(String line);
  }

  /** {@link System#console()}. */
  record ConsoleTerminal(Console console) implements Terminal {
    static Terminal ofSystem() {
      Console c = System.console();
      return c == null ? null : new ConsoleTerminal(c);
    }

    @Override
    public char[] readPassword(String prompt) {
      return console.readPassword("%s", prompt);
    }

    @Override
    public String readLine(String prompt) {
      return console.readLine("%s", prompt);
    }

    @Override
    public void println(String line) {
      PrintWriter w = console.writer();
      w.println(line);
      w.flush();
    }
  }

  /** The passphrase of an existing key, or {@code null} when {@code --no-passphrase} is given. */
  char[] read(String purpose) throws IOException {
    if (none) {
      return null;
    }
    return read(env, file, purpose);
  }

  /** Whether the passphrase comes from a person at a terminal, who may try again. */
  boolean interactive() {
    return !none && env == null && file == null && terminal.get() != null;
  }

  /**
   * A passphrase for new keys, or {@code null} with {@code --no-passphrase}. From a terminal it
   * is asked twice; empty is refused from any source.
   */
  char[] readNew(String purpose) throws IOException {
    if (none) {
      return null;
    }
    if (env != null || file != null) {
      char[] p = read(env, file, purpose);
      if (p.length == 0) {
        throw new CliException(ExitCode.KEY_ERROR, "the " + purpose + " from "
            + (env != null ? "environment variable " + env : file) + " is empty",
            "an empty passphrase would leave the keys unprotected; give one, or say "
                + "--no-passphrase to write unencrypted keys");
      }
      return p;
    }
    Terminal t = terminal.get();
    if (t == null) {
      throw noTerminal(purpose);
    }
    for (int i = 1; i <= TRIES; i++) {
      char[] first = t.readPassword(purpose + ": ");
      if (first == null) {
        break;
      }
      if (first.length == 0) {
        t.println("an empty passphrase is refused (--no-passphrase writes unencrypted keys)");
        continue;
      }
      char[] again = t.readPassword("the same again: ");
      if (again != null && Arrays.equals(first, again)) {
        Arrays.fill(again, '\0');
        return first;
      }
      Arrays.fill(first, '\0');
      t.println("the passphrases differ; try again");
    }
    throw new CliException(ExitCode.KEY_ERROR, "no " + purpose + " given",
        "type the same non-empty passphrase twice, or use --no-passphrase for unencrypted keys");
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
      if (!Files.isRegularFile(file)) {
        throw new CliException(ExitCode.KEY_ERROR, "no passphrase file " + file,
            "check the path given to --passphrase-file (or --pin-file)");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return (nl < 0 ? text : text.substring(0, nl)).replace("\r", "").toCharArray();
    }
    Terminal t = terminal.get();
    if (t == null) {
      throw noTerminal(purpose);
    }
    char[] p = t.readPassword(purpose + ": ");
    if (p == null) {
      throw new CliException(ExitCode.KEY_ERROR, "no " + purpose + " given", null);
    }
    return p;
  }

  private static CliException noTerminal(String purpose) {
    return new CliException(ExitCode.KEY_ERROR, purpose + " is needed but there is no terminal",
        "use --passphrase-env VAR or --passphrase-file FILE (or --no-passphrase)");
  }
}
