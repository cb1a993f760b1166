package org.tuf4j.uptane;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.ReleaseFiles;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.repository.Storage;

/**
 * The Uptane Image repository (Uptane Standard #image_repository): images and their metadata,
 * maintained by people with offline keys, on top of tuf4j's repository writer ({@link
 * RepositoryEditor}, {@link Release}).
 *
 * <ul>
 *   <li>Every image carries Uptane custom metadata (#targets_images_meta): the hardware
 *       identifiers it is compatible with and a release counter, which must increase each time
 *       an image name is released again — a lower or equal counter is refused.
 *   <li>The top-level targets role may delegate to suppliers, restricted by paths and optionally
 *       by hardware identifiers (#delegations_meta; written as {@link
 *       UptaneFields#DELEGATION_HARDWARE_IDS}). An image added to a supplier's role is checked
 *       against every delegation on the chain from the top (#image_repository, "by checking the
 *       chain of delegations").
 *   <li>Targets keys are offline: {@link #stage} signs only the snapshot and the timestamp, with
 *       the online keys; the targets roles wait for detached signatures ({@link
 *       ReleaseFiles#bytesToSign}, {@link ReleaseFiles#addSignature}), and {@link
 *       Release#publish} refuses
 *       until their thresholds are met.
 *   <li>Files are written as #metadata_filename_rules requires: consistent snapshots
 *       ({@code N.targets.json}, {@code <sha256>.<image name>}), and timestamps list the hashes
 *       and length of the snapshot (#timestamp_meta).
 *   <li>Metadata is published in canonical JSON, in deterministic CBOR, or in both side by side
 *       (#meta_structures leaves the encoding open; see {@link MetadataEncoding}): {@code
 *       N.targets.cbor} next to {@code N.targets.json}, images shared. Each encoding's files are
 *       signed over that encoding's bytes, so an offline targets key signs once per encoding
 *       ({@link Release#files(MetadataEncoding)}, then {@link ReleaseFiles#bytesToSign} and
 *       {@link ReleaseFiles#addSignature}).
 * </ul>
 *
 * <p>Clients read it as any TUF repository: {@code <base>/metadata/} and {@code
 * <base>/targets/}, with {@link org.tuf4j.client.Updater.Builder#encoding} set to the encoding
 * they read. Instances are not thread-safe.
 */
public final class ImageRepository {
  private static final String TARGETS = RoleType.TARGETS.typeName();
  private static final String SNAPSHOT = RoleType.SNAPSHOT.typeName();
  private static final String TIMESTAMP = RoleType.TIMESTAMP.typeName();
  /** Longest delegation chain followed when checking an image's authorization. */
  private static final int MAX_CHAIN = 32;

  private final RepositoryEditor editor;

  private ImageRepository(RepositoryEditor editor) {
    editor.policy().setTimestampListsSnapshotHashes(true);
    this.editor = editor;
  }

  /**
   * A new Image repository with these keys and thresholds for the four top-level roles; nothing
   * is written until the first {@link Release} is published.
   *
   * @param storage where the repository is published; it must not hold one already
   * @param clock the source of every expiry
   * @param roles the keys and threshold of each top-level role
   * @return the new repository, publishing JSON
   * @throws TufException when {@code storage} already holds a repository or cannot be read
   */
  public static ImageRepository create(Storage storage, Clock clock,
      Map<RoleType, RoleKeys> roles) throws TufException {
    return create(storage, clock, roles, Set.of(MetadataEncoding.JSON));
  }

  /**
   * As {@link #create(Storage, Clock, Map)}, publishing the metadata in each of {@code
   * encodings}: JSON, CBOR, or both side by side (#meta_structures). Every later release
   * publishes the same encodings; {@link #open} finds them again.
   *
   * @param storage where the repository is published; it must not hold one already
   * @param clock the source of every expiry
   * @param roles the keys and threshold of each top-level role
   * @param encodings the metadata encodings to publish, at least one
   * @return the new repository
   * @throws TufException when {@code storage} already holds a repository or cannot be read
   */
  public static ImageRepository create(Storage storage, Clock clock,
      Map<RoleType, RoleKeys> roles, Set<MetadataEncoding> encodings) throws TufException {
    return new ImageRepository(RepositoryEditor.create(storage, clock, roles, true, encodings));
  }

