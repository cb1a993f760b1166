package org.tuf4j.cli;

import picocli.CommandLine.Option;

/** {@code --stage}: saving the release for offline signers is the intended result. */
final class Staging {
  @Option(names = "--stage",
      description = "Save the release under DIR/staged/ for `tuf sign` and `tuf publish` "
          + "instead of publishing it, even when the keys given are enough; exits 0. Without "
          + "it, a release that still needs signatures is staged and the exit status is 6.")
  boolean stage;
}
