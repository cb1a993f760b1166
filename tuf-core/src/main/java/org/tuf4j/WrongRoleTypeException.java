package org.tuf4j;

/**
 * Metadata of one role type was offered where another was expected, for example a validly
 * signed snapshot served as timestamp (TUF spec §4: the {@code _type} field).
 */
public final class WrongRoleTypeException extends VerificationException {
  private final String expectedType;
  private final String actualType;

  public WrongRoleTypeException(String expectedType, String actualType) {
    super("expected " + expectedType + " metadata, got " + actualType + " metadata");
    this.expectedType = expectedType;
    this.actualType = actualType;
  }

  public String expectedType() {
    return expectedType;
  }

  public String actualType() {
    return actualType;
  }
}
