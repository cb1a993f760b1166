package org.tuf4j.signer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.tuf4j.crypto.Signer;
import org.tuf4j.signer.KeyUriException.Reason;

/** {@code file:} key URIs: a PKCS#8 PEM private key file ({@link PemKeys#read}). */
final class FileKeyProvider implements SignerProvider {
  static final String SCHEME = "file";

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public Signer open(URI uri, SecretSource secrets) throws KeyFileException, KeyUriException,
      IOException {
    Path file = path(uri);
    try {
      return PemKeys.read(file, null);
    } catch (KeyFileException e) {
      if (e.reason() != KeyFileException.Reason.PASSWORD_REQUIRED) {
        throw e;
      }
    }
    char[] passphrase = secrets.secret("passphrase for " + file);
    try {
      return PemKeys.read(file, passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** The file a {@code file:} URI names: absolute, or relative when written opaque. */
  static Path path(URI uri) throws KeyUriException {
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new KeyUriException(Reason.UNSUPPORTED, uri.toString(),
          "a file key URI has no query or fragment");
    }
    if (uri.isOpaque()) {
      String relative = uri.getSchemeSpecificPart();
      if (relative.isEmpty()) {
        throw new KeyUriException(Reason.MALFORMED, uri.toString(), "no file named");
      }
      return Path.of(relative);
    }
    if (uri.getAuthority() != null && !uri.getAuthority().equals("localhost")) {
      throw new KeyUriException(Reason.UNSUPPORTED, uri.toString(),
          "a file on another host (" + uri.getAuthority() + ") cannot be opened");
    }
    if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().endsWith("/")) {
      throw new KeyUriException(Reason.MALFORMED, uri.toString(), "no file named");
    }
    // Path.of(URI) reads drive letters (file:///C:/keys/a.pem) but refuses any authority.
    return uri.getAuthority() == null ? Path.of(uri) : Path.of(uri.getPath());
  }
}
