package org.tuf4j.signer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.crypto.PublicKeys;
import org.tuf4j.signer.Pkcs11Exception.Reason;

/**
 * A logged-in session with one PKCS#11 token, through the JDK's SunPKCS11 provider: lists,
 * opens and generates signing keys that stay on the token (TUF spec "Key management"; schemes
 * of §4.2 except ed25519, which SunPKCS11 in JDK 17 cannot use).
 *
 * <p>The provider is a private instance configured for this token; the JVM's global provider
 * list is never changed. SunPKCS11 sees a key only when a certificate with the same label and
 * {@code CKA_ID} accompanies it (its KeyStore holds private keys as certificate entries), so
 * {@link #generateKey} stores a self-signed certificate next to each key; keys made with other
 * tools need one too (for example {@code keytool -importcert -storetype PKCS11}).
 *
 * <p>The token is chosen by slot id, as SunPKCS11 is configured; SunPKCS11 cannot select a
 * token by its label. {@code softhsm2-util --show-slots} or {@code pkcs11-tool -L} list the ids.
 */
public final class Pkcs11Token implements AutoCloseable {
  // Each provider instance needs a distinct name.
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  // "No well-defined expiration date" (RFC 5280 §4.1.2.5): the certificate is only a holder.
  private static final Date NO_EXPIRY = new Date(253402300799000L);

  private final Provider provider;
  private final KeyStore keyStore;

  private Pkcs11Token(Provider provider, KeyStore keyStore) {
    this.provider = provider;
    this.keyStore = keyStore;
  }

  /**
   * Loads {@code module} (for example {@code /usr/lib/softhsm/libsofthsm2.so}) and logs in to
   * the token in slot {@code slotId} with the user PIN.
   *
   * <p>PKCS#11 login state belongs to the whole process: while this JVM has a logged-in
   * session with the token, the token accepts any PIN for another (C_Login answers
   * CKR_USER_ALREADY_LOGGED_IN), and {@link #close} of one session logs out all of them.
   *
   * @param module the PKCS#11 module (the .so or .dll)
   * @param slotId the slot id, as the module numbers its slots
   * @param pin the user PIN; not modified or kept by tuf4j
   * @return the logged-in token; close it when done
   * @throws Pkcs11Exception when the module cannot be loaded, the slot has no token, or the PIN is
   *     refused
   */
  public static Pkcs11Token open(Path module, long slotId, char[] pin) throws Pkcs11Exception {
    return open(module, "slot = " + slotId, pin);
  }

  /**
   * As {@link #open}, choosing the token by its position in the module's slot list.
   *
   * @param module the PKCS#11 module (the .so or .dll)
   * @param slotListIndex the token's position in the module's slot list, from 0
   * @param pin the user PIN; not modified or kept
   * @return the logged-in token; close it when done
   * @throws Pkcs11Exception when the module cannot be loaded, the slot has no token, or the PIN is
   *     refused
   */
  public static Pkcs11Token openSlotListIndex(Path module, int slotListIndex, char[] pin)
      throws Pkcs11Exception {
    return open(module, "slotListIndex = " + slotListIndex, pin);
  }

