package org.tuf4j.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;

/**
 * Everything one completed refresh trusts: its {@link TrustedMetadataSet}, the exact bytes
 * behind each role, the root chain it followed and whether it found anything new. {@link
 * Updater} publishes a refresh's snapshot in one volatile write once the refresh completed,
 * and every lookup and download works on the snapshot it read at its start: a concurrent
 * refresh never shows it a half-updated state, and a failed refresh publishes nothing (the
 * previous snapshot is withdrawn, §5.4.4: abort).
 *
 * <p>Before publication only the refresh building it touches it. After publication the root,
 * timestamp, snapshot, top-level targets, root chain and {@code unchanged} never change. What
 * does change is the delegated targets roles loaded on demand during lookups (§5.6.7): they are
 * added to this snapshot's set, whose maps are not thread-safe. Every access to the targets
 * roles and the bytes therefore holds this snapshot's {@link #lock()}, and a delegated role is
 * loaded (read or fetched, verified, persisted) while holding it. A per-snapshot lock rather
 * than copy-on-write: copying a {@link TrustedMetadataSet} for each role loaded would need the
 * security class to expose its internals, whereas a lock leaves it as it is; lookups that need
 * a role not loaded yet wait for each other (delegated metadata are small and their fetches
 * bounded), and neither downloads, nor refreshes (which build a new snapshot), nor readers of
 * the top-level roles wait for them.
 */
final class TrustedSnapshot {
  private final TrustedMetadataSet set;
  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, byte[]> bytes = new HashMap<>();
  // written only before publication
  private final List<byte[]> rootChain = new ArrayList<>();
  private boolean unchanged;
  // Trusted through the unsafe offline mode: checked before the reference time.
  private volatile boolean expiredInUse;

  TrustedSnapshot(TrustedMetadataSet set) {
    this.set = set;
  }

  /** The set; its targets roles only while holding {@link #lock()}. */
  TrustedMetadataSet set() {
    return set;
  }

  /** The lock guarding the targets roles of {@link #set()} and the trusted bytes. */
  Object lock() {
    return lock;
  }

  /** Records the exact bytes trusted for {@code role}. */
  void trustBytes(String role, byte[] trusted) {
    synchronized (lock) {
      bytes.put(role, trusted);
    }
  }

  /** Records a root the refresh accepted (before publication only). */
  void trustRoot(String rootRole, byte[] trusted) {
    rootChain.add(trusted);
    trustBytes(rootRole, trusted);
  }

  /** Records whether the refresh found nothing new (before publication only). */
  void unchanged(boolean value) {
    this.unchanged = value;
  }

  /** Whether the refresh found nothing new. */
  /** Marks this state as trusted with expired metadata (the unsafe offline mode). */
  void expiredInUse(boolean value) {
    expiredInUse = value;
  }

  /** Whether this state was trusted with expired metadata (the unsafe offline mode). */
  boolean expiredInUse() {
    return expiredInUse;
  }

  boolean unchanged() {
    return unchanged;
  }

  /** A copy of the exact bytes trusted for {@code role}, if loaded. */
  Optional<byte[]> trustedBytes(String role) {
    synchronized (lock) {
      return Optional.ofNullable(bytes.get(role)).map(byte[]::clone);
    }
  }

  /** Copies of every root trusted, oldest first. */
  List<byte[]> rootChain() {
    List<byte[]> out = new ArrayList<>(rootChain.size());
    rootChain.forEach(b -> out.add(b.clone()));
    return List.copyOf(out);
  }

  /** Top-level or delegated targets loaded so far. */
  Optional<Signed<Targets>> targets(String role) {
    synchronized (lock) {
      return set.targets(role);
    }
  }
}
