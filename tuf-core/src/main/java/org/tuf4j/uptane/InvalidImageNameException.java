package org.tuf4j.uptane;

import java.util.List;
import java.util.Objects;
import org.tuf4j.internal.Messages;

/**
 * The Director orders an ECU to install an image whose file name is not valid for that ECU
 * (Uptane Standard #verify_image step 4: "Check that the image filename is valid for this ECU.
 * This could be a comparison against a wildcard path"). The ECU's valid names are the path
 * patterns it is configured with ({@link PartialVerifier.Builder#imagePaths}); a compromised
 * Director could otherwise order an ECU to install an image of its own hardware id that is meant
 * for another purpose (a bootloader as an application, say).
 */
public final class InvalidImageNameException extends UptaneVerificationException {
  /** The ECU the image is ordered for. */
  private final String ecuSerial;
  /** The image whose name is not valid for it. */
  private final String imagePath;
  /** The ECU's valid name patterns. */
  private final List<String> patterns;

  /**
   * @param ecuSerial the ECU the image is ordered for
   * @param imagePath the image's path
   * @param patterns the path patterns valid for the ECU, none of which the path matches
   */
  public InvalidImageNameException(String ecuSerial, String imagePath, List<String> patterns) {
    super("ECU " + Messages.bounded(ecuSerial) + " is ordered to install \""
        + Messages.bounded(imagePath) + "\", a file name not valid for it (#verify_image step "
        + "4): it matches none of " + Messages.bounded(patterns.toString()));
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
    this.imagePath = Objects.requireNonNull(imagePath);
    this.patterns = List.copyOf(patterns);
  }

  /**
   * The ECU the image is ordered for.
   *
   * @return the ECU's serial
   */
  public String ecuSerial() {
    return ecuSerial;
  }

  /**
   * The image whose file name is not valid for the ECU.
   *
   * @return the image path
   */
  public String imagePath() {
    return imagePath;
  }

  /**
   * The path patterns valid for the ECU.
   *
   * @return the patterns, none of which {@link #imagePath()} matches
   */
  public List<String> patterns() {
    return patterns;
  }
}
