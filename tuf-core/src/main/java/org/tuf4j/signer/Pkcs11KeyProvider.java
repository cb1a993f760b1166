package org.tuf4j.signer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.tuf4j.crypto.Signer;
import org.tuf4j.signer.KeyUriException.Reason;

/**
 * {@code pkcs11:} key URIs ({@link Pkcs11Uri}) on {@link Pkcs11Token}. A token is logged in to
 * once per module and slot and stays open for the life of the process, as PKCS#11 login state
 * belongs to the process anyway (see {@link Pkcs11Token#open}): every key of one token signs
 * through one session.
 */
final class Pkcs11KeyProvider implements SignerProvider {
  static final String SCHEME = "pkcs11";
  /** The longest PIN file read; PINs are short. */
  private static final int MAX_PIN_FILE = 4096;

  private final Map<String, Pkcs11Token> open = new HashMap<>();

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public Signer open(URI uri, SecretSource secrets) throws Pkcs11Exception, KeyUriException,
      IOException {
    Pkcs11Uri key = Pkcs11Uri.parse(uri.toString());
    Pkcs11Token token = token(key, uri, secrets);
    return key.scheme.isPresent() ? token.signer(key.object, key.scheme.get())
        : token.signer(key.object);
  }

  private synchronized Pkcs11Token token(Pkcs11Uri key, URI uri, SecretSource secrets)
      throws Pkcs11Exception, KeyUriException, IOException {
    Path module = Path.of(key.modulePath);
    String slot = key.slotId.isPresent() ? "slot " + key.slotId.getAsLong()
        : "the first slot with a token";
    String id = module.toAbsolutePath() + "#" + slot;
    Pkcs11Token token = open.get(id);
    if (token != null) {
      return token;
    }
    char[] pin = pin(key, uri, secrets, slot);
    try {
      token = key.slotId.isPresent() ? Pkcs11Token.open(module, key.slotId.getAsLong(), pin)
          : Pkcs11Token.openSlotListIndex(module, 0, pin);
    } finally {
      Arrays.fill(pin, '\0');
    }
    open.put(id, token);
    return token;
  }

  private static char[] pin(Pkcs11Uri key, URI uri, SecretSource secrets, String slot)
      throws KeyUriException, IOException {
    if (key.pinValue.isPresent()) {
      return key.pinValue.get().toCharArray();
    }
    if (key.pinSource.isEmpty()) {
      return secrets.secret("PIN for the token in " + slot);
    }
    String source = key.pinSource.get();
    Path file;
    if (source.regionMatches(true, 0, "file:", 0, 5)) {
      file = FileKeyProvider.path(URI.create(source));
    } else if (Path.of(source).isAbsolute()) {
      file = Path.of(source);
    } else {
      throw new KeyUriException(Reason.UNSUPPORTED, Pkcs11Uri.redact(uri.toString()),
          "pin-source must be a file: URI or an absolute path");
    }
    if (Files.size(file) > MAX_PIN_FILE) {
      throw new IOException("PIN file " + file + " is larger than " + MAX_PIN_FILE + " bytes");
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      String text = new String(bytes, StandardCharsets.UTF_8);
      // A trailing newline is how editors and echo end a file, not part of the PIN.
      return text.replaceFirst("\\r?\\n$", "").toCharArray();
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
