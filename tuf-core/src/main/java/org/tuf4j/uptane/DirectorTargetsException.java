package org.tuf4j.uptane;

import java.util.Objects;

/**
 * The Director's targets metadata breaks a rule only Director metadata has (Uptane Standard
 * #check_targets steps 6 and 7, #targets_role_delegations, #targets_images_meta): it delegates,
 * orders one ECU twice, or lists an image for no ECU. Each would let the Director's instructions
 * be bent: by keys the Director's root does not name (delegations), or by contradicting
 * instructions whose outcome depends on which one a client reads first (mix-and-match within one
 * bundle).
 */
public final class DirectorTargetsException extends UptaneVerificationException {

  /** Which rule is broken. */
  public enum Reason {
    /**
     * The Director's targets delegate (#targets_role_delegations: "The Targets role on the
     * Director repository SHALL NOT delegate"; #check_targets step 6).
     */
    DELEGATIONS,
    /** One ECU identifier is listed for more than one image (#check_targets step 7). */
    DUPLICATE_ECU,
    /**
     * An image is listed without an ECU identifier (#targets_images_meta: the Director SHALL
     * provide one for each image).
     */
    NO_ECU_IDENTIFIER,
    /**
     * An image's name, an ECU serial or a hardware identifier is not in Unicode Normalization
     * Form C (#meta_structures: "all strings SHALL be encoded ... including normalization into
     * Unicode Normalization Form C"); checked under {@link UptaneProfile#STANDARD} only.
     */
    NOT_NFC
  }

  /** The rule the Director's targets metadata breaks. */
  private final Reason reason;

  /**
   * @param reason the rule the metadata breaks
   * @param detail the offending delegation, ECU or image, for the message
   */
  public DirectorTargetsException(Reason reason, String detail) {
    super("Director targets metadata: " + detail);
    this.reason = Objects.requireNonNull(reason);
  }

  /** {@return the rule the Director's targets metadata breaks} */
  public Reason reason() {
    return reason;
  }
}