  private static Pkcs11Token open(Path module, String slotLine, char[] pin)
      throws Pkcs11Exception {
    // Forward slashes work on Windows too, and the configuration parser treats '\' as escape.
    String path = module.toAbsolutePath().toString().replace('\\', '/');
    if (path.contains("\"") || path.contains("\n")) {
      throw new Pkcs11Exception(Reason.PROVIDER_UNAVAILABLE,
          "PKCS#11 module path cannot be written in a SunPKCS11 configuration: " + path);
    }
    if (!Files.isRegularFile(module)) {
      throw new Pkcs11Exception(Reason.PROVIDER_UNAVAILABLE, "no PKCS#11 module at " + path);
    }
    Provider base = java.security.Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new Pkcs11Exception(Reason.PROVIDER_UNAVAILABLE,
          "this JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
    }
    // Keys generated through this provider are sensitive and never extractable.
    String config = "--name = tuf4j-" + INSTANCES.incrementAndGet() + "\n"
        + "library = \"" + path + "\"\n"
        + slotLine + "\n"
        + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
        + "  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n"
        + "}\n";
    Provider provider;
    try {
      // configure() returns a new instance and leaves the global provider list alone.
      provider = base.configure(config);
    } catch (RuntimeException e) {
      String why = rootMessage(e);
      // SunPKCS11 checks the slot while configuring; those errors are about the token.
      if (why.contains("CKR_SLOT_ID_INVALID") || why.contains("CKR_TOKEN_NOT_PRESENT")
          || why.contains("slotListIndex")) {
        throw new Pkcs11Exception(Reason.TOKEN_UNAVAILABLE, "no usable token at " + slotLine
            + " of " + path + ": " + why, e);
      }
      throw new Pkcs11Exception(Reason.PROVIDER_UNAVAILABLE, "cannot load PKCS#11 module "
          + path + ": " + why, e);
    }
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
      keyStore.load(null, pin);
      return new Pkcs11Token(provider, keyStore);
    } catch (IOException e) {
      if (isLoginFailure(e)) {
        throw new Pkcs11Exception(Reason.WRONG_PIN, "the token refused the PIN ("
            + rootMessage(e) + ")", e);
      }
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "cannot open the token: " + rootMessage(e),
          e);
    } catch (GeneralSecurityException | ProviderException e) {
      // SunPKCS11 reports an absent slot or token as "token not present" when first used.
      throw new Pkcs11Exception(Reason.TOKEN_UNAVAILABLE, "no usable token at " + slotLine
          + " of " + path + ": " + rootMessage(e), e);
    }
  }

  /**
   * Labels of the private keys SunPKCS11 can sign with (those with a certificate).
   *
   * @return the labels, in the order the token lists them
   * @throws Pkcs11Exception when the token fails to list its keys
   */
  public List<String> keyLabels() throws Pkcs11Exception {
    try {
      List<String> labels = new ArrayList<>();
      for (String alias : Collections.list(keyStore.aliases())) {
        if (keyStore.isKeyEntry(alias)) {
          labels.add(alias);
        }
      }
      Collections.sort(labels);
      return labels;
    } catch (GeneralSecurityException | ProviderException e) {
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "cannot list keys: " + rootMessage(e), e);
    }
  }

  /**
   * A signer for the key labelled {@code keyLabel} in the scheme its type implies: {@code
   * ecdsa-sha2-nistp256} or {@code ecdsa-sha2-nistp384} for an EC key on P-256 or P-384, {@code
   * rsassa-pss-sha256} for an RSA key.
   *
   * @param keyLabel the label of the private key and its certificate
   * @return a signer for the key, valid while this token is open
   * @throws Pkcs11Exception when there is no such key, or its type implies no scheme
   */
  public Pkcs11Signer signer(String keyLabel) throws Pkcs11Exception {
    Certificate cert;
    try {
      cert = keyStore.getCertificate(keyLabel);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "cannot read key \"" + keyLabel + "\": "
          + rootMessage(e), e);
    }
    if (cert == null) {
      throw new Pkcs11Exception(Reason.KEY_NOT_FOUND, "no private key labelled \"" + keyLabel
          + "\" with a certificate on the token; keys: " + keyLabels());
    }
    java.security.PublicKey key = cert.getPublicKey();
    String scheme;
    if (key instanceof java.security.interfaces.ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      scheme = bits == 256 ? "ecdsa-sha2-nistp256" : bits == 384 ? "ecdsa-sha2-nistp384" : null;
    } else {
      scheme = key instanceof java.security.interfaces.RSAPublicKey ? "rsassa-pss-sha256" : null;
    }
    if (scheme == null) {
      throw new Pkcs11Exception(Reason.UNSUPPORTED_SCHEME, "key \"" + keyLabel + "\" is a "
          + key.getAlgorithm() + " key of no TUF scheme tuf4j signs with on a token");
    }
    return signer(keyLabel, scheme);
  }

  /**
   * A signer for the key labelled {@code keyLabel}; its public value comes from the key's
   * certificate on the token.
   *
   * @param keyLabel the label of the private key and its certificate
   * @param scheme the TUF scheme the key signs with (ECDSA or rsassa-pss-sha256)
   * @return a signer for the key, valid while this token is open
   * @throws Pkcs11Exception when there is no such key, it does not fit {@code scheme}, or the
   *     scheme cannot be used on a token
   */
  public Pkcs11Signer signer(String keyLabel, String scheme) throws Pkcs11Exception {
    KeyScheme s = tokenScheme(scheme);
    try {
      Key key = keyStore.isKeyEntry(keyLabel) ? keyStore.getKey(keyLabel, null) : null;
      Certificate cert = keyStore.getCertificate(keyLabel);
      if (!(key instanceof PrivateKey privateKey) || cert == null) {
        throw new Pkcs11Exception(Reason.KEY_NOT_FOUND, "no private key labelled \"" + keyLabel
            + "\" with a certificate on the token; keys: " + keyLabels());
      }
      if (!privateKey.getAlgorithm().equals(s.keyAlgorithm)) {
        throw new Pkcs11Exception(Reason.KEY_MISMATCH, "key \"" + keyLabel + "\" is an "
            + privateKey.getAlgorithm() + " key, not a key for " + scheme);
      }
      String publicValue = spkiPem(cert.getPublicKey().getEncoded());
      // The checks a verifier makes on this key in metadata: curve of the scheme, RSA size.
      PublicKeys.parse(s.keyType, s.tufName, publicValue);
      return new Pkcs11Signer(s, privateKey, provider, publicValue);
    } catch (MalformedMetadataException | UnsupportedFeatureException e) {
      throw new Pkcs11Exception(Reason.KEY_MISMATCH, "key \"" + keyLabel + "\" does not fit "
          + scheme + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | ProviderException e) {
      if (e instanceof Pkcs11Exception p) {
        throw p;
      }
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "cannot read key \"" + keyLabel + "\": "
          + rootMessage(e), e);
    }
  }

  /**
   * Generates a key pair for {@code scheme} on the token (ECDSA P-256/P-384, or RSA 3072 for
   * rsassa-pss-sha256), private key sensitive and not extractable, and stores it under
   * {@code keyLabel} with a self-signed certificate that only holds the public key.
   *
   * @param keyLabel the label for the new key and its certificate; not yet in use on the token
   * @param scheme ecdsa-sha2-nistp256, ecdsa-sha2-nistp384 or rsassa-pss-sha256
   * @return a signer for the new key
   * @throws Pkcs11Exception when the label is taken, the scheme cannot be used on a token, or the
   *     token fails to generate or store the key
   */
  public Pkcs11Signer generateKey(String keyLabel, String scheme) throws Pkcs11Exception {
    KeyScheme s = tokenScheme(scheme);
    try {
      if (keyStore.containsAlias(keyLabel)) {
        throw new Pkcs11Exception(Reason.LABEL_IN_USE, "the token already has an object "
            + "labelled \"" + keyLabel + "\"");
      }
      KeyPair pair = s.generate(provider);
      X500Name name = new X500NameBuilder().addRDN(BCStyle.CN, keyLabel).build();
      Date now = new Date();
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()), now,
              NO_EXPIRY, name, pair.getPublic()).build(new TokenContentSigner(s,
                  pair.getPrivate(), provider)));
      // Storing the session key with a certificate copies it to the token as a token object.
      keyStore.setKeyEntry(keyLabel, pair.getPrivate(), null, new Certificate[] {cert});
    } catch (GeneralSecurityException | ProviderException | IllegalArgumentException e) {
      if (e instanceof Pkcs11Exception p) {
        throw p;
      }
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "cannot generate a " + scheme + " key on "
          + "the token: " + rootMessage(e), e);
    } catch (RuntimeException e) {
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "cannot make the certificate for the new "
          + "key: " + rootMessage(e), e);
    }
    return signer(keyLabel, scheme);
  }

  /**
   * Logs out of the token. Login is per process in PKCS#11, so every signer of this JVM on the
   * same token stops working, including those of other {@code Pkcs11Token}s.
   */
  @Override
  public void close() throws Pkcs11Exception {
    try {
      ((AuthProvider) provider).logout();
    } catch (LoginException e) {
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "logout failed: " + rootMessage(e), e);
    }
  }

  private static KeyScheme tokenScheme(String scheme) throws Pkcs11Exception {
    KeyScheme s = KeyScheme.byName(scheme).orElseThrow(() -> new Pkcs11Exception(
        Reason.UNSUPPORTED_SCHEME, "unsupported signature scheme: " + scheme));
    if (s == KeyScheme.ED25519) {
      throw new Pkcs11Exception(Reason.UNSUPPORTED_SCHEME, "ed25519 keys cannot be used on a "
          + "PKCS#11 token through SunPKCS11 (no EdDSA in JDK 17); use ecdsa-sha2-nistp256 or "
          + "rsassa-pss-sha256");
    }
    return s;
  }

  /** Signs the certificate with the new key itself, on the token. */
  private static final class TokenContentSigner implements ContentSigner {
    private final KeyScheme scheme;
    private final PrivateKey key;
    private final Provider provider;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    TokenContentSigner(KeyScheme scheme, PrivateKey key, Provider provider) {
      this.scheme = scheme;
      this.key = key;
      this.provider = provider;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      // RSASSA-PSS with SHA-256, MGF1-SHA-256 and salt 32: the parameters TUF signs with.
      String name = scheme == KeyScheme.RSASSA_PSS_SHA256 ? "SHA256withRSAandMGF1"
          : scheme.jcaSignature;
      return new DefaultSignatureAlgorithmIdentifierFinder().find(name);
    }

    @Override
    public OutputStream getOutputStream() {
      return tbs;
    }

    @Override
    public byte[] getSignature() {
      try {
        java.security.Signature s = Pkcs11Signer.signature(scheme, provider);
        s.initSign(key);
        s.update(tbs.toByteArray());
        return s.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the token cannot sign the certificate", e);
      }
    }
  }

  static String spkiPem(byte[] spki) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki);
    return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
  }

  private static boolean isLoginFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FailedLoginException || t instanceof UnrecoverableKeyException
          || String.valueOf(t.getMessage()).contains("CKR_PIN_")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
