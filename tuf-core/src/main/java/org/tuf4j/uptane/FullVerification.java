package org.tuf4j.uptane;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a Primary's full verification (Uptane Standard #full_verification): either
 * nothing new to install, or the verified images to install. Either way it carries what the
 * Primary forwards to partial-verification Secondaries (#send_metadata_primary).
 */
public sealed interface FullVerification {

  /**
   * The Director metadata to forward to Secondaries.
   *
   * @return the Director's targets and root chain as received
   */
  DirectorMetadata director();

  /** Why there is nothing new to install. */
  enum Reason {
    /**
     * The Director published nothing since the last refresh (its snapshot, or without one its
     * targets, are the stored ones: step 4), and every image it orders is installed.
     */
    DIRECTOR_UNCHANGED,
    /**
     * The Director's targets changed, but every image they order is installed already, or they
     * order none (step 6). The Image repository was not contacted.
     */
    NO_NEW_IMAGES
  }

  /**
   * Nothing to install (steps 4 and 6). The Director's targets passed their checks
   * (#check_targets): stopping early never skips verifying what was received.
   */
  record NothingNew(Reason reason, DirectorMetadata director) implements FullVerification {
    /**
     * Checks that the members are present.
     *
     * @param reason why there is nothing new
     * @param director the Director metadata to forward to Secondaries
     */
    public NothingNew {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(director, "director");
    }
  }

  /**
   * Every image the Director orders, verified against the Image repository (step 10: the
   * Primary checks them all), split by whether the ECU already has it.
   *
   * @param toInstall ECU serial to the new image it is ordered to install; not empty
   * @param alreadyInstalled ECU serial to the image it is ordered to install and already has
   */
  record Updates(Map<String, VerifiedImage> toInstall, Map<String, VerifiedImage> alreadyInstalled,
      DirectorMetadata director) implements FullVerification {
    /**
     * Copies the maps and checks that there is something to install.
     *
     * @param toInstall ECU serial to the new image it is ordered to install; not empty
     * @param alreadyInstalled ECU serial to the image it is ordered to install and already has
     * @param director the Director metadata to forward to Secondaries
     * @throws IllegalArgumentException when {@code toInstall} is empty
     */
    public Updates {
      toInstall = Collections.unmodifiableMap(new LinkedHashMap<>(toInstall));
      alreadyInstalled = Collections.unmodifiableMap(new LinkedHashMap<>(alreadyInstalled));
      Objects.requireNonNull(director, "director");
      if (toInstall.isEmpty()) {
        throw new IllegalArgumentException("updates list at least one image to install");
      }
    }
  }
}
