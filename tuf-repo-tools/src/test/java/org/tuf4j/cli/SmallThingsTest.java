package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.crypto.Signer;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.signer.PemKeys;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** The smaller things a user hits: role names with '/', key file names, messages, help. */
@Timeout(120)
class SmallThingsTest {
  @TempDir Path tmp;
  private Path repo;
  private String root;

  @BeforeEach
  void repository() {
    repo = Repos.init(tmp.resolve("repo"));
    root = repo.resolve("metadata/1.root.json").toString();
  }

  /**
   * A repository as python-tuf writes one with a role named {@code team/docs}: its metadata in
   * a subdirectory ({@code metadata/1.team/docs.json}), which only an HTTP server maps to the
   * URL a client asks for.
   */
  private void delegateToASlashRole() throws Exception {
    Signer team = PemKeys.generate("ed25519", tmp.resolve("team.pem"), null);
    RepositoryEditor editor = RepositoryEditor.open(FileSystemStorage.open(repo),
        Clock.systemUTC());
    editor.delegations().delegate("targets", "team/docs", RoleKeys.of(PemKeys.publicKey(team)),
        Optional.of(List.of("docs/*")), Optional.empty(), false);
    editor.targets().addTarget("team/docs", "docs/guide.txt",
        "read me".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    List<Signer> signers = new ArrayList<>(List.of(team));
    for (String k : List.of("targets", "snapshot", "timestamp")) {
      signers.add(PemKeys.read(Repos.keys(repo).resolve(k + ".pem"), null));
    }
    editor.stage(signers).publish();
    Path quoted = repo.resolve("metadata/1.team%2Fdocs.json");
    assertTrue(Files.exists(quoted));
    Files.createDirectories(repo.resolve("metadata/1.team"));
    Files.move(quoted, repo.resolve("metadata/1.team/docs.json"));
  }

  @Test
  void verifyOfADirectoryRefusesRoleNamesWithASlashAndPointsAtHttp() throws Exception {
    delegateToASlashRole();
    CliRun local = tuf("verify", repo.toString(), "--root", root);
    assertEquals(ExitCode.USAGE, local.exit(), local.toString());
    assertTrue(Repos.plainError(local.err()), local.err());
    assertTrue(local.err().contains("role team/docs"), local.err());
    assertTrue(local.err().contains("hint: ") && local.err().contains("tuf serve")
        && local.err().contains("URL"), local.err());

    // The traversal refusal of a lookup through that role gets a hint about it too.
    CliRun download = tuf("download", repo.toString(), "docs/guide.txt", "--root", root,
        "--out", tmp.resolve("dl") + "/");
    assertFalse(download.exit() == 0, download.toString());
    assertTrue(download.err().contains("tuf serve"), download.err());
    assertFalse(download.err().contains("server is reachable"), download.err());

    try (LoopbackServer server = ServeCommand.start(repo,
        InetAddress.getLoopbackAddress(), 0)) {
      CliRun http = tuf("verify", server.baseUri().toString(), "--root", root);
      assertEquals(0, http.exit(), http.toString());
      assertTrue(http.out().contains("team/docs"), http.out());
      assertTrue(http.out().contains("verified: 5 roles, 1 targets"), http.out());
    }
  }

  @Test
  void targetListOfAUrlShowsWhatAClientReachesAndVerifyCountsOnlyThat() throws Exception {
    Signer docs = PemKeys.generate("ed25519", tmp.resolve("docs.pem"), null);
    RepositoryEditor editor = RepositoryEditor.open(FileSystemStorage.open(repo),
        Clock.systemUTC());
    // A terminating delegation for fw/* comes first: no client searching fw/ gets past it.
    editor.delegations().delegate("targets", "gate", RoleKeys.of(PemKeys.publicKey(docs)),
        Optional.of(List.of("fw/*")), Optional.empty(), true);
    editor.delegations().delegate("targets", "docs", RoleKeys.of(PemKeys.publicKey(docs)),
        Optional.of(List.of("docs/*", "fw/*")), Optional.empty(), false);
    editor.targets().addTarget("docs", "docs/guide.txt", "read me".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    // Listed by docs, but behind the terminating gate: no client ever finds it there.
    editor.targets().addTarget("docs", "fw/sneaky.bin", "evil".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    editor.targets().addTarget("targets", "fw/app.bin", "app".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    List<Signer> signers = new ArrayList<>(List.of(docs));
    for (String k : List.of("targets", "snapshot", "timestamp")) {
      signers.add(PemKeys.read(Repos.keys(repo).resolve(k + ".pem"), null));
    }
    editor.stage(signers).publish();

    CliRun verify = tuf("verify", repo.toString(), "--root", root);
    assertEquals(0, verify.exit(), verify.toString());
    assertTrue(verify.out().contains("verified: 6 roles, 2 targets"), verify.out());
    try (LoopbackServer server = ServeCommand.start(repo,
        InetAddress.getLoopbackAddress(), 0)) {
      CliRun list = tuf("target", "list", server.baseUri().toString(), "--root", root);
      assertEquals(0, list.exit(), list.toString());
      assertTrue(list.out().contains("docs/guide.txt\t7\t"), list.out());
      assertTrue(list.out().contains("fw/app.bin\t3\t"), list.out());
      assertFalse(list.out().contains("sneaky"), list.out());
      CliRun json = tuf("target", "list", server.baseUri().toString(), "--root", root,
          "--json");
      assertTrue(json.out().startsWith("{\"docs/guide.txt\":"), json.out());
      CliRun noRoot = tuf("target", "list", server.baseUri().toString());
      assertEquals(ExitCode.USAGE, noRoot.exit(), noRoot.toString());
      assertTrue(noRoot.err().contains("--root"), noRoot.err());
    }
    // The directory listing is the writer's view: everything every role lists.
    assertTrue(tuf("target", "list", repo.toString()).out().contains("fw/sneaky.bin"));
  }

  @Test
  void keyImportNamesThePublicKeyAsKeyGenerateDoes() throws Exception {
    Path legacy = tmp.resolve("legacy.pem");
    PemKeys.generate("ed25519", legacy, null);
    CliRun imported = tuf("key", "import", legacy.toString(), "--out",
        tmp.resolve("targets-2.pem").toString(), "--no-passphrase");
    assertEquals(0, imported.exit(), imported.toString());
    assertTrue(Files.exists(tmp.resolve("targets-2.pub.json")));
    assertFalse(Files.exists(tmp.resolve("targets-2.pem.pub.json")));
  }

  @Test
  void initNamesTheEncodingPlainly() {
    CliRun init = tuf("init", tmp.resolve("r2").toString(), "--no-passphrase");
    assertTrue(init.out().contains("(consistent snapshots, JSON)"), init.out());
    CliRun both = tuf("init", tmp.resolve("r3").toString(), "--no-passphrase", "--plain",
        "--encoding", "both");
    assertTrue(both.out().contains("(plain layout, JSON and CBOR)"), both.out());
  }

  /** The README's section on the command: its exit-status table and its examples. */
  private static String readmeSection() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("## The `tuf` command");
    return readme.substring(start, readme.indexOf("\n## ", start + 1));
  }

  @Test
  void theReadmeExitStatusTableMatchesTheCode() throws Exception {
    String section = readmeSection();
    java.util.Map<Integer, String> rows = new java.util.TreeMap<>();
    for (String line : section.lines().toList()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\| (\\d) \\| (.*) \\|$")
          .matcher(line);
      if (m.matches()) {
        rows.put(Integer.parseInt(m.group(1)), m.group(2));
      }
    }
    assertEquals(java.util.Set.of(0, 1, 2, 3, 4, 5, 6, 7), rows.keySet(), section);
    assertTrue(rows.get(ExitCode.VERIFICATION_FAILED).startsWith("verification failed"));
    assertTrue(rows.get(ExitCode.USAGE).startsWith("usage error"));
    assertTrue(rows.get(ExitCode.REFUSED).startsWith("refused"));
    assertTrue(rows.get(ExitCode.KEY_ERROR).startsWith("key error"));
    assertTrue(rows.get(ExitCode.IO_ERROR).startsWith("I/O or network error"));
    assertTrue(rows.get(ExitCode.STAGED).startsWith("staged, not published"));
    assertTrue(rows.get(ExitCode.INTERNAL).startsWith("internal error"));
    CliRun help = tuf("--help");
    assertTrue(help.out().replaceAll("\\s+", " ").contains("6 staged but not published"),
        help.out());
  }

  @Test
  void theReadmeExamplesParse() throws Exception {
    String section = readmeSection();
    String block = section.substring(section.indexOf("```sh") + 5, section.indexOf("```",
        section.indexOf("```sh") + 5)).replace("\\\n", " ");
    int parsed = 0;
    for (String line : block.lines().toList()) {
      for (String command : line.replaceAll("#.*", "").split("&&")) {
        command = command.replace("&", "").replace("...", "").replace("'", "").trim();
        if (!command.startsWith("bin/tuf ")) {
          continue;
        }
        String[] args = command.substring("bin/tuf ".length()).trim().split("\\s+");
        CommandLine cl = Tuf.commandLine(new Tuf(), "");
        cl.registerConverter(java.time.Instant.class, Values::instant);
        cl.registerConverter(java.time.Duration.class, Values::duration);
        cl.parseArgs(args); // throws on an unknown option or a missing argument
        parsed++;
      }
    }
    assertTrue(parsed >= 14, "examples found: " + parsed);
  }

  @Test
  void everyOptionAndArgumentHasADescription() {
    List<String> missing = new ArrayList<>();
    check(Tuf.commandLine(new Tuf(), "").getCommandSpec(), missing);
    assertEquals(List.of(), missing);
  }

  private static void check(CommandSpec spec, List<String> missing) {
    List<ArgSpec> args = new ArrayList<>(spec.options());
    args.addAll(spec.positionalParameters());
    for (ArgSpec a : args) {
      if (a.hidden()) {
        continue;
      }
      String[] d = a.description();
      if (d == null || d.length == 0 || String.join("", d).isBlank()) {
        missing.add(spec.qualifiedName() + " " + a.paramLabel() + (a.isOption()
            ? " (" + ((CommandLine.Model.OptionSpec) a).longestName() + ")" : ""));
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      check(sub.getCommandSpec(), missing);
    }
  }
}
