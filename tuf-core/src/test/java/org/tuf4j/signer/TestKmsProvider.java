package org.tuf4j.signer;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.signer.KeyUriException.Reason;

/**
 * An in-test {@link SignerProvider} plug-in, found through {@code META-INF/services} as a KMS
 * plug-in would be: {@code test-kms:alias/NAME} keys, made on first use and kept for the JVM.
 * It also claims {@code file} (tuf4j's own, so ignored) and {@code contested} (claimed by
 * {@link ContestingProvider} too, so refused).
 */
public final class TestKmsProvider implements SignerProvider {
  static final Map<String, KeyPairSigner> KEYS = new ConcurrentHashMap<>();

  @Override
  public Set<String> schemes() {
    return Set.of("test-kms", "file", "contested");
  }

  @Override
  public Signer open(URI uri, SecretSource secrets) throws GeneralSecurityException {
    String alias = uri.getSchemeSpecificPart();
    if (!alias.startsWith("alias/") || uri.getQuery() != null) {
      throw new KeyUriException(Reason.MALFORMED, uri.toString(), "expected test-kms:alias/NAME");
    }
    return KEYS.computeIfAbsent(alias, a -> KeyPairSigner.generate("ed25519"));
  }

  /** A second plug-in claiming {@code contested}. */
  public static final class ContestingProvider implements SignerProvider {
    @Override
    public Set<String> schemes() {
      return Set.of("contested");
    }

    @Override
    public Signer open(URI uri, SecretSource secrets) {
      throw new AssertionError("a contested scheme must never be opened");
    }
  }
}
