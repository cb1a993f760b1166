package org.tuf4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
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
    footer = {"", ExitCode.HELP, "",
        "Example: tuf init repo && tuf target add repo -k repo-keys/targets.pem app.bin "
            + "-k repo-keys/snapshot.pem -k repo-keys/timestamp.pem"})
public final class Tuf implements Runnable {
  /**
   * The commands, in the order help lists them. Only the one a command line names is built
   * (picocli reads each command class by reflection, which is most of a short command's start);
   * help and completion build them all.
   */
  private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("init", InitCommand::new);
    COMMANDS.put("target", TargetCommand::new);
    COMMANDS.put("delegate", DelegateCommand::new);
    COMMANDS.put("role", RoleCommand::new);
    COMMANDS.put("verify", VerifyCommand::new);
    COMMANDS.put("download", DownloadCommand::new);
    COMMANDS.put("serve", ServeCommand::new);
    COMMANDS.put("key", KeyCommand::new);
    COMMANDS.put("root", RootCommand::new);
    COMMANDS.put("sign", SignCommand::new);
    COMMANDS.put("signature", SignatureCommand::new);
    COMMANDS.put("status", StatusCommand::new);
    COMMANDS.put("publish", PublishCommand::new);
    COMMANDS.put("timestamp", TimestampCommand::new);
    COMMANDS.put("discard", DiscardCommand::new);
  }

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
    configureProcess();
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err,
        true)));
  }

  /**
   * Settings of a process that runs tuf commands. picocli looks for Groovy's Closure class
   * once; the miss makes the class loader open every jar on the class path, reading the signed
   * BouncyCastle jars' manifests of thousands of digests (some 30 ms of a short command). tuf
   * has no Groovy.
   */
  static void configureProcess() {
    System.setProperty("picocli.disable.closures", "true");
  }

  /** Runs the command line; returns the exit status. */
  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    Tuf root = new Tuf();
    String word = commandWord(args);
    boolean versionOnly = word.isEmpty() && args.length == 1
        && (args[0].equals("--version") || args[0].equals("-V"));
    CommandLine cl = versionOnly ? new CommandLine(root) : commandLine(root, word);
    cl.registerConverter(Instant.class, new InstantConverter());
    cl.registerConverter(Duration.class, new DurationConverter());
    cl.setOut(out);
    cl.setErr(err);
    boolean json = Arrays.asList(args).contains("--json");
    cl.setExecutionExceptionHandler(new ExecutionFailure(root, json));
    cl.setParameterExceptionHandler(new UsageFailure(json));
    try {
      return cl.execute(args);
    } finally {
      Repo.closeAll();
    }
  }

  // picocli's handlers and converters as classes, not lambdas: picocli's interfaces are Java 5
  // class files, which the class-data-sharing archive leaves out once a lambda needs them linked
  // at dump time, and picocli's own converters implementing them with them (some 40 classes
  // loaded from the jar at every start).

  /** A failure of a command: its one line, hint and status; JSON too with {@code --json}. */
  private static final class ExecutionFailure implements CommandLine.IExecutionExceptionHandler {
    private final Tuf root;
    private final boolean json;

    ExecutionFailure(Tuf root, boolean json) {
      this.root = root;
      this.json = json;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd,
        CommandLine.ParseResult parsed) {
      Failure f = Failure.of(e);
      f.print(cmd.getErr(), parsed.matchedOptionValue("--verbose", false) || root.verbose
          ? e : null);
      if (json) {
        f.printJson(cmd.getOut());
      }
      return f.status();
    }
  }

  /** A usage error: one line, a suggestion or a hint, status {@link ExitCode#USAGE}. */
  private static final class UsageFailure implements CommandLine.IParameterExceptionHandler {
    private final boolean json;

    UsageFailure(boolean json) {
      this.json = json;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] arguments) {
      CommandLine cmd = e.getCommandLine();
      PrintWriter w = cmd.getErr();
      w.println("tuf: " + Values.lowerFirst(e.getMessage()));
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, w)) {
        w.println("hint: `" + cmd.getCommandSpec().qualifiedName() + " --help` shows the "
            + "arguments and options");
      }
      if (json) {
        new Failure(ExitCode.USAGE, Values.lowerFirst(e.getMessage()), null)
            .printJson(cmd.getOut());
      }
      return ExitCode.USAGE;
    }
  }

  /** {@link Values#instant}. */
  private static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      return Values.instant(value);
    }
  }

  /** {@link Values#duration}. */
  private static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Values.duration(value);
    }
  }

  /** The command tree with only {@code command} (when it is one), or every command. */
  static CommandLine commandLine(Tuf root, String command) {
    CommandLine cl = new CommandLine(root);
    Supplier<Object> only = COMMANDS.get(command);
    if (only != null) {
      cl.addSubcommand(command, only.get());
    } else {
      COMMANDS.forEach((name, c) -> cl.addSubcommand(name, c.get()));
      cl.addSubcommand(new AutoComplete.GenerateCompletion());
    }
    return cl;
  }

  /** The first word that is not an option: the command, as top-level options take no value. */
  private static String commandWord(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return "";
  }

  static int exitCode(Throwable e) {
    return Failure.of(e).status();
  }

  /** A failure as {@code tuf} reports it: exit status, one line, and a hint. */
  record Failure(int status, String message, String hint) {
    static Failure of(Throwable e) {
      return Errors.describe(e);
    }

    void print(PrintWriter err, Throwable verbose) {
      err.println("tuf: " + message);
      if (hint != null) {
        err.println("hint: " + hint);
      }
      if (verbose != null) {
        verbose.printStackTrace(err);
      } else if (status == ExitCode.INTERNAL) {
        err.println("(run with --verbose for the stack trace)");
      }
      err.flush();
    }

    /** {@code {"ok": false, "error": {"status": N, "message": ..., "hint": ...}}}. */
    void printJson(PrintWriter out) {
      Map<String, JsonValue> error = new LinkedHashMap<>();
      error.put("status", new JsonValue.JsonNumber(status));
      error.put("message", new JsonValue.JsonString(message));
      if (hint != null) {
        error.put("hint", new JsonValue.JsonString(hint));
      }
      Map<String, JsonValue> all = new LinkedHashMap<>();
      all.put("ok", JsonValue.JsonBoolean.FALSE);
      all.put("error", new JsonValue.JsonObject(error));
      out.println(new String(CanonicalJson.encodeForFile(new JsonValue.JsonObject(all)),
          StandardCharsets.UTF_8));
      out.flush();
    }
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
