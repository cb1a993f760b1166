package org.tuf4j.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tuf4j.encoding.JsonValue;

/**
 * The checks the constructors of TUF and Uptane model values share, which refuse with an {@link
 * IllegalArgumentException} (a parse turns it into a {@code MalformedMetadataException} through
 * {@link JsonFields#build}): non-empty identifiers, and unrecognized members that are kept apart
 * from the members a model knows, as TUF spec §4 "Document formats" requires them preserved.
 *
 * <p>Internal to tuf4j: the module does not export this package.
 */
public final class ModelChecks {

  private ModelChecks() {}

  /**
   * {@code value}, which must be a non-empty identifier.
   *
   * @param value the identifier
   * @param what its name, for the message
   * @return {@code value}
   * @throws IllegalArgumentException when it is empty
   */
  public static String requireIdentifier(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }

  /**
   * An unmodifiable copy of a model value's unrecognized members, none of which may be a member
   * the model knows.
   *
   * @param fields the unrecognized members
   * @param known the names of the members the model reads
   * @return the copy, in the same order
   * @throws IllegalArgumentException when a known member is among them
   */
  public static Map<String, JsonValue> copyUnrecognized(Map<String, JsonValue> fields,
      Set<String> known) {
    Map<String, JsonValue> copy = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : fields.entrySet()) {
      if (known.contains(e.getKey())) {
        throw new IllegalArgumentException("\"" + e.getKey() + "\" is not an unrecognized field");
      }
      copy.put(Objects.requireNonNull(e.getKey()), Objects.requireNonNull(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }
}
