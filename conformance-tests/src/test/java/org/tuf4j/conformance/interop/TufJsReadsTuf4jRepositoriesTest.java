package org.tuf4j.conformance.interop;

import static org.tuf4j.conformance.interop.InteropRepositories.ED25519;
import static org.tuf4j.conformance.interop.InteropRepositories.P384;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tuf4j.conformance.interop.InteropRepositories.Repo;
import org.tuf4j.conformance.interop.InteropRepositories.Shape;

/**
 * tuf-js 3.1.0 (Node, interop/tuf-js/read.mjs) reads the repositories tuf4j writes, over
 * loopback HTTP: refresh from root v1 (through a rotation to v2 where there is one), each target
 * looked up through delegations and hash bins, found ones downloaded and compared byte for byte
 * (docs/INTEROP.md). Its one limit, ecdsa-sha2-nistp384, is asserted by its error, and shown
 * the same on python-tuf-written repositories. Skipped without Node 20+ and npm, except under CI
 * ({@code CI} set), where it fails.
 */
class TufJsReadsTuf4jRepositoriesTest {
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
  void tufJsFollowsRootRotationAndDownloadsEveryTopLevelTarget_spec5_3_and_5_7(Repo repo)
      throws Exception {
    Expectations.assertReport(repo, Readers.tufJs(repo.dir(), repo.trustedRoot(), repo.paths(),
        tmp), PeerLimits.tufJs());
  }

  @Execution(ExecutionMode.CONCURRENT)
  @ParameterizedTest(name = "{0}")
  @MethodSource("delegating")
  void tufJsFindsEveryTargetThroughDelegationsAndHashBinsAndNoOther_spec5_6_7(Repo repo)
      throws Exception {
    Expectations.assertReport(repo, Readers.tufJs(repo.dir(), repo.trustedRoot(), repo.paths(),
        tmp), PeerLimits.tufJs());
  }

  /** The P-384 limit is tuf-js's: python-tuf's P-384 repositories fail the same way. */
  @Execution(ExecutionMode.CONCURRENT)
  @Test
  void tufJsFailsEcdsaP384OnPythonTufWrittenRepositoriesToo_peerLimit() throws Exception {
    Readers.requireTufJs();
    Readers.requirePythonTuf();
    for (Repo repo : List.of(
        InteropRepositories.pythonTufWritten(tmp.resolve("p384-top-level"), P384, null, true),
        InteropRepositories.pythonTufWritten(tmp.resolve("p384-delegated"), ED25519, P384,
            true))) {
      // The repository is sound: tuf4j reads all of it.
      Expectations.assertReport(repo, Readers.tuf4j(repo.dir(), repo.trustedRoot(),
          repo.paths(), tmp.resolve(repo.name() + "-tuf4j")), Expectations.Limits.none());
      Expectations.assertReport(repo, Readers.tufJs(repo.dir(), repo.trustedRoot(),
          repo.paths(), tmp.resolve(repo.name() + "-tuf-js")), PeerLimits.tufJs());
    }
  }
}
