package org.tuf4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
    @Parameters(index = "0", paramLabel = "DIR") Path dir;

    @Parameters(index = "1..*", paramLabel = "SIGFILE") List<Path> files;

    @Option(names = "--role", required = true) String role;

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
      for (Path f : files) {
        JsonValue v = CanonicalJson.parse(Files.readAllBytes(f));
        if (!(v instanceof JsonValue.JsonObject o) || !(o.get("keyid") instanceof
            JsonValue.JsonString id) || !(o.get("sig") instanceof JsonValue.JsonString sig)) {
          throw new CliException(ExitCode.USAGE, f + " is not a signature file",
              "expected {\"keyid\": ..., \"sig\": ...} as `tuf sign --detached` writes");
        }
        release.addSignature(role, over, new Signature(id.value(), sig.value(), Map.of()));
        spec.commandLine().getOut().println("added the signature of " + role + " by "
            + id.value());
      }
      release.save();
      StatusCommand.printStaged(release, spec.commandLine().getOut());
      return ExitCode.OK;
    }
  }
}
