package org.tuf4j.uptane;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signature;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;

/**
 * Keys and helpers shared by the Image and Director repository tests: one key per top-level role
 * plus a second, offline targets key, a settable clock, and a plain TUF client over {@code file:}
 * URLs.
 */
final class RepositoryKeys {
  static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

  final KeyPairSigner root = KeyPairSigner.generate("ed25519");
  final KeyPairSigner targets = KeyPairSigner.generate("ed25519");
  final KeyPairSigner targets2 = KeyPairSigner.generate("ecdsa-sha2-nistp256");
  final KeyPairSigner snapshot = KeyPairSigner.generate("ed25519");
  final KeyPairSigner timestamp = KeyPairSigner.generate("ed25519");

  static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  /** One key per role; targets needs both targets keys when {@code twoTargetsKeys}. */
  Map<RoleType, RoleKeys> roles(boolean twoTargetsKeys) {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    roles.put(RoleType.ROOT, RoleKeys.of(key(root)));
    roles.put(RoleType.TARGETS, twoTargetsKeys
        ? new RoleKeys(List.of(key(targets), key(targets2)), 2) : RoleKeys.of(key(targets)));
    roles.put(RoleType.SNAPSHOT, RoleKeys.of(key(snapshot)));
    roles.put(RoleType.TIMESTAMP, RoleKeys.of(key(timestamp)));
    return roles;
  }

  List<Signer> online() {
    return List.of(snapshot, timestamp);
  }

  List<Signer> directorOnline() {
    return List.of(targets, snapshot, timestamp);
  }

  /** A detached signature by {@code signer} over {@code role} of {@code release}. */
  static Signature detached(Release release, String role, Signer signer) throws Exception {
    return release.files(MetadataEncoding.JSON).detachedSignature(role, signer);
  }

  /** A root repository for a Director: root offline, the other three online. */
  static void createRootRepository(FileSystemStorage storage, Clock clock, RepositoryKeys keys)
      throws Exception {
    createRootRepository(storage, clock, keys, Set.of(MetadataEncoding.JSON));
  }

  /** As above, published in each of {@code encodings}, root signed offline in each. */
  static void createRootRepository(FileSystemStorage storage, Clock clock, RepositoryKeys keys,
      Set<MetadataEncoding> encodings) throws Exception {
    RepositoryEditor editor = RepositoryEditor.create(storage, clock, keys.roles(false), true,
        encodings);
    Release release = editor.stage(keys.directorOnline());
    signOffline(release, "root", keys.root);
    release.publish();
  }

  /** Detached signatures by {@code signer} over {@code role}, one per encoding of the release. */
  static void signOffline(Release release, String role, Signer signer) throws Exception {
    for (MetadataEncoding e : release.encodings()) {
      release.files(e).addSignature(role, release.files(e).detachedSignature(role, signer));
    }
  }

  static Updater client(Path stateDir, Path metadataDir, Path targetsDir, byte[] trustedRoot,
      Clock clock) throws Exception {
    return client(stateDir, metadataDir, targetsDir, trustedRoot, clock, MetadataEncoding.JSON);
  }

  /** A plain TUF client reading the metadata in {@code encoding}. */
  static Updater client(Path stateDir, Path metadataDir, Path targetsDir, byte[] trustedRoot,
      Clock clock, MetadataEncoding encoding) throws Exception {
    return Updater.builder()
        .encoding(encoding)
        .metadataDir(stateDir.resolve("metadata"))
        .metadataBaseUrl(metadataDir.toUri())
        .targetBaseUrl(targetsDir.toUri())
        .targetDir(stateDir.resolve("targets"))
        .trustedRoot(trustedRoot)
        .fetcher(FileFetcher.create())
        .config(UpdaterConfig.builder().clock(clock).build())
        .build();
  }

  /** A clock tests move forward. */

}
