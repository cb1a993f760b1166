package org.tuf4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.FetchException;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.NotFoundException;
import org.tuf4j.TufException;
import org.tuf4j.cli.Tuf.Failure;

/**
 * Turns any exception into what {@code tuf} prints: an exit status, one line that names the file,
 * URL or option concerned, and a hint that fits. Exception class names are never shown (they
 * mean nothing to a release engineer); {@code --verbose} adds the stack trace.
 */
final class Errors {
  private Errors() {}

  static Failure describe(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      e = u.getCause();
    }
    if (e instanceof CliException c) {
      return new Failure(c.exitCode, c.getMessage(), c.hint);
    }
    if (e instanceof ExpiredMetadataException x) {
      return new Failure(ExitCode.VERIFICATION_FAILED, x.getMessage(), expiredHint(x.role()));
    }
    if (e instanceof InvalidRepositoryException) {
      return new Failure(ExitCode.REFUSED, e.getMessage(),
          "`tuf status DIR` shows what each role still needs");
    }
    if (e instanceof FetchException f) {
      return fetch(f);
    }
    if (e instanceof TufException) {
      return new Failure(ExitCode.VERIFICATION_FAILED, e.getMessage(), null);
    }
    if (e instanceof IOException io) {
      return io(io);
    }
    if (e instanceof GeneralSecurityException) {
      return new Failure(ExitCode.KEY_ERROR, "key error: " + text(e), null);
    }
    if (e instanceof IllegalArgumentException) {
      // The library's argument checks (an expiry that is not positive, a threshold of 0, ...).
      return new Failure(ExitCode.USAGE, text(e), "`tuf COMMAND --help` shows the options");
    }
    return new Failure(ExitCode.INTERNAL, "internal error: " + text(e),
        "this is a bug in tuf; please report it with the output of --verbose");
  }

  /** What renews the metadata of {@code role}, for the hint of an expiry. */
  static String expiredHint(String role) {
    String renew = switch (role) {
      case "root" -> "a new root signed by the root keys (`tuf root rotate DIR`, then "
          + "`tuf sign` and `tuf publish`)";
      case "timestamp" -> "a new timestamp (`tuf timestamp DIR -k TIMESTAMP_KEY`, e.g. from "
          + "cron)";
      case "snapshot" -> "new snapshot and timestamp versions (`tuf publish DIR -k "
          + "SNAPSHOT_KEY -k TIMESTAMP_KEY`)";
      default -> "a new version of " + role + " signed by its keys (any change to it, "
          + "then `tuf publish`)";
    };
    return "the repository must publish " + renew + "; if the metadata is recent, check this "
        + "machine's clock (or --time)";
  }

  private static Failure fetch(FetchException f) {
    URI uri = f.uri();
    Throwable cause = causeOf(f, ConnectException.class, NoRouteToHostException.class,
        UnknownHostException.class, SSLException.class);
    String where = uri == null ? "" : uri.toString();
    if (f instanceof NotFoundException) {
      return new Failure(ExitCode.IO_ERROR, f.getMessage(),
          "check the repository URL or directory (it must hold metadata/ and targets/)");
    }
    if (f.getMessage() != null && f.getMessage().contains("path traversal")) {
      return new Failure(ExitCode.IO_ERROR, f.getMessage(), "the file name would leave the "
          + "repository directory, so it is not read; a role or target name with '/' or '..' "
          + "cannot be read from a directory (serve it with `tuf serve DIR` and use its URL)");
    }
    String host = uri == null || uri.getHost() == null ? where
        : uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      return new Failure(ExitCode.IO_ERROR, "cannot connect to " + host + " ("
          + (cause instanceof ConnectException ? "connection refused" : "no route to host")
          + ") fetching " + where, "check the URL and that the server is running "
          + "(`tuf serve DIR` serves a repository)");
    }
    if (cause instanceof UnknownHostException) {
      return new Failure(ExitCode.IO_ERROR, "unknown host " + host + " fetching " + where,
          "check the host name in the URL");
    }
    if (cause instanceof SSLException) {
      return new Failure(ExitCode.IO_ERROR, "TLS failed with " + host + ": " + text(cause),
          "check the URL (http or https) and the server's certificate");
    }
    String message = f.getMessage();
    if (message != null && f.getCause() != null) {
      message = message.replace(f.getCause().toString(), text(f.getCause()));
    }
    return new Failure(ExitCode.IO_ERROR, message,
        "check the URL and that the server is reachable");
  }

  private static Failure io(IOException e) {
    if (e instanceof FileSystemException fs) {
      String file = fs.getFile();
      String other = fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile();
      if (e instanceof NoSuchFileException) {
        return new Failure(ExitCode.IO_ERROR, "no such file or directory: " + file + other,
            "check the path");
      }
      if (e instanceof FileAlreadyExistsException) {
        return new Failure(ExitCode.IO_ERROR, file + other + " already exists",
            "choose another name, or remove it first if it is not needed");
      }
      if (e instanceof AccessDeniedException) {
        return new Failure(ExitCode.IO_ERROR, "permission denied: " + file + other,
            "check the file's owner and permissions");
      }
      if (e instanceof DirectoryNotEmptyException) {
        return new Failure(ExitCode.IO_ERROR, "directory not empty: " + file, null);
      }
      if (e instanceof NotDirectoryException) {
        return new Failure(ExitCode.IO_ERROR, "not a directory: " + file, "check the path");
      }
      return new Failure(ExitCode.IO_ERROR, (file == null ? "" : file + other + ": ")
          + (fs.getReason() == null ? "I/O error" : fs.getReason()), null);
    }
    return new Failure(ExitCode.IO_ERROR, "I/O error: " + text(e), null);
  }

  /** An exception's message, or a plain description of its kind when it has none. */
  static String text(Throwable e) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    String name = e.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }

  /** The first exception in {@code e}'s cause chain of one of {@code kinds}, or null. */
  @SafeVarargs
  private static Throwable causeOf(Throwable e, Class<? extends Throwable>... kinds) {
    Throwable c = e;
    for (int i = 0; i < 20 && c != null; i++, c = c.getCause()) {
      for (Class<? extends Throwable> k : kinds) {
        if (k.isInstance(c)) {
          return c;
        }
      }
    }
    return null;
  }
}
