package org.tuf4j.metadata;

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

  @Override
  public String toString() {
    return typeName;
  }
}
