package org.tuf4j.metadata;

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

  @Override
  public String toString() {
    return typeName;
  }
}