  /**
   * Opens the Image repository published in {@code storage}, in the encodings it is published
   * in.
   *
   * @param storage where the repository is published
   * @param clock the source of every expiry
   * @return the repository
   * @throws InvalidRepositoryException if it does not use consistent snapshots
   *     (#metadata_filename_rules)
   * @throws IOException when the storage cannot be read
   */
  public static ImageRepository open(Storage storage, Clock clock)
      throws TufException, IOException {
    RepositoryEditor editor = RepositoryEditor.open(storage, clock);
    if (!editor.root().consistentSnapshot()) {
      throw new InvalidRepositoryException("an Uptane Image repository writes version-qualified "
          + "metadata and hash-qualified images (#metadata_filename_rules); this repository's "
          + "root does not set consistent_snapshot");
    }
    return new ImageRepository(editor);
  }

  /**
   * The release {@link Release#save()}d in {@code storage} by an earlier process (waiting for
   * detached signatures of offline keys), on top of the repository published there.
   *
   * @param storage the repository's storage
   * @param clock the source of every expiry
   * @return the saved release
   * @throws TufException when there is no saved release, or it no longer fits the published
   *     repository
   * @throws IOException when the storage cannot be read
   */
  public static Release resume(Storage storage, Clock clock) throws TufException, IOException {
    return open(storage, clock).editor.resumeStaged();
  }

  /**
   * The underlying writer, for what is not Uptane-specific: key rotation, thresholds, expiry
   * periods, removing images.
   *
   * @return the repository editor
   */
  public RepositoryEditor editor() {
    return editor;
  }

  /**
   * The encodings the metadata is published in, JSON first when it is one of them.
   *
   * @return the encodings
   */
  public Set<MetadataEncoding> encodings() {
    return editor.encodings();
  }

  // ------------------------------------------------------------------ images

  /**
   * Adds an image to the role responsible for its path (the top-level targets role).
   *
   * @param path the image's target path
   * @param content the image
   * @param custom the image's Uptane metadata, as for {@link #addImage(String, String, byte[],
   *     UptaneTargetCustom)}
   * @return the image's Targets entry
   * @throws TufException when the custom metadata is incomplete, the release counter goes back, or
   *     the path is invalid
   * @throws IOException when the repository's metadata cannot be read
   */
  public TargetFile addImage(String path, byte[] content, UptaneTargetCustom custom)
      throws TufException, IOException {
    return addImage(editor.targets().responsibleRoleFor(path), path, content, custom);
  }

  /**
   * Adds an image from a file to the role responsible for its path.
   *
   * @param path the image's target path
   * @param file the image
   * @param custom the image's Uptane metadata, as for {@link #addImage(String, String, byte[],
   *     UptaneTargetCustom)}
   * @return the image's Targets entry
   * @throws TufException when the custom metadata is incomplete, the release counter goes back, or
   *     the path is invalid
   * @throws IOException when the file or the repository's metadata cannot be read
   */
  public TargetFile addImage(String path, Path file, UptaneTargetCustom custom)
      throws TufException, IOException {
    return addImage(editor.targets().responsibleRoleFor(path), path, file, custom);
  }

  /**
   * Adds or replaces an image in {@code role} (a supplier's delegated role, or {@code targets}).
   * Length, sha256 and sha512 are computed from {@code content}.
   *
   * @param role the targets role that lists the image
   * @param path the image's target path
   * @param content the image
   * @param custom the image's Uptane metadata: {@code hardwareIds} and {@code releaseCounter}
   *     are required, {@code ecuIdentifiers} (the Director's) is refused
   * @return the image's Targets entry
   * @throws InvalidRepositoryException if the custom metadata is incomplete, the release counter
   *     does not increase, the path or a hardware id is not in Unicode Normalization Form C
   *     (#meta_structures), or a delegation on the chain to {@code role} does not cover the path
   *     or the image's hardware identifiers
   * @throws IOException when the repository's metadata cannot be read
   */
  public TargetFile addImage(String role, String path, byte[] content, UptaneTargetCustom custom)
      throws TufException, IOException {
    checkImage(role, path, custom);
    return editor.targets().addTarget(role, path, content, Optional.of(custom.toJson()));
  }

  /**
   * As {@link #addImage(String, String, byte[], UptaneTargetCustom)}, content from a file.
   *
   * @param role the targets role that lists the image
   * @param path the image's target path
   * @param file the image
   * @param custom the image's Uptane metadata
   * @return the image's Targets entry
   * @throws TufException when the custom metadata is incomplete, the release counter goes back, or
   *     the path or role is invalid
   * @throws IOException when the file or the repository's metadata cannot be read
   */
  public TargetFile addImage(String role, String path, Path file, UptaneTargetCustom custom)
      throws TufException, IOException {
    checkImage(role, path, custom);
    return editor.targets().addTarget(role, path, file, Optional.of(custom.toJson()));
  }

