package org.tuf4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Smoke run of {@link RefreshMemory} on a small repository, so the program cannot rot. */
// Heap search smoke (child JVMs): in the exhaustive profile (mvn -Pexhaustive verify), which CI runs.
@Tag("exhaustive")
class RefreshMemoryTest {
  @Test
  void theSearchFindsTheSmallestHeapForBothRepositories() throws Exception {
    RefreshMemory.Result r = RefreshMemory.measure(5_000);
    // Small files hide under the JVM's own start-up peak: only the search itself is checked.
    assertTrue(r.baselineMiB() > 1 && r.refreshMiB() >= r.baselineMiB(), r.toString());
  }
}
