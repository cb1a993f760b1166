package org.tuf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import org.tuf4j.FetchException;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code tuf}: create, change, sign and publish TUF repositories, and check them as a client
 * would (TUF spec §5, §6). Every writing command verifies the result with tuf4j's client before
 * publishing; roles whose keys are offline are staged until enough signatures are collected.
 */
@Command(name = "tuf", mixinStandardHelpOptions = true, versionProvider = Tuf.Version.class,
    description = "Create, sign, publish and verify TUF repositories.",
    subcommands = {
        InitCommand.class, TargetCommand.class, DelegateCommand.class, RoleCommand.class,
        VerifyCommand.class, DownloadCommand.class, ServeCommand.class, KeyCommand.class,
        RootCommand.class, SignCommand.class, SignatureCommand.class, StatusCommand.class,
        PublishCommand.class, TimestampCommand.class, DiscardCommand.class,
        AutoComplete.GenerateCompletion.class},
    footer = {"", ExitCode.HELP, "",
        "Example: tuf init repo && tuf target add repo -k repo-keys/targets.pem app.bin "
            + "-k repo-keys/snapshot.pem -k repo-keys/timestamp.pem"})
public final class Tuf implements Runnable {
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /**
   * Runs {@code tuf} with {@code args} and exits the JVM with the command's status: 0 on
   * success, 2 for a usage error, and the other codes {@code tuf --help} lists.
   *
   * @param args the command line, such as {@code init repo --no-passphrase}
   */
  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err,
        true)));
  }

  /** Runs the command line; returns the exit status. */
  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    Tuf root = new Tuf();
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      report(e, cmd.getErr(), parsed.matchedOptionValue("--verbose", false)
          || root.verbose);
      return exitCode(e);
    });
    try {
      return cl.execute(args);
    } finally {
      Repo.closeAll();
    }
  }

  static int exitCode(Throwable e) {
    if (e instanceof CliException c) {
      return c.exitCode;
    }
    if (e instanceof InvalidRepositoryException) {
      return ExitCode.REFUSED;
    }
    if (e instanceof FetchException || e instanceof IOException) {
      return ExitCode.IO_ERROR;
    }
    if (e instanceof GeneralSecurityException) {
      return ExitCode.KEY_ERROR;
    }
    return ExitCode.VERIFICATION_FAILED;
  }

  private static void report(Throwable e, PrintWriter err, boolean verbose) {
    String what = e instanceof TufException || e instanceof CliException
        ? "" : e.getClass().getSimpleName() + ": ";
    err.println("tuf: " + what + e.getMessage());
    String hint = e instanceof CliException c ? c.hint : hintFor(e);
    if (hint != null) {
      err.println("hint: " + hint);
    }
    if (verbose) {
      e.printStackTrace(err);
    } else {
      err.println("(run with --verbose for details)");
    }
  }

  private static String hintFor(Throwable e) {
    if (e instanceof InvalidRepositoryException) {
      return "`tuf status DIR` shows what each role still needs";
    }
    if (e instanceof org.tuf4j.ExpiredMetadataException) {
      return "the repository must re-sign it (`tuf timestamp`, `tuf publish`), or check the "
          + "clock";
    }
    if (e instanceof FetchException) {
      return "check the URL and that the server is reachable";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "check the path";
    }
    return null;
  }

  /** {@code tuf --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Tuf.class.getPackage().getImplementationVersion();
      return new String[] {"tuf (tuf4j) " + (v == null ? "development build" : v)};
    }
  }
}
