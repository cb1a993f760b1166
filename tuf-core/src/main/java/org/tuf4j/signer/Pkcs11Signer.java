package org.tuf4j.signer;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.tuf4j.crypto.Signer;

/**
 * A {@link Signer} whose private key never leaves a PKCS#11 token (a hardware security module,
 * smart card or YubiKey; SoftHSM2 in tests): the offline, hardware-protected key storage the
 * TUF spec recommends for root and targets keys ("Key management"). Signatures are made by the
 * token through the JDK's SunPKCS11 provider, in the TUF encodings of §4.2: DER for
 * ecdsa-sha2-nistp256/384, RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt for
 * rsassa-pss-sha256. ed25519 is refused: SunPKCS11 in JDK 17 has no EdDSA.
 *
 * <p>Obtain one from {@link Pkcs11Token#signer} or {@link Pkcs11Token#generateKey}, or with
 * {@link #open} for a single key. A signer works while its token is open; it is thread-safe as
 * far as the module is.
 */
public final class Pkcs11Signer implements Signer {
  private final KeyScheme scheme;
  private final PrivateKey privateKey;
  private final Provider provider;
  private final String publicValue;

  Pkcs11Signer(KeyScheme scheme, PrivateKey privateKey, Provider provider, String publicValue) {
    this.scheme = scheme;
    this.privateKey = privateKey;
    this.provider = provider;
    this.publicValue = publicValue;
  }

  /**
   * Logs in to the token in slot {@code slotId} of {@code module} and returns a signer for the
   * key labelled {@code keyLabel}. The session stays open as long as the JVM runs; use
   * {@link Pkcs11Token} to close it or to use several keys.
   *
   * @param module the PKCS#11 module (the .so or .dll)
   * @param slotId the slot id, as the module numbers its slots
   * @param pin the user PIN; not modified or kept
   * @param keyLabel the label of the private key and its certificate
   * @param scheme the TUF scheme the key signs with (ECDSA or rsassa-pss-sha256)
   * @return a signer for the key
   * @throws Pkcs11Exception when the module cannot be loaded, the PIN is refused, or the key is
   *     missing or of another scheme ({@link Pkcs11Exception#reason()} says which)
   */
  public static Pkcs11Signer open(Path module, long slotId, char[] pin, String keyLabel,
      String scheme) throws Pkcs11Exception {
    return Pkcs11Token.open(module, slotId, pin).signer(keyLabel, scheme);
  }

  @Override
  public String keyType() {
    return scheme.keyType;
  }

  @Override
  public String scheme() {
    return scheme.tufName;
  }

  /** The public key from the token's certificate for the key, as PEM SubjectPublicKeyInfo. */
  @Override
  public String publicValue() {
    return publicValue;
  }

  @Override
  public byte[] sign(byte[] message) throws GeneralSecurityException {
    java.security.Signature s = signature(scheme, provider);
    s.initSign(privateKey);
    s.update(message);
    return s.sign();
  }

  /** The token's signature for {@code scheme}, with the PSS parameters TUF uses. */
  static java.security.Signature signature(KeyScheme scheme, Provider provider)
      throws GeneralSecurityException {
    java.security.Signature s = java.security.Signature.getInstance(scheme.jcaSignature,
        provider);
    if (scheme == KeyScheme.RSASSA_PSS_SHA256) {
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    }
    return s;
  }
}
