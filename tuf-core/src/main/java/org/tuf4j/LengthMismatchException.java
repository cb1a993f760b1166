package org.tuf4j;

/**
 * Data whose length differs from the trusted length (TUF spec §5.5.2, §5.6.2, §5.7.3).
 */
public final class LengthMismatchException extends VerificationException {
  private final String what;
  private final long expectedLength;
  private final long actualLength;

  public LengthMismatchException(String what, long expectedLength, long actualLength) {
    super(what + ": expected " + expectedLength + " bytes, got " + actualLength);
    this.what = what;
    this.expectedLength = expectedLength;
    this.actualLength = actualLength;
  }

  public String what() {
    return what;
  }

  public long expectedLength() {
    return expectedLength;
  }

  public long actualLength() {
    return actualLength;
  }
}
