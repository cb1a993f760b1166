package org.tuf4j.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;

/**
 * ECDSA (ecdsa-sha2-nistp256, -nistp384; TUF spec §4.2) with BouncyCastle's lightweight API, no
 * JCA provider: building BouncyCastle's provider loads hundreds of classes, a third of a second
 * of a fresh JVM, for a lookup the verification does not need. The checks are those of {@link
 * JcaVerifier}: strict DER and 0 &lt; r, s &lt; n before any arithmetic (CVE-2022-21449).
 */
final class BcEcdsaVerifier implements SignatureVerifier {
  private final Scheme scheme;
  private final ECPublicKeyParameters key;
  private final byte[] identity;

  private BcEcdsaVerifier(Scheme scheme, ECPublicKeyParameters key, byte[] identity) {
    this.scheme = scheme;
    this.key = key;
    this.identity = identity.clone();
  }

  /**
   * A verifier for the key in {@code spki}, already checked by {@link PublicKeys} (curve of the
   * scheme, point on the curve).
   */
  static BcEcdsaVerifier fromSpki(Scheme scheme, byte[] spki) throws MalformedMetadataException {
    AsymmetricKeyParameter parameters;
    try {
      parameters = PublicKeyFactory.createKey(spki);
    } catch (IOException | RuntimeException e) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
          scheme.tufName + " public key rejected by BouncyCastle: " + e.getMessage(), e);
    }
    if (!(parameters instanceof ECPublicKeyParameters ec) || parameters.isPrivate()) {
      throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
          scheme.tufName + " public key is not an EC public key");
    }
    return new BcEcdsaVerifier(scheme, ec, spki);
  }

  @Override
  public byte[] publicKeyIdentity() {
    return identity.clone();
  }

  @Override
  public void verify(byte[] message, int offset, int length, byte[] signature)
      throws BadSignatureException {
    Objects.checkFromIndexSize(offset, length, message.length);
    EcdsaDer.requireValid(signature, scheme.order);
    Digest digest = scheme == Scheme.ECDSA_P256 ? new SHA256Digest() : new SHA384Digest();
    digest.update(message, offset, length);
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
    boolean valid;
    try {
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(scheme.order, signature);
      ECDSASigner ecdsa = new ECDSASigner();
      ecdsa.init(false, key);
      valid = ecdsa.verifySignature(hash, rs[0], rs[1]);
    } catch (IOException | RuntimeException e) {
      throw new BadSignatureException(scheme.tufName + " signature does not verify: "
          + e.getMessage(), e);
    }
    if (!valid) {
      throw new BadSignatureException(scheme.tufName + " signature does not verify");
    }
  }
}
