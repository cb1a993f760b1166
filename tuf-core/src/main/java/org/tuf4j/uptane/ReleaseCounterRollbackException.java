package org.tuf4j.uptane;

import java.util.Objects;
import java.util.OptionalLong;
import org.tuf4j.internal.Messages;

/**
 * An image's release counter is lower than that of the image the ECU has installed, or the
 * image carries none although the installed one did: the rollback attack, refused even when the
 * Director is compromised (Uptane Standard #full_verification step 10.2.3, #verify_image step 5,
 * #targets_images_meta "a release counter ... to prevent rollback attacks even in cases where
 * the Director repository is compromised", #threats "Rollback attack").
 */
public final class ReleaseCounterRollbackException extends UptaneVerificationException {
  /** The ECU the image is for. */
  private final String ecuSerial;
  /** The offered image. */
  private final String imagePath;
  /** The release counter of the installed image. */
  private final long installed;
  /** The release counter of the offered image, or empty when it has none. */
  private final OptionalLong offered;

  /**
   * @param ecuSerial the ECU the image is for
   * @param imagePath the offered image
   * @param installed the release counter of the installed image
   * @param offered the release counter of the offered image, or empty when it has none
   */
  public ReleaseCounterRollbackException(String ecuSerial, String imagePath, long installed,
      OptionalLong offered) {
    super("ECU " + Messages.bounded(ecuSerial) + ": image \"" + Messages.bounded(imagePath)
        + "\" has " + (offered.isPresent() ? "release counter " + offered.getAsLong()
            : "no release counter") + ", the installed image has " + installed
        + " (rollback)");
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
    this.imagePath = Objects.requireNonNull(imagePath);
    this.installed = installed;
    this.offered = Objects.requireNonNull(offered);
  }

  /**
   * The ECU the image is for.
   *
   * @return the ECU's serial
   */
  public String ecuSerial() {
    return ecuSerial;
  }

  /**
   * The offered image.
   *
   * @return the path of the image whose release counter is lower than the installed one's
   */
  public String imagePath() {
    return imagePath;
  }

  /**
   * The release counter of the installed image.
   *
   * @return the installed image's release counter
   */
  public long installed() {
    return installed;
  }

  /**
   * The release counter of the offered image, or empty when it has none.
   *
   * @return the offered image's release counter, if it has one
   */
  public OptionalLong offered() {
    return offered;
  }
}
