package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.signer.KeyFileException;
import org.tuf4j.signer.PemKeys;

/**
 * Secrets at a terminal (a scripted one): new passphrases asked twice and never empty, wrong
 * ones retried up to three times; from files and the environment, an empty new passphrase is
 * refused too.
 */
@Timeout(300)
class SecretsTest {
  @TempDir Path tmp;

  /** Answers prompts from a script and records what it was asked and told. */
  static final class ScriptedTerminal implements Secrets.Terminal {
    final Deque<String> answers = new ArrayDeque<>();
    final List<String> transcript = new ArrayList<>();

    ScriptedTerminal(String... answers) {
      this.answers.addAll(List.of(answers));
    }

    @Override
    public char[] readPassword(String prompt) {
      transcript.add("? " + prompt);
      String a = answers.poll();
      return a == null ? null : a.toCharArray();
    }

    @Override
    public String readLine(String prompt) {
      transcript.add("? " + prompt);
      return answers.poll();
    }

    @Override
    public void println(String line) {
      transcript.add(line);
    }
  }

  static ScriptedTerminal terminal(String... answers) {
    ScriptedTerminal t = new ScriptedTerminal(answers);
    Secrets.terminal = () -> t;
    return t;
  }

  @AfterEach
  void noTerminal() {
    Secrets.terminal = () -> null;
  }

  @Test
  void aNewPassphraseIsAskedTwiceAndMustMatch() throws Exception {
    ScriptedTerminal t = terminal("one horse", "one hose", "one horse", "one horse");
    Path key = tmp.resolve("k.pem");
    CliRun gen = tuf("key", "generate", "--out", key.toString());
    assertEquals(0, gen.exit(), gen.toString() + t.transcript);
    assertTrue(t.transcript.contains("the passphrases differ; try again"), t.transcript.toString());
    assertEquals(4, t.transcript.stream().filter(l -> l.startsWith("? ")).count());
    assertNotNull(PemKeys.read(key, "one horse".toCharArray()));
  }

  @Test
  void anEmptyNewPassphraseIsRefusedUnlessNoPassphrase() throws Exception {
    ScriptedTerminal t = terminal("", "", "");
    Path key = tmp.resolve("k.pem");
    CliRun gen = tuf("key", "generate", "--out", key.toString());
    assertEquals(ExitCode.KEY_ERROR, gen.exit(), gen.toString());
    assertTrue(t.transcript.stream().anyMatch(l -> l.contains("empty passphrase is refused")));
    assertFalse(Files.exists(key));

    Path empty = Files.writeString(tmp.resolve("empty.txt"), "\n");
    CliRun fromFile = tuf("key", "generate", "--out", key.toString(), "--passphrase-file",
        empty.toString());
    assertEquals(ExitCode.KEY_ERROR, fromFile.exit(), fromFile.toString());
    assertTrue(fromFile.err().contains("is empty"), fromFile.err());
    assertTrue(fromFile.err().contains("--no-passphrase"), fromFile.err());
    assertFalse(Files.exists(key));
    CliRun init = tuf("init", tmp.resolve("repo").toString(), "--passphrase-file",
        empty.toString());
    assertEquals(ExitCode.KEY_ERROR, init.exit(), init.toString());
    assertFalse(Files.exists(tmp.resolve("repo")));
    assertFalse(Files.exists(tmp.resolve("repo-keys")));

    CliRun plain = tuf("key", "generate", "--out", key.toString(), "--no-passphrase");
    assertEquals(0, plain.exit(), plain.toString());
  }

  @Test
  void aWrongPassphraseAtATerminalMayBeTypedAgainThreeTimesInAll() throws Exception {
    Path repo = tmp.resolve("repo");
    Path pass = Files.writeString(tmp.resolve("pass.txt"), "right horse\n");
    CliRun init = tuf("init", repo.toString(), "--passphrase-file", pass.toString());
    assertEquals(0, init.exit(), init.toString());
    String ts = Repos.keys(repo).resolve("timestamp.pem").toString();

    ScriptedTerminal t = terminal("wrong horse", "right horse");
    CliRun second = tuf("timestamp", repo.toString(), "-k", ts);
    assertEquals(0, second.exit(), second.toString() + t.transcript);
    assertTrue(t.transcript.stream().anyMatch(l -> l.startsWith("wrong passphrase for")),
        t.transcript.toString());

    terminal("wrong 1", "wrong 2", "wrong 3", "right horse");
    CliRun thrice = tuf("timestamp", repo.toString(), "-k", ts);
    assertEquals(ExitCode.KEY_ERROR, thrice.exit(), thrice.toString());
    assertTrue(thrice.err().contains("hint: check the passphrase"), thrice.err());

    // From a file there is nobody to ask again.
    noTerminal();
    Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "wrong\n");
    CliRun file = tuf("timestamp", repo.toString(), "-k", ts, "--passphrase-file",
        wrong.toString());
    assertEquals(ExitCode.KEY_ERROR, file.exit(), file.toString());
    try {
      PemKeys.read(Path.of(ts), "wrong".toCharArray());
    } catch (KeyFileException expected) {
      assertEquals(KeyFileException.Reason.WRONG_PASSWORD, expected.reason());
    }
  }
}
