package org.tuf4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Smoke run of {@link RefreshMemory} on a small repository, so the program cannot rot. */
class RefreshMemoryTest {
  @Test
  void aLargerRepositoryNeedsMoreHeapThanTheBaseline() throws Exception {
    RefreshMemory.Result r = RefreshMemory.measure(5_000);
    assertTrue(r.refreshMiB() > r.baselineMiB(), r.toString());
    assertTrue(r.ratio() > 0 && r.ratio() < 10, r.toString());
  }
}
