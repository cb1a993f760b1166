package org.tuf4j.uptane;

import java.util.List;
import java.util.Objects;
import org.tuf4j.internal.Messages;

/**
 * The Director's and the Image repository's metadata about one image disagree: another length,
 * other hashes, or another value of a "SHALL match" custom field such as the hardware ids or the
 * release counter. One repository describes a different image than the other: the mixed-bundles
 * and mix-and-match attacks, which a single compromised repository could otherwise mount (Uptane
 * Standard #full_verification step 10.2, #targets_images_meta "a demarcated field or section
 * that SHALL match", #threats "Mix-and-match attack").
 */
public final class ImageMismatchException extends UptaneVerificationException {

  /** What differs. */
  public enum Kind {
    /** The image lengths (non-custom metadata, step 10.2.1). */
    LENGTH,
    /** The hashes (non-custom metadata, step 10.2.1). */
    HASHES,
    /** One or more "SHALL match" custom fields (step 10.2.2). */
    SHALL_MATCH
  }

  /** The image path both repositories list. */
  private final String imagePath;
  /** What differs. */
  private final Kind kind;
  /** The "SHALL match" custom fields that differ; empty unless {@link #kind} is SHALL_MATCH. */
  private final List<String> fields;

  /**
   * @param imagePath the image path both repositories list
   * @param kind what differs: length, hashes or "SHALL match" custom fields
   * @param fields the custom fields that differ, for {@link Kind#SHALL_MATCH}; else empty
   * @param detail what each repository says, for the message
   */
  public ImageMismatchException(String imagePath, Kind kind, List<String> fields, String detail) {
    super("image \"" + Messages.bounded(imagePath) + "\": the Director and the Image repository "
        + "disagree on its " + switch (kind) {
          case LENGTH -> "length";
          case HASHES -> "hashes";
          case SHALL_MATCH -> "SHALL-match field(s) " + fields;
        } + (detail.isEmpty() ? "" : " (" + detail + ")") + " (mixed bundles / mix-and-match)");
    this.imagePath = Objects.requireNonNull(imagePath);
    this.kind = Objects.requireNonNull(kind);
    this.fields = List.copyOf(fields);
  }

  /** {@return the image path both repositories list} */
  public String imagePath() {
    return imagePath;
  }

  /** {@return what differs: length, hashes or "SHALL match" custom fields} */
  public Kind kind() {
    return kind;
  }

  /**
   * The SHALL-match fields that differ (empty unless {@link #kind()} is SHALL_MATCH).
   *
   * @return the names of the differing fields, in the order they were compared
   */
  public List<String> fields() {
    return fields;
  }
}
