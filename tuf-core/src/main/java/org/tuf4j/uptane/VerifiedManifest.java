package org.tuf4j.uptane;

import java.util.Objects;
import java.util.Set;

/**
 * A vehicle version manifest that passed every check of {@link ManifestVerifier} (Uptane
 * Standard #director_repository, "Directing installation of images on vehicles", steps 1-4).
 *
 * @param manifest the manifest, with each ECU's signed report
 * @param nextState the replay state to store for the vehicle in place of the one passed in
 * @param ecusWithoutCounter ECUs whose report carried no report counter, which therefore could
 *     not be checked for replay (possible only under {@link UptaneProfile#AKTUALIZR})
 */
public record VerifiedManifest(UptaneSigned<VehicleVersionManifest> manifest,
    ManifestReplayState nextState, Set<String> ecusWithoutCounter) {
  /**
   * Checks that the manifest and the state are present and copies the set.
   *
   * @param manifest the manifest, with each ECU's signed report
   * @param nextState the replay state to store for the vehicle
   * @param ecusWithoutCounter ECUs whose report carried no report counter
   */
  public VerifiedManifest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(nextState, "nextState");
    ecusWithoutCounter = Set.copyOf(ecusWithoutCounter);
  }

  /**
   * The manifest's payload.
   *
   * @return the vehicle version manifest
   */
  public VehicleVersionManifest payload() {
    return manifest.payload();
  }
}
