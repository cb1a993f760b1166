package org.tuf4j.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.signer.PemKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tuf init}: a new repository with freshly generated keys. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Create a new repository in DIR: generate keys for each top-level role, "
        + "publish root, targets, snapshot and timestamp v1.",
    footer = {"", "Example: tuf init repo --keys repo-keys --root-keys 3 --root-threshold 2 "
        + "--passphrase-env TUF_PASS"})
final class InitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory to "
      + "create (new, or an empty directory).")
  Path dir;

  @Option(names = "--keys", paramLabel = "KEYDIR",
      description = "Where to write the private keys (default: DIR-keys, never inside DIR, "
          + "which is served).")
  Path keysDir;

  @Option(names = "--scheme", defaultValue = "ed25519",
      description = "Key scheme: ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, "
          + "rsassa-pss-sha256 (default: ${DEFAULT-VALUE}).")
  String scheme;

  @Option(names = "--root-keys", defaultValue = "1", description = "Number of root keys.")
  int rootKeys;

  @Option(names = "--root-threshold", defaultValue = "1",
      description = "Root signatures required.")
  int rootThreshold;

  @Option(names = "--plain", description = "Plain layout instead of consistent snapshots.")
  boolean plain;

  @Option(names = "--encoding", defaultValue = "json", paramLabel = "json|cbor|both",
      description = "Metadata encoding: canonical JSON, deterministic CBOR, or both side by "
          + "side, each signed in its own encoding (default: ${DEFAULT-VALUE}).")
  String encoding;

  @Option(names = "--expiry", paramLabel = "ROLE=DURATION",
      description = "Expiry period per role, ISO-8601 (e.g. timestamp=PT6H, targets=P30D).")
  Map<String, Duration> expiry = new LinkedHashMap<>();

  @Option(names = "--use-key", paramLabel = "ROLE=KEY",
      description = "Use this existing private key (a PEM file or a key URI, as -k takes) for "
          + "ROLE instead of generating one (repeatable; for root, all root keys are then given "
          + "this way).")
  Map<String, String> useKeys = new LinkedHashMap<>();

  @Option(names = "--time", hidden = true, description = "Use this time instead of the clock.")
  Instant time;

  @Mixin
  Secrets passphrase = new Secrets();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // Everything is checked before anything is written: a failed init leaves no directory and
    // no key behind, so the same command can simply be run again.
    if (rootKeys < 1) {
      throw new CliException(ExitCode.USAGE, "--root-keys must be at least 1", null);
    }
    if (rootThreshold < 1 || rootThreshold > rootKeys) {
      throw new CliException(ExitCode.USAGE, "--root-threshold must be between 1 and "
          + "--root-keys (" + rootKeys + ")", null);
    }
    KeyCommand.Generate.checkScheme(scheme);
    var encodings = Repo.encodings(encoding);
    for (Map.Entry<String, Duration> e : expiry.entrySet()) {
      if (RoleType.fromTypeName(e.getKey()).isEmpty()) {
        throw new CliException(ExitCode.USAGE, "--expiry " + e.getKey() + "=...: no top-level "
            + "role " + e.getKey(), "use root, targets, snapshot or timestamp");
      }
      if (e.getValue().isNegative() || e.getValue().isZero()) {
        throw new CliException(ExitCode.USAGE, "--expiry " + e.getKey() + "=" + e.getValue()
            + ": the period must be positive", "for example --expiry timestamp=PT6H");
      }
    }
    for (String role : useKeys.keySet()) {
      if (RoleType.fromTypeName(role).isEmpty()) {
        throw new CliException(ExitCode.USAGE, "--use-key " + role + "=...: no top-level role "
            + role, "use root, targets, snapshot or timestamp");
      }
    }
    Path repo = dir.toAbsolutePath().normalize();
    if (repo.getParent() == null) {
      throw new CliException(ExitCode.USAGE, "DIR cannot be the root directory", null);
    }
    Path keys = (keysDir != null ? keysDir : repo.resolveSibling(repo.getFileName() + "-keys"))
        .toAbsolutePath().normalize();
    if (keys.startsWith(repo)) {
      throw new CliException(ExitCode.USAGE, "--keys " + keysDir + " is inside " + dir
          + ", which is served", "keep the keys outside the repository directory");
    }
    if (Files.isDirectory(repo.resolve("metadata"))) {
      throw new CliException(ExitCode.IO_ERROR, dir + " is already a repository",
          "`tuf status " + dir + "` shows it; choose another DIR for a new one");
    }
    if (Files.exists(repo, LinkOption.NOFOLLOW_LINKS) && (!Files.isDirectory(repo)
        || !isEmpty(repo))) {
      throw new CliException(ExitCode.IO_ERROR, dir + " exists and is not an empty directory",
          "choose a new directory for the repository");
    }
    Map<String, Path> keyFiles = new LinkedHashMap<>();
    for (RoleType type : RoleType.values()) {
      if (useKeys.containsKey(type.typeName())) {
        continue;
      }
      int count = type == RoleType.ROOT ? rootKeys : 1;
      for (int i = 1; i <= count; i++) {
        String name = type.typeName() + (count > 1 ? "-" + i : "");
        for (String file : new String[] {name + ".pem", name + ".pub.json"}) {
          if (Files.exists(keys.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(ExitCode.IO_ERROR, keys.resolve(file) + " exists; not "
                + "overwriting a key", "choose another --keys directory");
          }
        }
        keyFiles.put(name, keys.resolve(name + ".pem"));
      }
    }
    Map<RoleType, Signer> given = new EnumMap<>(RoleType.class);
    for (Map.Entry<String, String> e : useKeys.entrySet()) {
      SignerOptions one = new SignerOptions();
      one.keys.add(e.getValue());
      one.passphrase = passphrase;
      given.put(RoleType.fromTypeName(e.getKey()).orElseThrow(), one.load().get(0));
    }
    char[] pass = keyFiles.isEmpty() ? null
        : passphrase.readNew("passphrase for the new keys");

    // Written into new directories next to the final ones, then moved into place.
    Files.createDirectories(repo.getParent());
    Files.createDirectories(keys.getParent());
    Path newRepo = Files.createDirectory(repo.resolveSibling("." + repo.getFileName()
        + ".init-" + UUID.randomUUID()));
    Path newKeys = Files.createDirectory(keys.resolveSibling("." + keys.getFileName()
        + ".init-" + UUID.randomUUID()));
    List<Path> moved = new ArrayList<>();
    boolean done = false;
    try {
      Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
      List<Signer> signers = new ArrayList<>();
      for (RoleType type : RoleType.values()) {
        Signer s0 = given.get(type);
        if (s0 != null) {
          signers.add(s0);
          roles.put(type, RoleKeys.of(PemKeys.publicKey(s0)));
          continue;
        }
        List<Key> roleKeys = new ArrayList<>();
        for (Map.Entry<String, Path> k : keyFiles.entrySet()) {
          String name = k.getKey();
          if (!name.equals(type.typeName()) && !name.startsWith(type.typeName() + "-")) {
            continue;
          }
          Signer s = PemKeys.generate(scheme, newKeys.resolve(name + ".pem"), pass);
          PemKeys.writePublicKey(s, newKeys.resolve(name + ".pub.json"));
          signers.add(s);
          roleKeys.add(PemKeys.publicKey(s));
        }
        roles.put(type, new RoleKeys(roleKeys, type == RoleType.ROOT ? rootThreshold : 1));
      }
      RepositoryEditor editor = Repo.create(FileSystemStorage.open(newRepo),
          Repo.clock(time), roles, !plain, encodings);
      for (Map.Entry<String, Duration> e : expiry.entrySet()) {
        editor.policy().setExpiryPeriod(e.getKey(), e.getValue());
      }
      editor.stage(signers).publish();

      if (keyFiles.isEmpty()) {
        // every key was given: nothing to move
      } else if (!Files.exists(keys)) {
        Files.move(newKeys, keys, StandardCopyOption.ATOMIC_MOVE);
        moved.add(keys);
      } else {
        try (var files = Files.list(newKeys)) {
          for (Path f : (Iterable<Path>) files.sorted()::iterator) {
            Path to = keys.resolve(f.getFileName().toString());
            Files.move(f, to, StandardCopyOption.ATOMIC_MOVE); // fails rather than replace
            moved.add(to);
          }
        }
      }
      if (Files.isDirectory(repo)) {
        Files.delete(repo); // empty, checked above
      }
      Files.move(newRepo, repo, StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } finally {
      if (!done) {
        for (Path p : moved) {
          ClientSupport.deleteTree(p);
        }
      }
      ClientSupport.deleteTree(newRepo);
      ClientSupport.deleteTree(newKeys);
    }
    var out = spec.commandLine().getOut();
    out.println("created " + dir + " (" + (plain ? "plain layout" : "consistent snapshots")
        + ", " + Repo.encodingNames(encodings) + "), root/targets/snapshot/timestamp v1");
    out.println((keyFiles.isEmpty() ? "no key generated" : "keys written to " + keys)
        + " — keep root keys offline");
    return ExitCode.OK;
  }

  private static boolean isEmpty(Path dir) throws java.io.IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
