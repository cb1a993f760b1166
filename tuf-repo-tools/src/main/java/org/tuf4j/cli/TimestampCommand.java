package org.tuf4j.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf timestamp}: a new timestamp only, for a cron job. */
@Command(name = "timestamp", mixinStandardHelpOptions = true,
    description = "Re-sign the timestamp alone (renews its expiry); meant for a cron job with "
        + "the online timestamp key.",
    footer = {"", "Example: tuf timestamp repo -k keys/timestamp.pem --no-passphrase"})
final class TimestampCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
  Path dir;

  @Option(names = "--time", hidden = true) Instant time;

  @Mixin SignerOptions signers = new SignerOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<org.tuf4j.crypto.Signer> keys = signers.load();
    RepositoryEditor editor = Repo.edit(dir, Repo.clock(time));
    Release release = editor.stage(keys);
    Repo.checkTrusted(keys, release, editor, dir);
    release.publish(); // refused, with the reason, unless the timestamp key was given
    spec.commandLine().getOut().println("published: " + Repo.describe(release));
    return ExitCode.OK;
  }
}