  /**
   * The image as {@code role} lists it now, edits included: the metadata a Director copies into
   * its own ({@link DirectorRepository#assign}).
   *
   * @param role the targets role
   * @param path the image's target path
   * @return the image's Targets entry, or empty when {@code role} does not list it
   * @throws TufException when no targets role has that name
   * @throws IOException when the role's metadata cannot be read
   */
  public Optional<TargetFile> image(String role, String path) throws TufException, IOException {
    return editor.targets().target(role, path);
  }

  private void checkImage(String role, String path, UptaneTargetCustom custom)
      throws TufException, IOException {
    Objects.requireNonNull(custom, "custom");
    if (custom.ecuIdentifiers().isPresent()) {
      throw new InvalidRepositoryException("image " + path + ": ecuIdentifiers is the "
          + "Director's to write, not the Image repository's (#targets_images_meta)");
    }
    List<String> hardwareIds = custom.hardwareIds().filter(ids -> !ids.isEmpty()).orElseThrow(
        () -> new InvalidRepositoryException("image " + path + ": list the hardware ids it is "
            + "compatible with (#targets_images_meta), so no ECU can be directed to install an "
            + "incompatible image"));
    ImageRelations.names(custom, UptaneFields.IMAGE_DEPENDENCIES, path); // well-formed lists
    ImageRelations.names(custom, UptaneFields.IMAGE_CONFLICTS, path);
    // Refused, not normalised: the caller would look the image up under the name it gave.
    if (!Nfc.is(path)) {
      throw new InvalidRepositoryException(Nfc.message("image path", path));
    }
    for (String hw : hardwareIds) {
      if (!Nfc.is(hw)) {
        throw new InvalidRepositoryException(Nfc.message("image " + path
            + ": hardware identifier", hw));
      }
    }
    long counter = custom.releaseCounter().orElseThrow(() -> new InvalidRepositoryException(
        "image " + path + ": give it a release counter (#targets_images_meta)"));
    Optional<TargetFile> previous = editor.targets().target(role, path);
    if (previous.isPresent()) {
      java.util.OptionalLong before = UptaneTargetCustom.of(previous.get()).releaseCounter();
      if (before.isPresent() && counter <= before.getAsLong()) {
        throw new InvalidRepositoryException("image " + path + ": release counter " + counter
            + " does not increase; " + role + " lists it with release counter "
            + before.getAsLong() + " (#targets_images_meta: incremented with each release)");
      }
    }
    checkDelegationChain(role, path, hardwareIds);
  }

  /**
   * Every delegation from the top-level targets role down to {@code role} must cover {@code
   * path} and, where it lists hardware ids, every hardware id of the image (#image_repository,
   * #resolve_delegations step 4.1).
   */
  private void checkDelegationChain(String role, String path, List<String> hardwareIds)
      throws TufException, IOException {
    String current = role;
    for (int depth = 0; !current.equals(TARGETS); depth++) {
      if (depth == MAX_CHAIN) {
        throw new InvalidRepositoryException(role + " is more than " + MAX_CHAIN
            + " delegations deep");
      }
      String delegator = editor.delegations().delegator(current).orElseThrow();
      Delegations delegations = editor.delegations().of(delegator).orElseThrow();
      if (delegations.succinctRoles().isPresent()) {
        if (!delegations.succinctRoles().get().roleNameFor(path).equals(current)) {
          throw new InvalidRepositoryException("image " + path + " does not belong in hash bin "
              + current);
        }
      } else {
        DelegatedRole d = delegatedRole(delegations, current);
        if (!d.isDelegatedPath(path)) {
          throw new InvalidRepositoryException("role " + current + " may not sign " + path + ": "
              + delegator + " delegates it " + d.paths().map(p -> "paths " + p)
                  .orElse("no such path"));
        }
        Optional<List<String>> allowed = UptaneDelegations.hardwareIds(d);
        if (allowed.isPresent() && !allowed.get().containsAll(hardwareIds)) {
          List<String> outside = new ArrayList<>(hardwareIds);
          outside.removeAll(allowed.get());
          throw new InvalidRepositoryException("role " + current + " may not sign " + path
              + " for hardware " + outside + ": " + delegator + " delegates it hardware ids "
              + allowed.get() + " only (#delegations_meta)");
        }
      }
      current = delegator;
    }
  }

