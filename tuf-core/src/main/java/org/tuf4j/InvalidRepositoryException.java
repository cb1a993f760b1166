package org.tuf4j;

import java.util.Objects;

/**
 * A repository edit or publish was refused because clients would have to reject the result:
 * expired on publish, a version that does not increase, a threshold that cannot be reached, a
 * delegation cycle, a root the previous root does not accept, signatures still missing (TUF spec
 * §5, applied by the writer before anything is written); or because another writer holds the
 * repository or published first. Nothing was written. {@link #reason()} says which.
 */
public final class InvalidRepositoryException extends TufException {
  /** Why the writer refused. */
  private final Reason reason;

  /** Why the writer refused. */
  public enum Reason {
    /** The result would break a rule clients apply, or the request itself is invalid. */
    REFUSED,
    /** Another writer holds the repository's lock (another process, or another editor here). */
    LOCKED,
    /**
     * Another writer published after this one read the repository: publishing would write a
     * version that exists, or hide the other release. Open the repository again and redo the
     * edit.
     */
    CONCURRENTLY_MODIFIED
  }

  /**
   * A refusal by the repository rules ({@link Reason#REFUSED}).
   *
   * @param message what is wrong with the repository
   */
  public InvalidRepositoryException(String message) {
    this(Reason.REFUSED, message, null);
  }

  /**
   * A refusal by the repository rules ({@link Reason#REFUSED}).
   *
   * @param message what is wrong with the repository
   * @param cause the failure that revealed it
   */
  public InvalidRepositoryException(String message, Throwable cause) {
    this(Reason.REFUSED, message, cause);
  }

  /**
   * A refusal for {@code reason}.
   *
   * @param reason why the writer refused
   * @param message what happened, for people
   * @param cause the failure that revealed it, or null
   */
  public InvalidRepositoryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the writer refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
