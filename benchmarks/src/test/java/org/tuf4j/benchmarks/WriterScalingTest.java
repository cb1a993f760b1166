package org.tuf4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke run of {@link WriterScaling} with a tiny repository, so the timing program cannot rot. */
class WriterScalingTest {
  @TempDir Path dir;

  @Test
  void addingOneTargetToHashBinsResignsOneBinSnapshotAndTimestamp() throws Exception {
    WriterScaling.Result r = WriterScaling.run(600, dir, 1);
    assertEquals(4, r.bins());
    assertEquals(3, r.resignedRoles().size(), r.resignedRoles().toString());
    assertEquals(java.util.List.of("snapshot", "timestamp"), r.resignedRoles().subList(1, 3));
  }
}
