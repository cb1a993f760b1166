package org.tuf4j;

/**
 * Data whose digest differs from the trusted digest (TUF spec §5.5.2, §5.6.2, §5.7.3): the
 * defence against arbitrary installation and mix-and-match through tampered files.
 */
public final class HashMismatchException extends VerificationException {
  private final String what;
  private final String algorithm;
  private final String expected;
  private final String actual;

  public HashMismatchException(String what, String algorithm, String expected, String actual) {
    super(what + ": " + algorithm + " is " + actual + ", expected " + expected);
    this.what = what;
    this.algorithm = algorithm;
    this.expected = expected;
    this.actual = actual;
  }

  public String what() {
    return what;
  }

  public String algorithm() {
    return algorithm;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
