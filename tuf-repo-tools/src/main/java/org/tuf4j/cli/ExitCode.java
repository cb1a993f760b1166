package org.tuf4j.cli;

/** The {@code tuf} command's exit statuses, documented in {@code tuf --help} and the README. */
final class ExitCode {
  /** Success: the command did what was asked (a release asked for with --stage is staged). */
  static final int OK = 0;
  /** Verification failed: metadata or a target a client must reject (signature, expiry, ...). */
  static final int VERIFICATION_FAILED = 1;
  /** Usage: unknown command or option, missing argument, invalid option value or input file. */
  static final int USAGE = 2;
  /** Refused: missing signatures, unreachable threshold, would publish expired metadata. */
  static final int REFUSED = 3;
  /** A key could not be used: wrong passphrase, missing key file, a key no role trusts. */
  static final int KEY_ERROR = 4;
  /** Local or network I/O failed: file not found, disk full, server unreachable, port busy. */
  static final int IO_ERROR = 5;
  /** Staged only: the release was saved for offline signing, not published (keys missing). */
  static final int STAGED = 6;
  /** A bug in tuf itself. */
  static final int INTERNAL = 7;

  static final String HELP = """
      Exit status: 0 ok, 1 verification failed, 2 usage error (command line, option value or \
      input file), 3 refused by the repository rules (for example signatures still missing), \
      4 key error (wrong passphrase, missing key, a key no role trusts), 5 I/O or network \
      error, 6 staged but not published (more signatures needed; --stage makes that 0), \
      7 internal error.""";

  private ExitCode() {}
}
