package org.tuf4j.signer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private SoftHSM2 token for tests, one per test JVM. SoftHSM2 finds its token directory
 * through the file named by {@code SOFTHSM2_CONF}, read once when SunPKCS11 loads the module into
 * this JVM; surefire sets the variable (see tuf-core/pom.xml) and this class writes the file,
 * pointing at a fresh directory under target/, before the module is first loaded.
 */
final class SoftHsm2 {
  static final String TOKEN_LABEL = "tuf4j-test";
  static final String PIN = "1234";
  private static final String SO_PIN = "5678";
  private static final List<Path> MODULES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
      Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));

  private static Token token;

  /** The module and slot of an initialized token. */
  record Token(Path module, long slotId) {}

  private SoftHsm2() {}

  /**
   * The test token, initialized on first call. Without SoftHSM2 the calling test is skipped,
   * or fails when the CI variable is set: CI must exercise the PKCS#11 code.
   */
  static synchronized Token token() throws IOException, InterruptedException {
    if (token != null) {
      return token;
    }
    Path module = findModule();
    if (module == null || !onPath("softhsm2-util")) {
      String why = "SoftHSM2 is not installed (no softhsm2-util or libsofthsm2.so)";
      if (System.getenv("CI") != null) {
        fail(why + ": .ci/run must install the softhsm2 package");
      }
      assumeTrue(false, why + "; skipping PKCS#11 tests (apt-get install softhsm2)");
    }
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null) {
      String why = "SOFTHSM2_CONF is not set; run through Maven (surefire sets it)";
      if (System.getenv("CI") != null) {
        fail(why);
      }
      assumeTrue(false, why);
    }
    Path confFile = Path.of(conf);
    Path tokens = confFile.resolveSibling("tokens");
    deleteRecursively(tokens);
    Files.createDirectories(tokens);
    Files.writeString(confFile, "directories.tokendir = " + tokens.toAbsolutePath() + "\n"
        + "objectstore.backend = file\n"
        + "log.level = ERROR\n");
    String output = run("softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
        "--pin", PIN, "--so-pin", SO_PIN);
    Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
    if (!m.find()) {
      fail("unexpected softhsm2-util output: " + output);
    }
    token = new Token(module, Long.parseLong(m.group(1)));
    return token;
  }

  private static Path findModule() throws IOException {
    for (Path p : MODULES) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    // Multiarch Debian/Ubuntu: /usr/lib/<triplet>/softhsm/libsofthsm2.so.
    try (Stream<Path> dirs = Files.list(Path.of("/usr/lib"))) {
      return dirs.map(d -> d.resolve("softhsm/libsofthsm2.so")).filter(Files::isRegularFile)
          .findFirst().orElse(null);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
