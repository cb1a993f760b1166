package org.tuf4j.uptane;

import java.util.Objects;

/**
 * What {@link DirectorRepository#generate} left published for one vehicle: the versions a
 * Primary will find at the vehicle's metadata URL (Uptane Standard #director_repository), and
 * whether this call changed them.
 *
 * @param vehicleId the vehicle
 * @param metadataPath the vehicle's metadata directory in the published storage, such as {@code
 *     metadata/VIN123/}: a Primary's metadata base URL is the published storage's base URL plus
 *     this
 */
public record DirectorPublication(String vehicleId, String metadataPath, long rootVersion,
    long targetsVersion, long snapshotVersion, long timestampVersion, Change change) {

  /** What the call did. */
  public enum Change {
    /** Nothing to do: same assignments, same root, nothing close to expiry. */
    UNCHANGED,
    /**
     * Re-signed at new versions with the same images: a new root was adopted, metadata was
     * close to expiry, or the published files were not the ones last written.
     */
    REFRESHED,
    /** New Targets metadata: the images directed to the vehicle changed (or the first one). */
    UPDATED
  }

  /**
   * Checks that the vehicle, the metadata path and the change are present.
   *
   * @param vehicleId the vehicle
   * @param metadataPath the vehicle's metadata directory in the published storage
   * @param rootVersion the published root version
   * @param targetsVersion the published targets version
   * @param snapshotVersion the published snapshot version
   * @param timestampVersion the published timestamp version
   * @param change what the call did
   */
  public DirectorPublication {
    Objects.requireNonNull(vehicleId, "vehicleId");
    Objects.requireNonNull(metadataPath, "metadataPath");
    Objects.requireNonNull(change, "change");
  }
}
