package org.tuf4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tuf4j.client.Updater;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tuf verify}: the full client workflow over a repository, as a report. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Run the TUF client workflow against a repository (a directory or a URL) "
        + "from a trusted root: every role, every delegation. Prints versions, expiry, "
        + "thresholds and the number of targets a client can reach; exits non-zero on any "
        + "failure.",
    footer = {"", "Examples:", "  tuf verify repo --root repo/metadata/1.root.json",
        "  tuf verify https://updates.example.com/ --root root.json --json"})
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR|URL",
      description = "The repository: a directory (with metadata/ and targets/) or an http(s) "
          + "URL.")
  String repository;

  @Option(names = "--root", required = true, paramLabel = "ROOT.json",
      description = "The trusted root to start from (obtained out of band); a .cbor root "
          + "reads the repository's CBOR metadata.")
  Path root;

  @Option(names = "--time", description = "Verify as of this instant instead of now.")
  Instant time;

  @Option(names = "--json", description = "Machine-readable output (also on failure).")
  boolean json;

  @Mixin EventOptions events = new EventOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path state = ClientSupport.stateDirectory("tuf-verify-");
    try {
      Updater updater = ClientSupport.updater(repository, root, state, true, null, time,
          events.listener(spec.commandLine().getErr()));
      ClientWalk walk = ClientWalk.of(updater, repository, ClientSupport.isLocal(repository));
      Map<String, JsonValue> roles = walk.roles;
      long targets = walk.targets.size();
      var out = spec.commandLine().getOut();
      if (json) {
        Map<String, JsonValue> report = new LinkedHashMap<>();
        report.put("ok", JsonValue.JsonBoolean.TRUE);
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

  private static String num(JsonValue.JsonObject o, String name) {
    return Long.toString(((JsonValue.JsonNumber) o.get(name)).value());
  }
}
