package org.tuf4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, run as a test so the build keeps it working. */
class DemoTest {
  @TempDir Path work;

  @Test
  @Timeout(60)
  void demoDownloadsTheVerifiedTargetAndRefusesTheTamperedOne() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean ok = new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8), work).run();
    String output = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(ok, output);
    assertTrue(output.contains("5. downloaded and verified"), output);
    assertTrue(output.contains("HashMismatchException"), output);
  }
}
