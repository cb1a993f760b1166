package org.tuf4j.metadata;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/** The four top-level role types and their {@code _type} names (TUF spec §2.1, §4). */
public enum RoleType {
  /** Root metadata: the keys and thresholds of the top-level roles (TUF spec §4.3). */
  ROOT("root"),
  /** Timestamp metadata: the current snapshot version (TUF spec §4.6). */
  TIMESTAMP("timestamp"),
  /** Snapshot metadata: the versions of every targets metadata file (TUF spec §4.4). */
  SNAPSHOT("snapshot"),
  /** Targets metadata, top-level or delegated: target files and delegations (TUF spec §4.5). */
  TARGETS("targets");

  private final String typeName;

  RoleType(String typeName) {
    this.typeName = typeName;
  }

  /**
   * The {@code _type} value, which is also the top-level role's name.
   *
   * @return the type name, such as {@code "snapshot"}
   */
  public String typeName() {
    return typeName;
  }

  /**
   * The role type whose {@code _type} value is {@code name}.
   *
   * @param name a {@code _type} value
   * @return the role type, or empty for an unknown name
   */
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
   *
   * @param name a role name
   * @return the top-level role type it matches, or empty
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
