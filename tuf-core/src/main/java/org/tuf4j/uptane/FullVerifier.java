package org.tuf4j.uptane;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.tuf4j.TufException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.internal.Messages;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.uptane.DirectorTargets.Order;
import org.tuf4j.uptane.ImageMismatchException.Kind;
import org.tuf4j.verify.MetadataChecks;

/**
 * A Primary's full verification of Director and Image repository metadata (Uptane Standard
 * #full_verification, #download_meta_primary), over two {@link Updater}s that do the TUF work
 * (#check_root, #check_timestamp, #check_snapshot, #check_targets: TUF spec §5).
 *
 * <p>{@link #verify} runs, in order:
 * <ol>
 *   <li>the Director: root, timestamp, snapshot, targets (steps 2–5). Under {@link
 *       UptaneProfile#AKTUALIZR} the Director serves root and targets only, and its targets are
 *       checked against its root directly, with the stored ones as rollback floor ({@link
 *       Updater#refreshRootAndTargets()});
 *   <li>the Director's targets against the Uptane rules (#check_targets steps 6–8,
 *       #targets_images_meta): no delegations, every image for an ECU, no ECU twice, only ECUs of
 *       this vehicle each with its own hardware identifier, and this vehicle's identifier when
 *       they list no images (AKTUALIZR: when they name one);
 *   <li>stop when nothing is new (steps 4 and 6; {@link FullVerification.NothingNew}): every
 *       image the Director orders is installed already, per the caller's {@link
 *       InstalledImages}. An unchanged Director whose images are not all installed (a previous
 *       cycle that failed after the Director's metadata was stored) is verified again rather
 *       than left stuck;
 *   <li>the Image repository: root, timestamp, snapshot, targets (steps 6–9);
 *   <li>every image the Director orders (step 10): a file name valid for its ECU when the
 *       ECU's names are configured ({@link Builder#imagePaths}, #verify_image step 4); found
 *       in the Image repository through
 *       delegations whose paths and hardware identifiers apply (#resolve_delegations, {@link
 *       UptaneDelegations}), with the same length and hashes, listed for the ECU's hardware
 *       when the Image repository lists hardware, the same {@link ShallMatch} fields, and a
 *       release counter not below the installed image's.
 * </ol>
 * Each refusal is the exception of the attack it stops: the TUF ones from the {@link Updater}s
 * ({@code ThresholdNotMetException}, {@code RollbackException}, {@code
 * ExpiredMetadataException}, ...), and {@code DirectorTargetsException}, {@code
 * UnknownEcuException}, {@code VehicleMismatchException}, {@code IncompatibleHardwareException},
 * {@code ImageNotInImageRepositoryException}, {@code ImageMismatchException}, {@code
 * InvalidImageNameException}, {@code ReleaseCounterRollbackException}. {@link
 * #metadataPackage()} is what a full-verification Secondary verifies from
 * (#send_metadata_primary).
 *
 * <p>Each repository is read in the {@link org.tuf4j.metadata.MetadataEncoding} its {@link
 * Updater.Builder#encoding} names — canonical JSON or deterministic CBOR (#meta_structures), one
 * per repository, so a CBOR Director may go with a JSON Image repository. The Director metadata
 * forwarded to Secondaries ({@link DirectorMetadata}) is in the Director's encoding. Dialect
 * profiles read JSON only.
 *
 * <p>Install state is the caller's: it passes the {@link InstalledImages} in, and records new
 * ones itself after installing. The verifier keeps the two repositories' trusted metadata in
 * their metadata directories, as {@link Updater} does. Methods are serialised.
 */
public final class FullVerifier {
  private static final String TARGETS = RoleType.TARGETS.typeName();

  private final Updater director;
  private final Updater images;
  private final VehicleIdentity vehicle;
  private final ShallMatch shallMatch;
  private final UptaneProfile profile;
  private final Map<String, ImageNames> imageNames;

  private FullVerifier(Updater director, Updater images, Builder b) {
    this.director = director;
    this.images = images;
    this.vehicle = b.vehicle;
    this.shallMatch = b.shallMatch != null ? b.shallMatch : defaultShallMatch(b.profile);
    this.profile = b.profile;
    this.imageNames = Map.copyOf(b.imageNames);
  }

  /**
   * A builder; the Director repository, the Image repository and the vehicle must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The "SHALL match" fields compared unless configured: the hardware ids and release counter
   * the Standard names; under {@link UptaneProfile#AKTUALIZR} only the release counter, because
   * ota-tuf Directors list an ECU's hardware id under {@code ecuIdentifiers} and not as {@code
   * hardwareIds} (the image's hardware is checked against the ECU's all the same).
   *
   * @param profile the verifier's profile
   * @return the default fields for {@code profile}
   */
  public static ShallMatch defaultShallMatch(UptaneProfile profile) {
    return profile.acceptsDialect() ? ShallMatch.of(List.of(UptaneTargetCustom.RELEASE_COUNTER))
        : ShallMatch.DEFAULT;
  }

