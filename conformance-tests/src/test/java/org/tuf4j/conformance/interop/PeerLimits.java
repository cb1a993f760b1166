package org.tuf4j.conformance.interop;

import static org.tuf4j.conformance.interop.InteropRepositories.ED25519;
import static org.tuf4j.conformance.interop.InteropRepositories.P384;

import java.util.Objects;
import java.util.Optional;
import org.tuf4j.conformance.interop.Expectations.Limit;
import org.tuf4j.conformance.interop.Expectations.Limits;
import org.tuf4j.conformance.interop.InteropRepositories.ExpectedTarget;
import org.tuf4j.conformance.interop.InteropRepositories.Repo;

/**
 * What each peer cannot read for reasons of its own, as docs/INTEROP.md lists them: each limit
 * is asserted by the peer's specific error, on tuf4j's repositories and on python-tuf-written
 * equivalents (the tests named {@code ...OnPythonTufWrittenRepositoriesToo_peerLimit}), so a peer
 * release that lifts a limit makes the tests fail until the expectation is updated.
 */
final class PeerLimits {
  private PeerLimits() {}

  /** A limit on a top-level key scheme (the refresh fails) and on a delegated one. */
  private record SchemeLimits(java.util.function.Predicate<String> cannotVerify,
      Limit refresh, Limit delegated) implements Limits {
    @Override
    public Optional<Limit> refresh(Repo repo) {
      return cannotVerify.test(repo.topScheme()) ? Optional.of(refresh) : Optional.empty();
    }

    @Override
    public Optional<Limit> target(Repo repo, ExpectedTarget target) {
      return repo.delegatedScheme() != null && cannotVerify.test(repo.delegatedScheme())
          && target.throughDelegation() ? Optional.of(delegated) : Optional.empty();
    }
  }

  private static final String TUF_JS_P384 = "tuf-js 3.1.0 verifies every signature with Node's"
      + " crypto.verify(undefined, ...), which hashes with SHA-256 for any EC key, so an"
      + " ecdsa-sha2-nistp384 signature (SHA-384) never verifies (@tufjs/models 4.1.1,"
      + " utils/verify.js)";

  /** tuf-js 3.1.0: no ecdsa-sha2-nistp384, top-level or delegated. */
  static Limits tufJs() {
    return new SchemeLimits(P384::equals,
        Limit.of("UnsignedMetadataError: root was signed by 0/1 keys", TUF_JS_P384),
        Limit.of("Error: [\\w-]+ was signed by 0/1 keys", TUF_JS_P384));
  }

  private static final String PYTHON_CRYPTO = "securesystemslib 1.4.0 verifies ECDSA and RSA"
      + " with pyca/cryptography 40 or later; with an older one (Debian 12 has 38) it verifies"
      + " ed25519 only (its vendored pure-Python code) and counts every other signature as"
      + " missing";

  /**
   * python-tuf 5.1.0: everything, given a pyca/cryptography securesystemslib can use; without
   * (the report's {@code securesystemslibCrypto}), ed25519 only.
   */
  static Limits pythonTuf(ReaderReport report) {
    String crypto = report.environment().get("securesystemslibCrypto");
    Objects.requireNonNull(crypto, "read.py reports securesystemslibCrypto");
    if (Boolean.parseBoolean(crypto)) {
      return Limits.none();
    }
    return new SchemeLimits(scheme -> !ED25519.equals(scheme),
        Limit.of("UnsignedMetadataError: root was signed by 0/1 keys", PYTHON_CRYPTO),
        Limit.of("UnsignedMetadataError: [\\w-]+ was signed by 0/1 keys", PYTHON_CRYPTO));
  }

  private static final String SIGSTORE_P384 = "sigstore-java 2.0.0's Verifiers.newVerifier"
      + " knows ecdsa-sha2-nistp256, ed25519 and rsassa-pss-sha256 only; a P-384 key's"
      + " signature is skipped";
  private static final String SIGSTORE_PLAIN = "sigstore-java 2.0.0 always requests"
      + " N.snapshot.json, N.targets.json and <hash>.<name> targets: it cannot read a"
      + " repository without consistent snapshots";
  private static final String SIGSTORE_DELEGATIONS = "sigstore-java 2.0.0 looks targets up in"
      + " the top-level targets role only (no delegations): a delegated target is reported"
      + " missing (TargetMetadataMissingException)";

  /**
   * sigstore-java 2.0.0: no ecdsa-sha2-nistp384, no plain layout, no delegations (delegated
   * targets are reported missing).
   */
  static Limits sigstoreJava() {
    return new Limits() {
      @Override
      public Optional<Limit> refresh(Repo repo) {
        if (P384.equals(repo.topScheme())) {
          return Optional.of(Limit.of("SignatureVerificationException: The role has not been"
              + " signed by enough keys. \\[Theshold: 1, Actual: 0\\]", SIGSTORE_P384));
        }
        if (!repo.consistent()) {
          return Optional.of(Limit.of("FileNotFoundException: file \\(1\\.snapshot\\.json\\)"
              + " was not found", SIGSTORE_PLAIN));
        }
        return Optional.empty();
      }

      @Override
      public Optional<Limit> target(Repo repo, ExpectedTarget target) {
        return target.throughDelegation() && target.mustBeFound()
            ? Optional.of(Limit.notFound(SIGSTORE_DELEGATIONS)) : Optional.empty();
      }
    };
  }
}
