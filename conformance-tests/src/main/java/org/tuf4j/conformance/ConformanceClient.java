package org.tuf4j.conformance;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tuf4j.TufException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;

/**
 * The client-under-test command line of the cross-implementation TUF conformance suite
 * (tuf-conformance {@code CLIENT-CLI.md}), on tuf4j's {@link Updater}:
 *
 * <pre>
 * CLIENT --metadata-dir DIR init TRUSTED_ROOT
 * CLIENT --metadata-dir DIR --metadata-url URL refresh
 * CLIENT --metadata-dir DIR --metadata-url URL --target-name PATH [--target-name PATH ...]
 *        --target-base-url URL --target-dir DIR download
 * </pre>
 *
 * Exit status 0 on full success, 1 on any failure (with one line on stderr saying why), 2 on a
 * usage error. The reference time is the system clock at each run (the suite runs clients under
 * libfaketime); {@code --time ISO-8601-INSTANT} fixes it instead, for tests.
 */
public final class ConformanceClient {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final PrintStream err;

  ConformanceClient(PrintStream err) {
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new ConformanceClient(System.err).run(args));
  }

  /** Runs one command; returns the exit status. */
  int run(String[] args) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("usage error: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    try {
      switch (a.command) {
        case "init" -> init(a);
        case "refresh" -> updater(a).refresh();
        case "download" -> download(a);
        default -> throw new IllegalStateException("unreachable: " + a.command);
      }
      return OK;
    } catch (TufException | IOException | RuntimeException e) {
      err.println(a.command + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      if (System.getenv("TUF4J_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return FAILED;
    }
  }

  /** Copies the trusted root into the metadata directory; no network (CLIENT-CLI "init"). */
  private void init(Arguments a) throws IOException {
    Path root = Path.of(a.operand);
    Files.createDirectories(a.metadataDir);
    // The client reads at most 512 kB of root; refuse a bigger one here instead of later.
    if (Files.size(root) > 512_000) {
      throw new IOException(root + " is larger than 512000 bytes");
    }
    Path temp = Files.createTempFile(a.metadataDir, ".init-", ".tmp");
    try {
      Files.write(temp, Files.readAllBytes(root));
      Files.move(temp, a.metadataDir.resolve("root.json"),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    err.println("initialised " + a.metadataDir + " from " + root);
  }

  private void download(Arguments a) throws TufException, IOException {
    Updater updater = updater(a);
    updater.refresh();
    for (String name : a.targetNames) {
      Optional<TargetInfo> info = updater.getTargetInfo(name);
      if (info.isEmpty()) {
        throw new IOException("target " + name + " not found in trusted metadata");
      }
      Path destination = a.targetDir.resolve(fileName(name));
      Optional<Path> cached = updater.findCachedTarget(info.get(), destination);
      Path file = cached.isPresent() ? cached.get() : updater.download(info.get(), destination);
      err.println((cached.isPresent() ? "already present: " : "downloaded: ") + name + " -> "
          + file + " (listed by " + info.get().signingRole() + ")");
    }
  }

  /**
   * The file a target is kept as in {@code --target-dir}: the whole path as one name, quoted as
   * the reference client does ({@code quote(path, safe="")} in python-tuf's ngclient), so the
   * directory holds one file per target as the suite expects. Target paths with {@code .} or
   * {@code ..} segments never get here (they are malformed metadata), and no quoted name
   * contains a {@code /}.
   */
  static String fileName(String targetPath) {
    StringBuilder out = new StringBuilder();
    for (byte b : targetPath.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static Updater updater(Arguments a) throws IOException {
    Updater.Builder b = Updater.builder().metadataDir(a.metadataDir).metadataBaseUrl(a.metadataUrl)
        .config(UpdaterConfig.builder().clock(a.clock).build());
    if (a.targetBaseUrl != null) {
      b.targetBaseUrl(a.targetBaseUrl);
    }
    return b.build();
  }

  static final String USAGE_TEXT = """
      usage: tuf4j-conformance-client [--time INSTANT] --metadata-dir DIR init TRUSTED_ROOT
             tuf4j-conformance-client --metadata-dir DIR --metadata-url URL refresh
             tuf4j-conformance-client --metadata-dir DIR --metadata-url URL --target-name PATH \
      [--target-name PATH ...] --target-base-url URL --target-dir DIR download""";

  /** The parsed command line; options may come in any order before the command. */
  static final class Arguments {
    Path metadataDir;
    URI metadataUrl;
    URI targetBaseUrl;
    Path targetDir;
    final List<String> targetNames = new ArrayList<>();
    String command;
    String operand;
    Clock clock = Clock.systemUTC();

    static Arguments parse(String[] args) {
      Arguments a = new Arguments();
      List<String> positional = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (!arg.startsWith("--")) {
          positional.add(arg);
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        String value = args[++i];
        switch (arg) {
          case "--metadata-dir" -> a.metadataDir = Path.of(value);
          case "--metadata-url" -> a.metadataUrl = uri(arg, value);
          case "--target-base-url" -> a.targetBaseUrl = uri(arg, value);
          case "--target-dir" -> a.targetDir = Path.of(value);
          case "--target-name" -> a.targetNames.add(value);
          case "--time" -> a.clock = Clock.fixed(instant(value), ZoneOffset.UTC);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (positional.isEmpty()) {
        throw new IllegalArgumentException("no command given");
      }
      a.command = positional.get(0);
      require(a.metadataDir != null, "--metadata-dir is required");
      switch (a.command) {
        case "init" -> {
          require(positional.size() == 2, "init takes exactly one TRUSTED_ROOT file");
          a.operand = positional.get(1);
        }
        case "refresh" -> {
          require(positional.size() == 1, "refresh takes no operands");
          require(a.metadataUrl != null, "refresh needs --metadata-url");
        }
        case "download" -> {
          require(positional.size() == 1, "download takes no operands");
          require(a.metadataUrl != null, "download needs --metadata-url");
          require(!a.targetNames.isEmpty(), "download needs at least one --target-name");
          require(a.targetBaseUrl != null, "download needs --target-base-url");
          require(a.targetDir != null, "download needs --target-dir");
        }
        default -> throw new IllegalArgumentException("unknown command " + a.command);
      }
      return a;
    }

    private static Instant instant(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--time: not an ISO-8601 instant: " + value);
      }
    }

    private static URI uri(String option, String value) {
      try {
        return URI.create(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": not a URL: " + value);
      }
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
