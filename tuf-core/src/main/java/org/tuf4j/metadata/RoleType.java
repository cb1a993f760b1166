package org.tuf4j.metadata;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/** The four top-level role types and their {@code _type} names (TUF spec §2.1, §4). */
public enum RoleType {
  ROOT("root"),
  TIMESTAMP("timestamp"),
  SNAPSHOT("snapshot"),
  TARGETS("targets");

  private final String typeName;

  RoleType(String typeName) {
    this.typeName = typeName;
  }

  /** The {@code _type} value, which is also the top-level role's name. */
  public String typeName() {
    return typeName;
  }

  public static Optional<RoleType> fromTypeName(String name) {
    for (RoleType t : values()) {
      if (t.typeName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The top-level role whose name {@code name} equals once case is folded and Unicode is
   * normalised (NFKC, then upper- and lower-cased, which folds forms such as U+017F "long s"
   * too), if any. A delegated role with such a name would share a top-level role's file on
   * case-insensitive or normalising file systems, so such names are malformed (see {@link
   * DelegatedRole}).
   */
  public static Optional<RoleType> matchingIgnoringCase(String name) {
    String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT)
        .toLowerCase(Locale.ROOT);
    return fromTypeName(folded);
  }

  @Override
  public String toString() {
    return typeName;
  }
}
