package org.tuf4j.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.function.Executable;
import org.tuf4j.conformance.interop.InteropRepositories.ExpectedTarget;
import org.tuf4j.conformance.interop.InteropRepositories.Repo;
import org.tuf4j.conformance.interop.ReaderReport.TargetOutcome;

/**
 * Checks a reader's report against what the repository says, target by target. A peer that
 * cannot read a feature because of its own limits is held to its specific error (a
 * {@link Limit}), so the test notices the day the peer starts working; anything else a peer gets
 * wrong fails the test.
 */
final class Expectations {
  private Expectations() {}

  /**
   * A documented peer limit: what the peer reports instead of the right outcome — an error
   * matching {@code error}, or (a peer that ignores what it does not support) not found — and
   * why.
   */
  record Limit(String status, Pattern error, String reason) {
    static Limit of(String regex, String reason) {
      return new Limit(TargetOutcome.ERROR, Pattern.compile(regex, Pattern.DOTALL), reason);
    }

    static Limit notFound(String reason) {
      return new Limit(TargetOutcome.NOT_FOUND, null, reason);
    }

    boolean matches(TargetOutcome got) {
      return status.equals(got.status()) && (error == null || matches(got.error()));
    }

    boolean matches(String message) {
      return message != null && error != null && error.matcher(message).find();
    }

    @Override
    public String toString() {
      return (error == null ? status : "/" + error + "/") + " (" + reason + ")";
    }
  }

  /** Where a reader is known to fail for reasons of its own. */
  interface Limits {
    /** The refresh itself fails. */
    Optional<Limit> refresh(Repo repo);

    /** Looking up (or downloading) this target fails. */
    Optional<Limit> target(Repo repo, ExpectedTarget target);

    static Limits none() {
      return new Limits() {
        @Override
        public Optional<Limit> refresh(Repo repo) {
          return Optional.empty();
        }

        @Override
        public Optional<Limit> target(Repo repo, ExpectedTarget target) {
          return Optional.empty();
        }
      };
    }
  }

  /**
   * The report must say: refresh ok and the repository's final root version (or the limit's
   * error), every expected target found with its exact length and SHA-256, every other one not
   * found, except where a limit names the error instead.
   */
  static void assertReport(Repo repo, ReaderReport report, Limits limits) {
    String who = report.client() + " " + report.version() + " reading " + repo.name() + ": ";
    List<Executable> checks = new ArrayList<>();
    Optional<Limit> refreshLimit = limits.refresh(repo);
    checks.add(() -> {
      if (refreshLimit.isPresent()) {
        assertTrue(!report.refresh().ok() && refreshLimit.get().matches(report.refresh().error()),
            who + "refresh should fail with " + refreshLimit.get() + ", got "
                + report.refresh());
      } else {
        assertEquals(ReaderReport.Refresh.ok(repo.finalRootVersion()), report.refresh(),
            who + "refresh (TUF spec §5.3–§5.6)");
      }
    });
    checks.add(() -> assertEquals(repo.paths(), List.copyOf(report.targets().keySet()),
        who + "one outcome per target asked for"));
    for (ExpectedTarget t : repo.targets()) {
      TargetOutcome got = report.targets().get(t.path());
      Optional<Limit> limit = refreshLimit.isPresent() ? refreshLimit : limits.target(repo, t);
      checks.add(() -> {
        String where = who + t.path() + " (" + t.why() + "): ";
        if (got == null) {
          throw new AssertionError(where + "no outcome reported");
        }
        if (limit.isPresent()) {
          assertTrue(limit.get().matches(got), where + "a peer limit: should be " + limit.get()
              + ", got " + got);
        } else if (t.mustBeFound()) {
          assertEquals(TargetOutcome.found(t.content().length, t.sha256()), got,
              where + "must be found with its exact bytes");
        } else {
          assertEquals(TargetOutcome.notFound(), got, where + "must not be found");
        }
      });
    }
    assertAll(who.trim(), checks);
  }
}
