package org.tuf4j.conformance.interop;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tuf4j.conformance.interop.InteropRepositories.Repo;
import org.tuf4j.conformance.interop.InteropRepositories.Shape;

/**
 * The baseline of the interop matrix: tuf4j's own client reaches every expected outcome on every
 * repository the peers read (docs/INTEROP.md). A mistake in the expectations shows here first,
 * and never depends on a peer being installed.
 */
class Tuf4jReadsInteropRepositoriesTest {
  @TempDir Path tmp;

  static Stream<Repo> topLevel() {
    return InteropRepositories.withShape(Shape.TOP_LEVEL);
  }

  static Stream<Repo> delegating() {
    return InteropRepositories.withDelegations();
  }

  @Execution(ExecutionMode.CONCURRENT)
  @ParameterizedTest(name = "{0}")
  @MethodSource("topLevel")
  void tuf4jFollowsRootRotationAndDownloadsEveryTopLevelTarget_spec5_3_and_5_7(Repo repo)
      throws Exception {
    Expectations.assertReport(repo, Readers.tuf4j(repo.dir(), repo.trustedRoot(), repo.paths(),
        tmp), Expectations.Limits.none());
  }

  @Execution(ExecutionMode.CONCURRENT)
  @ParameterizedTest(name = "{0}")
  @MethodSource("delegating")
  void tuf4jFindsEveryTargetThroughDelegationsAndNoOther_spec5_6_7(Repo repo) throws Exception {
    Expectations.assertReport(repo, Readers.tuf4j(repo.dir(), repo.trustedRoot(), repo.paths(),
        tmp), Expectations.Limits.none());
  }
}
