package org.tuf4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's Uptane vehicle example, run as a test so the build keeps it working. */
class VehicleDemoTest {
  @TempDir Path work;

  @Test
  @Timeout(120)
  void vehicleUpdatesAndRefusesTheAttacks_uptane_full_and_partial_verification()
      throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean ok = new VehicleDemo(new PrintStream(buffer, true, StandardCharsets.UTF_8), work)
        .run();
    String output = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(ok, output);
    for (String expected : List.of(
        "targets v1 signed offline (a detached signature over the ",
        "4. Primary gw-0001, full verification",
        "brk-0001 <- brakes/brake-fw-7.bin (release 7)",
        "5. Primary downloaded the 3 images",
        "6. Secondary brk-0001, partial verification",
        "the Director's ManifestVerifier accepted it",
        "8. second cycle: Primary: nothing new (DIRECTOR_UNCHANGED), requests to the Image "
            + "repository: 0; brk-0001: nothing new (ALREADY_INSTALLED)",
        "the Primary refused: ImageMismatchException",
        "the Primary refused: ReleaseCounterRollbackException",
        "brk-0001 refused: ReleaseCounterRollbackException",
        "the Director refused: ReplayedReportException",
        "Primary: nothing new (NO_NEW_IMAGES); brk-0001: nothing new (ALREADY_INSTALLED)",
        "done: ")) {
      assertTrue(output.contains(expected), "missing \"" + expected + "\" in:\n" + output);
    }
  }
}
