package org.tuf4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
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

  @Option(names = "--use-key", paramLabel = "ROLE=PEM",
      description = "Use this existing private key for ROLE instead of generating one "
          + "(repeatable; for root, all root keys are then given this way).")
  Map<String, Path> useKeys = new LinkedHashMap<>();

  @Option(names = "--time", hidden = true, description = "Use this time instead of the clock.")
  Instant time;

  @Mixin
  Secrets passphrase = new Secrets();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (rootThreshold < 1 || rootThreshold > rootKeys) {
      throw new CliException(ExitCode.USAGE, "--root-threshold must be between 1 and "
          + "--root-keys (" + rootKeys + ")", null);
    }
    Path keys = keysDir != null ? keysDir
        : dir.toAbsolutePath().normalize().resolveSibling(dir.getFileName() + "-keys");
    Files.createDirectories(keys);
    char[] pass = useKeys.size() == RoleType.values().length ? null
        : passphrase.read("passphrase for the new keys");
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    List<Signer> signers = new ArrayList<>();
    for (String role : useKeys.keySet()) {
      if (RoleType.fromTypeName(role).isEmpty()) {
        throw new CliException(ExitCode.USAGE, "--use-key: no top-level role " + role, null);
      }
    }
    for (RoleType type : RoleType.values()) {
      int count = type == RoleType.ROOT ? rootKeys : 1;
      List<Key> roleKeys = new ArrayList<>();
      Path given = useKeys.get(type.typeName());
      if (given != null) {
        SignerOptions one = new SignerOptions();
        one.keys.add(given);
        one.passphrase = passphrase;
        Signer s = one.load().get(0);
        signers.add(s);
        roles.put(type, RoleKeys.of(PemKeys.publicKey(s)));
        continue;
      }
      for (int i = 1; i <= count; i++) {
        String name = type.typeName() + (count > 1 ? "-" + i : "");
        Signer s = PemKeys.generate(scheme, keys.resolve(name + ".pem"), pass);
        PemKeys.writePublicKey(s, keys.resolve(name + ".pub.json"));
        signers.add(s);
        roleKeys.add(PemKeys.publicKey(s));
      }
      roles.put(type, new RoleKeys(roleKeys, type == RoleType.ROOT ? rootThreshold : 1));
    }
    RepositoryEditor editor = Repo.create(FileSystemStorage.open(dir),
        Repo.clock(time), roles, !plain, Repo.encodings(encoding));
    for (Map.Entry<String, Duration> e : expiry.entrySet()) {
      editor.setExpiryPeriod(e.getKey(), e.getValue());
    }
    editor.stage(signers).publish();
    var out = spec.commandLine().getOut();
    out.println("created " + dir + " (" + (plain ? "plain layout" : "consistent snapshots")
        + ", " + editor.encodings() + "), root/targets/snapshot/timestamp v1");
    out.println("keys written to " + keys + " — keep root keys offline");
    return ExitCode.OK;
  }
}
