package org.tuf4j;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The trusted metadata a client stored cannot be used: its root is truncated, malformed, not
 * signed by its own threshold, or too large (TUF spec §5.2 loads it as the trust anchor of every
 * later step). tuf4j never replaces it silently with the root an application shipped with, which
 * would give up the rotations and rollback protection the stored state carries; the application
 * decides, and recovers explicitly (for example with {@code Updater.recoverFromBootstrapRoot()}).
 */
public final class UnusableTrustedStateException extends TufException {
  private final transient Path file;

  /**
   * A stored file that could not be used, and why.
   *
   * @param file the stored file
   * @param cause the parse or verification failure
   */
  public UnusableTrustedStateException(Path file, TufException cause) {
    super("stored trusted metadata " + file + " is unusable: " + cause.getMessage()
        + "; recover explicitly from the bootstrap root, or restore the file", cause);
    this.file = Objects.requireNonNull(file, "file");
  }

  /**
   * The stored file that could not be used.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /**
   * Why it could not be used.
   *
   * @return the parse or verification failure
   */
  @Override
  public synchronized TufException getCause() {
    return (TufException) super.getCause();
  }
}
