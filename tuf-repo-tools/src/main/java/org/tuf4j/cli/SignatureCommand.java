package org.tuf4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Signature;
import org.tuf4j.repository.Release;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf signature add}: detached signatures made elsewhere, verified before they count. */
@Command(name = "signature", mixinStandardHelpOptions = true,
    description = "Manage detached signatures.", subcommands = SignatureCommand.Add.class)
final class SignatureCommand {

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add detached signatures (from `tuf sign --detached`) to the staged "
          + "release; each is verified against the role's keys first.",
      footer = {"", "Example: tuf signature add repo --role root root-2.sig root-3.sig"})
  static final class Add implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
    Path dir;

    @Parameters(index = "1..*", paramLabel = "SIGFILE", description = "Signature files "
        + "written by `tuf sign --detached`; all are added, or none.")
    List<Path> files;

    @Option(names = "--role", required = true,
        description = "The staged role the signatures are over (e.g. root).")
    String role;

    @Option(names = "--encoding", paramLabel = "json|cbor",
        description = "The encoding the signatures were made over, when the repository "
            + "publishes both.")
    String encoding;

    @Option(names = "--time", hidden = true) Instant time;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Release release = SignCommand.staged(dir, time);
      var over = Repo.signingEncoding(release, encoding);
      // All or nothing: every file is read and every signature verified before the release is
      // saved, and nothing is reported as added until all of them are.
      List<String> added = new ArrayList<>();
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          throw new CliException(ExitCode.IO_ERROR, "no signature file " + f + "; no signature "
              + "was added", "check the path");
        }
        JsonValue v;
        try {
          v = CanonicalJson.parse(Files.readAllBytes(f));
        } catch (TufException e) {
          v = null;
        }
        if (!(v instanceof JsonValue.JsonObject o) || !(o.get("keyid") instanceof
            JsonValue.JsonString id) || !(o.get("sig") instanceof JsonValue.JsonString sig)) {
          throw new CliException(ExitCode.USAGE, f + " is not a signature file; no signature "
              + "was added", "expected {\"keyid\": ..., \"sig\": ...} as `tuf sign --detached` "
              + "writes");
        }
        try {
          release.files(over).addSignature(role, new Signature(id.value(), sig.value(), Map.of()));
        } catch (TufException e) {
          Tuf.Failure failure = Errors.describe(e);
          throw new CliException(failure.status(), f + ": " + failure.message()
              + "; no signature was added", failure.hint(), e);
        }
        added.add("added the signature of " + role + " by " + id.value() + " (" + f + ")");
      }
      release.save();
      added.forEach(spec.commandLine().getOut()::println);
      StatusCommand.printStaged(release, spec.commandLine().getOut());
      return ExitCode.OK;
    }
  }
}
