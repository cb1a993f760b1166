package org.tuf4j.conformance.interop;

import static org.tuf4j.conformance.interop.InteropRepositories.ED25519;
import static org.tuf4j.conformance.interop.InteropRepositories.P256;
import static org.tuf4j.conformance.interop.InteropRepositories.P384;
import static org.tuf4j.conformance.interop.InteropRepositories.RSA;

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
 * python-tuf 5.1.0's ngclient, the reference implementation (interop/python-tuf/read.py), reads
 * the repositories tuf4j writes, over loopback HTTP: refresh from root v1 (through a rotation to
 * v2 where there is one), each target looked up through delegations and hash bins, found ones
 * downloaded and compared byte for byte (docs/INTEROP.md). With a pyca/cryptography older than
 * 40 (Debian 12), securesystemslib verifies ed25519 only; the test then holds ECDSA and RSA to
 * that error, shown the same on python-tuf-written repositories. Sources from {@code
 * -Dtuf4j.pytuf=DIR}, {@code PYTUF_SRC} or {@code ../shared/peers}; skipped without them or
 * without python3 and cryptography, except under CI ({@code CI} set), where it fails.
 */
class PythonTufReadsTuf4jRepositoriesTest {
  @TempDir Path tmp;

  static Stream<Repo> topLevel() {
    return InteropRepositories.withShape(Shape.TOP_LEVEL);
  }

  static Stream<Repo> delegating() {
    return InteropRepositories.withDelegations();
  }

  private ReaderReport readAndCheck(Repo repo, Path work) throws Exception {
    ReaderReport report = Readers.pythonTuf(repo.dir(), repo.trustedRoot(), repo.paths(), work);
    Expectations.assertReport(repo, report, PeerLimits.pythonTuf(report));
    return report;
  }

  @Execution(ExecutionMode.CONCURRENT)
  @ParameterizedTest(name = "{0}")
  @MethodSource("topLevel")
  void pythonTufFollowsRootRotationAndDownloadsEveryTopLevelTarget_spec5_3_and_5_7(Repo repo)
      throws Exception {
    readAndCheck(repo, tmp);
  }

  @Execution(ExecutionMode.CONCURRENT)
  @ParameterizedTest(name = "{0}")
  @MethodSource("delegating")
  void pythonTufFindsEveryTargetThroughDelegationsAndHashBinsAndNoOther_spec5_6_7(Repo repo)
      throws Exception {
    readAndCheck(repo, tmp);
  }

  /**
   * Whatever python-tuf's environment verifies, it verifies the same on python-tuf's own
   * repositories: ECDSA P-256 and RSA top-level keys, a P-384 delegated key.
   */
  @Execution(ExecutionMode.CONCURRENT)
  @Test
  void pythonTufReadsPythonTufWrittenEcdsaAndRsaRepositoriesAsItReadsTuf4js_peerLimit()
      throws Exception {
    Readers.requirePythonTuf();
    for (Repo repo : List.of(
        InteropRepositories.pythonTufWritten(tmp.resolve("p256-top-level"), P256, null, true),
        InteropRepositories.pythonTufWritten(tmp.resolve("rsa-top-level"), RSA, null, true),
        InteropRepositories.pythonTufWritten(tmp.resolve("p384-delegated"), ED25519, P384,
            true))) {
      Expectations.assertReport(repo, Readers.tuf4j(repo.dir(), repo.trustedRoot(),
          repo.paths(), tmp.resolve(repo.name() + "-tuf4j")), Expectations.Limits.none());
      readAndCheck(repo, tmp.resolve(repo.name() + "-python-tuf"));
    }
  }
}
