package org.tuf4j.uptane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;

/**
 * The "SHALL match" section of custom image metadata: the fields that must be the same in two
 * pieces of metadata about one image, such as the Director's and the Image repository's Targets
 * entries (Uptane Standard #targets_images_meta, "a demarcated field or section that SHALL match";
 * #full_verification, step "check that all SHALL match custom metadata (e.g., hardware
 * identifier and release counter) are the same in both sets of metadata").
 *
 * <p>Rules, per configured field:
 * <ul>
 *   <li>absent on both sides: matches;
 *   <li>present on one side only: a mismatch (a compromised repository cannot skip the check by
 *       leaving the field out);
 *   <li>{@code hardwareIds}: compared as sets (order and repeats carry no meaning);
 *   <li>any other field: its JSON values must be equal.
 * </ul>
 * The result lists every mismatching field, so a caller can report which one differs. It does
 * not compare length and hashes (non-custom metadata), nor check the release counter against the
 * previous metadata; those checks take more than two custom values.
 */
public final class ShallMatch {
  /** Hardware ids and release counter, the fields the Standard names. */
  public static final ShallMatch DEFAULT = of(List.of(UptaneTargetCustom.HARDWARE_IDS,
      UptaneTargetCustom.RELEASE_COUNTER));

  private final SortedSet<String> fieldNames;

  private ShallMatch(SortedSet<String> fieldNames) {
    this.fieldNames = fieldNames;
  }

  /**
   * A SHALL-match section of the named custom fields.
   *
   * @param fieldNames the custom member names to compare
   * @return the section
   */
  public static ShallMatch of(Collection<String> fieldNames) {
    TreeSet<String> names = new TreeSet<>();
    for (String name : fieldNames) {
      Objects.requireNonNull(name, "field name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("field name must not be empty");
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a SHALL-match section names at least one field");
    }
    return new ShallMatch(java.util.Collections.unmodifiableSortedSet(names));
  }

  /**
   * The compared field names, sorted.
   *
   * @return the field names
   */
  public Set<String> fieldNames() {
    return fieldNames;
  }

  /**
   * Compares the configured fields of the Director's and the Image repository's custom values.
   *
   * @param director the Director's custom value for the image
   * @param image the Image repository's custom value for the image
   * @return every field whose values differ (a field absent on one side and present on the other
   *     differs)
   */
  public Result compare(UptaneTargetCustom director, UptaneTargetCustom image) {
    Objects.requireNonNull(director, "director");
    Objects.requireNonNull(image, "image");
    List<Mismatch> mismatches = new ArrayList<>();
    for (String name : fieldNames) {
      Optional<JsonValue> d = director.field(name);
      Optional<JsonValue> i = image.field(name);
      if (!same(name, d, i)) {
        mismatches.add(new Mismatch(name, d, i));
      }
    }
    return new Result(mismatches);
  }

  private static boolean same(String name, Optional<JsonValue> a, Optional<JsonValue> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() && b.isEmpty();
    }
    if (name.equals(UptaneTargetCustom.HARDWARE_IDS) && a.get() instanceof JsonArray x
        && b.get() instanceof JsonArray y) {
      return new HashSet<>(x.elements()).equals(new HashSet<>(y.elements()));
    }
    return a.get().equals(b.get());
  }

  @Override
  public String toString() {
    return "ShallMatch" + fieldNames;
  }

  /**
   * One field whose values differ.
   *
   * @param field the custom member name
   * @param director its value in the Director's metadata, empty when absent there
   * @param image its value in the Image repository's metadata, empty when absent there
   */
  public record Mismatch(String field, Optional<JsonValue> director, Optional<JsonValue> image) {
    /**
     * Checks that the members are present.
     *
     * @param field the custom member name
     * @param director its value in the Director's metadata, empty when absent there
     * @param image its value in the Image repository's metadata, empty when absent there
     */
    public Mismatch {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(director, "director");
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String toString() {
      return field + ": Director " + director.map(Object::toString).orElse("(absent)")
          + ", Image repository " + image.map(Object::toString).orElse("(absent)");
    }
  }

  /** The outcome of one comparison: every mismatching field, in field-name order. */
  public record Result(List<Mismatch> mismatches) {
    /**
     * Copies the mismatches.
     *
     * @param mismatches every mismatching field, in field-name order
     */
    public Result {
      mismatches = List.copyOf(mismatches);
    }

    /**
     * Whether the compared fields all agree.
     *
     * @return true when there is no mismatch
     */
    public boolean matches() {
      return mismatches.isEmpty();
    }

    /**
     * The first mismatching field, in field-name order.
     *
     * @return the first mismatch, or empty when the fields match
     */
    public Optional<Mismatch> firstMismatch() {
      return mismatches.stream().findFirst();
    }
  }
}
