package org.tuf4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.signer.KeyFileException;
import org.tuf4j.signer.PemKeys;
import org.tuf4j.signer.Pkcs11Exception;
import org.tuf4j.signer.Pkcs11Token;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf key generate|import|list}. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Manage keys.",
    subcommands = {KeyCommand.Generate.class, KeyCommand.Import.class, KeyCommand.ListKeys.class})
final class KeyCommand {
  /** The public key file next to private key {@code pem}: x.pem gives x.pub.json. */
  static Path publicFile(Path pem) {
    String name = pem.getFileName().toString();
    return pem.resolveSibling((name.endsWith(".pem") ? name.substring(0, name.length() - 4)
        : name) + ".pub.json");
  }


  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Generate a key pair: a PKCS#8 PEM file (encrypted unless "
          + "--no-passphrase) plus FILE.pub.json, or a key on a PKCS#11 token.",
      footer = {"", "Examples:", "  tuf key generate --scheme ed25519 --out docs.pem "
          + "--passphrase-env TUF_PASS",
          "  tuf key generate --scheme ecdsa-sha2-nistp256 --out root-hsm --pkcs11-module "
              + "/usr/lib/softhsm/libsofthsm2.so --slot 0 --token-key root --pin-env PIN"})
  static final class Generate implements Callable<Integer> {
    @Option(names = "--scheme", defaultValue = "ed25519", description = "ed25519, "
        + "ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, rsassa-pss-sha256 (default: "
        + "${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Private key file (PEM); the public key goes to FILE.pub.json.")
    Path outFile;

    @Mixin Secrets passphrase = new Secrets();

    @ArgGroup(exclusive = false) Token token;

    /** Where to generate the key instead of a file: a PKCS#11 token. */
    static final class Token {
      @Option(names = "--pkcs11-module", required = true, paramLabel = "LIB",
          description = "Generate the key on a token: its PKCS#11 library, e.g. "
              + "/usr/lib/softhsm/libsofthsm2.so.")
      Path module;

      @Option(names = "--slot", required = true, description = "The token's slot id.")
      long slot;

      @Option(names = "--token-key", required = true, paramLabel = "LABEL",
          description = "Label for the new key on the token.")
      String label;

      @Option(names = "--pin-env", paramLabel = "VAR", description = "Read the PIN from VAR.")
      String pinEnv;

      @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE.")
      Path pinFile;
    }

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Signer signer;
      Path pub = publicFile(outFile);
      if (token != null) {
        char[] pin = Secrets.read(token.pinEnv, token.pinFile, "token PIN");
        try {
          Pkcs11Token t = Pkcs11Token.open(token.module, token.slot, pin);
          signer = t.generateKey(token.label, scheme);
        } catch (Pkcs11Exception e) {
          throw new CliException(ExitCode.KEY_ERROR, "token: " + e.getMessage(), null, e);
        }
      } else {
        if (Files.exists(outFile)) {
          throw new CliException(ExitCode.IO_ERROR, outFile + " exists; not overwriting a key",
              null);
        }
        if (Files.exists(pub)) {
          throw new CliException(ExitCode.IO_ERROR, pub + " exists; not overwriting it", null);
        }
        checkScheme(scheme);
        signer = PemKeys.generate(scheme, outFile, passphrase.readNew("passphrase for the new "
            + "key"));
      }
      PemKeys.writePublicKey(signer, pub);
      spec.commandLine().getOut().println("key id " + PemKeys.publicKey(signer).computeKeyId()
          + " (" + scheme + "); public key in " + pub);
      return ExitCode.OK;
    }

    static void checkScheme(String scheme) {
      if (!java.util.List.of("ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
          "rsassa-pss-sha256").contains(scheme)) {
        throw new CliException(ExitCode.USAGE, "--scheme " + scheme + " is not supported",
            "use ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384 or rsassa-pss-sha256");
      }
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Read a PKCS#8 PEM private key (from OpenSSL or python-tuf), encrypted or "
          + "not, and write it as a tuf4j key file plus FILE.pub.json.",
      footer = {"", "Example: tuf key import legacy.pem --out targets.pem --passphrase-env NEW"})
  static final class Import implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PEM", description = "The key to import (PKCS#8 PEM, "
        + "encrypted or not).")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "The tuf4j key file to write (PEM); the public key goes to FILE.pub.json "
            + "(without a .pem ending: x.pem gives x.pub.json), as `tuf key generate` does.")
    Path outFile;

    @Option(names = "--source-passphrase-env", paramLabel = "VAR",
        description = "Passphrase of the source key, from VAR.")
    String sourceEnv;

    @Option(names = "--source-passphrase-file", paramLabel = "FILE",
        description = "Passphrase of the source key, from FILE.")
    Path sourceFile;

    @Mixin Secrets passphrase = new Secrets();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Path pub = publicFile(outFile);
      for (Path p : new Path[] {outFile, pub}) {
        if (Files.exists(p)) {
          throw new CliException(ExitCode.IO_ERROR, p + " exists; not overwriting it", null);
        }
      }
      char[] sourcePass = null;
      if (sourceEnv != null || sourceFile != null) {
        sourcePass = Secrets.read(sourceEnv, sourceFile, "passphrase of " + source);
      }
      Signer signer;
      try {
        signer = PemKeys.importKey(source, sourcePass, outFile,
            passphrase.readNew("passphrase for " + outFile));
      } catch (KeyFileException e) {
        throw new CliException(ExitCode.KEY_ERROR, source + ": " + e.getMessage(),
            e.reason() == KeyFileException.Reason.PASSWORD_REQUIRED
                ? "give it with --source-passphrase-env or --source-passphrase-file"
                : "check the source key and its passphrase", e);
      }
      PemKeys.writePublicKey(signer, pub);
      spec.commandLine().getOut().println("imported key " + PemKeys.publicKey(signer)
          .computeKeyId() + " (" + signer.scheme() + ") to " + outFile + "; public key in "
          + pub);
      return ExitCode.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List every role of a repository with its keys and threshold.",
      footer = {"", "Example: tuf key list repo --json"})
  static final class ListKeys implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
    Path dir;

    @Option(names = "--json", description = "Machine-readable output.") boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      RepositoryEditor editor = RepositoryEditor.inspect(Repo.storage(dir), Clock.systemUTC());
      Root root = editor.root();
      Map<String, JsonValue> roles = new LinkedHashMap<>();
      for (RoleType t : RoleType.values()) {
        roles.put(t.typeName(), role(root.role(t), root.keys()));
      }
      for (String role : editor.targets().roles()) {
        Optional<Delegations> d = editor.delegations().of(role);
        if (d.isEmpty()) {
          continue;
        }
        if (d.get().succinctRoles().isPresent()) {
          var bins = d.get().succinctRoles().get();
          roles.put(bins.namePrefix() + "-* (" + bins.numberOfBins() + " bins)",
              role(bins.role(), d.get().keys()));
        } else {
          for (var r : d.get().roles().orElseThrow()) {
            roles.put(r.name(), role(r.role(), d.get().keys()));
          }
        }
      }
      var out = spec.commandLine().getOut();
      if (json) {
        out.println(new String(CanonicalJson.encodeForFile(new JsonValue.JsonObject(roles)),
            StandardCharsets.UTF_8));
        return ExitCode.OK;
      }
      roles.forEach((name, v) -> {
        JsonValue.JsonObject o = (JsonValue.JsonObject) v;
        out.println(name + " (threshold " + ((JsonValue.JsonNumber) o.get("threshold")).value()
            + ")");
        ((JsonValue.JsonArray) o.get("keys")).elements().forEach(k -> {
          JsonValue.JsonObject key = (JsonValue.JsonObject) k;
          out.println("  " + ((JsonValue.JsonString) key.get("keyid")).value() + "  "
              + ((JsonValue.JsonString) key.get("scheme")).value());
        });
      });
      return ExitCode.OK;
    }

    private static JsonValue role(Role role, Map<String, Key> keys) {
      List<JsonValue> out = new java.util.ArrayList<>();
      for (String id : role.keyIds()) {
        Key k = keys.get(id);
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("keyid", new JsonValue.JsonString(id));
        m.put("keytype", new JsonValue.JsonString(k == null ? "?" : k.keyType()));
        m.put("scheme", new JsonValue.JsonString(k == null ? "?" : k.scheme()));
        out.add(new JsonValue.JsonObject(m));
      }
      Map<String, JsonValue> m = new LinkedHashMap<>();
      m.put("threshold", new JsonValue.JsonNumber(role.threshold()));
      m.put("keys", new JsonValue.JsonArray(out));
      return new JsonValue.JsonObject(m);
    }
  }
}
