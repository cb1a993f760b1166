package org.tuf4j.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.tuf4j.crypto.Signer;
import org.tuf4j.signer.KeyFileException;
import org.tuf4j.signer.KeyUriException;
import org.tuf4j.signer.PemKeys;
import org.tuf4j.signer.Pkcs11Exception;
import org.tuf4j.signer.Pkcs11Token;
import org.tuf4j.signer.SignerUris;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The keys a command may sign with: PKCS#8 PEM files and key URIs ({@code -k}, repeatable;
 * see {@link SignerUris}) and keys on a PKCS#11 token. Each role of the release is signed by whichever of them it trusts.
 */
final class SignerOptions {
  @Option(names = {"-k", "--key"}, paramLabel = "KEY",
      description = "A key to sign with: a private key file (PKCS#8 PEM) or a key URI "
          + "(file:PATH, pkcs11:...;object=LABEL?module-path=LIB, or a plug-in's scheme); "
          + "repeatable.")
  List<String> keys = new ArrayList<>();

  @Mixin
  Secrets passphrase = new Secrets();

  @ArgGroup(exclusive = false, heading = "PKCS#11 token%n")
  Pkcs11Options pkcs11;

  /** Options to reach keys on a PKCS#11 token. */
  static final class Pkcs11Options {
    @Option(names = "--pkcs11-module", required = true, paramLabel = "LIB",
        description = "The token's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so.")
    Path module;

    @Option(names = "--slot", required = true, description = "The token's slot id.")
    long slot;

    @Option(names = "--token-key", required = true, paramLabel = "LABEL",
        description = "Label of the key on the token; repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--token-scheme", defaultValue = "ecdsa-sha2-nistp256",
        description = "Scheme of the token keys (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--pin-env", paramLabel = "VAR", description = "Read the PIN from VAR.")
    String pinEnv;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE.")
    Path pinFile;
  }

  /** Loads every key given; the token session stays open for the life of the process. */
  List<Signer> load() throws IOException {
    List<Signer> out = new ArrayList<>();
    char[] pass = null;
    for (String given : keys) {
      if (SignerUris.isUri(given) && !given.regionMatches(true, 0, "file:", 0, 5)) {
        out.add(openUri(given));
        continue;
      }
      Path key = file(given);
      if (!Files.isRegularFile(key)) {
        throw new CliException(ExitCode.KEY_ERROR, "no key file " + key,
            "create one with `tuf key generate`");
      }
      try {
        out.add(PemKeys.read(key, null));
      } catch (KeyFileException e) {
        if (e.reason() != KeyFileException.Reason.PASSWORD_REQUIRED) {
          throw keyError(key, e);
        }
        if (pass == null) {
          pass = passphrase.read("passphrase for " + key);
        }
        // At a terminal a mistyped passphrase may be typed again; from a file or the
        // environment it would only fail the same way.
        for (int attempt = 1; ; attempt++) {
          try {
            out.add(PemKeys.read(key, pass));
            break;
          } catch (KeyFileException again) {
            if (again.reason() != KeyFileException.Reason.WRONG_PASSWORD
                || !passphrase.interactive() || attempt >= Secrets.TRIES) {
              throw keyError(key, again);
            }
            Secrets.terminal.get().println("wrong passphrase for " + key + "; try again ("
                + (Secrets.TRIES - attempt) + " left)");
            pass = passphrase.read("passphrase for " + key);
          }
        }
      }
    }
    if (pkcs11 != null) {
      char[] pin = Secrets.read(pkcs11.pinEnv, pkcs11.pinFile, "token PIN");
      try {
        Pkcs11Token token = Pkcs11Token.open(pkcs11.module, pkcs11.slot, pin);
        for (String label : pkcs11.labels) {
          out.add(token.signer(label, pkcs11.scheme));
        }
      } catch (Pkcs11Exception e) {
        throw new CliException(ExitCode.KEY_ERROR, "token: " + e.getMessage(),
            "check --pkcs11-module, --slot, --token-key and the PIN", e);
      }
    }
    return out;
  }

  /** A key file given as a path or a {@code file:} URI. */
  private static Path file(String given) {
    if (!SignerUris.isUri(given)) {
      return Path.of(given);
    }
    try {
      URI uri = new URI(given);
      return uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, "-k " + given + ": not a file URI this machine "
          + "can open (" + e.getMessage() + ")", "write file:/absolute/path or a plain path");
    }
  }

  /** A key URI of another scheme than file: (PKCS#11, or a plug-in's). */
  private Signer openUri(String given) throws IOException {
    try {
      // A secret the URI does not carry (a PIN without pin-source) is read like a passphrase.
      return SignerUris.open(given, passphrase::read);
    } catch (KeyUriException e) {
      throw new CliException(ExitCode.KEY_ERROR, "-k " + e.getMessage(), "key URIs: "
          + String.join(", ", SignerUris.schemes()) + "; see `tuf --help` and the README", e);
    } catch (Pkcs11Exception e) {
      throw new CliException(ExitCode.KEY_ERROR, "token: " + e.getMessage(),
          "check the URI's slot-id, object and module-path, and the PIN", e);
    } catch (GeneralSecurityException e) {
      throw new CliException(ExitCode.KEY_ERROR, "-k " + e.getMessage(),
          "check the key URI and the plug-in's configuration", e);
    }
  }

  private static CliException keyError(Path key, KeyFileException e) {
    String hint = switch (e.reason()) {
      case WRONG_PASSWORD -> "check the passphrase (--passphrase-env / --passphrase-file)";
      case PASSWORD_REQUIRED -> "give the passphrase with --passphrase-env or --passphrase-file";
      default -> "the file must be a PKCS#8 PEM private key (`tuf key generate` writes one)";
    };
    return new CliException(ExitCode.KEY_ERROR, key + ": " + e.getMessage(), hint, e);
  }
}
