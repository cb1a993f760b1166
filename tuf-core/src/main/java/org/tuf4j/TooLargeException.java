package org.tuf4j;

/**
 * Input exceeded a size bound before it was fully read or parsed: the defence against the
 * "endless data" attack (TUF spec §1.5.2).
 */
public final class TooLargeException extends TufException {
  /** What was being read. */
  private final String what;
  /** The limit, in bytes. */
  private final long limit;

  /**
   * @param what what was being read, for example {@code "timestamp metadata"}
   * @param limit the limit it exceeds, in bytes
   */
  public TooLargeException(String what, long limit) {
    super(what + " exceeds the limit of " + limit + " bytes");
    this.what = what;
    this.limit = limit;
  }

  /**
   * What was being read, for example {@code "timestamp metadata"}.
   *
   * @return a description of the input
   */
  public String what() {
    return what;
  }

  /**
   * The limit, in bytes.
   *
   * @return the number of bytes that may be read
   */
  public long limit() {
    return limit;
  }
}
