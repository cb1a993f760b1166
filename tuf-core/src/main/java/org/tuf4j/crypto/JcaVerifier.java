package org.tuf4j.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import org.tuf4j.BadSignatureException;

/**
 * A verifier on a JCA {@code Signature} of a chosen provider (null: the JDK's), with the checks
 * the JCA does not do for us: strict DER and range checks on ECDSA signatures before the provider
 * sees them (CVE-2022-21449), fixed ed25519 length, and RSASSA-PSS with any salt length.
 */
final class JcaVerifier implements SignatureVerifier {
  private static final int SHA256_LENGTH = 32;

  private final Scheme scheme;
  private final PublicKey key;
  private final Provider provider;
  private final byte[] identity;
  // One Signature kept for reuse: getInstance costs a provider lookup, a noticeable share of a
  // fast verification. Taken and returned atomically, so concurrent callers never share one.
  private final AtomicReference<java.security.Signature> spare = new AtomicReference<>();

  JcaVerifier(Scheme scheme, PublicKey key, Provider provider, byte[] identity) {
    this.scheme = scheme;
    this.key = key;
    this.provider = provider;
    this.identity = identity.clone();
  }

  @Override
  public byte[] publicKeyIdentity() {
    return identity.clone();
  }

  @Override
  public void verify(byte[] message, int offset, int length, byte[] signature)
      throws BadSignatureException {
    java.util.Objects.checkFromIndexSize(offset, length, message.length);
    if (scheme == Scheme.ED25519 && signature.length != 64) {
      throw new BadSignatureException("ed25519 signature must be 64 bytes, got "
          + signature.length);
    }
    if (scheme.isEcdsa()) {
      EcdsaDer.requireValid(signature, scheme.order);
    }
    try {
      if (scheme == Scheme.RSASSA_PSS_SHA256) {
        if (!pss(message, offset, length, signature, SHA256_LENGTH)) {
          int salt = recoverPssSaltLength(signature);
          if (salt == SHA256_LENGTH || salt < 0
              || !pss(message, offset, length, signature, salt)) {
            throw new BadSignatureException(scheme.tufName + " signature does not verify");
          }
        }
        return;
      }
      java.security.Signature s = take();
      s.initVerify(key);
      s.update(message, offset, length);
      boolean valid = s.verify(signature);
      spare.set(s);
      if (!valid) {
        throw new BadSignatureException(scheme.tufName + " signature does not verify");
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new BadSignatureException(scheme.tufName + " signature does not verify: "
          + e.getMessage(), e);
    }
  }

  private java.security.Signature take() throws GeneralSecurityException {
    java.security.Signature s = spare.getAndSet(null);
    return s != null ? s : signature();
  }

  private java.security.Signature signature() throws GeneralSecurityException {
    return provider == null ? java.security.Signature.getInstance(scheme.jcaSignature)
        : java.security.Signature.getInstance(scheme.jcaSignature, provider);
  }

  private boolean pss(byte[] message, int offset, int length, byte[] signature, int saltLength)
      throws GeneralSecurityException {
    java.security.Signature s = take();
    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength,
        1));
    s.initVerify(key);
    s.update(message, offset, length);
    boolean valid = s.verify(signature);
    spare.set(s);
    return valid;
  }

  /**
   * The salt length an RSASSA-PSS signature was made with (RFC 8017 §9.1.2 steps 7-10), found
   * by opening the encoded message with the public key; -1 when it is not PSS-shaped. Used only
   * to pick the parameter for the provider's own full verification.
   */
  private int recoverPssSaltLength(byte[] signature) throws GeneralSecurityException {
    RSAPublicKey rsa = (RSAPublicKey) key;
    int modBits = rsa.getModulus().bitLength();
    int k = (modBits + 7) / 8;
    if (signature.length != k || new BigInteger(1, signature).compareTo(rsa.getModulus()) >= 0) {
      return -1;
    }
    Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
    raw.init(Cipher.ENCRYPT_MODE, rsa);
    byte[] em = raw.doFinal(signature);
    int emBits = modBits - 1;
    int emLen = (emBits + 7) / 8;
    em = Arrays.copyOfRange(em, em.length - emLen, em.length);
    if (emLen < SHA256_LENGTH + 2 || (em[emLen - 1] & 0xff) != 0xbc) {
      return -1;
    }
    int dbLen = emLen - SHA256_LENGTH - 1;
    byte[] h = Arrays.copyOfRange(em, dbLen, dbLen + SHA256_LENGTH);
    byte[] db = mgf1(h, dbLen);
    for (int i = 0; i < dbLen; i++) {
      db[i] ^= em[i];
    }
    db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
    int i = 0;
    while (i < dbLen && db[i] == 0) {
      i++;
    }
    return i < dbLen && db[i] == 1 ? dbLen - i - 1 : -1;
  }

  private static byte[] mgf1(byte[] seed, int length) throws GeneralSecurityException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    byte[] out = new byte[length];
    for (int counter = 0, pos = 0; pos < length; counter++) {
      sha256.update(seed);
      sha256.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16),
          (byte) (counter >>> 8), (byte) counter});
      byte[] block = sha256.digest();
      int n = Math.min(block.length, length - pos);
      System.arraycopy(block, 0, out, pos, n);
      pos += n;
    }
    return out;
  }
}
