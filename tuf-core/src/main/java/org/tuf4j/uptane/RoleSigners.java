package org.tuf4j.uptane;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.Signature;

/**
 * The signers that hold keys of one role, each under the key id the delegator lists (TUF spec
 * §4.2). Keys are compared by key material, not spelling: one key can be written as a hex point
 * or as PEM, and the delegator's key id is the one a signature must name.
 *
 * @param roleName the role's name, for messages
 * @param role the role's key ids and threshold
 * @param holders one signer per distinct trusted key, in the role's key order
 */
record RoleSigners(String roleName, Role role, List<Holder> holders) {
  private static final CryptoBackend BACKEND = CryptoBackends.defaultBackend();

  /** A signer and the key id its key is listed under. */
  record Holder(String keyId, Signer signer) {}

  RoleSigners {
    holders = List.copyOf(holders);
  }

  /** The signers among {@code signers} that hold a key {@code role} trusts. */
  static RoleSigners of(String roleName, Map<String, Key> keys, Role role, List<Signer> signers) {
    List<Holder> holders = new ArrayList<>();
    for (String keyId : role.keyIds()) {
      Key key = keys.get(keyId);
      if (key == null) {
        continue;
      }
      byte[] trusted = identity(key.keyType(), key.scheme(), key.publicValue().orElse(null));
      for (Signer s : signers) {
        if (trusted.length > 0 && s.scheme().equals(key.scheme())
            && Arrays.equals(trusted, identity(s.keyType(), s.scheme(), s.publicValue()))) {
          holders.add(new Holder(keyId, s));
          break;
        }
      }
    }
    return new RoleSigners(roleName, role, holders);
  }

  boolean isEmpty() {
    return holders.isEmpty();
  }

  /**
   * Refuses signers that cannot meet the role's threshold on their own.
   *
   * @throws InvalidRepositoryException naming the role and how many keys are held and needed
   */
  RoleSigners requireThreshold() throws InvalidRepositoryException {
    if (holders.size() < role.threshold()) {
      throw new InvalidRepositoryException("the online signers hold " + holders.size()
          + " of the keys " + roleName + " trusts; its threshold is " + role.threshold());
    }
    return this;
  }

  /** Signatures over {@code bytes} by the first threshold-many holders. */
  List<Signature> sign(byte[] bytes) throws InvalidRepositoryException {
    List<Signature> out = new ArrayList<>();
    for (Holder h : holders.subList(0, Math.min(holders.size(), role.threshold()))) {
      out.add(signature(h, bytes));
    }
    return out;
  }

  static Signature signature(Holder holder, byte[] bytes) throws InvalidRepositoryException {
    try {
      return Signature.of(holder.keyId(), holder.signer().sign(bytes));
    } catch (GeneralSecurityException e) {
      throw new InvalidRepositoryException("signing failed with key " + holder.keyId() + ": "
          + e.getMessage(), e);
    }
  }

  /** The key's SubjectPublicKeyInfo DER, or nothing when tuf4j cannot use the key. */
  private static byte[] identity(String keyType, String scheme, String publicValue) {
    if (publicValue == null) {
      return new byte[0];
    }
    try {
      return BACKEND.verifier(keyType, scheme, publicValue).publicKeyIdentity();
    } catch (TufException e) {
      return new byte[0];
    }
  }
}
