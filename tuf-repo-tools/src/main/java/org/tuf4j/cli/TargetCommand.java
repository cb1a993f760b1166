package org.tuf4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tuf4j.TufException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.RepositoryEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf target add|remove|list}. */
@Command(name = "target", mixinStandardHelpOptions = true,
    description = "Add, remove or list targets.",
    subcommands = {TargetCommand.Add.class, TargetCommand.Remove.class,
        TargetCommand.ListTargets.class})
final class TargetCommand {

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add or replace targets from files or whole directory trees, then publish "
          + "(or stage, if a needed key is not given).",
      footer = {"", "Example: tuf target add repo build/app.bin --prefix fw/ "
          + "-k keys/targets.pem -k keys/snapshot.pem -k keys/timestamp.pem --no-passphrase"})
  static final class Add implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
    Path dir;

    @Parameters(index = "1..*", paramLabel = "FILE",
        description = "Files or directories (added recursively, named by relative path).")
    List<Path> files;

    @Option(names = "--prefix", defaultValue = "",
        description = "Prepended to every target name, e.g. fw/.")
    String prefix;

    @Option(names = "--name", description = "Target name for a single file.")
    String name;

    @Option(names = "--role", description = "Targets role to list them in (default: targets, "
        + "or the hash bin responsible for each path).")
    String role;

    @Option(names = "--custom", paramLabel = "JSON", description = "custom metadata (a JSON "
        + "object) for every target added.")
    String custom;

    @Option(names = "--time", hidden = true) Instant time;

    @Mixin SignerOptions signers = new SignerOptions();

    @Mixin Staging staging = new Staging();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Optional<JsonValue> customJson = Optional.empty();
      if (custom != null) {
        JsonValue v = CanonicalJson.parse(custom.getBytes(StandardCharsets.UTF_8));
        if (!(v instanceof JsonValue.JsonObject)) {
          throw new CliException(ExitCode.USAGE, "--custom must be a JSON object", null);
        }
        customJson = Optional.of(v);
      }
      Map<String, Path> named = new TreeMap<>();
      if (name != null) {
        if (files.size() != 1 || Files.isDirectory(files.get(0))) {
          throw new CliException(ExitCode.USAGE, "--name needs exactly one file", null);
        }
        named.put(name, files.get(0));
      } else {
        for (Path f : files) {
          collect(f, named);
        }
      }
      List<org.tuf4j.crypto.Signer> signing = signers.load();
      RepositoryEditor editor = Repo.edit(dir, Repo.clock(time));
      for (Map.Entry<String, Path> e : named.entrySet()) {
        String target = e.getKey();
        String into = role != null ? role : editor.targets().responsibleRoleFor(target);
        TargetFile t = editor.targets().addTarget(into, target, e.getValue(), customJson);
        spec.commandLine().getOut().println("  + " + target + " (" + t.length() + " bytes, "
            + into + ")");
      }
      return Repo.finish(editor, signing, spec.commandLine().getOut(), dir, staging.stage);
    }

    private void collect(Path f, Map<String, Path> out) throws IOException {
      if (!Files.exists(f)) {
        throw new CliException(ExitCode.IO_ERROR, "no such file: " + f, null);
      }
      if (!Files.isDirectory(f)) {
        out.put(prefix + f.getFileName(), f);
        return;
      }
      try (Stream<Path> all = Files.walk(f)) {
        for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile).sorted()::iterator) {
          out.put(prefix + f.relativize(p).toString().replace('\\', '/'), p);
        }
      }
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove targets by name, then publish (or stage).",
      footer = {"", "Example: tuf target remove repo fw/old.bin -k keys/targets.pem "
          + "-k keys/snapshot.pem -k keys/timestamp.pem --no-passphrase"})
  static final class Remove implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
    Path dir;

    @Parameters(index = "1..*", paramLabel = "NAME", description = "Target names to remove.")
    List<String> names;

    @Option(names = "--time", hidden = true) Instant time;

    @Mixin SignerOptions signers = new SignerOptions();

    @Mixin Staging staging = new Staging();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<org.tuf4j.crypto.Signer> signing = signers.load();
      RepositoryEditor editor = Repo.edit(dir, Repo.clock(time));
      for (String n : names) {
        if (!editor.targets().removeTarget(n)) {
          throw new CliException(ExitCode.USAGE, "no target named " + n,
              "`tuf target list " + dir + "` shows the targets");
        }
      }
      return Repo.finish(editor, signing, spec.commandLine().getOut(), dir, staging.stage);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List every target with its length, sha256 and role: of a repository "
          + "directory as its metadata lists them, or with --root as a client sees them (a "
          + "directory or a URL, verified; only the targets a client can reach).",
      footer = {"", "Examples:", "  tuf target list repo --json",
          "  tuf target list https://updates.example.com/ --root root.json"})
  static final class ListTargets implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR|URL", description = "The repository directory, "
        + "or with --root a directory or an http(s) URL.")
    String repository;

    @Option(names = "--root", paramLabel = "ROOT.json", description = "List as a client "
        + "does, from this trusted root: every role verified, only reachable targets.")
    Path root;

    @Option(names = "--time", description = "With --root: verify as of this instant.")
    Instant time;

    @Option(names = "--json", description = "Machine-readable output.") boolean json;

    @Mixin EventOptions events = new EventOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws TufException, IOException {
      Map<String, JsonValue> all = new TreeMap<>();
      List<String> lines = new ArrayList<>();
      if (root != null) {
        Path state = ClientSupport.stateDirectory("tuf-list-");
        try {
          Updater updater = ClientSupport.updater(repository, root, state, true, null, time,
              events.listener(spec.commandLine().getErr()));
          ClientWalk walk = ClientWalk.of(updater, repository,
              ClientSupport.isLocal(repository));
          for (TargetInfo info : walk.targets.values()) {
            add(info.target(), info.signingRole(), all, lines);
          }
        } finally {
          ClientSupport.deleteTree(state);
        }
      } else {
        if (!ClientSupport.isLocal(repository)) {
          throw new CliException(ExitCode.USAGE, "listing " + repository + " needs --root",
              "give the trusted root: tuf target list " + repository + " --root root.json");
        }
        Path dir = Path.of(repository);
        RepositoryEditor editor = RepositoryEditor.inspect(Repo.storage(dir),
            java.time.Clock.systemUTC());
        for (String role : editor.targets().roles()) {
          for (TargetFile t : editor.targets().of(role).values()) {
            add(t, role, all, lines);
          }
        }
      }
      var out = spec.commandLine().getOut();
      if (json) {
        out.println(new String(CanonicalJson.encodeForFile(new JsonValue.JsonObject(all)),
            StandardCharsets.UTF_8));
      } else {
        lines.stream().sorted().forEach(out::println);
      }
      return ExitCode.OK;
    }

    private static void add(TargetFile t, String role, Map<String, JsonValue> all,
        List<String> lines) {
      Map<String, JsonValue> entry = new TreeMap<>(t.toJson().members());
      entry.put("role", new JsonValue.JsonString(role));
      all.put(t.path(), new JsonValue.JsonObject(entry));
      lines.add(t.path() + "\t" + t.length() + "\t" + t.hashes().get("sha256") + "\t" + role);
    }
  }
}
