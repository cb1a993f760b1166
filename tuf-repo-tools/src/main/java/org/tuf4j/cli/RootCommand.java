package org.tuf4j.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.RepositoryEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf root rotate}. */
@Command(name = "root", mixinStandardHelpOptions = true, description = "Root key management.",
    subcommands = RootCommand.Rotate.class)
final class RootCommand {

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Make a new root version: add and remove root keys, change the threshold, "
          + "renew expiry. It must be signed by a threshold of the current root's keys and of "
          + "its own; without enough keys here it is staged for offline signing.",
      footer = {"", "Example: tuf root rotate repo --add-key new-root.pub.json "
          + "--remove-key 4a1d... --threshold 2   # then tuf sign / tuf publish"})
  static final class Rotate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
    Path dir;

    @Option(names = "--add-key", paramLabel = "KEYFILE", description = "Key to add; repeatable.")
    List<Path> add = new ArrayList<>();

    @Option(names = "--remove-key", paramLabel = "KEYID",
        description = "Key id to remove; repeatable.")
    List<String> remove = new ArrayList<>();

    @Option(names = "--threshold", description = "New root threshold.")
    Integer threshold;

    @Option(names = "--time", hidden = true) Instant time;

    @Mixin SignerOptions signers = new SignerOptions();

    @Mixin Staging staging = new Staging();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<org.tuf4j.crypto.Signer> signing = signers.load();
      RepositoryEditor editor = Repo.edit(dir, Repo.clock(time));
      for (Path p : add) {
        editor.keys().addKey(RoleType.ROOT, Repo.publicKey(p, signers.passphrase));
      }
      if (threshold != null && threshold < editor.root().role(RoleType.ROOT).threshold()) {
        editor.keys().setThreshold(RoleType.ROOT, threshold); // lower first so removals fit
      }
      for (String id : remove) {
        editor.keys().revokeKey(RoleType.ROOT, id);
      }
      if (threshold != null) {
        editor.keys().setThreshold(RoleType.ROOT, threshold);
      }
      editor.touch("root");
      return Repo.finish(editor, signing, spec.commandLine().getOut(), dir, staging.stage);
    }
  }
}
