package org.tuf4j.signer;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tuf4j.crypto.Signer;
import org.tuf4j.signer.KeyUriException.Reason;

/**
 * Opens the {@link Signer} a key URI names, as securesystemslib's and sigstore's signers are
 * named:
 *
 * <ul>
 *   <li>{@code file:} a private key file in PKCS#8 PEM ({@link PemKeys#read}): {@code
 *       file:/keys/targets.pem}, {@code file:///keys/targets.pem}, or relative to the working
 *       directory, {@code file:keys/targets.pem}; an encrypted file's passphrase is asked of the
 *       {@link SecretSource} as {@code "passphrase for PATH"}.
 *   <li>{@code pkcs11:} a key on a PKCS#11 token, per RFC 7512 (see {@link Pkcs11Uri}): {@code
 *       pkcs11:slot-id=3;object=targets?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=
 *       file:/run/secrets/pin}.
 *   <li>any other scheme: a {@link SignerProvider} plug-in found with {@link ServiceLoader}.
 * </ul>
 */
public final class SignerUris {
  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");
  private static final Map<String, SignerProvider> BUILT_IN = Map.of(
      FileKeyProvider.SCHEME, new FileKeyProvider(),
      Pkcs11KeyProvider.SCHEME, new Pkcs11KeyProvider());

  private static Map<String, SignerProvider> plugins;
  private static Set<String> contested;

  private SignerUris() {}

  /**
   * Whether {@code text} is written as a key URI rather than a file path: a scheme of two or
   * more characters then {@code :} (so that {@code C:\keys\a.pem} stays a path).
   *
   * @param text a command-line argument or a configuration value
   * @return whether to open it with {@link #open(String, SecretSource)}
   */
  public static boolean isUri(String text) {
    int colon = text.indexOf(':');
    return colon >= 2 && SCHEME.matcher(text.substring(0, colon)).matches();
  }

  /**
   * The signer {@code uri} names.
   *
   * @param uri a key URI, such as {@code file:/keys/targets.pem} or {@code pkcs11:...}
   * @param secrets where to ask for a passphrase or PIN the key needs
   * @return the signer
   * @throws KeyUriException when the URI is malformed or no provider opens its scheme
   * @throws GeneralSecurityException when the key cannot be opened ({@link KeyFileException},
   *     {@link Pkcs11Exception}, or a plug-in's)
   * @throws IOException when the key's store cannot be read
   */
  public static Signer open(String uri, SecretSource secrets)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(uri, "uri");
    try {
      return open(new URI(uri), secrets);
    } catch (URISyntaxException e) {
      throw new KeyUriException(Reason.MALFORMED, Pkcs11Uri.redact(uri), e.getReason());
    }
  }

  /**
   * The signer {@code uri} names; see {@link #open(String, SecretSource)}.
   *
   * @param uri a key URI
   * @param secrets where to ask for a passphrase or PIN the key needs
   * @return the signer
   * @throws KeyUriException when the URI is malformed or no provider opens its scheme
   * @throws GeneralSecurityException when the key cannot be opened
   * @throws IOException when the key's store cannot be read
   */
  public static Signer open(URI uri, SecretSource secrets)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(secrets, "secrets");
    if (uri.getScheme() == null) {
      throw new KeyUriException(Reason.MALFORMED, Pkcs11Uri.redact(uri.toString()),
          "a key URI starts with its scheme, such as file: or pkcs11:");
    }
    return provider(uri.getScheme().toLowerCase(Locale.ROOT), uri).open(uri, secrets);
  }

  /**
   * The schemes that can be opened: tuf4j's own and the plug-ins'.
   *
   * @return the schemes, sorted
   */
  public static Set<String> schemes() {
    Set<String> all = new TreeSet<>(BUILT_IN.keySet());
    all.addAll(plugins().keySet());
    return all;
  }

  private static SignerProvider provider(String scheme, URI uri) throws KeyUriException {
    SignerProvider own = BUILT_IN.get(scheme);
    if (own != null) {
      return own;
    }
    SignerProvider plugin = plugins().get(scheme);
    if (plugin == null) {
      String why = contested.contains(scheme)
          ? "two signer plug-ins claim the scheme " + scheme + "; remove one"
          : "no signer provider opens " + scheme + ": URIs (schemes: " + schemes() + ")";
      throw new KeyUriException(Reason.UNKNOWN_SCHEME, Pkcs11Uri.redact(uri.toString()), why);
    }
    return plugin;
  }

  /** The plug-ins on the class or module path, loaded once; a contested scheme has none. */
  private static synchronized Map<String, SignerProvider> plugins() {
    if (plugins == null) {
      Map<String, SignerProvider> found = new HashMap<>();
      Set<String> twice = new TreeSet<>();
      for (SignerProvider p : ServiceLoader.load(SignerProvider.class,
          SignerUris.class.getClassLoader())) {
        for (String s : p.schemes()) {
          String scheme = s.toLowerCase(Locale.ROOT);
          if (BUILT_IN.containsKey(scheme) || found.putIfAbsent(scheme, p) != null) {
            twice.add(scheme);
          }
        }
      }
      twice.forEach(found::remove);
      plugins = Map.copyOf(found);
      contested = Set.copyOf(twice);
    }
    return plugins;
  }
}
