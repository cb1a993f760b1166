package org.tuf4j.cli;

/** A failure the CLI reports as one line plus a hint, with a chosen exit status. */
final class CliException extends RuntimeException {
  final int exitCode;
  final String hint;

  CliException(int exitCode, String message, String hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  CliException(int exitCode, String message, String hint, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.hint = hint;
  }
}
