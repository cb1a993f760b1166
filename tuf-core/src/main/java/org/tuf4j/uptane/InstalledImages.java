package org.tuf4j.uptane;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.tuf4j.metadata.TargetFile;

/**
 * What each ECU of a vehicle has installed, as the caller records it: the input against which
 * full verification decides what is new and refuses rollbacks (Uptane Standard
 * #full_verification step 6, "no new targets that are not already currently installed", and step
 * 10.2.3, "the release counter ... in the previous Targets metadata file is less than or equal
 * to the release counter in this Targets metadata file"). tuf4j keeps no install state of its
 * own: the caller stores this value and passes it in; {@link #with} gives the next one after an
 * installation.
 *
 * @param byEcu ECU serial to the release it has installed; ECUs without an entry have installed
 *     nothing known
 */
public record InstalledImages(Map<String, Release> byEcu) {
  /** No ECU has anything installed that the verifier should know of. */
  public static final InstalledImages NONE = new InstalledImages(Map.of());

  /**
   * Copies the map, checking that no serial or release is null.
   *
   * @param byEcu ECU serial to the release it has installed
   */
  public InstalledImages {
    Map<String, Release> copy = new LinkedHashMap<>();
    byEcu.forEach((serial, release) -> copy.put(Objects.requireNonNull(serial, "serial"),
        Objects.requireNonNull(release, "release")));
    byEcu = Collections.unmodifiableMap(copy);
  }

  /**
   * The release ECU {@code serial} has installed, if known.
   *
   * @param serial the ECU's serial
   * @return the installed release, or empty when unknown
   */
  public Optional<Release> of(String serial) {
    return Optional.ofNullable(byEcu.get(serial));
  }

  /**
   * These installed images, with ECU {@code serial} now having {@code release}.
   *
   * @param serial the ECU's serial
   * @param release what it has now installed
   * @return a new value; this one is unchanged
   */
  public InstalledImages with(String serial, Release release) {
    Map<String, Release> next = new LinkedHashMap<>(byEcu);
    next.put(serial, release);
    return new InstalledImages(next);
  }

  /**
   * One ECU's installed image: its non-custom metadata (#version_report) and the release counter
   * of the metadata it was installed from, when that metadata had one.
   */
  public record Release(InstalledImage image, OptionalLong releaseCounter) {
    /**
     * Checks that the image is present and the release counter, if any, not negative.
     *
     * @param image the installed image's non-custom metadata
     * @param releaseCounter the release counter of the metadata it was installed from, when it had
     *     one
     */
    public Release {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(releaseCounter, "releaseCounter");
      releaseCounter.ifPresent(c -> {
        if (c < 0) {
          throw new IllegalArgumentException("releaseCounter must not be negative, got " + c);
        }
      });
    }

    /**
     * The release a verified image becomes once installed (full verification).
     *
     * @param image an image full verification returned, now installed
     * @return the release, with the image's release counter
     */
    public static Release of(VerifiedImage image) {
      return new Release(InstalledImage.of(image.director()), image.releaseCounter());
    }

    /**
     * The release an image a Secondary verified becomes once installed (partial verification).
     *
     * @param install the partial verification result, now installed
     * @return the release, with the Director's release counter
     */
    public static Release of(PartialVerification.Install install) {
      return new Release(InstalledImage.of(install.image()), install.releaseCounter());
    }

    /** Whether this is the image {@code target} describes: same path, length and hashes. */
    boolean isImage(TargetFile target) {
      return image.filepath().equals(target.path()) && image.length() == target.length()
          && Digests.sameHashes(image.hashes(), target.hashes());
    }
  }
}
