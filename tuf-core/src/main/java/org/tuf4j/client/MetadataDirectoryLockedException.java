package org.tuf4j.client;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another process holds the metadata directory's lock ({@code .tuf4j-lock})
 * and did not release it within the {@link LockPolicy}: the refresh did not start and changed
 * nothing. The message names the directory and the holder ({@code pid 1234 on host since
 * ...}); trying again later is safe.
 *
 * <p>An {@link IOException}, not a {@link org.tuf4j.TufException}: it says nothing about the
 * repository or its metadata, only that the local directory is busy, and {@link Updater}
 * reports every failure of its local directories as an {@link IOException}. A caller that
 * wants to tell it apart catches this type before {@link IOException}.
 */
public final class MetadataDirectoryLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The directory, not serialised: a {@link Path} is not serialisable. */
  private final transient Path directory;

  MetadataDirectoryLockedException(Path directory, String holder) {
    super("metadata directory " + directory + " is locked by " + holder
        + "; another process is refreshing it: try again when it has finished, or end it");
    this.directory = directory;
  }

  /**
   * The locked metadata directory.
   *
   * @return the directory, or null after deserialisation
   */
  public Path directory() {
    return directory;
  }
}
