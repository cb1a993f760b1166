package org.tuf4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the {@code tuf} command in this JVM, as tuf-repo-tools' own tests do ({@code CliRun}):
 * {@link Tuf#execute} is package-private, so this bridge lives in the same package, on the test
 * class path of conformance-tests only.
 */
public final class TufInProcess {
  private TufInProcess() {}

  /** One run: exit status, stdout, stderr. */
  public record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  public static Run tuf(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Tuf.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }
}
