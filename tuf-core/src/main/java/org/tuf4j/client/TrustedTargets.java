package org.tuf4j.client;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.RoleNotListedException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.verify.SignatureThreshold;

/**
 * The targets roles a {@link TrustedMetadataSet} has accepted in one refresh, and the rule of TUF
 * spec §5.6.7 that trust in a delegated role belongs to the delegation followed: metadata
 * accepted through one delegator is trusted through another only once that delegator's keys and
 * threshold have verified it too. Pure, like the set it is part of: no I/O, no clock.
 */
final class TrustedTargets {
  // Targets roles by name, as first verified (for inspection), and the trust that matters to a
  // search: by (delegator, role) edge.
  private final Map<String, Signed<Targets>> byName = new HashMap<>();
  private final Map<Edge, Signed<Targets>> byEdge = new HashMap<>();

  /** A delegation being followed: {@code delegator} delegates to {@code role}. */
  /**
   * A delegation edge. Not a record: a record's first {@code hashCode} bootstraps {@code
   * ObjectMethods} through method handles, about 10 ms of a short-lived process's first lookup.
   */
  private static final class Edge {
    private final String delegator;
    private final String role;

    Edge(String delegator, String role) {
      this.delegator = delegator;
      this.role = role;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Edge e && e.delegator.equals(delegator) && e.role.equals(role);
    }

    @Override
    public int hashCode() {
      return 31 * delegator.hashCode() + role.hashCode();
    }
  }

  /** The role as first accepted through any delegator, or the top-level targets. */
  Optional<Signed<Targets>> byName(String roleName) {
    return Optional.ofNullable(byName.get(roleName));
  }

  boolean isEmpty() {
    return byName.isEmpty();
  }

  /** Accepts the top-level targets (no snapshot: a floor's or a newer version replaces it). */
  void putTopLevel(String roleName, Signed<Targets> metadata) {
    byName.put(roleName, metadata);
  }

  /** Accepts {@code metadata} for {@code roleName}, through {@code delegatorName} unless null. */
  void accept(String roleName, String delegatorName, Signed<Targets> metadata) {
    byName.putIfAbsent(roleName, metadata);
    if (delegatorName != null) {
      byEdge.put(new Edge(delegatorName, roleName), metadata);
    }
  }

  /**
   * {@code roleName}'s metadata as trusted through {@code delegatorName}'s delegation, verified
   * now with that delegation's keys if it was accepted through another; empty when not loaded.
   */
  Optional<Signed<Targets>> throughDelegation(String roleName, String delegatorName,
      CryptoBackend backend) throws TufException {
    Edge edge = new Edge(delegatorName, roleName);
    Signed<Targets> trusted = byEdge.get(edge);
    if (trusted != null) {
      return Optional.of(trusted);
    }
    Signed<Targets> loaded = byName.get(roleName);
    if (loaded == null) {
      return Optional.empty();
    }
    // Version, length, hashes and expiry were checked against this refresh's snapshot when it
    // was loaded; only the signatures depend on the delegation.
    verifyDelegation(delegator(delegatorName), delegatorName, roleName, loaded, backend);
    byEdge.put(edge, loaded);
    return Optional.of(loaded);
  }

  /** The trusted metadata of a delegator. */
  Signed<Targets> delegator(String delegatorName) {
    Signed<Targets> delegator = byName.get(delegatorName);
    if (delegator == null) {
      throw new IllegalStateException("delegator " + delegatorName + " is not trusted yet");
    }
    return delegator;
  }

  /** The delegator lists the role, and a threshold of the keys it assigns signed the role. */
  static void verifyDelegation(Signed<Targets> delegator, String delegatorName, String roleName,
      Signed<Targets> role, CryptoBackend backend) throws TufException {
    if (delegator.signed().delegations().flatMap(d -> d.roleFor(roleName)).isEmpty()) {
      throw new RoleNotListedException(roleName, delegatorName + " delegations");
    }
    SignatureThreshold.verifyDelegated(delegator.signed(), roleName, role, backend);
  }
}
