package org.tuf4j.client;

/**
 * Told how a target download advances, for a progress bar: called on the downloading thread after
 * each block received, with the bytes received so far and the trusted length. Bytes counted here
 * are not verified yet; only the download method's normal return says that they are.
 */
@FunctionalInterface
public interface DownloadProgress {
  /** A listener that ignores every update. */
  DownloadProgress NONE = (received, length) -> { };

  /**
   * A block was received.
   *
   * @param received the bytes received so far
   * @param length the target's trusted length (the most that will be read)
   */
  void update(long received, long length);
}
