package org.tuf4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
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

/** {@code tuf status}: what is published, what expires, what is staged and what it changes. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show every published role (delegated roles too; hash bins summarised) with "
        + "its version and expiry, marking EXPIRED and EXPIRES SOON; for a staged release, what "
        + "it changes (keys, thresholds, expiry, targets), who has signed and what is missing.",
    footer = {"", "A role expires soon when less than a quarter of tuf's default validity for "
        + "it is left (root 91 days, targets and delegated roles 22 days, snapshot 42 hours, "
        + "timestamp 6 hours), or less than --warn-within.", "",
        "Example: tuf status repo --json"})
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository directory.")
  Path dir;

  @Option(names = "--json", description = "Machine-readable output (also on failure).")
  boolean json;

  @Option(names = "--time", description = "Judge expiry as of this instant instead of now.")
  Instant time;

  @Option(names = "--warn-within", paramLabel = "DURATION", description = "Mark roles that "
      + "expire within this period (e.g. 7d, PT12H) instead of the per-role defaults.")
  Duration warnWithin;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    FileSystemStorage storage = Repo.storage(dir);
    Instant now = time != null ? time
        : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    RepositoryEditor editor = RepositoryEditor.inspect(storage, Repo.clock(time));
    RepoState state = RepoState.read(storage, editor);
    Release staged = RepositoryEditor.hasStaged(storage)
        ? editor.resumeStaged() : null;
    ReleaseSummary summary = staged == null ? null : ReleaseSummary.of(staged, editor);
    var out = spec.commandLine().getOut();
    if (json) {
      printJson(state, staged, summary, now, out);
      return ExitCode.OK;
    }
    Map<String, RepoState.RoleState> top = new LinkedHashMap<>();
    for (RepoState.RoleState r : state.roles) {
      top.put(r.name(), r);
    }
    out.println("published: root v" + top.get("root").version() + ", targets v"
        + top.get("targets").version() + ", snapshot v" + top.get("snapshot").version()
        + ", timestamp v" + top.get("timestamp").version() + " (as of " + now + ")");
    Map<String, List<RepoState.RoleState>> bins = new LinkedHashMap<>();
    for (RepoState.RoleState r : state.roles) {
      if (r.bins() != null) {
        bins.computeIfAbsent(r.bins(), b -> new ArrayList<>()).add(r);
      }
    }
    int problems = 0;
    for (RepoState.RoleState r : state.roles) {
      if (r.bins() != null) {
        List<RepoState.RoleState> all = bins.remove(r.bins());
        if (all != null) {
          problems += printBins(r.bins(), all, now, out);
        }
        continue;
      }
      String mark = RepoState.state(r.name(), r.expires(), now, warnWithin);
      problems += mark.equals("ok") ? 0 : 1;
      out.printf("  %-20s v%-5d expires %s (%s)%s%n", r.name(), r.version(), r.expires(),
          RepoState.relative(r.expires(), now), mark.equals("ok") ? "" : "  " + mark);
    }
    if (problems > 0) {
      out.println("renew: `tuf timestamp` (timestamp), `tuf publish` (snapshot and timestamp),"
          + " `tuf root rotate` (root), a change to a targets role (targets, delegated roles)");
    }
    if (staged == null) {
      out.println("nothing staged");
    } else {
      printSummary(summary, out);
      printStaged(staged, out);
    }
    return ExitCode.OK;
  }

  /** One line for a whole set of hash bins; returns how many are expired or expiring. */
  private int printBins(String name, List<RepoState.RoleState> all, Instant now,
      PrintWriter out) {
    int expired = 0;
    int soon = 0;
    Instant first = null;
    long low = Long.MAX_VALUE;
    long high = 0;
    for (RepoState.RoleState r : all) {
      String mark = RepoState.state(r.name(), r.expires(), now, warnWithin);
      expired += mark.equals("EXPIRED") ? 1 : 0;
      soon += mark.equals("EXPIRES SOON") ? 1 : 0;
      first = first == null || r.expires().isBefore(first) ? r.expires() : first;
      low = Math.min(low, r.version());
      high = Math.max(high, r.version());
    }
    out.printf("  %-20s v%-5s earliest expiry %s (%s), %d hash bins%s%n", name,
        low == high ? Long.toString(low) : low + "-" + high, first,
        RepoState.relative(first, now), all.size(), (expired > 0 ? ", " + expired + " EXPIRED"
            : "") + (soon > 0 ? ", " + soon + " EXPIRE SOON" : ""));
    return expired + soon;
  }

  static void printSummary(ReleaseSummary summary, PrintWriter out) {
    out.println("the staged release changes:");
    summary.lines.forEach(l -> out.println("  " + l));
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

  private void printJson(RepoState state, Release staged, ReleaseSummary summary,
      Instant now, PrintWriter out) throws Exception {
    Map<String, JsonValue> published = new TreeMap<>();
    Map<String, JsonValue> roles = new LinkedHashMap<>();
    for (RepoState.RoleState r : state.roles) {
      Map<String, JsonValue> m = new LinkedHashMap<>();
      m.put("version", new JsonValue.JsonNumber(r.version()));
      m.put("expires", new JsonValue.JsonString(r.expires().toString()));
      m.put("state", new JsonValue.JsonString(RepoState.state(r.name(), r.expires(), now,
          warnWithin).toLowerCase(java.util.Locale.ROOT).replace(' ', '_')));
      if (r.bins() != null) {
        m.put("bins", new JsonValue.JsonString(r.bins()));
      }
      roles.put(r.name(), new JsonValue.JsonObject(m));
      if (r.name().equals("root") || r.name().equals("timestamp")) {
        published.put(r.name(), new JsonValue.JsonObject(Map.of(
            "version", new JsonValue.JsonNumber(r.version()),
            "expires", new JsonValue.JsonString(r.expires().toString()))));
      }
      if (r.name().equals("snapshot")) {
        published.put("snapshot_version", new JsonValue.JsonNumber(r.version()));
      }
    }
    Map<String, JsonValue> all = new TreeMap<>();
    all.put("ok", JsonValue.JsonBoolean.TRUE);
    all.put("time", new JsonValue.JsonString(now.toString()));
    all.put("published", new JsonValue.JsonObject(published));
    all.put("roles", new JsonValue.JsonObject(roles));
    if (staged != null) {
      List<JsonValue> statuses = new ArrayList<>();
      for (RoleStatus s : staged.status()) {
        statuses.add(statusJson(s));
      }
      all.put("staged", new JsonValue.JsonArray(statuses));
      all.put("changes", JsonValue.ofStrings(summary.lines));
      all.put("unreadable_keys", JsonValue.ofStrings(summary.unreadable));
    }
    out.println(new String(CanonicalJson.encodeForFile(new JsonValue.JsonObject(all)),
        StandardCharsets.UTF_8));
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
