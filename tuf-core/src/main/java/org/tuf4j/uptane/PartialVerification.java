package org.tuf4j.uptane;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;
import org.tuf4j.TufException;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.verify.MetadataChecks;

/**
 * The outcome of a Secondary's partial verification (Uptane Standard #partial_verification):
 * the image this ECU is to install, or why there is none. Either way it carries the state to
 * store in place of the one passed in.
 */
public sealed interface PartialVerification {

  /**
   * The state to store for the next cycle.
   *
   * @return the Secondary's new state
   */
  PartialVerificationState nextState();

  /** Why there is nothing to install. */
  enum Reason {
    /** The Director's targets order no image for this ECU. */
    NOT_LISTED,
    /** The image ordered for this ECU is the one it has installed. */
    ALREADY_INSTALLED
  }

  /** Nothing to install for this ECU. */
  record NoUpdate(Reason reason, PartialVerificationState nextState)
      implements PartialVerification {
    /**
     * Checks that the members are present.
     *
     * @param reason why there is nothing to install
     * @param nextState the state to store for the next cycle
     */
    public NoUpdate {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(nextState, "nextState");
    }
  }

  /**
   * The Director orders this ECU to install {@code image} (#verify_image steps 1–5 passed).
   *
   * @param image the Director's Targets entry for this ECU
   * @param custom its custom metadata
   * @param releaseCounter its release counter, when the Director lists one
   */
  record Install(TargetFile image, UptaneTargetCustom custom, OptionalLong releaseCounter,
      PartialVerificationState nextState) implements PartialVerification {
    /**
     * Checks that the members are present.
     *
     * @param image the Director's Targets entry for this ECU
     * @param custom its custom metadata
     * @param releaseCounter its release counter, when the Director lists one
     * @param nextState the state to store for the next cycle
     */
    public Install {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(custom, "custom");
      Objects.requireNonNull(releaseCounter, "releaseCounter");
      Objects.requireNonNull(nextState, "nextState");
    }

    /**
     * #verify_image step 7: reads the image as received (from the Primary) and checks that its
     * length and every listed hash match; reads at most the length plus one byte.
     *
     * @param received the image's bytes; read to at most the length plus one byte, not closed
     * @throws TufException {@code LengthMismatchException} or {@code HashMismatchException}
     * @throws IOException when reading fails
     */
    public void checkImage(InputStream received) throws TufException, IOException {
      MetadataChecks.checkLengthAndHashes(image.path(), image.length(), image.hashes(),
          received);
    }
  }
}
