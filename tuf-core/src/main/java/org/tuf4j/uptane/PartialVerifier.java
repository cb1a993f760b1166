package org.tuf4j.uptane;

import static org.tuf4j.internal.ModelChecks.requireIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.tuf4j.TufException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.client.TrustedMetadataSet.TimestampUpdate;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.internal.Messages;
import org.tuf4j.metadata.MetadataDialect;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.uptane.DirectorTargets.Order;

/**
 * A Secondary's partial verification (Uptane Standard #partial_verification): the Director's
 * targets metadata, as the Primary forwards them, checked with the Director keys the Secondary
 * trusts and a time it trusts, and the image they order for this ECU.
 *
 * <p>{@link #verify} runs, in order, and either returns the outcome with the next state or
 * throws and leaves the caller's state as it was:
 * <ol>
 *   <li>optionally, new Director root versions forwarded with the targets (#check_root): each
 *       the next version, signed by a threshold of the trusted root's keys and of its own
 *       (versions the Secondary already trusts are skipped);
 *   <li>the Director's root not expired at the trusted time, and its targets (#check_targets
 *       steps 3–5) signed by a threshold of the root's targets keys, with a version not lower
 *       than the last accepted one, not expired at the trusted time ({@link
 *       TrustedMetadataSet#updateTargetsWithoutSnapshot});
 *   <li>no delegations, every image for an ECU, no ECU twice (steps 6–7); this vehicle's
 *       identifier when they list no images ({@link DirectorTargets});
 *   <li>the entry for this ECU (#verify_image steps 1–5): the Director names this ECU's hardware
 *       identifier, the image's file name is valid for this ECU ({@link Builder#imagePaths}),
 *       and the release counter is not below the installed image's.
 * </ol>
 * Step 8 (only this vehicle's ECUs) is the Primary's; a Secondary does not know the others. The
 * verifier is immutable and thread-safe.
 *
 * <p>The Secondary reads one {@link MetadataEncoding} (#meta_structures), canonical JSON unless
 * {@link Builder#encoding} says CBOR: the forwarded files, the root in its state, and the
 * targets it stores are all in it. Forwarded metadata of another encoding is refused before
 * anything is parsed, and bytes of another encoding never parse as metadata.
 */
public final class PartialVerifier {
  private final String ecuSerial;
  private final String hardwareId;
  private final Optional<String> vehicleId;
  private final UptaneProfile profile;
  private final MetadataEncoding encoding;
  private final CryptoBackend backend;
  private final UpdaterConfig config;
  private final Optional<ImageNames> imageNames;

  private PartialVerifier(Builder b) {
    this.ecuSerial = b.ecuSerial;
    this.hardwareId = b.hardwareId;
    this.vehicleId = Optional.ofNullable(b.vehicleId);
    this.profile = b.profile;
    this.encoding = b.encoding;
    this.backend = b.backend;
    this.config = b.config;
    this.imageNames = Optional.ofNullable(b.imagePaths);
  }

  /**
   * A partial verifier for ECU {@code ecuSerial}, of hardware {@code hardwareId}.
   *
   * @param ecuSerial the Secondary's ECU serial
   * @param hardwareId its hardware identifier
   * @return a new builder
   */
  public static Builder builder(String ecuSerial, String hardwareId) {
    return new Builder(ecuSerial, hardwareId);
  }

  /**
   * Verifies what the Primary forwarded.
   *
   * @param received the Director's targets (and root versions) as the Primary forwards them
   * @param state the Secondary's stored state
   * @param installed the release this ECU has installed, if known
   * @param trustedTime the current time from a source the Secondary trusts (#verify_time),
   *     which every expiry is checked against
   * @return nothing to install, or the image to install; either way the state to store next
   * @throws TufException the subtype names the check that failed
   * @throws IllegalArgumentException when {@code received} is in another encoding than this
   *     verifier's: the Primary and the Secondary are configured for different encodings
   */
  public PartialVerification verify(DirectorMetadata received, PartialVerificationState state,
      Optional<InstalledImages.Release> installed, Instant trustedTime) throws TufException {
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(installed, "installed");
    Objects.requireNonNull(trustedTime, "trustedTime");
    if (received.encoding() != encoding) {
      throw new IllegalArgumentException("the forwarded Director metadata is " + received
          .encoding() + ", but this Secondary reads " + encoding + " metadata (PartialVerifier"
          + ".Builder.encoding): configure the Primary and the Secondary for one encoding");
    }
    TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(state.directorRoot(),
        TrustOptions.at(trustedTime).withBackend(backend).withBounds(config)
            .withEncoding(encoding).withDialect(profile.metadataDialect()));
    byte[] root = state.directorRoot();
    List<byte[]> chain = received.rootChain();
    if (chain.size() > config.maxRootRotations()) {
      chain = chain.subList(chain.size() - config.maxRootRotations(), chain.size());
    }
    ParseOptions rootOptions = ParseOptions.DEFAULT.withEncoding(encoding)
        .withDialect(profile.metadataDialect()).withLimits(new JsonLimits(config.rootMaxLength(),
            config.maxJsonDepth(), JsonLimits.DEFAULT.maxStringLength()));
    for (byte[] next : chain) {
      long version = Signed.parse(next, Root.class, rootOptions).signed().version();
      if (version > set.root().signed().version()) {
        set.updateRoot(next);
        root = next;
      }
    }
    Optional<byte[]> stored = state.directorTargets();
    if (stored.isPresent()) {
      try {
        set.loadLocalTargetsWithoutSnapshot(stored.get());
      } catch (TufException keysRotated) {
        stored = Optional.empty(); // signed by keys the new root no longer trusts: no floor
      }
    }
    byte[] targetsFile = received.targets();
    if (set.updateTargetsWithoutSnapshot(targetsFile) == TimestampUpdate.UNCHANGED) {
      targetsFile = stored.orElseThrow();
    }
    Targets targets = set.targets(RoleType.TARGETS.typeName()).orElseThrow().signed();
    Map<String, Order> orders = DirectorTargets.orders(targets, profile);
    DirectorTargets.checkVehicle(targets, vehicleId, profile);
    PartialVerificationState next = PartialVerificationState.of(root, Optional.of(targetsFile));
    return outcome(orders.get(ecuSerial), installed, next);
  }

