package org.tuf4j.conformance.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tuf4j.TufException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonBoolean;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;

/**
 * What one reader concluded about a repository: whether its refresh succeeded (and the root
 * version it ended on), and per target path found (length, sha256 of the downloaded bytes), not
 * found, or an error. The reader scripts print it as JSON (interop/tuf-js/read.mjs,
 * interop/python-tuf/read.py); JVM readers build it directly.
 */
record ReaderReport(String client, String version, Refresh refresh,
    Map<String, TargetOutcome> targets, Map<String, String> environment) {

  ReaderReport(String client, String version, Refresh refresh,
      Map<String, TargetOutcome> targets) {
    this(client, version, refresh, targets, Map.of());
  }

  /** The refresh: ok with a root version, or failed with an error. */
  record Refresh(boolean ok, long rootVersion, String error) {
    static Refresh ok(long rootVersion) {
      return new Refresh(true, rootVersion, null);
    }

    static Refresh failed(String error) {
      return new Refresh(false, -1, error);
    }

    @Override
    public String toString() {
      return ok ? "ok, root v" + rootVersion : "failed: " + error;
    }
  }

  /** One target lookup and download. */
  record TargetOutcome(String status, long length, String sha256, String error) {
    static final String FOUND = "found";
    static final String NOT_FOUND = "not_found";
    static final String ERROR = "error";

    static TargetOutcome found(long length, String sha256) {
      return new TargetOutcome(FOUND, length, sha256, null);
    }

    static TargetOutcome notFound() {
      return new TargetOutcome(NOT_FOUND, -1, null, null);
    }

    static TargetOutcome error(String error) {
      return new TargetOutcome(ERROR, -1, null, error);
    }

    @Override
    public String toString() {
      return switch (status) {
        case FOUND -> "found (" + length + " bytes, sha256 " + sha256 + ")";
        case NOT_FOUND -> "not found";
        default -> "error: " + error;
      };
    }
  }

  /** Parses the JSON a reader script printed. */
  static ReaderReport parse(String json) throws TufException {
    JsonObject o = (JsonObject) CanonicalJson.parse(json.trim().getBytes(UTF_8));
    JsonObject r = (JsonObject) o.get("refresh");
    Refresh refresh = r.get("ok") == JsonBoolean.TRUE
        ? Refresh.ok(((JsonNumber) r.get("rootVersion")).value())
        : Refresh.failed(text(r.get("error")));
    Map<String, TargetOutcome> targets = new LinkedHashMap<>();
    for (JsonValue v : ((JsonArray) o.get("targets")).elements()) {
      JsonObject t = (JsonObject) v;
      String status = text(t.get("status"));
      targets.put(text(t.get("path")), switch (status) {
        case TargetOutcome.FOUND -> TargetOutcome.found(((JsonNumber) t.get("length")).value(),
            text(t.get("sha256")));
        case TargetOutcome.NOT_FOUND -> TargetOutcome.notFound();
        default -> TargetOutcome.error(text(t.get("error")));
      });
    }
    // The rest (runtime and library versions, ...) as text, for diagnostics and peer limits.
    Map<String, String> environment = new LinkedHashMap<>();
    o.members().forEach((name, value) -> {
      if (value instanceof JsonString s) {
        environment.put(name, s.value());
      } else if (value instanceof JsonBoolean b) {
        environment.put(name, String.valueOf(b.value()));
      } else if (value instanceof JsonNumber n) {
        environment.put(name, String.valueOf(n.value()));
      }
    });
    return new ReaderReport(text(o.get("client")), text(o.get("version")), refresh, targets,
        environment);
  }

  private static String text(JsonValue v) {
    return v instanceof JsonString s ? s.value() : String.valueOf(v);
  }
}
