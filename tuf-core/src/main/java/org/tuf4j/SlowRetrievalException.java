package org.tuf4j;

import java.net.URI;
import java.time.Duration;

/**
 * The transfer was slower than the configured minimum rate or stalled past its read timeout: the
 * defence against slow retrieval attacks (TUF spec §1.5.2).
 */
public final class SlowRetrievalException extends FetchException {
  private final long bytesReceived;
  private final Duration elapsed;

  public SlowRetrievalException(URI uri, long bytesReceived, Duration elapsed, String detail) {
    super(uri, "too slow: " + bytesReceived + " bytes in " + elapsed.toMillis() + " ms ("
        + detail + ")");
    this.bytesReceived = bytesReceived;
    this.elapsed = elapsed;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public Duration elapsed() {
    return elapsed;
  }
}
