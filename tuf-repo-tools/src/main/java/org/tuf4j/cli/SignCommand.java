package org.tuf4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.metadata.Signature;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf sign}: add signatures to the staged release, or write a detached one. */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = "Sign the staged release with the given keys (every role that trusts them), "
        + "or with --detached write one signature to a file for `tuf signature add` elsewhere. "
        + "Prints what the release changes first (keys, thresholds, expiry, targets) and, at a "
        + "terminal, asks before signing; a release listing a key that cannot be read is "
        + "never signed.",
    footer = {"", "Examples:", "  tuf sign repo -k root-2.pem",
        "  tuf sign repo --role root --detached root-2.sig -k /media/usb/root-2.pem --yes"})
final class SignCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
  Path dir;

  @Option(names = "--detached", paramLabel = "OUT",
      description = "Write the signature to OUT instead of adding it (needs --role, one key).")
  Path detached;

  @Option(names = "--role", description = "The role to sign with --detached.")
  String role;

  @Option(names = "--encoding", paramLabel = "json|cbor",
      description = "With --detached: which encoding's file to sign, when the repository "
          + "publishes both.")
  String encoding;

  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation at a terminal.")
  boolean yes;

  @Option(names = "--time", hidden = true) Instant time;

  @Mixin SignerOptions signers = new SignerOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Release release = staged(dir, time);
    RepositoryEditor published = RepositoryEditor.inspect(Repo.storage(dir), Repo.clock(time));
    ReleaseSummary summary = ReleaseSummary.of(release, published);
    var out = spec.commandLine().getOut();
    StatusCommand.printSummary(summary, out);
    if (!summary.unreadable.isEmpty()) {
      throw new CliException(ExitCode.REFUSED, "not signing: the staged release lists "
          + summary.unreadable.size() + " key(s) that cannot be read (" + summary.unreadable
          .get(0) + ")", "a signer must be able to check every key it vouches for; discard "
          + "the release (`tuf discard " + dir + "`) and stage it again with readable keys");
    }
    List<Signer> keys = signers.load();
    if (keys.isEmpty()) {
      throw new CliException(ExitCode.USAGE, "no key given", "use -k PEM or the PKCS#11 options");
    }
    if (detached != null && (role == null || keys.size() != 1)) {
      throw new CliException(ExitCode.USAGE, "--detached needs --role and exactly one key",
          null);
    }
    Repo.checkTrusted(keys, release, published, dir);
    Secrets.Terminal terminal = Secrets.terminal.get();
    if (!yes && terminal != null) {
      out.flush();
      String answer = terminal.readLine("sign " + (detached != null ? role : Repo.describe(
          release)) + " with " + keys.size() + " key(s)? [y/N] ");
      if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).matches(
          "y|yes")) {
        throw new CliException(ExitCode.REFUSED, "not signed: declined at the prompt",
            "nothing was changed; --yes skips the question");
      }
    }
    if (detached != null) {
      Signature sig = release.files(Repo.signingEncoding(release, encoding)).detachedSignature(role,
          keys.get(0));
      Files.write(detached, CanonicalJson.encodeForFile(sig.toJson()));
      out.println("wrote a signature of " + role + " by key " + sig.keyId() + " to " + detached);
      return ExitCode.OK;
    }
    for (Signer s : keys) {
      release.sign(s);
    }
    release.save();
    StatusCommand.printStaged(release, out);
    return ExitCode.OK;
  }

  static Release staged(Path dir, Instant time) throws Exception {
    FileSystemStorage storage = Repo.storage(dir);
    if (!RepositoryEditor.hasStaged(storage)) {
      throw new CliException(ExitCode.REFUSED, "nothing is staged in " + dir,
          "stage a change first (e.g. `tuf root rotate`)");
    }
    return Repo.resume(storage, Repo.clock(time));
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
