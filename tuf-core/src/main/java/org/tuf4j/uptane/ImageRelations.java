package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.internal.Messages;

/**
 * Dependencies and conflicts between images (Uptane Standard #director_repository, "Directing
 * installation of images on vehicles" step 5: "the Director SHALL take into account dependencies
 * and conflicts between images"). The Standard names no field; tuf4j reads two members of an
 * image's {@code custom} in the Image repository's Targets metadata ({@link
 * UptaneFields#IMAGE_DEPENDENCIES}, {@link UptaneFields#IMAGE_CONFLICTS}), each a list of image
 * names (target paths). The Director's assignments for a vehicle are the images its ECUs are to
 * run, so they are checked as one set: every dependency of an assigned image is assigned to some
 * ECU of the vehicle, and no conflict of an assigned image is.
 */
final class ImageRelations {
  /** Most names in one list. */
  static final int MAX_NAMES = 256;

  private ImageRelations() {}

  /**
   * The names {@code custom} lists under {@code member}: empty when absent.
   *
   * @throws InvalidRepositoryException when the member is not a list of at most {@link
   *     #MAX_NAMES} non-empty NFC strings
   */
  static List<String> names(UptaneTargetCustom custom, String member, String image)
      throws InvalidRepositoryException {
    Optional<JsonValue> value = custom.field(member);
    if (value.isEmpty()) {
      return List.of();
    }
    String where = "image " + Messages.bounded(image) + ": custom." + member;
    if (!(value.get() instanceof JsonArray array) || array.elements().size() > MAX_NAMES) {
      throw new InvalidRepositoryException(where + " must be a list of at most " + MAX_NAMES
          + " image names (#director_repository step 5)");
    }
    List<String> out = new ArrayList<>();
    for (JsonValue v : array.elements()) {
      if (!(v instanceof JsonString s) || s.value().isEmpty() || !Nfc.is(s.value())) {
        throw new InvalidRepositoryException(where + " must list non-empty image names in "
            + "Unicode Normalization Form C");
      }
      out.add(s.value());
    }
    return out;
  }

  /**
   * Checks the whole set of a vehicle's assignments.
   *
   * @throws InvalidRepositoryException naming the image and the dependency it lacks or the
   *     conflict it meets
   */
  static void check(String vehicleId, Collection<EcuAssignment> assignments)
      throws InvalidRepositoryException {
    Set<String> assigned = new HashSet<>();
    assignments.forEach(a -> assigned.add(a.image().path()));
    for (EcuAssignment a : assignments) {
      String path = a.image().path();
      UptaneTargetCustom custom;
      try {
        custom = UptaneTargetCustom.of(a.image());
      } catch (MalformedMetadataException e) {
        throw new InvalidRepositoryException("image " + path + ": " + e.getMessage(), e);
      }
      for (String needed : names(custom, UptaneFields.IMAGE_DEPENDENCIES, path)) {
        if (!assigned.contains(needed)) {
          throw new InvalidRepositoryException("image " + Messages.bounded(path)
              + " (ECU " + Messages.bounded(a.ecuSerial()) + ") depends on "
              + Messages.bounded(needed) + ", which no ECU of vehicle " + vehicleId
              + " is directed to install (#director_repository step 5: dependencies)");
        }
      }
      for (String excluded : names(custom, UptaneFields.IMAGE_CONFLICTS, path)) {
        if (assigned.contains(excluded)) {
          throw new InvalidRepositoryException("image " + Messages.bounded(path)
              + " (ECU " + Messages.bounded(a.ecuSerial()) + ") conflicts with "
              + Messages.bounded(excluded) + ", which an ECU of vehicle " + vehicleId
              + " is directed to install (#director_repository step 5: conflicts)");
        }
      }
    }
  }
}
