package org.tuf4j;

import java.util.Objects;

/**
 * A vehicle version manifest names another vehicle than the one the Director is checking it
 * for, or names as its Primary an ECU that is not the vehicle's registered Primary: a manifest
 * replayed from, or forged for, another vehicle (Uptane Standard #director_repository, "the
 * Director SHOULD first identify the vehicle"; #vehicle_version_manifest, "the vehicle's unique
 * identifier" and "the Primary ECU's unique identifier").
 */
public final class VehicleMismatchException extends VerificationException {
  private final String expected;
  private final String actual;

  public VehicleMismatchException(String what, String expected, String actual) {
    super("manifest " + what + " is \"" + actual + "\", expected \"" + expected + "\"");
    this.expected = Objects.requireNonNull(expected);
    this.actual = Objects.requireNonNull(actual);
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
