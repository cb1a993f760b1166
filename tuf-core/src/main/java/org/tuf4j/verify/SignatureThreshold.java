package org.tuf4j.verify;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;

/**
 * "Is this metadata signed by a threshold of the keys its delegator assigns to this role?"
 * (TUF spec §5.3.4, §5.4.2, §5.5.3, §5.6.3).
 *
 * <p>Rules, each the answer to an attack or a peer's bug:
 * <ul>
 *   <li>Only key ids the delegator assigns to the role count; key type and scheme come from the
 *       delegator's key object, never from the signature.
 *   <li>Each distinct key counts once, by key <em>material</em>: the same public key listed under
 *       two key ids, or written once as hex and once as PEM, is one key (threshold bypass with
 *       duplicate keys, §1.5.2). Signature key ids are unique by parsing ({@link Signed}).
 *   <li>Unknown key types, undecodable keys and bad signatures are skipped, not fatal: they do not
 *       count, and the {@link ThresholdResult} says why for each key.
 * </ul>
 */
public final class SignatureThreshold {
  private SignatureThreshold() {}

  /**
   * Counts valid signatures of {@code metadata} by the keys {@code role} assigns.
   *
   * @param roleName the role, for the result and messages
   * @param keys the keys available to the role, by key id
   * @param role the role's key ids and threshold
   * @param metadata the metadata whose signatures are counted
   * @param backend verifies the signatures
   * @return the outcome per assigned key, and whether the threshold is met
   */
  public static ThresholdResult check(String roleName, Map<String, Key> keys, Role role,
      Signed<?> metadata, CryptoBackend backend) {
    Map<String, Signature> sigByKeyId = new HashMap<>();
    for (Signature s : metadata.signatures()) {
      sigByKeyId.put(s.keyId(), s);
    }
    Set<ByteBuffer> counted = new HashSet<>();
    Map<String, KeyOutcome> outcomes = new LinkedHashMap<>();
    for (String keyId : role.keyIds()) {
      outcomes.put(keyId, outcome(keys.get(keyId), sigByKeyId.get(keyId), metadata, backend,
          counted));
    }
    return new ThresholdResult(roleName, metadata.signed().version(), role.threshold(), outcomes);
  }

  /**
   * Like {@link #check} but throws unless the threshold is met.
   *
   * @param roleName the role, for the result and messages
   * @param keys the keys available to the role, by key id
   * @param role the role's key ids and threshold
   * @param metadata the metadata whose signatures are counted
   * @param backend verifies the signatures
   * @return the outcome per assigned key; the threshold is met
   * @throws ThresholdNotMetException naming the role, version, threshold and the keys that signed
   */
  public static ThresholdResult verify(String roleName, Map<String, Key> keys, Role role,
      Signed<?> metadata, CryptoBackend backend) throws ThresholdNotMetException {
    ThresholdResult result = check(roleName, keys, role, metadata, backend);
    if (!result.isMet()) {
      throw new ThresholdNotMetException(roleName, result.version(), result.threshold(),
          result.signedBy(), result.summary());
    }
    return result;
  }

  /**
   * Verifies top-level metadata of {@code type} against the keys {@code root} assigns to it.
   *
   * @param root the trusted root
   * @param type the top-level role the metadata is for
   * @param metadata the metadata whose signatures are counted
   * @param backend verifies the signatures
   * @return the outcome per assigned key; the threshold is met
   * @throws ThresholdNotMetException when fewer distinct keys than the root's threshold signed
   */
  public static ThresholdResult verify(Root root, RoleType type, Signed<?> metadata,
      CryptoBackend backend) throws ThresholdNotMetException {
    return verify(type.typeName(), root.keys(), root.role(type), metadata, backend);
  }

  /**
   * Verifies delegated targets metadata {@code roleName} against the keys its delegating targets
   * metadata assigns. A role the delegator does not delegate to has no keys: threshold not met.
   *
   * @param delegator the trusted targets metadata that delegates to {@code roleName}
   * @param roleName the delegated role
   * @param metadata the delegated role's metadata
   * @param backend verifies the signatures
   * @return the outcome per assigned key; the threshold is met
   * @throws ThresholdNotMetException when fewer distinct keys than the delegation's threshold
   *     signed
   */
  public static ThresholdResult verifyDelegated(Targets delegator, String roleName,
      Signed<Targets> metadata, CryptoBackend backend) throws ThresholdNotMetException {
    Optional<Role> role = delegator.delegations().flatMap(d -> d.roleFor(roleName));
    if (role.isEmpty()) {
      throw new ThresholdNotMetException(roleName, metadata.signed().version(), 1, Set.of(),
          "the delegating metadata does not delegate to " + roleName);
    }
    return verify(roleName, delegator.delegations().get().keys(), role.get(), metadata, backend);
  }

  private static KeyOutcome outcome(Key key, Signature signature, Signed<?> metadata,
      CryptoBackend backend, Set<ByteBuffer> counted) {
    if (key == null) {
      return KeyOutcome.UNKNOWN_KEY_ID;
    }
    if (signature == null) {
      return KeyOutcome.NO_SIGNATURE;
    }
    Optional<String> publicValue = key.publicValue();
    if (publicValue.isEmpty()) {
      return KeyOutcome.INVALID_KEY;
    }
    SignatureVerifier verifier;
    try {
      verifier = backend.verifier(key.keyType(), key.scheme(), publicValue.get());
    } catch (UnsupportedFeatureException e) {
      return KeyOutcome.UNSUPPORTED_KEY;
    } catch (MalformedMetadataException e) {
      return KeyOutcome.INVALID_KEY;
    }
    Optional<byte[]> sig = signature.bytes();
    if (sig.isEmpty()) {
      return KeyOutcome.BAD_SIGNATURE;
    }
    try {
      metadata.verifySignature(verifier, sig.get());
    } catch (BadSignatureException | RuntimeException e) {
      // Signature bytes are attacker input: whatever a provider throws on them, it is no
      // signature, and the other keys still count.
      return KeyOutcome.BAD_SIGNATURE;
    }
    return counted.add(ByteBuffer.wrap(verifier.publicKeyIdentity())) ? KeyOutcome.SIGNED
        : KeyOutcome.DUPLICATE_KEY;
  }
}
