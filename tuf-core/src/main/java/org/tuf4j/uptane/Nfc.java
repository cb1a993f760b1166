package org.tuf4j.uptane;

import java.text.Normalizer;
import org.tuf4j.internal.Messages;

/**
 * Uptane Standard #meta_structures: "all strings SHALL be encoded in the Unicode Format for
 * Network Interchange as defined in RFC 5198, including normalization into Unicode
 * Normalization Form C". Names are compared as strings (an image's path in both repositories,
 * an ECU serial in the Director's targets and the inventory), so two spellings of one name would
 * compare unequal. tuf4j's Uptane writers refuse a name that is not NFC rather than normalise it
 * (normalising would publish a name other than the one the caller gave, so the image or ECU
 * would not be found under it), and the verifiers of {@link UptaneProfile#STANDARD} refuse
 * Director targets that list one.
 */
final class Nfc {
  private Nfc() {}

  /** Whether {@code s} is in Unicode Normalization Form C. */
  static boolean is(String s) {
    return Normalizer.isNormalized(s, Normalizer.Form.NFC);
  }

  /**
   * {@code value}, when it is NFC.
   *
   * @throws IllegalArgumentException naming {@code what}, when it is not
   */
  static String require(String what, String value) {
    if (!is(value)) {
      throw new IllegalArgumentException(message(what, value));
    }
    return value;
  }

  /** Why {@code value} is refused, for a message. */
  static String message(String what, String value) {
    return what + " \"" + Messages.bounded(value) + "\" is not in Unicode Normalization Form C "
        + "(Uptane Standard #meta_structures)";
  }
}
