package org.tuf4j;

/**
 * Data whose digest differs from the trusted digest (TUF spec §5.5.2, §5.6.2, §5.7.3): the
 * defence against arbitrary installation and mix-and-match through tampered files.
 */
public final class HashMismatchException extends VerificationException {
  /** What was hashed: a metadata file name or a target path. */
  private final String what;
  /** The hash algorithm, as named in the metadata. */
  private final String algorithm;
  /** The hex digest the trusted metadata lists. */
  private final String expected;
  /** The hex digest of the received bytes. */
  private final String actual;

  /**
   * @param what what was hashed: a metadata file name or a target path
   * @param algorithm the hash algorithm, as named in the metadata (for example {@code sha256})
   * @param expected the hex digest the trusted metadata lists
   * @param actual the hex digest of the received bytes
   */
  public HashMismatchException(String what, String algorithm, String expected, String actual) {
    super(what + ": " + algorithm + " is " + actual + ", expected " + expected);
    this.what = what;
    this.algorithm = algorithm;
    this.expected = expected;
    this.actual = actual;
  }

  /** {@return what was hashed: a metadata file name or a target path} */
  public String what() {
    return what;
  }

  /** {@return the hash algorithm, as named in the metadata (for example {@code sha256})} */
  public String algorithm() {
    return algorithm;
  }

  /** {@return the hex digest the trusted metadata lists} */
  public String expected() {
    return expected;
  }

  /** {@return the hex digest of the received bytes} */
  public String actual() {
    return actual;
  }
}
