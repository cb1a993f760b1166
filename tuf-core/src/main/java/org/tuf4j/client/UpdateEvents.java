package org.tuf4j.client;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The one JSON rendering of {@link UpdateEvent}s, for fleet telemetry and log shippers: one
 * object on one line, {@code "event"} the record's simple name followed by each component under
 * its own name, in declaration order. Times are ISO-8601 strings ({@code Instant}: {@code
 * 2030-01-01T00:00:00Z}; {@code Duration}: {@code PT1H}), sets are sorted arrays of strings, an
 * absent version is {@code null}, and an exception is an object with its class's simple name as
 * {@code "type"} and its message. Control characters are escaped, so a line never breaks.
 *
 * <pre>{@code
 * Updater.builder()...eventListener(e -> System.err.println(UpdateEvents.toJson(e)))
 * }</pre>
 */
public final class UpdateEvents {
  private UpdateEvents() {}

  /**
   * One event as one line of JSON, without a line terminator.
   *
   * @param event the event
   * @return for example {@code {"event":"RefreshStarted","at":"2030-01-01T00:00:00Z"}}
   */
  public static String toJson(UpdateEvent event) {
    Objects.requireNonNull(event, "event");
    StringBuilder out = new StringBuilder("{\"event\":");
    string(out, event.getClass().getSimpleName());
    for (RecordComponent c : event.getClass().getRecordComponents()) {
      out.append(',');
      string(out, c.getName());
      out.append(':');
      value(out, component(event, c));
    }
    return out.append('}').toString();
  }

  private static Object component(UpdateEvent event, RecordComponent c) {
    try {
      return c.getAccessor().invoke(event);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + event, e);
    }
  }

  private static void value(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
      out.append(v);
    } else if (v instanceof OptionalLong o) {
      out.append(o.isPresent() ? Long.toString(o.getAsLong()) : "null");
    } else if (v instanceof Collection<?> c) {
      out.append('[');
      String sep = "";
      for (Object e : new TreeSet<>(c.stream().map(String::valueOf).toList())) {
        out.append(sep);
        string(out, (String) e);
        sep = ",";
      }
      out.append(']');
    } else if (v instanceof Throwable t) {
      out.append("{\"type\":");
      string(out, t.getClass().getSimpleName());
      out.append(",\"message\":");
      value(out, t.getMessage());
      out.append('}');
    } else {
      string(out, v.toString()); // Instant, Duration, URI, String: their ISO or standard form
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
