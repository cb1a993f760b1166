package org.tuf4j.uptane;

import java.util.Objects;
import java.util.OptionalLong;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.metadata.TargetFile;

/**
 * An image that passed full verification for one ECU (Uptane Standard #full_verification step
 * 10): the Director orders the ECU to install it, and the Image repository signs the same image
 * (length, hashes, SHALL-match fields) through delegations that apply to the ECU's hardware.
 * Download it with {@link FullVerifier#download}.
 *
 * @param ecuSerial the ECU to install it
 * @param hardwareId the ECU's hardware identifier
 * @param director the Director's Targets entry, with its {@code custom} (ECU identifiers, URI)
 * @param image the Image repository's Targets entry, with the role that signed it and the
 *     delegation chain that led there
 * @param releaseCounter the image's release counter (the Image repository's when it lists one,
 *     else the Director's), empty when neither does
 */
public record VerifiedImage(String ecuSerial, String hardwareId, TargetFile director,
    TargetInfo image, OptionalLong releaseCounter) {

  /**
   * Checks that the members are present and that both entries name the same image.
   *
   * @param ecuSerial the ECU to install it
   * @param hardwareId the ECU's hardware identifier
   * @param director the Director's Targets entry
   * @param image the Image repository's Targets entry, with the signing role and delegation chain
   * @param releaseCounter the image's release counter, empty when neither repository lists one
   * @throws IllegalArgumentException when the entries name different images
   */
  public VerifiedImage {
    Objects.requireNonNull(ecuSerial, "ecuSerial");
    Objects.requireNonNull(hardwareId, "hardwareId");
    Objects.requireNonNull(director, "director");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(releaseCounter, "releaseCounter");
    if (!director.path().equals(image.path())) {
      throw new IllegalArgumentException("the Director's and the Image repository's entries "
          + "name different images");
    }
  }

  /**
   * The image path, the same in both repositories.
   *
   * @return the image path
   */
  public String path() {
    return director.path();
  }

  /**
   * The image length in bytes, the same in both repositories.
   *
   * @return the length
   */
  public long length() {
    return director.length();
  }
}
