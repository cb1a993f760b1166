package org.tuf4j.signer;

import java.io.IOException;

/**
 * Where a {@link SignerProvider} gets a secret it needs to open a key: a passphrase, a PIN, an
 * access token. An application answers from its own sources (a terminal prompt, an environment
 * variable, a secrets manager); the caller of {@link #secret} wipes the array when done.
 */
@FunctionalInterface
public interface SecretSource {
  /** Has no secrets: a key that needs one fails to open. */
  SecretSource NONE = what -> {
    throw new IOException("no secret was given for " + what);
  };

  /**
   * The secret described by {@code what}.
   *
   * @param what which secret, for a prompt or a message, such as {@code "PIN for the token in
   *     slot 3"}
   * @return the secret; the caller may overwrite it once used
   * @throws IOException when the secret cannot be had
   */
  char[] secret(String what) throws IOException;
}