  private static DelegatedRole delegatedRole(Delegations delegations, String name)
      throws InvalidRepositoryException {
    for (DelegatedRole r : delegations.roles().orElse(List.of())) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw new InvalidRepositoryException("no delegation to " + name);
  }

  // ------------------------------------------------------------------ delegations

  /**
   * Delegates images under {@code paths} to a supplier's role (#delegations_meta,
   * #targets_role_delegations), optionally only for {@code hardwareIds}: ECUs of other hardware
   * do not trust the supplier for these paths. The delegation is not terminating unless asked
   * ("SHOULD NOT be terminating by default").
   *
   * @param delegator {@code targets} or a role that already exists
   * @param supplierRole the new role's name
   * @param keys the supplier's keys and threshold
   * @param paths the path patterns delegated
   * @param hardwareIds written as {@link UptaneFields#DELEGATION_HARDWARE_IDS}; empty means any
   * @param terminating whether a match in the supplier's role ends the search
   * @return this repository
   * @throws TufException when the name is taken or would create a delegation cycle
   * @throws IOException when the delegator's metadata cannot be read
   */
  public ImageRepository delegateToSupplier(String delegator, String supplierRole, RoleKeys keys,
      List<String> paths, Optional<List<String>> hardwareIds, boolean terminating)
      throws TufException, IOException {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("a supplier delegation lists at least one path");
    }
    Map<String, JsonValue> extra = Map.of();
    if (hardwareIds.isPresent()) {
      List<String> ids = hardwareIds.get();
      if (ids.isEmpty() || ids.size() > UptaneTargetCustom.MAX_ENTRIES) {
        throw new IllegalArgumentException("hardwareIds lists 1 to "
            + UptaneTargetCustom.MAX_ENTRIES + " ids; leave it out to allow any hardware");
      }
      List<JsonValue> json = new ArrayList<>();
      for (String id : ids) {
        if (id.isEmpty()) {
          throw new IllegalArgumentException("a hardware id must not be empty");
        }
        json.add(new JsonString(id));
      }
      extra = Map.of(UptaneFields.DELEGATION_HARDWARE_IDS, new JsonArray(json));
    }
    editor.delegations().delegate(delegator, supplierRole, keys,
        Optional.of(List.copyOf(paths)), Optional.empty(), terminating, extra);
    return this;
  }

  // ------------------------------------------------------------------ releases

  /**
   * Freezes the edits into the next release and signs its snapshot and timestamp with {@code
   * onlineSigners} — and nothing else: targets roles are signed by their offline keys through
   * {@link ReleaseFiles#addSignature} (or {@link Release#save()} and {@link #resume} in another
   * process). The snapshot is signed before the timestamp, which lists the snapshot's hashes;
   * in a repository of several encodings, each encoding's file set is signed in its own bytes,
   * its timestamp listing the snapshot file of the same encoding. With no edits, the release
   * renews the timestamp alone (run it before the timestamp expires).
   *
   * @param onlineSigners the snapshot and timestamp keys
   * @return the release, waiting for the targets roles' offline signatures
   * @throws InvalidRepositoryException if a signer holds no snapshot or timestamp key of this
   *     repository (a targets or root key is not an online key here)
   * @throws IOException when the repository's metadata or a signer's token fails
   */
  public Release stage(List<Signer> onlineSigners) throws TufException, IOException {
    Root root = editor.root();
    for (Signer s : onlineSigners) {
      if (signers(root, RoleType.SNAPSHOT, List.of(s)).isEmpty()
          && signers(root, RoleType.TIMESTAMP, List.of(s)).isEmpty()) {
        throw new InvalidRepositoryException("a " + s.scheme() + " signer holds no snapshot or "
            + "timestamp key of this repository; targets keys sign offline, through "
            + "Release.addSignature");
      }
    }
    Release release = editor.stage(List.of());
    // Snapshot first: the timestamp describes the signed snapshot file.
    for (String role : List.of(SNAPSHOT, TIMESTAMP)) {
      for (Signer s : onlineSigners) {
        release.sign(s, List.of(role));
      }
    }
    return release;
  }

  private static RoleSigners signers(Root root, RoleType type, List<Signer> signers) {
    return RoleSigners.of(type.typeName(), root.keys(), root.role(type), signers);
  }
}
