package org.tuf4j.cli;

/** The {@code tuf} command's exit statuses, documented in {@code tuf --help}. */
final class ExitCode {
  /** Success. */
  static final int OK = 0;
  /** Verification failed: metadata or a target a client must reject (signature, expiry, ...). */
  static final int VERIFICATION_FAILED = 1;
  /** Bad command line: unknown command or option, missing argument. */
  static final int USAGE = 2;
  /** The repository writer refused: missing signatures, unreachable threshold, bad name. */
  static final int REFUSED = 3;
  /** A key could not be used: wrong passphrase, missing key file, token error. */
  static final int KEY_ERROR = 4;
  /** Local or network I/O failed: file not found, disk full, server unreachable. */
  static final int IO_ERROR = 5;

  static final String HELP = """
      Exit status: 0 ok, 1 verification failed, 2 usage error, 3 refused by the repository \
      rules (for example signatures still missing), 4 key error (wrong passphrase, missing \
      key), 5 I/O or network error.""";

  private ExitCode() {}
}
