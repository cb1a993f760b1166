package org.tuf4j;

/**
 * Metadata of one role type was offered where another was expected, for example a validly
 * signed snapshot served as timestamp (TUF spec §4: the {@code _type} field).
 */
public final class WrongRoleTypeException extends VerificationException {
  /** The role type expected, as written in {@code _type}. */
  private final String expectedType;
  /** The role type the metadata states. */
  private final String actualType;

  /**
   * @param expectedType the role type expected, as written in {@code _type} (for example {@code
   *     "timestamp"})
   * @param actualType the role type the metadata states
   */
  public WrongRoleTypeException(String expectedType, String actualType) {
    super("expected " + expectedType + " metadata, got " + actualType + " metadata");
    this.expectedType = expectedType;
    this.actualType = actualType;
  }

  /**
   * The role type expected, as written in {@code _type}.
   *
   * @return the expected type
   */
  public String expectedType() {
    return expectedType;
  }

  /**
   * The role type the metadata states in {@code _type}.
   *
   * @return the actual type
   */
  public String actualType() {
    return actualType;
  }
}
