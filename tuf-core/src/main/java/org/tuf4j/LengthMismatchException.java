package org.tuf4j;

/**
 * Data whose length differs from the trusted length (TUF spec §5.5.2, §5.6.2, §5.7.3).
 */
public final class LengthMismatchException extends VerificationException {
  /** What was read: a metadata file name or a target path. */
  private final String what;
  /** The length the trusted metadata lists, in bytes. */
  private final long expectedLength;
  /** The length received, in bytes (at least one byte more, when reading stopped at the limit). */
  private final long actualLength;

  /**
   * @param what what was read: a metadata file name or a target path
   * @param expectedLength the length the trusted metadata lists, in bytes
   * @param actualLength the length received, in bytes
   */
  public LengthMismatchException(String what, long expectedLength, long actualLength) {
    super(what + ": expected " + expectedLength + " bytes, got " + actualLength);
    this.what = what;
    this.expectedLength = expectedLength;
    this.actualLength = actualLength;
  }

  /** {@return what was read: a metadata file name or a target path} */
  public String what() {
    return what;
  }

  /** {@return the length the trusted metadata lists, in bytes} */
  public long expectedLength() {
    return expectedLength;
  }

  /** {@return the length received, in bytes} */
  public long actualLength() {
    return actualLength;
  }
}
