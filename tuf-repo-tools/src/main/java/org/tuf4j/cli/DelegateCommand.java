package org.tuf4j.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tuf4j.metadata.Key;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf delegate}: paths, hash prefixes or succinct hash bins to a new role. */
@Command(name = "delegate", mixinStandardHelpOptions = true,
    description = "Delegate targets to a new role (paths, hash prefixes or TAP 15 hash bins), "
        + "then publish (or stage).",
    footer = {"", "Examples:",
        "  tuf delegate repo --to docs --paths 'docs/*' --role-key docs.pub.json "
            + "-k keys/targets.pem -k keys/snapshot.pem -k keys/timestamp.pem",
        "  tuf delegate repo --bins 8 --role-key bins.pub.json -k keys/targets.pem ..."})
final class DelegateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
  Path dir;

  @Option(names = "--from", defaultValue = "targets",
      description = "The delegating role (default: ${DEFAULT-VALUE}).")
  String from;

  @Option(names = "--to", description = "Name of the new role (not with --bins).")
  String to;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  static final class What {
    @Option(names = "--paths", split = ",", paramLabel = "PATTERN",
        description = "Path patterns (* and ? do not match /).")
    List<String> paths;

    @Option(names = "--hash-prefixes", split = ",", paramLabel = "HEX",
        description = "SHA-256 path hash prefixes.")
    List<String> prefixes;

    @Option(names = "--bins", paramLabel = "BITS",
        description = "Succinct hash bins: 2^BITS bins named PREFIX-<hex>.")
    Integer bits;
  }

  @Option(names = "--bin-prefix", defaultValue = "bin", description = "Bin name prefix.")
  String binPrefix;

  @Option(names = "--terminating", description = "A terminating delegation.")
  boolean terminating;

  @Option(names = "--role-key", required = true, paramLabel = "KEYFILE",
      description = "Public key (.pub.json) or private key PEM of the new role; repeatable.")
  List<Path> roleKeys = new ArrayList<>();

  @Option(names = "--threshold", defaultValue = "1", description = "Signatures required.")
  int threshold;

  @Option(names = "--time", hidden = true) Instant time;

  @Mixin SignerOptions signers = new SignerOptions();

  @Mixin Staging staging = new Staging();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<org.tuf4j.crypto.Signer> signing = signers.load();
    List<Key> keys = new ArrayList<>();
    for (Path p : roleKeys) {
      keys.add(Repo.publicKey(p, signers.passphrase));
    }
    RoleKeys rk;
    try {
      rk = new RoleKeys(keys, threshold);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), null);
    }
    RepositoryEditor editor = Repo.edit(dir, Repo.clock(time));
    if (what.bits != null) {
      editor.delegations().delegateHashBins(from, what.bits, binPrefix, rk);
    } else {
      if (to == null) {
        throw new CliException(ExitCode.USAGE, "--to NAME is required", null);
      }
      editor.delegations().delegate(from, to, rk, Optional.ofNullable(what.paths),
          Optional.ofNullable(what.prefixes), terminating);
    }
    return Repo.finish(editor, signing, spec.commandLine().getOut(), dir, staging.stage);
  }
}
