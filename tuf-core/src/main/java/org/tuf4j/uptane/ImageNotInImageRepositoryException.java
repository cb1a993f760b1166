package org.tuf4j.uptane;

import java.util.Objects;
import org.tuf4j.internal.Messages;

/**
 * The Director orders an ECU to install an image that the Image repository does not sign: no
 * role the Image repository's delegations trust for that image path and the ECU's hardware
 * identifier lists it. The arbitrary software attack through a compromised Director (Uptane
 * Standard #full_verification step 10.1, #resolve_delegations, #threats "Arbitrary software
 * attack").
 */
public final class ImageNotInImageRepositoryException extends UptaneVerificationException {
  /** The image path the Director lists. */
  private final String imagePath;
  /** The ECU the Director orders to install the image. */
  private final String ecuSerial;

  /**
   * @param imagePath the image path the Director lists
   * @param ecuSerial the ECU the Director orders to install it
   * @param detail why the Image repository's targets do not cover it (for example, no role that may
   *     list the path lists it); empty when there is nothing to add
   */
  public ImageNotInImageRepositoryException(String imagePath, String ecuSerial, String detail) {
    super("image \"" + Messages.bounded(imagePath) + "\" ordered for ECU "
        + Messages.bounded(ecuSerial) + " is not signed by the Image repository"
        + (detail.isEmpty() ? "" : ": " + detail)
        + " (arbitrary software from the Director alone)");
    this.imagePath = Objects.requireNonNull(imagePath);
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
  }

  /**
   * The image path the Director lists.
   *
   * @return the image path the Director lists
   */
  public String imagePath() {
    return imagePath;
  }

  /**
   * The ECU the Director orders to install it.
   *
   * @return the serial of the ECU the Director orders to install the image
   */
  public String ecuSerial() {
    return ecuSerial;
  }
}
