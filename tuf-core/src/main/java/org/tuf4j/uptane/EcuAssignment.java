package org.tuf4j.uptane;

import java.util.Objects;
import java.util.Optional;
import org.tuf4j.metadata.TargetFile;

/**
 * The Director's instruction to one ECU: install this image (Uptane Standard
 * #director_repository, "Directing installation of images on vehicles").
 *
 * @param ecuSerial the ECU that should install the image (its {@code ecuIdentifiers} key)
 * @param image the image exactly as the Image repository's Targets metadata lists it — path,
 *     length, hashes and custom metadata; the Director copies these, it never hashes content
 * @param uri where the ECU may download the image, if the Director provides one
 *     (#targets_images_meta, "a download URL")
 */
public record EcuAssignment(String ecuSerial, TargetFile image, Optional<String> uri) {
  /**
   * Checks that the members are present, the ECU serial is not empty, and the serial and the
   * image's path are in Unicode Normalization Form C (#meta_structures).
   *
   * @param ecuSerial the ECU that should install the image
   * @param image the image as the Image repository's Targets metadata lists it
   * @param uri where the ECU may download the image, if the Director provides one
   */
  public EcuAssignment {
    Objects.requireNonNull(ecuSerial, "ecuSerial");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(uri, "uri");
    if (ecuSerial.isEmpty()) {
      throw new IllegalArgumentException("ecuSerial must not be empty");
    }
    Nfc.require("ECU serial", ecuSerial);
    Nfc.require("image path", image.path());
  }

  /**
   * An assignment without a download URL.
   *
   * @param ecuSerial the ECU that should install the image
   * @param image the image as the Image repository's Targets metadata lists it
   * @return the assignment
   */
  public static EcuAssignment of(String ecuSerial, TargetFile image) {
    return new EcuAssignment(ecuSerial, image, Optional.empty());
  }
}
