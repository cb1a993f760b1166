package org.tuf4j.uptane;


/**
 * The member names tuf4j gives the Uptane data that TUF metadata has no field for, written by
 * {@link DirectorRepository} and {@link ImageRepository} and read by the verifiers through {@link
 * DirectorTargets#vehicleId} and {@link UptaneDelegations#hardwareIds}, so both sides use one
 * spelling. The metadata stays in the standard TUF JSON form: these are extra members,
 * which TUF clients preserve and otherwise ignore.
 *
 * <ul>
 *   <li>{@link #DELEGATION_HARDWARE_IDS}: on a delegated role of the Image repository, the
 *       hardware identifiers the delegation applies to (Uptane Standard #delegations_meta, "an
 *       optional list of the hardware identifiers to which this role applies. If this is
 *       omitted, any hardware identifier will match"; #resolve_delegations step 4.1).
 *   <li>{@link #TARGETS_CUSTOM} / {@link #VEHICLE_ID}: in the Director's Targets metadata, the
 *       identifier of the vehicle it was generated for (#targets_images_meta, "If there are no
 *       images included in the Targets metadata from the Director repository, then the metadata
 *       SHALL include a vehicle identifier in order to avoid a replay attack").
 * </ul>
 *
 * <p>Where the names come from. No deployed stack we could read writes either field: ota-tuf's
 * delegations carry only TUF's members, and neither aktualizr nor ota-tuf's Director writes a
 * vehicle identifier into Targets metadata (the Standard added the requirement after they were
 * written). So tuf4j reuses the vocabulary those stacks already deploy: {@code hardwareIds} is the
 * member aktualizr and ota-tuf use for an image's list of compatible hardware identifiers (see
 * {@link UptaneTargetCustom#HARDWARE_IDS}), so a delegation's list reads the same; role-level
 * extras of the Director's Targets live in the {@code custom} object of {@code signed}, where
 * ota-tuf's Director writes its {@code correlationId} and aktualizr reads it; and the vehicle
 * identifier is named {@code vin}, as in the vehicle version manifest of both the standard form
 * and the aktualizr dialect ({@link VehicleVersionManifest}).
 */
public final class UptaneFields {
  /**
   * Member of a delegated role entry ({@code delegations.roles[i]}) of the Image repository: a
   * non-empty array of non-empty hardware identifier strings; absent means any hardware.
   */
  public static final String DELEGATION_HARDWARE_IDS = UptaneTargetCustom.HARDWARE_IDS;

  /** Member of the Director's Targets {@code signed} object holding role-level custom data. */
  public static final String TARGETS_CUSTOM = "custom";

  /** Member of {@link #TARGETS_CUSTOM}: the vehicle identifier, a non-empty string. */
  public static final String VEHICLE_ID = "vin";

  /**
   * Member of an image's {@code custom} in the Image repository: the names (target paths) of
   * images that must be installed with it, a list of non-empty strings. The Director directs the
   * image to a vehicle only when each of them is directed to some ECU of that vehicle too
   * (Uptane Standard #director_repository step 5, "dependencies"). No deployed stack writes a
   * field for this; the name follows Debian's and RPM's vocabulary.
   */
  public static final String IMAGE_DEPENDENCIES = "dependencies";

  /**
   * Member of an image's {@code custom} in the Image repository: the names of images that must
   * not be installed with it in one vehicle, a list of non-empty strings (#director_repository
   * step 5, "conflicts").
   */
  public static final String IMAGE_CONFLICTS = "conflicts";

  private UptaneFields() {}
}
