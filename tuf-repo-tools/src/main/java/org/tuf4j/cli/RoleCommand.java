package org.tuf4j.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf role keys add|remove} and {@code tuf role threshold}. */
@Command(name = "role", mixinStandardHelpOptions = true,
    description = "Change the keys and threshold of any role.",
    subcommands = {RoleCommand.Keys.class, RoleCommand.Threshold.class})
final class RoleCommand {

  @Command(name = "keys", mixinStandardHelpOptions = true, description = "Add or remove keys.",
      subcommands = {RoleCommand.AddKey.class, RoleCommand.RemoveKey.class})
  static final class Keys {}

  /** Shared: apply a key/threshold change to a top-level or delegated role. */
  abstract static class Change implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
    Path dir;

    @Parameters(index = "1", paramLabel = "ROLE",
        description = "A top-level role (root, targets, snapshot, timestamp) or a delegated one.")
    String role;

    @Option(names = "--time", hidden = true) Instant time;

    @Mixin SignerOptions signers = new SignerOptions();

    @Mixin Staging staging = new Staging();

    @Spec CommandSpec spec;

    abstract void topLevel(RepositoryEditor editor, RoleType type) throws Exception;

    abstract RoleKeys delegated(List<Key> keys, int threshold) throws Exception;

    @Override
    public Integer call() throws Exception {
      List<org.tuf4j.crypto.Signer> signing = signers.load();
      RepositoryEditor editor = Repo.edit(dir, Repo.clock(time));
      Optional<RoleType> top = RoleType.fromTypeName(role);
      if (top.isPresent()) {
        topLevel(editor, top.get());
      } else {
        String delegator = editor.delegations().delegator(role).orElseThrow();
        Delegations d = editor.delegations().of(delegator).orElseThrow();
        Role current = d.roleFor(role).orElseThrow();
        List<Key> keys = new ArrayList<>();
        for (String id : current.keyIds()) {
          keys.add(d.keys().get(id));
        }
        editor.delegations().setDelegatedKeys(delegator, role, delegated(keys,
            current.threshold()));
      }
      return Repo.finish(editor, signing, spec.commandLine().getOut(), dir, staging.stage);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a key to ROLE.",
      footer = {"", "Example: tuf role keys add repo timestamp new-ts.pub.json "
          + "-k keys/root.pem -k keys/timestamp.pem -k keys/snapshot.pem"})
  static final class AddKey extends Change {
    @Parameters(index = "2", paramLabel = "KEYFILE",
        description = "The public key (.pub.json) or private key PEM to add.")
    Path keyFile;

    @Override
    void topLevel(RepositoryEditor editor, RoleType type) throws Exception {
      editor.keys().addKey(type, Repo.publicKey(keyFile, signers.passphrase));
    }

    @Override
    RoleKeys delegated(List<Key> keys, int threshold) throws Exception {
      List<Key> more = new ArrayList<>(keys);
      more.add(Repo.publicKey(keyFile, signers.passphrase));
      return new RoleKeys(more, threshold);
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove (revoke) a key of ROLE by key id.",
      footer = {"", "Example: tuf role keys remove repo timestamp 8f3a... -k keys/root.pem ..."})
  static final class RemoveKey extends Change {
    @Parameters(index = "2", paramLabel = "KEYID", description = "The id of the key to remove "
        + "(`tuf key list` shows them).")
    String keyId;

    @Override
    void topLevel(RepositoryEditor editor, RoleType type) throws Exception {
      editor.keys().revokeKey(type, keyId);
    }

    @Override
    RoleKeys delegated(List<Key> keys, int threshold) throws Exception {
      List<Key> fewer = new ArrayList<>(keys);
      if (!fewer.removeIf(k -> k.computeKeyId().equals(keyId))) {
        throw new CliException(ExitCode.USAGE, role + " has no key " + keyId, null);
      }
      try {
        return new RoleKeys(fewer, threshold);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.REFUSED, e.getMessage(), "lower the threshold first");
      }
    }
  }

  @Command(name = "threshold", mixinStandardHelpOptions = true,
      description = "Set how many of ROLE's keys must sign.",
      footer = {"", "Example: tuf role threshold repo root 2 -k keys/root-1.pem ..."})
  static final class Threshold extends Change {
    @Parameters(index = "2", paramLabel = "N", description = "How many of the role's keys "
        + "must sign.")
    int threshold;

    @Override
    void topLevel(RepositoryEditor editor, RoleType type) throws Exception {
      editor.keys().setThreshold(type, threshold);
    }

    @Override
    RoleKeys delegated(List<Key> keys, int current) {
      try {
        return new RoleKeys(keys, threshold);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.REFUSED, e.getMessage(), null);
      }
    }
  }
}
