package org.tuf4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleStatus;
import org.tuf4j.verify.ThresholdResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf status}: what is published, what is staged, what is still needed. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show published versions and expiry, and for a staged release what is "
        + "signed, by whom, and which thresholds are still unmet.",
    footer = {"", "Example: tuf status repo --json"})
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR") Path dir;

  @Option(names = "--json", description = "Machine-readable output.") boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    FileSystemStorage storage = Repo.storage(dir);
    RepositoryEditor editor = Repo.open(storage, Clock.systemUTC());
    MetadataEncoding encoding = editor.encodings().iterator().next();
    Signed<Timestamp> ts = Signed.parse(storage.read("metadata/"
        + encoding.fileName("timestamp")).orElseThrow(), Timestamp.class, JsonLimits.DEFAULT,
        encoding);
    Map<String, JsonValue> published = new TreeMap<>();
    published.put("root", role(editor.root().version(), editor.root().expires().toString()));
    published.put("timestamp", role(ts.signed().version(), ts.signed().expires().toString()));
    published.put("snapshot_version", new JsonValue.JsonNumber(ts.signed().snapshotMeta()
        .version()));
    Release staged = RepositoryEditor.hasStaged(storage) ? editor.resumeStaged() : null;
    var out = spec.commandLine().getOut();
    if (json) {
      Map<String, JsonValue> all = new TreeMap<>();
      all.put("published", new JsonValue.JsonObject(published));
      if (staged != null) {
        List<JsonValue> roles = new ArrayList<>();
        for (RoleStatus s : staged.status()) {
          roles.add(statusJson(s));
        }
        all.put("staged", new JsonValue.JsonArray(roles));
      }
      out.println(new String(CanonicalJson.encodeForFile(new JsonValue.JsonObject(all)),
          StandardCharsets.UTF_8));
      return ExitCode.OK;
    }
    out.println("published: root v" + editor.root().version() + " (expires "
        + editor.root().expires() + "), timestamp v" + ts.signed().version() + " (expires "
        + ts.signed().expires() + "), snapshot v" + ts.signed().snapshotMeta().version());
    if (staged == null) {
      out.println("nothing staged");
    } else {
      printStaged(staged, out);
    }
    return ExitCode.OK;
  }

  static void printStaged(Release release, PrintWriter out) throws Exception {
    out.println("staged: " + Repo.describe(release));
    for (RoleStatus s : release.status()) {
      out.println("  " + (s.isComplete() ? "complete  " : "INCOMPLETE ") + s.describe()
          + " (expires " + s.expires() + ")");
    }
    out.println(release.isFullySigned() ? "ready: `tuf publish` will publish it"
        : "not ready: more signatures are needed");
  }

  private static JsonValue role(long version, String expires) {
    return new JsonValue.JsonObject(Map.of("version", new JsonValue.JsonNumber(version),
        "expires", new JsonValue.JsonString(expires)));
  }

  private static JsonValue statusJson(RoleStatus s) {
    List<JsonValue> thresholds = new ArrayList<>();
    for (ThresholdResult t : s.thresholds()) {
      thresholds.add(new JsonValue.JsonObject(Map.of(
          "keys", new JsonValue.JsonString(t.role()),
          "threshold", new JsonValue.JsonNumber(t.threshold()),
          "signed_by", JsonValue.ofStrings(List.copyOf(t.signedBy())),
          "missing", new JsonValue.JsonNumber(t.missing()))));
    }
    return new JsonValue.JsonObject(Map.of("role", new JsonValue.JsonString(s.role()),
        "version", new JsonValue.JsonNumber(s.version()),
        "expires", new JsonValue.JsonString(s.expires().toString()),
        "complete", JsonValue.JsonBoolean.of(s.isComplete()),
        "thresholds", new JsonValue.JsonArray(thresholds)));
  }
}