  /** {@return the profile this verifier reads metadata and applies rules under} */
  public UptaneProfile profile() {
    return profile;
  }

  /**
   * Runs full verification against what the vehicle has installed.
   *
   * @param installed what each ECU has installed, as the caller last recorded it
   * @return nothing new to install, or the verified images to install; either way the Director
   *     metadata to forward
   * @throws TufException the subtype names the check, and the attack, that failed
   * @throws IOException for the local metadata directories
   */
  public synchronized FullVerification verify(InstalledImages installed)
      throws TufException, IOException {
    Objects.requireNonNull(installed, "installed");
    if (profile.acceptsDialect()) {
      director.refreshRootAndTargets();
    } else {
      director.refresh();
    }
    Signed<Targets> trustedTargets = director.trustedTargets(TARGETS).orElseThrow();
    Targets directorTargets = trustedTargets.signed();
    DirectorMetadata forward = new DirectorMetadata(
        director.trustedMetadataBytes(TARGETS).orElseThrow(), director.trustedRootChain(),
        trustedTargets.encoding());
    Map<String, Order> orders = checkDirectorTargets(directorTargets);
    if (orders.values().stream().allMatch(o -> isInstalled(o, installed))) {
      return new FullVerification.NothingNew(director.unchangedSinceLastRefresh()
          ? FullVerification.Reason.DIRECTOR_UNCHANGED : FullVerification.Reason.NO_NEW_IMAGES,
          forward);
    }
    images.refresh();
    Map<String, VerifiedImage> toInstall = new LinkedHashMap<>();
    Map<String, VerifiedImage> alreadyInstalled = new LinkedHashMap<>();
    for (Order order : orders.values()) {
      VerifiedImage verified = verifyImage(order, installed);
      (isInstalled(order, installed) ? alreadyInstalled : toInstall).put(order.ecuSerial(),
          verified);
    }
    return new FullVerification.Updates(toInstall, alreadyInstalled, forward);
  }

  /**
   * The metadata a full-verification Secondary needs (#send_metadata_primary), from the last
   * {@link #verify}: of both repositories, every root version of the chain followed, timestamp,
   * snapshot and targets where the repository has them, and the Image repository's delegated
   * roles loaded while searching for the ordered images (each reachable from the top-level
   * targets through loaded roles). After a verification that stopped early (nothing new), the
   * Image repository's files are those of its last refresh, if any.
   *
   * @return the package, exact bytes as verified
   * @throws TufException when a trusted root no longer parses
   * @throws IllegalStateException when no {@link #verify} has succeeded yet
   */
  public synchronized MetadataPackage metadataPackage() throws TufException {
    Signed<Targets> targets = director.trustedTargets(TARGETS).orElseThrow(() ->
        new IllegalStateException("verify() has not succeeded yet"));
    MetadataEncoding encoding = targets.encoding();
    return new MetadataPackage(files(director, encoding), files(images, encoding), encoding);
  }

