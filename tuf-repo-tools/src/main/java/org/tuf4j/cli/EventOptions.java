package org.tuf4j.cli;

import java.io.PrintWriter;
import org.tuf4j.client.UpdateEventListener;
import org.tuf4j.client.UpdateEvents;
import picocli.CommandLine.Option;

/**
 * {@code --events} of the client commands: the client's security events ({@code
 * org.tuf4j.client.UpdateEvent}), one JSON line each ({@link UpdateEvents#toJson}) on standard
 * error, so that standard output keeps the command's own report (and its {@code --json}).
 */
final class EventOptions {
  @Option(names = "--events", description = "Print the client's security events (refresh "
      + "started, succeeded or failed, root rotated, rollback refused, freeze detected, clock "
      + "rollback, ...) as JSON lines on standard error.")
  boolean events;

  /** The listener printing to {@code err}, or null when {@code --events} is not given. */
  UpdateEventListener listener(PrintWriter err) {
    if (!events) {
      return null;
    }
    return event -> {
      err.println(UpdateEvents.toJson(event));
      err.flush();
    };
  }
}
