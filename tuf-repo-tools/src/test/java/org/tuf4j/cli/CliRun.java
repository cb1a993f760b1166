package org.tuf4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of {@code tuf}: exit status, stdout, stderr. */
record CliRun(int exit, String out, String err) {
  static CliRun tuf(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Tuf.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(exit, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
  }
}
