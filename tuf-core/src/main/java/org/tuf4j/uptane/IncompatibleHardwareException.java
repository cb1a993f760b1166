package org.tuf4j.uptane;

import java.util.Objects;
import org.tuf4j.internal.Messages;

/**
 * An ECU is ordered to install an image made for other hardware: the Director names another
 * hardware identifier for the ECU than the vehicle's own record, or the Image repository lists
 * the image for hardware that does not include the ECU's (Uptane Standard #verify_image step 3,
 * #targets_images_meta "to ensure that an ECU cannot be ordered to install an incompatible
 * image, even in cases where the Director repository is compromised"; #threats "Interfere with
 * ECU functionality").
 */
public final class IncompatibleHardwareException extends UptaneVerificationException {
  /** The ECU the image is meant for. */
  private final String ecuSerial;
  /** The ECU's own hardware identifier. */
  private final String ecuHardwareId;
  /** The image that is not for that hardware. */
  private final String imagePath;

  /**
   * @param ecuSerial the ECU the image is meant for
   * @param ecuHardwareId the ECU's own hardware identifier
   * @param imagePath the image whose metadata names other hardware
   * @param detail which repository names which hardware, for the message
   */
  public IncompatibleHardwareException(String ecuSerial, String ecuHardwareId, String imagePath,
      String detail) {
    super("ECU " + Messages.bounded(ecuSerial) + " (hardware " + Messages.bounded(ecuHardwareId)
        + ") is ordered to install \"" + Messages.bounded(imagePath) + "\", an image for other "
        + "hardware: " + detail);
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
    this.ecuHardwareId = Objects.requireNonNull(ecuHardwareId);
    this.imagePath = Objects.requireNonNull(imagePath);
  }

  /**
   * The ECU the image is meant for.
   *
   * @return the ECU's serial
   */
  public String ecuSerial() {
    return ecuSerial;
  }

  /**
   * The ECU's own hardware identifier.
   *
   * @return the hardware identifier the ECU reports or is registered with
   */
  public String ecuHardwareId() {
    return ecuHardwareId;
  }

  /**
   * The image whose metadata names hardware other than the ECU's.
   *
   * @return the image path
   */
  public String imagePath() {
    return imagePath;
  }
}
