package org.tuf4j.uptane;

import java.util.Objects;
import org.tuf4j.internal.Messages;

/**
 * A vehicle version manifest names another vehicle than the one the Director is checking it
 * for, or names as its Primary an ECU that is not the vehicle's registered Primary: a manifest
 * replayed from, or forged for, another vehicle (Uptane Standard #director_repository, "the
 * Director SHOULD first identify the vehicle"; #vehicle_version_manifest, "the vehicle's unique
 * identifier" and "the Primary ECU's unique identifier"). Or, from {@link #inDirectorTargets},
 * the Director's targets metadata names another vehicle, or lists no images and names none: the
 * replay of another vehicle's instructions (#targets_images_meta, "the metadata SHALL include a
 * vehicle identifier in order to avoid a replay attack").
 */
public final class VehicleMismatchException extends UptaneVerificationException {
  /** The vehicle (or Primary ECU) expected. */
  private final String expected;
  /** The vehicle (or Primary ECU) named; empty when Director targets name none. */
  private final String actual;

  /**
   * @param what which manifest field differs, for the message: {@code "vehicle id"} or {@code
   *     "Primary ECU serial"}
   * @param expected the value the Director expects
   * @param actual the value the manifest states
   */
  public VehicleMismatchException(String what, String expected, String actual) {
    this(expected, actual, new Text("manifest " + what + " is \"" + actual + "\", expected \""
        + expected + "\""));
  }

  private VehicleMismatchException(String expected, String actual, Text message) {
    super(message.value());
    this.expected = Objects.requireNonNull(expected);
    this.actual = Objects.requireNonNull(actual);
  }

  /**
   * The Director's targets metadata names vehicle {@code actual} instead of {@code expected},
   * or, when {@code actual} is empty, lists no images and names no vehicle at all.
   *
   * @param expected the vehicle the Director's targets are checked for
   * @param actual the vehicle they name, or empty when they name none
   * @return the exception
   */
  public static VehicleMismatchException inDirectorTargets(String expected,
      java.util.Optional<String> actual) {
    return new VehicleMismatchException(expected, actual.orElse(""), new Text(actual.isPresent()
        ? "Director targets are for vehicle \"" + Messages.bounded(actual.get())
            + "\", expected \"" + expected + "\" (replayed from another vehicle)"
        : "Director targets list no images and name no vehicle, so they could be another "
            + "vehicle's (replay); expected vehicle \"" + expected + "\""));
  }

  /** The message, as its own type so that the private constructor cannot be mistaken. */
  private record Text(String value) {}

  /**
   * The vehicle (or the Primary ECU) expected.
   *
   * @return the expected identifier
   */
  public String expected() {
    return expected;
  }

  /**
   * The vehicle named, or empty when Director targets name none ({@link #inDirectorTargets}).
   *
   * @return the identifier named, or the empty string
   */
  public String actual() {
    return actual;
  }
}
