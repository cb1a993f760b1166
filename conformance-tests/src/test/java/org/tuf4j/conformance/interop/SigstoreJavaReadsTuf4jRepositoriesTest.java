package org.tuf4j.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.tuf4j.conformance.interop.InteropRepositories.ExpectedTarget;
import org.tuf4j.conformance.interop.InteropRepositories.Repo;
import org.tuf4j.conformance.interop.InteropRepositories.Shape;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.loopback.LoopbackServer;

/**
 * sigstore-java 2.0.0's TUF client ({@code dev.sigstore.tuf.Updater}, in this JVM) reads the
 * top-level repositories tuf4j writes, over loopback HTTP: root v1 → v2, then every target
 * downloaded and compared byte for byte, or reported missing (docs/INTEROP.md). Its limits — no
 * ecdsa-sha2-nistp384, no plain layout, no delegations — are asserted by its errors, and shown the
 * same on python-tuf-written repositories.
 */
class SigstoreJavaReadsTuf4jRepositoriesTest {
  @TempDir Path tmp;

  static Stream<Repo> topLevel() {
    return InteropRepositories.withShape(Shape.TOP_LEVEL);
  }

  @Execution(ExecutionMode.CONCURRENT)
  @ParameterizedTest(name = "{0}")
  @MethodSource("topLevel")
  void sigstoreJavaFollowsRootRotationAndDownloadsEveryTopLevelTarget_spec5_3_and_5_7(Repo repo)
      throws Exception {
    Expectations.assertReport(repo, Readers.sigstoreJava(repo.dir(), repo.trustedRoot(),
        repo.paths(), tmp), PeerLimits.sigstoreJava());
  }

  /**
   * sigstore-java prefixes a target's name with its sha512 when one is listed, tuf4j with its
   * sha256: tuf4j publishes both names (TUF spec §5.7.3). Regression: only the sha256 name was
   * written, and sigstore-java got 404 for every target.
   */
  @Execution(ExecutionMode.CONCURRENT)
  @Test
  void sigstoreJavaDownloadsEachTargetByItsSha512Name_spec5_7_3() throws Exception {
    Repo repo = InteropRepositories.named("library-top-level-ed25519");
    try (LoopbackServer server = LoopbackServer.serveDirectory(repo.dir())) {
      ReaderReport report = Readers.sigstoreJava(server, repo.trustedRoot(), repo.paths(), tmp);
      Expectations.assertReport(repo, report, PeerLimits.sigstoreJava());
      Signed<Targets> targets = Signed.parse(java.nio.file.Files.readAllBytes(
          repo.dir().resolve("metadata/1.targets.json")), Targets.class);
      List<String> expected = repo.targets().stream().filter(ExpectedTarget::mustBeFound)
          .map(t -> {
            int slash = t.path().lastIndexOf('/');
            return "targets/" + t.path().substring(0, slash + 1)
                + targets.signed().targets().get(t.path()).hashes().get("sha512") + "."
                + t.path().substring(slash + 1);
          }).toList();
      assertEquals(expected, server.requests().stream()
          .filter(r -> r.startsWith("targets/")).toList());
    }
  }

  /** sigstore-java has no delegations: top-level targets are found, delegated ones missing. */
  @Execution(ExecutionMode.CONCURRENT)
  @ParameterizedTest(name = "{0}")
  @MethodSource("delegationsWithConsistentSnapshots")
  void sigstoreJavaFindsTopLevelTargetsOnlyAndReportsDelegatedOnesMissing_peerLimit(Repo repo)
      throws Exception {
    Expectations.assertReport(repo, Readers.sigstoreJava(repo.dir(), repo.trustedRoot(),
        repo.paths(), tmp), PeerLimits.sigstoreJava());
  }

  static Stream<Repo> delegationsWithConsistentSnapshots() {
    return Stream.of(InteropRepositories.named("library-delegations-ed25519"),
        InteropRepositories.named("cli-delegations"));
  }

  /** Its limits are sigstore-java's: python-tuf's repositories meet the same ones. */
  @Execution(ExecutionMode.CONCURRENT)
  @Test
  void sigstoreJavaFailsP384PlainLayoutAndDelegationsOnPythonTufWrittenRepositoriesToo_peerLimit()
      throws Exception {
    Readers.requirePythonTuf();
    for (Repo repo : List.of(
        InteropRepositories.pythonTufWritten(tmp.resolve("p384-top-level"), P384, null, true),
        InteropRepositories.pythonTufWritten(tmp.resolve("plain"), ED25519, null, false),
        InteropRepositories.pythonTufWritten(tmp.resolve("delegated"), ED25519, ED25519,
            true))) {
      Expectations.assertReport(repo, Readers.tuf4j(repo.dir(), repo.trustedRoot(),
          repo.paths(), tmp.resolve(repo.name() + "-tuf4j")), Expectations.Limits.none());
      Expectations.assertReport(repo, Readers.sigstoreJava(repo.dir(), repo.trustedRoot(),
          repo.paths(), tmp.resolve(repo.name() + "-sigstore")), PeerLimits.sigstoreJava());
    }
  }
}
