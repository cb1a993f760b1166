package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.encoding.JsonValue;

/**
 * Exit statuses say what happened (issue: "the tuf command a release engineer can trust", part
 * 1): a staged-only result is not success, a key no role trusts is an error before any work, and
 * user errors are one line naming the option, file or host with a hint that fits.
 */
@Timeout(120)
class ExitStatusTest {
  @TempDir Path tmp;
  private Path repo;
  private String root;

  @BeforeEach
  void repository() {
    repo = Repos.init(tmp.resolve("repo"));
    root = repo.resolve("metadata/1.root.json").toString();
  }

  @Test
  void keysOfAnotherRepositoryAreAKeyErrorAndNothingIsWritten() throws Exception {
    Path other = Repos.init(tmp.resolve("other"));
    String before = Repos.tree(other);
    CliRun publish = tuf(Repos.online(repo, "publish", other.toString()));
    assertEquals(ExitCode.KEY_ERROR, publish.exit(), publish.toString());
    assertFalse(publish.out().contains("staged"), publish.out());
    assertTrue(publish.err().contains("is not a key of any role of " + other), publish.err());
    assertTrue(publish.err().contains("hint: `tuf key list " + other), publish.err());
    assertEquals(before, Repos.tree(other), "nothing written, nothing staged");
  }

  @Test
  void aStagedOnlyResultHasItsOwnStatusUnlessStagingWasAskedFor() throws Exception {
    Path file = Files.writeString(tmp.resolve("app.bin"), "app");
    String targetsKey = Repos.keys(repo).resolve("targets.pem").toString();
    CliRun staged = tuf("target", "add", repo.toString(), file.toString(), "-k", targetsKey,
        "--no-passphrase");
    assertEquals(ExitCode.STAGED, staged.exit(), staged.toString());
    assertEquals(6, ExitCode.STAGED);
    assertTrue(staged.out().contains("staged (not published yet)"), staged.out());
    assertEquals(0, tuf("discard", repo.toString()).exit());

    CliRun asked = tuf("target", "add", repo.toString(), file.toString(), "-k", targetsKey,
        "--no-passphrase", "--stage");
    assertEquals(ExitCode.OK, asked.exit(), asked.toString());
    assertEquals(0, tuf("discard", repo.toString()).exit());

    // --stage stages even when the keys given could publish.
    CliRun all = tuf(Repos.online(repo, "target", "add", repo.toString(), file.toString(),
        "--stage"));
    assertEquals(ExitCode.OK, all.exit(), all.toString());
    assertTrue(all.out().contains("staged (not published yet)"), all.out());
    assertTrue(Files.exists(repo.resolve("staged")));
  }

  @Test
  void aPortOutOfRangeIsAUsageErrorNamingTheOption() {
    CliRun run = tuf("serve", repo.toString(), "--port", "99999");
    assertEquals(ExitCode.USAGE, run.exit(), run.toString());
    assertTrue(Repos.plainError(run.err()), run.err());
    assertTrue(run.err().contains("--port 99999"), run.err());
    assertTrue(run.err().contains("hint: "), run.err());
  }

