package org.tuf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The README's programs as named modules, after {@code package}: {@code java --module-path ...
 * --module org.tuf4j.examples/<main class>}. The launch resolves {@code org.tuf4j.examples} and
 * {@code org.tuf4j} from their module-info (automatic modules would be named after their jars),
 * so a run that succeeds shows that tuf-core's exports and requires are enough for a complete
 * update: repository writing, HTTP, the client workflow, and (VehicleDemo) Uptane with CBOR.
 */
class ModulePathIT {
  @TempDir Path tmp;

  /**
   * target/tuf4j-examples.jar, the jars its manifest lists (the runtime dependencies copied to
   * target/lib), and jackson-databind with jackson-annotations: tuf-core leaves databind out of
   * its dependencies, but the module descriptor of jackson-dataformat-cbor requires it.
   */
  private static String modulePath() throws Exception {
    Path jar = Path.of("target/tuf4j-examples.jar").toAbsolutePath();
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

  /** Runs {@code mainClass} of module org.tuf4j.examples; returns its standard output. */
  private String run(String mainClass) throws Exception {
    Path err = tmp.resolve("stderr.txt");
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", modulePath(), "--module", "org.tuf4j.examples/" + mainClass)
        .directory(tmp.toFile()).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(100, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out + Files.readString(err));
    return out;
  }

  @Test
  @Timeout(120)
  void demoOnTheModulePath() throws Exception {
    String out = run("org.tuf4j.examples.Demo");
    assertTrue(out.contains("5. downloaded and verified"), out);
    assertTrue(out.contains("HashMismatchException"), out);
  }

  @Test
  @Timeout(120)
  void vehicleDemoOnTheModulePath() throws Exception {
    String out = run("org.tuf4j.examples.VehicleDemo");
    assertTrue(out.contains("6. Secondary brk-0001, partial verification"), out);
  }
}
