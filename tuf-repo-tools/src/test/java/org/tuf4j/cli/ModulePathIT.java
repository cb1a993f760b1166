package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tuf} command as named modules: {@code java --module-path ... --module
 * org.tuf4j.cli/org.tuf4j.cli.Tuf}, after {@code package}. The launch resolves
 * {@code org.tuf4j.cli} and {@code org.tuf4j} from their module-info (an automatic module would
 * be named after its jar, and {@code requires org.tuf4j} would not resolve), so each run checks
 * both descriptors: requires, exports, and picocli's reflective access through {@code opens}.
 */
@Timeout(120)
class ModulePathIT {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  /**
   * target/tuf.jar, the jars its manifest lists (the runtime dependencies copied to target/lib),
   * and jackson-databind with jackson-annotations: tuf-core leaves databind out of its
   * dependencies, but the module descriptor of jackson-dataformat-cbor requires it.
   */
  private static String modulePath() throws Exception {
    Path jar = Path.of("target/tuf.jar").toAbsolutePath();
    List<String> path = new ArrayList<>();
    path.add(jar.toString());
    try (JarFile file = new JarFile(jar.toFile())) {
      String classPath = file.getManifest().getMainAttributes()
          .getValue(Attributes.Name.CLASS_PATH);
      for (String entry : classPath.trim().split("\\s+")) {
        path.add(jar.resolveSibling(entry).toString());
      }
    }
    path.add(jarOf("com.fasterxml.jackson.databind.ObjectMapper"));
    path.add(jarOf("com.fasterxml.jackson.annotation.JsonProperty"));
    return String.join(File.pathSeparator, path);
  }

  private static String jarOf(String className) throws Exception {
    return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString();
  }

  private Run tuf(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", modulePath(), "--module", "org.tuf4j.cli/org.tuf4j.cli.Tuf"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(tmp.toFile())
        .redirectError(tmp.resolve("stderr.txt").toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        java.nio.file.Files.readString(tmp.resolve("stderr.txt")));
  }

  @Test
  void helpOnTheModulePath() throws Exception {
    Run help = tuf("--help");
    assertEquals(0, help.exit(), help.err());
    assertTrue(help.out().startsWith("Usage: tuf"), help.out());
  }

  @Test
  void initAndVerifyOnTheModulePath() throws Exception {
    Run init = tuf("init", "repo", "--no-passphrase");
    assertEquals(0, init.exit(), init.err());
    Run verify = tuf("verify", "repo", "--root", "repo/metadata/1.root.json");
    assertEquals(0, verify.exit(), verify.err());
    assertTrue(verify.out().contains("verified: 4 roles, 0 targets"), verify.out());
  }
}
