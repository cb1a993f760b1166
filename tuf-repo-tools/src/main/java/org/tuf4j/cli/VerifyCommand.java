package org.tuf4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tuf4j.TufException;
import org.tuf4j.client.Updater;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.Delegations;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.metadata.Targets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf verify}: the full client workflow over a repository, as a report. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Run the TUF client workflow against a repository (a directory or a URL) "
        + "from a trusted root: every role, every delegation. Prints versions, expiry, "
        + "thresholds and the number of targets; exits non-zero on any failure.",
    footer = {"", "Examples:", "  tuf verify repo --root repo/metadata/1.root.json",
        "  tuf verify https://updates.example.com/ --root root.json --json"})
final class VerifyCommand implements Callable<Integer> {
  /** Hash bins are all loaded; more than this many roles is refused as unreasonable. */
  private static final int MAX_ROLES = 100_000;

  @Parameters(index = "0", paramLabel = "DIR|URL") String repository;

  @Option(names = "--root", required = true, paramLabel = "ROOT.json",
      description = "The trusted root to start from (obtained out of band); a .cbor root "
          + "reads the repository's CBOR metadata.")
  Path root;

  @Option(names = "--time", description = "Verify as of this instant instead of now.")
  Instant time;

  @Option(names = "--json", description = "Machine-readable output.") boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path state = Files.createTempDirectory("tuf-verify-");
    try {
      Updater updater = ClientSupport.updater(repository, root, state, null, time);
      updater.refresh();
      Map<String, JsonValue> roles = new LinkedHashMap<>();
      Root r = updater.trustedRoot().signed();
      roles.put("root", entry(r.version(), r.expires(), r.role(RoleType.ROOT)));
      var ts = updater.trustedTimestamp().orElseThrow().signed();
      roles.put("timestamp", entry(ts.version(), ts.expires(), r.role(RoleType.TIMESTAMP)));
      var sn = updater.trustedSnapshot().orElseThrow().signed();
      roles.put("snapshot", entry(sn.version(), sn.expires(), r.role(RoleType.SNAPSHOT)));
      long targets = walk(updater, r, roles);
      var out = spec.commandLine().getOut();
      if (json) {
        Map<String, JsonValue> report = new LinkedHashMap<>();
        report.put("roles", new JsonValue.JsonObject(roles));
        report.put("targets", new JsonValue.JsonNumber(targets));
        report.put("verified", JsonValue.JsonBoolean.TRUE);
        out.println(new String(CanonicalJson.encodeForFile(new JsonValue.JsonObject(report)),
            StandardCharsets.UTF_8));
      } else {
        roles.forEach((name, v) -> {
          JsonValue.JsonObject o = (JsonValue.JsonObject) v;
          out.printf("%-20s v%-6s expires %s  threshold %s of %s%n", name,
              num(o, "version"), ((JsonValue.JsonString) o.get("expires")).value(),
              num(o, "threshold"), num(o, "keys"));
        });
        out.println("verified: " + roles.size() + " roles, " + targets + " targets");
      }
      return ExitCode.OK;
    } finally {
      ClientSupport.deleteTree(state);
    }
  }

  /** Loads every targets role reachable from the top, pre-order; returns the targets count. */
  private static long walk(Updater updater, Root root, Map<String, JsonValue> out)
      throws TufException, IOException {
    long count = 0;
    Deque<String[]> todo = new ArrayDeque<>();
    todo.push(new String[] {"targets", null});
    Map<String, Role> roleOf = new LinkedHashMap<>();
    roleOf.put("targets", root.role(RoleType.TARGETS));
    while (!todo.isEmpty()) {
      String[] next = todo.pop();
      String name = next[0];
      if (out.containsKey(name)) {
        continue;
      }
      if (out.size() > MAX_ROLES) {
        throw new CliException(ExitCode.VERIFICATION_FAILED, "more than " + MAX_ROLES
            + " roles; refusing to walk further", null);
      }
      Signed<Targets> t = updater.loadDelegatedTargets(name, next[1]);
      out.put(name, entry(t.signed().version(), t.signed().expires(), roleOf.get(name)));
      count += t.signed().targets().size();
      Optional<Delegations> d = t.signed().delegations();
      if (d.isEmpty()) {
        continue;
      }
      List<String> children = new ArrayList<>();
      if (d.get().succinctRoles().isPresent()) {
        SuccinctRoles bins = d.get().succinctRoles().get();
        for (long i = 0; i < bins.numberOfBins(); i++) {
          children.add(bins.roleName(i));
          roleOf.put(bins.roleName(i), bins.role());
        }
      } else {
        for (DelegatedRole dr : d.get().roles().orElseThrow()) {
          children.add(dr.name());
          roleOf.put(dr.name(), dr.role());
        }
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        todo.push(new String[] {children.get(i), name});
      }
    }
    return count;
  }

  private static JsonValue entry(long version, Instant expires, Role role) {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("version", new JsonValue.JsonNumber(version));
    m.put("expires", new JsonValue.JsonString(expires.toString()));
    m.put("threshold", new JsonValue.JsonNumber(role.threshold()));
    m.put("keys", new JsonValue.JsonNumber(role.keyIds().size()));
    return new JsonValue.JsonObject(m);
  }

  private static String num(JsonValue.JsonObject o, String name) {
    return Long.toString(((JsonValue.JsonNumber) o.get(name)).value());
  }
}