  @Test
  void aBusyPortIsReportedWithItsNumber() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = busy.getLocalPort();
      CliRun run = tuf("serve", repo.toString(), "--port", Integer.toString(port));
      assertEquals(ExitCode.IO_ERROR, run.exit(), run.toString());
      assertTrue(Repos.plainError(run.err()), run.err());
      assertTrue(run.err().contains("127.0.0.1:" + port), run.err());
      assertTrue(run.err().contains("already in use"), run.err());
      assertTrue(run.err().contains("--port"), run.err());
    }
  }

  @Test
  void anUnreadableTimeNamesTheOptionWithoutAJavaClass() {
    CliRun run = tuf("verify", repo.toString(), "--root", root, "--time", "tomorrow");
    assertEquals(ExitCode.USAGE, run.exit(), run.toString());
    assertTrue(Repos.plainError(run.err()), run.err());
    assertTrue(run.err().contains("'--time'") && run.err().contains("'tomorrow' is not a time"),
        run.err());
    assertFalse(run.err().contains("Usage:"), "one line and a hint, not the whole help");
    CliRun expiry = tuf("init", tmp.resolve("x").toString(), "--no-passphrase", "--expiry",
        "timestamp=soon");
    assertEquals(ExitCode.USAGE, expiry.exit(), expiry.toString());
    assertTrue(expiry.err().contains("'soon' is not a duration"), expiry.err());
  }

  @Test
  void aRefusedConnectionNamesTheHostAndPort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    CliRun run = tuf("verify", "http://127.0.0.1:" + port + "/", "--root", root);
    assertEquals(ExitCode.IO_ERROR, run.exit(), run.toString());
    assertTrue(Repos.plainError(run.err()), run.err());
    assertTrue(run.err().contains("cannot connect to 127.0.0.1:" + port
        + " (connection refused)"), run.err());
  }

  @Test
  void aRootThatIsNotARootIsNamedByItsFile() throws Exception {
    Path array = Files.writeString(tmp.resolve("array.json"), "[1, 2]");
    CliRun run = tuf("verify", repo.toString(), "--root", array.toString());
    assertEquals(ExitCode.USAGE, run.exit(), run.toString());
    assertTrue(Repos.plainError(run.err()), run.err());
    assertTrue(run.err().startsWith("tuf: --root " + array + " is not a TUF root"), run.err());
    assertFalse(run.err().contains("tuf: : "), run.err());

    Path truncated = tmp.resolve("truncated.json");
    byte[] whole = Files.readAllBytes(Path.of(root));
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    CliRun cut = tuf("verify", repo.toString(), "--root", truncated.toString());
    assertEquals(ExitCode.USAGE, cut.exit(), cut.toString());
    assertTrue(cut.err().contains(truncated.toString()), cut.err());
    assertTrue(cut.err().contains("hint: give the root.json"), cut.err());
  }

  @Test
  void anExpiredRoleGetsTheHintThatRenewsIt() {
    CliRun rootExpired = tuf("verify", repo.toString(), "--root", root, "--time",
        Instant.now().plusSeconds(2L * 366 * 86400).toString());
    assertEquals(ExitCode.VERIFICATION_FAILED, rootExpired.exit(), rootExpired.toString());
    assertTrue(rootExpired.err().contains("root v1 expired"), rootExpired.err());
    assertTrue(rootExpired.err().contains("tuf root rotate"), rootExpired.err());
    assertFalse(rootExpired.err().contains("tuf timestamp"), rootExpired.err());

    CliRun timestampExpired = tuf("verify", repo.toString(), "--root", root, "--time",
        Instant.now().plusSeconds(2L * 86400).toString());
    assertEquals(ExitCode.VERIFICATION_FAILED, timestampExpired.exit());
    assertTrue(timestampExpired.err().contains("timestamp v1 expired"), timestampExpired.err());
    assertTrue(timestampExpired.err().contains("`tuf timestamp"), timestampExpired.err());
  }

  @Test
  void jsonOutputReportsFailuresToo() throws Exception {
    Path array = Files.writeString(tmp.resolve("array.json"), "[]");
    CliRun usage = tuf("verify", repo.toString(), "--root", array.toString(), "--json");
    assertEquals(ExitCode.USAGE, usage.exit());
    JsonValue.JsonObject o = Repos.json(usage.out());
    assertEquals(JsonValue.JsonBoolean.FALSE, o.get("ok"));
    JsonValue.JsonObject error = (JsonValue.JsonObject) o.get("error");
    assertEquals(ExitCode.USAGE, ((JsonValue.JsonNumber) error.get("status")).value());
    assertTrue(((JsonValue.JsonString) error.get("message")).value().contains("array.json"));

    CliRun missing = tuf("status", tmp.resolve("nothing").toString(), "--json");
    assertEquals(ExitCode.IO_ERROR, missing.exit());
    assertEquals(JsonValue.JsonBoolean.FALSE, Repos.json(missing.out()).get("ok"));

    CliRun badOption = tuf("verify", repo.toString(), "--json", "--root", root, "--frob");
    assertEquals(ExitCode.USAGE, badOption.exit());
    assertEquals(JsonValue.JsonBoolean.FALSE, Repos.json(badOption.out()).get("ok"));

    CliRun ok = tuf("verify", repo.toString(), "--root", root, "--json");
    assertEquals(JsonValue.JsonBoolean.TRUE, Repos.json(ok.out()).get("ok"));
  }

  @Test
  void libraryArgumentChecksAreUsageErrorsAndNeverClassNames() {
    CliRun run = tuf("init", tmp.resolve("r2").toString(), "--no-passphrase", "--expiry",
        "timestamp=P-1D");
    assertEquals(ExitCode.USAGE, run.exit(), run.toString());
    assertTrue(Repos.plainError(run.err()), run.err());
    assertTrue(run.err().contains("--expiry timestamp"), run.err());
  }
}
