package org.tuf4j;

/**
 * A check failed that a layer built on TUF adds to the specification's own: in tuf4j, Uptane's
 * ({@code org.tuf4j.uptane.UptaneVerificationException}, itself sealed over one type per
 * failure). The TUF core names none of those types, so its package knows nothing of the layers
 * above it.
 *
 * <p>This is the one open point of the otherwise sealed tree: Java permits a sealed class's
 * subtypes in another package only inside one named module, and tuf4j must work on the class
 * path too. Subclasses belong to tuf4j's own layers only (checked by the layering test).
 */
public abstract non-sealed class ProfileVerificationException extends VerificationException {
  /**
   * A failure with a message.
   *
   * @param message what failed, for people
   */
  protected ProfileVerificationException(String message) {
    super(message);
  }

  /**
   * A failure with a message and its cause.
   *
   * @param message what failed, for people
   * @param cause the underlying failure
   */
  protected ProfileVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
