package org.tuf4j.uptane;

import java.util.Locale;
import java.util.Map;
import org.tuf4j.internal.Messages;

/** Comparing the hashes two pieces of metadata list for one image (#full_verification 10.2.1). */
final class Digests {
  private Digests() {}

  /** The same algorithms with the same digests (hex compared without regard to case). */
  static boolean sameHashes(Map<String, String> a, Map<String, String> b) {
    return a.keySet().equals(b.keySet()) && commonAgree(a, b);
  }

  /**
   * Whether the Director's and the Image repository's hashes describe the same image under
   * {@code profile}: the same hashes under {@link UptaneProfile#STANDARD} ("the same in both
   * sets of metadata"); under {@link UptaneProfile#AKTUALIZR}, as aktualizr compares them, every
   * algorithm both list agrees and they list at least one in common.
   */
  static boolean agree(Map<String, String> director, Map<String, String> image,
      UptaneProfile profile) {
    if (!profile.acceptsDialect()) {
      return sameHashes(director, image);
    }
    return director.keySet().stream().anyMatch(image::containsKey) && commonAgree(director, image);
  }

  /**
   * What differs between two hash lists, for a message: the first algorithm both list whose
   * digests differ (with the start of each), or else the algorithm names.
   */
  static String difference(Map<String, String> director, Map<String, String> image) {
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(director).entrySet()) {
      String other = image.get(e.getKey());
      if (other != null && !other.equalsIgnoreCase(e.getValue())) {
        return e.getKey() + " differs: Director " + prefix(e.getValue()) + "..., Image repository "
            + prefix(other) + "...";
      }
    }
    return "Director lists " + new java.util.TreeSet<>(director.keySet()) + ", Image repository "
        + new java.util.TreeSet<>(image.keySet());
  }

  private static String prefix(String hex) {
    return Messages.bounded(hex.substring(0, Math.min(12, hex.length())));
  }

  private static boolean commonAgree(Map<String, String> a, Map<String, String> b) {
    for (Map.Entry<String, String> e : a.entrySet()) {
      String other = b.get(e.getKey());
      if (other != null && !other.toLowerCase(Locale.ROOT)
          .equals(e.getValue().toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }
}
