package org.tuf4j.signer;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Set;
import org.tuf4j.crypto.Signer;

/**
 * Opens the {@link Signer}s named by key URIs of some schemes: the plug-in point of {@link
 * SignerUris} for keys kept elsewhere than in files and PKCS#11 tokens (a cloud KMS, a Vault
 * transit engine, a signing service).
 *
 * <p>A plug-in is a public class with a public no-argument constructor, listed in {@code
 * META-INF/services/org.tuf4j.signer.SignerProvider} of its jar (or {@code provides
 * org.tuf4j.signer.SignerProvider with ...} in its module descriptor), and found with {@link
 * java.util.ServiceLoader} the first time a URI of an unknown scheme is opened. Its contract:
 *
 * <ul>
 *   <li>{@link #schemes} are lower-case URI schemes; {@code file} and {@code pkcs11} are tuf4j's
 *       own and cannot be taken over, and two plug-ins claiming one scheme make every URI of it
 *       refused (which of them signs must never depend on the class path's order).
 *   <li>{@link #open} checks the whole URI and throws {@link KeyUriException} for one it does
 *       not understand entirely (an attribute it would ignore could name another key); it asks
 *       {@link SecretSource} for a secret only when it needs one, and never logs or keeps it.
 *   <li>The signer returned signs as {@link Signer} says: {@link Signer#publicValue()} is the
 *       key a repository lists, and {@link Signer#sign} returns the signature in the scheme's
 *       TUF encoding. tuf4j verifies each signature it is given before it publishes it, so a
 *       provider that signs with the wrong key fails the release instead of publishing it.
 *   <li>Instances may be called from several threads.
 * </ul>
 */
public interface SignerProvider {
  /**
   * The URI schemes this provider opens.
   *
   * @return lower-case schemes, such as {@code aws-kms}
   */
  Set<String> schemes();

  /**
   * The signer {@code uri} names.
   *
   * @param uri a URI of one of {@link #schemes()}
   * @param secrets where to ask for a PIN, passphrase or token, when one is needed
   * @return a signer for the key
   * @throws KeyUriException when the URI is malformed or names no key this provider can use
   * @throws GeneralSecurityException when the key cannot be opened (wrong secret, no such key)
   * @throws IOException when the key's store cannot be reached or read
   */
  Signer open(URI uri, SecretSource secrets) throws GeneralSecurityException, IOException;
}
