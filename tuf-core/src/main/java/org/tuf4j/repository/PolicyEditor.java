package org.tuf4j.repository;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A repository's publishing policy, from {@link RepositoryEditor#policy()}: how long each role's
 * metadata stays valid (the EXPIRES of TUF spec §4.2), which roles sign online, which digests
 * targets list (§4.5 HASHES), and whether snapshot and timestamp list lengths and hashes of the
 * files they name (§4.4, §4.6, §6.3.2–§6.3.3). Kept in the repository's configuration and
 * written with the next release, so every later release follows it.
 */
public final class PolicyEditor {
  private final RepositoryConfig config;
  private boolean changed;
  private final TargetsDrafts roles;

  PolicyEditor(RepositoryConfig config, boolean changed, TargetsDrafts roles) {
    this.config = config;
    this.changed = changed;
    this.roles = roles;
  }

  /**
   * How long a role's metadata stays valid after it is signed, for this and every later release.
   * Delegated roles without a period of their own use {@code targets}'.
   *
   * @param role a top-level role, or a delegated role of this repository
   * @param period the validity period
   * @return this policy
   * @throws IllegalArgumentException when the period is not positive, or the repository has no
   *     role of that name (a mistyped name is never accepted)
   */
  public PolicyEditor setExpiryPeriod(String role, Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("expiry period must be positive");
    }
    requireRoleName(role);
    config.expiry.put(role, period);
    changed = true;
    return this;
  }

  /**
   * Which roles sign with keys kept online (by default snapshot and timestamp), recorded for the
   * tools that re-sign the repository ({@link RepositoryEditor#resignExpiring}).
   *
   * @param roles roles of this repository
   * @return this policy
   * @throws IllegalArgumentException when the repository has no role of one of those names
   */
  public PolicyEditor setOnlineRoles(Set<String> roles) {
    roles.forEach(this::requireRoleName);
    config.onlineRoles.clear();
    config.onlineRoles.addAll(roles);
    changed = true;
    return this;
  }

  /**
   * The roles recorded as signing with online keys ({@link #setOnlineRoles}).
   *
   * @return the role names, sorted
   */
  public Set<String> onlineRoles() {
    return Collections.unmodifiableSet(new TreeSet<>(config.onlineRoles));
  }

  /**
   * Which digests targets added from now on list: {@code sha256} alone, or {@code sha256} and
   * {@code sha512} (the default).
   *
   * @param algorithms the digest names
   * @return this policy
   * @throws IllegalArgumentException for an unknown name, or a set without {@code sha256}
   */
  public PolicyEditor setTargetHashes(Set<String> algorithms) {
    if (!RepositoryConfig.TARGET_HASHES.containsAll(algorithms)
        || !algorithms.contains("sha256")) {
      throw new IllegalArgumentException("target hashes must be sha256, optionally with sha512; "
          + "got " + algorithms);
    }
    config.targetHashes.clear();
    config.targetHashes.addAll(algorithms);
    changed = true;
    return this;
  }

  /**
   * Whether timestamps list the length and sha256 of the snapshot file they name, not only its
   * version (the default). TUF makes both optional (§4.6); listed, they bound the client's
   * download of the snapshot (§5.5.1), and the Uptane Standard requires the hashes
   * (#timestamp_meta). The timestamp of a {@link Release} always describes the snapshot file as
   * it would be written: a signature added to the snapshot later replaces the timestamp's
   * signatures by those of the keys the release was signed with so far ({@link Release#sign}).
   *
   * @param listHashes true to list the snapshot's length and hashes
   * @return this policy
   */
  public PolicyEditor setTimestampListsSnapshotHashes(boolean listHashes) {
    config.timestampListsSnapshotHashes = listHashes;
    changed = true;
    return this;
  }

  /**
   * Whether snapshots list the length and sha256 of each targets file they name, not only its
   * version (the default). Listed, they bound the client's download of each targets role
   * (§5.6.1), so a large role is read without raising a client's configured maximum. The
   * snapshot of a {@link Release} always describes the targets files as they would be written:
   * a signature added to a targets role later replaces the snapshot's (and the timestamp's)
   * signatures by those of the keys the release was signed with so far ({@link Release#sign});
   * without them, sign the snapshot and timestamp again before publishing.
   *
   * @param listHashes true to list each targets file's length and hashes
   * @return this policy
   */
  public PolicyEditor setSnapshotListsTargetsHashes(boolean listHashes) {
    config.snapshotListsTargetsHashes = listHashes;
    changed = true;
    return this;
  }

  boolean timestampListsSnapshotHashes() {
    return config.timestampListsSnapshotHashes;
  }

  boolean snapshotListsTargetsHashes() {
    return config.snapshotListsTargetsHashes;
  }

  Set<String> targetHashes() {
    return config.targetHashes;
  }

  /** When {@code role}'s metadata signed now expires. */
  Instant expiry(String role, Clock clock) {
    return config.expiry(role, clock);
  }

  /** Writes the configuration, if it changed, beside the metadata just published. */
  void writeIfChanged(Storage storage) throws IOException {
    if (changed) {
      storage.write(RepositoryConfig.PATH, config.toBytes());
      changed = false;
    }
  }

  private void requireRoleName(String role) {
    if (!roles.isRoleName(role)) {
      throw new IllegalArgumentException("this repository has no role named \"" + role
          + "\"; its roles are " + roles.allRoleNames());
    }
  }
}