  private Map<String, byte[]> files(Updater updater, MetadataEncoding encoding)
      throws TufException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    ParseOptions options = ParseOptions.DEFAULT.withEncoding(encoding)
        .withDialect(profile.metadataDialect());
    for (byte[] root : updater.trustedRootChain()) {
      long version = Signed.parse(root, Root.class, options).signed().version();
      out.put(encoding.fileName(version + ".root"), root);
    }
    for (String role : List.of("timestamp", "snapshot")) {
      updater.trustedMetadataBytes(role).ifPresent(b -> out.put(encoding.fileName(role), b));
    }
    // targets, then every loaded role its loaded roles delegate to, depth first
    java.util.Deque<String> pending = new java.util.ArrayDeque<>(List.of(TARGETS));
    while (!pending.isEmpty()) {
      String role = pending.pop();
      Optional<byte[]> bytes = updater.trustedMetadataBytes(role);
      if (bytes.isEmpty() || out.containsKey(encoding.fileName(role))) {
        continue;
      }
      out.put(encoding.fileName(role), bytes.get());
      updater.trustedTargets(role).flatMap(t -> t.signed().delegations())
          .flatMap(d -> d.roles()).ifPresent(roles -> roles.forEach(r -> pending.add(r.name())));
    }
    return out;
  }

  /**
   * Downloads a verified image from the Image repository into its target directory: at most its
   * length, every hash checked while streaming (#download_images_primary), the file written
   * only once verified. Hashes of algorithms only the Director lists (possible under {@link
   * UptaneProfile#AKTUALIZR}) are checked over the written file, which is removed if they fail.
   *
   * @param image an image from {@link FullVerification.Updates#toInstall()}
   * @return the verified file
   * @throws TufException when the download fails, exceeds the image's length, or a hash differs
   * @throws IOException when the target directory cannot be written
   */
  public synchronized Path download(VerifiedImage image) throws TufException, IOException {
    Path file = images.download(image.image());
    Map<String, String> directorOnly = new LinkedHashMap<>(image.director().hashes());
    directorOnly.keySet().removeAll(image.image().hashes().keySet());
    if (!directorOnly.isEmpty()) {
      try (InputStream in = Files.newInputStream(file)) {
        MetadataChecks.checkLengthAndHashes(image.path(), image.length(), directorOnly, in);
      } catch (TufException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    }
    return file;
  }

  /** #check_targets steps 6–8 and #targets_images_meta, for the whole vehicle. */
  private Map<String, Order> checkDirectorTargets(Targets targets) throws TufException {
    Map<String, Order> orders = new LinkedHashMap<>();
    for (Order o : DirectorTargets.orders(targets, profile).values()) {
      Optional<String> hardware = vehicle.hardwareId(o.ecuSerial());
      if (hardware.isEmpty()) {
        throw UnknownEcuException.inDirectorTargets(vehicle.vehicleId(), o.ecuSerial(),
            o.target().path());
      }
      if (o.hardwareId().isPresent() && !hardware.get().equals(o.hardwareId().get())) {
        throw new IncompatibleHardwareException(o.ecuSerial(), hardware.get(), o.target().path(),
            "the Director names hardware \"" + Messages.bounded(o.hardwareId().get())
                + "\" for it");
      }
      // an order naming no hardware (reference implementation) is for the ECU's own
      orders.put(o.ecuSerial(), o.withHardware(hardware.get()));
    }
    DirectorTargets.checkVehicle(targets, Optional.of(vehicle.vehicleId()), profile);
    return orders;
  }

  private static boolean isInstalled(Order order, InstalledImages installed) {
    return installed.of(order.ecuSerial()).map(r -> r.isImage(order.target())).orElse(false);
  }

  /** Step 10 for one image the Director orders. */
  private VerifiedImage verifyImage(Order order, InstalledImages installed) throws TufException,
      IOException {
    String hardwareId = order.hardwareId().orElseThrow(); // resolved by checkDirectorTargets
    TargetFile ordered = order.target();
    String path = ordered.path();
    ImageNames names = imageNames.get(order.ecuSerial());
    if (names != null) {
      names.check(order.ecuSerial(), path); // #verify_image step 4, before anything is fetched
    }
    UptaneDelegations.Filter applies = new UptaneDelegations.Filter(hardwareId);
    Optional<TargetInfo> found = images.getTargetInfo(path, applies);
    applies.check();
    TargetInfo info = found.orElseThrow(() -> new ImageNotInImageRepositoryException(path,
        order.ecuSerial(), "no Image repository role trusted for this path and hardware \""
            + Messages.bounded(hardwareId) + "\" lists it"));
    TargetFile signed = info.target();
    if (signed.length() != ordered.length()) {
      throw new ImageMismatchException(path, Kind.LENGTH, List.of(), "Director "
          + ordered.length() + " bytes, Image repository " + signed.length());
    }
    if (!Digests.agree(ordered.hashes(), signed.hashes(), profile)) {
      throw new ImageMismatchException(path, Kind.HASHES, List.of(),
          Digests.difference(ordered.hashes(), signed.hashes()));
    }
    UptaneTargetCustom imageCustom = UptaneTargetCustom.of(signed);
    Optional<List<String>> hardware = imageCustom.hardwareIds(profile);
    if (hardware.isPresent() && !hardware.get().contains(hardwareId)) {
      throw new IncompatibleHardwareException(order.ecuSerial(), hardwareId, path,
          "the Image repository lists it for hardware " + Messages.bounded(hardware.get()
              .toString()));
    }
    ShallMatch.Result match = shallMatch.compare(order.custom(), imageCustom);
    if (!match.matches()) {
      throw new ImageMismatchException(path, Kind.SHALL_MATCH, match.mismatches().stream()
          .map(ShallMatch.Mismatch::field).toList(), Messages.bounded(match.mismatches().get(0)
              .toString()));
    }
    OptionalLong counter = imageCustom.releaseCounter(profile).isPresent()
        ? imageCustom.releaseCounter(profile) : order.custom().releaseCounter(profile);
    checkReleaseCounter(order.ecuSerial(), path, counter, installed.of(order.ecuSerial()));
    return new VerifiedImage(order.ecuSerial(), hardwareId, ordered, info, counter);
  }

  /** #full_verification 10.2.3 and #verify_image step 5 (shared with partial verification). */
  static void checkReleaseCounter(String ecuSerial, String path, OptionalLong offered,
      Optional<InstalledImages.Release> release) throws ReleaseCounterRollbackException {
    if (release.isEmpty() || release.get().releaseCounter().isEmpty()) {
      return;
    }
    long previous = release.get().releaseCounter().getAsLong();
    if (offered.isEmpty() || offered.getAsLong() < previous) {
      throw new ReleaseCounterRollbackException(ecuSerial, path, previous, offered);
    }
  }

  /** Configures a {@link FullVerifier}: both repositories and the vehicle are required. */
  public static final class Builder {
    private Updater.Builder director;
    private Updater.Builder imageRepository;
    private VehicleIdentity vehicle;
    private ShallMatch shallMatch;
    private UptaneProfile profile = UptaneProfile.STANDARD;
    private final Map<String, ImageNames> imageNames = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The file names valid for one ECU of the vehicle (#verify_image step 4), as TUF path
     * patterns ({@code *} and {@code ?} never match {@code /}): an image the Director orders
     * for that ECU whose path matches none is refused with {@link InvalidImageNameException}.
     * ECUs without patterns accept any name.
     *
     * @param ecuSerial the ECU
     * @param patterns at least one non-empty path pattern
     * @return this builder
     * @throws IllegalArgumentException when the list or a pattern is empty
     */
    public Builder imagePaths(String ecuSerial, List<String> patterns) {
      imageNames.put(Objects.requireNonNull(ecuSerial, "ecuSerial"), ImageNames.of(patterns));
      return this;
    }

    /**
     * The Director repository: metadata URL, metadata directory, the Director root shipped
     * with the vehicle, fetcher, bounds and clock. Its metadata dialect is set from the profile.
     *
     * @param director a builder of the Director repository's updater
     * @return this builder
     */
    public Builder director(Updater.Builder director) {
      this.director = Objects.requireNonNull(director, "director");
      return this;
    }

    /**
     * The Image repository: metadata and target URLs, metadata and target directories, the
     * Image repository root shipped with the vehicle, fetcher, bounds and clock. Its metadata
     * dialect is set from the profile.
     *
     * @param imageRepository a builder of the Image repository's updater
     * @return this builder
     */
    public Builder imageRepository(Updater.Builder imageRepository) {
      this.imageRepository = Objects.requireNonNull(imageRepository, "imageRepository");
      return this;
    }

    /**
     * The vehicle's identifier and ECUs.
     *
     * @param vehicle the vehicle's identity
     * @return this builder
     */
    public Builder vehicle(VehicleIdentity vehicle) {
      this.vehicle = Objects.requireNonNull(vehicle, "vehicle");
      return this;
    }

    /**
     * The custom fields both repositories must agree on; {@link #defaultShallMatch} if unset.
     *
     * @param shallMatch the field names
     * @return this builder
     */
    public Builder shallMatch(ShallMatch shallMatch) {
      this.shallMatch = Objects.requireNonNull(shallMatch, "shallMatch");
      return this;
    }

    /**
     * {@link UptaneProfile#STANDARD} unless a deployed stack's dialect must be read.
     *
     * @param profile the profile
     * @return this builder
     */
    public Builder profile(UptaneProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * Opens both repositories' metadata directories.
     *
     * @return the verifier
     * @throws IllegalStateException when a repository or the vehicle is missing, or under a
     *     dialect profile ({@link UptaneProfile#AKTUALIZR}) a repository is read in CBOR: the
     *     dialect is a form of JSON
     * @throws IOException when a metadata directory cannot be created or read
     */
    public FullVerifier build() throws IOException {
      if (director == null || imageRepository == null || vehicle == null) {
        throw new IllegalStateException("the Director, the Image repository and the vehicle "
            + "are required");
      }
      Updater d = open(director, "the Director");
      Updater i = open(imageRepository, "the Image repository");
      return new FullVerifier(d, i, this);
    }

    private Updater open(Updater.Builder repository, String name) throws IOException {
      try {
        return repository.metadataDialect(profile.metadataDialect()).build();
      } catch (IllegalStateException e) {
        throw new IllegalStateException(name + ", read under profile " + profile + ": "
            + e.getMessage(), e);
      }
    }
  }
}
