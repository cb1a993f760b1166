package org.tuf4j;

import java.net.URI;
import java.time.Duration;

/**
 * The transfer was slower than the configured minimum rate or stalled past its read timeout: the
 * defence against slow retrieval attacks (TUF spec §1.5.2).
 */
public final class SlowRetrievalException extends FetchException {
  /** Bytes received before the transfer was abandoned. */
  private final long bytesReceived;
  /** Time from the start of the transfer until it was abandoned. */
  private final Duration elapsed;

  /**
   * @param uri the file being fetched
   * @param bytesReceived bytes received before the transfer was abandoned
   * @param elapsed time from the start of the transfer until it was abandoned
   * @param detail which bound was broken (a stall, the minimum rate, the total time)
   */
  public SlowRetrievalException(URI uri, long bytesReceived, Duration elapsed, String detail) {
    super(uri, "too slow: " + bytesReceived + " bytes in " + elapsed.toMillis() + " ms ("
        + detail + ")");
    this.bytesReceived = bytesReceived;
    this.elapsed = elapsed;
  }

  /**
   * Bytes received before the transfer was abandoned.
   *
   * @return the number of bytes received
   */
  public long bytesReceived() {
    return bytesReceived;
  }

  /**
   * Time from the start of the transfer until it was abandoned.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }
}
