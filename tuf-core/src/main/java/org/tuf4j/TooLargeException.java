package org.tuf4j;

/**
 * Input exceeded a size bound before it was fully read or parsed: the defence against the
 * "endless data" attack (TUF spec §1.5.2).
 */
public final class TooLargeException extends TufException {
  private final String what;
  private final long limit;

  public TooLargeException(String what, long limit) {
    super(what + " exceeds the limit of " + limit + " bytes");
    this.what = what;
    this.limit = limit;
  }

  /** What was being read, for example {@code "timestamp metadata"}. */
  public String what() {
    return what;
  }

  /** The limit, in bytes. */
  public long limit() {
    return limit;
  }
}