  /**
   * What the Director's order for this ECU means here (#verify_image steps 1–5): nothing when
   * there is none or its image is installed, else the image, once the hardware identifier and
   * release counter are checked.
   *
   * @param mine the order for this ECU, or null
   */
  private PartialVerification outcome(Order mine, Optional<InstalledImages.Release> installed,
      PartialVerificationState next) throws TufException {
    if (mine == null) {
      return new PartialVerification.NoUpdate(PartialVerification.Reason.NOT_LISTED, next);
    }
    // an order naming no hardware (the reference implementation's) is for this ECU's own
    if (mine.hardwareId().isPresent() && !mine.hardwareId().get().equals(hardwareId)) {
      throw new IncompatibleHardwareException(ecuSerial, hardwareId, mine.target().path(),
          "the Director names hardware \"" + Messages.bounded(mine.hardwareId().get())
              + "\" for it");
    }
    if (imageNames.isPresent()) {
      imageNames.get().check(ecuSerial, mine.target().path());
    }
    OptionalLong counter = mine.custom().releaseCounter(profile);
    FullVerifier.checkReleaseCounter(ecuSerial, mine.target().path(), counter, installed);
    if (installed.isPresent() && installed.get().isImage(mine.target())) {
      return new PartialVerification.NoUpdate(PartialVerification.Reason.ALREADY_INSTALLED,
          next);
    }
    return new PartialVerification.Install(mine.target(), mine.custom(), counter, next);
  }

  /** Configures a {@link PartialVerifier}; every setting but the ECU has a default. */
  public static final class Builder {
    private final String ecuSerial;
    private final String hardwareId;
    private String vehicleId;
    private UptaneProfile profile = UptaneProfile.STANDARD;
    private MetadataEncoding encoding = MetadataEncoding.JSON;
    private CryptoBackend backend = CryptoBackends.defaultBackend();
    private UpdaterConfig config = UpdaterConfig.defaults();
    private ImageNames imagePaths;

    private Builder(String ecuSerial, String hardwareId) {
      this.ecuSerial = requireIdentifier(ecuSerial, "ecuSerial");
      this.hardwareId = requireIdentifier(hardwareId, "hardwareId");
    }

    /**
     * The vehicle's identifier, when the Secondary knows it: Director targets naming another
     * vehicle are then refused. Without it, targets that list no images must still name a
     * vehicle (#targets_images_meta), but which one cannot be checked.
     *
     * @param vehicleId the vehicle's identifier
     * @return this builder
     */
    public Builder vehicleId(String vehicleId) {
      this.vehicleId = requireIdentifier(vehicleId, "vehicleId");
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
     * The encoding of the Director's metadata as the Primary forwards it (and of the root in
     * the state); {@link MetadataEncoding#JSON} by default. CBOR is for the standard profile.
     *
     * @param encoding JSON or deterministic CBOR
     * @return this builder
     */
    public Builder encoding(MetadataEncoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    /**
     * The signature verification implementation; default {@link CryptoBackends#defaultBackend()}.
     *
     * @param backend the backend that verifies signatures
     * @return this builder
     */
    public Builder cryptoBackend(CryptoBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * Size bounds (root, targets, nesting) and the number of root versions followed; its clock
     * is not used, the trusted time is passed to {@link #verify}.
     *
     * @param config the bounds
     * @return this builder
     */
    public Builder config(UpdaterConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The file names valid for this ECU (#verify_image step 4), as TUF path patterns (TUF spec
     * §4.5 PATHPATTERN: {@code *} and {@code ?} never match {@code /}), for example {@code
     * "brakes/bcu-*.bin"}: an image ordered for this ECU whose path matches none is refused with
     * {@link InvalidImageNameException}. Without patterns, any name is valid.
     *
     * @param patterns at least one non-empty path pattern
     * @return this builder
     * @throws IllegalArgumentException when the list or a pattern is empty
     */
    public Builder imagePaths(List<String> patterns) {
      this.imagePaths = ImageNames.of(patterns);
      return this;
    }

    /**
     * @return the verifier
     * @throws IllegalStateException for a dialect profile with an encoding other than JSON
     */
    public PartialVerifier build() {
      if (encoding != MetadataEncoding.JSON
          && profile.metadataDialect() != MetadataDialect.STANDARD) {
        throw new IllegalStateException(profile + " metadata is JSON, not " + encoding);
      }
      return new PartialVerifier(this);
    }
  }
}
