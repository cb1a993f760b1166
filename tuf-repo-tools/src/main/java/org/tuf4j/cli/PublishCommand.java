package org.tuf4j.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.tuf4j.crypto.Signer;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf publish}: publish the staged release, or refresh snapshot and timestamp. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Publish the staged release once every threshold is met; with nothing "
        + "staged, re-sign snapshot and timestamp (renewing their expiry).",
    footer = {"", "Example: tuf publish repo -k keys/snapshot.pem -k keys/timestamp.pem"})
final class PublishCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
  Path dir;

  @Option(names = "--time", hidden = true) Instant time;

  @Mixin SignerOptions signers = new SignerOptions();

  @Mixin Staging staging = new Staging();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    List<Signer> keys = signers.load();
    if (RepositoryEditor.hasStaged(Repo.storage(dir))) {
      Release release = SignCommand.staged(dir, time);
      Repo.checkTrusted(keys, release, RepositoryEditor.inspect(Repo.storage(dir),
          Repo.clock(time)), dir);
      for (Signer s : keys) {
        release.sign(s);
      }
      if (!release.isFullySigned()) {
        release.save();
        StringBuilder missing = new StringBuilder();
        for (RoleStatus s : release.status()) {
          if (!s.isComplete()) {
            missing.append(missing.length() == 0 ? "" : "; ").append(s.describe());
          }
        }
        throw new CliException(ExitCode.REFUSED, "cannot publish yet: " + missing,
            "add signatures with `tuf sign` or `tuf signature add`");
      }
      release.publish();
      out.println("published: " + Repo.describe(release));
      return ExitCode.OK;
    }
    RepositoryEditor editor = Repo.edit(dir, Repo.clock(time));
    editor.touch("snapshot");
    return Repo.finish(editor, keys, out, dir, staging.stage);
  }
}
