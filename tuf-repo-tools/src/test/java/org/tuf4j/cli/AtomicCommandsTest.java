package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.signer.PemKeys;

/** Commands are all-or-nothing: a failed {@code init} or {@code signature add} leaves nothing. */
@Timeout(120)
class AtomicCommandsTest {
  @TempDir Path tmp;

  private List<String> entries() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void initWithABadExpiryWritesNothingAndCanBeRunAgain() throws Exception {
    Path repo = tmp.resolve("repo");
    CliRun bad = tuf("init", repo.toString(), "--no-passphrase", "--expiry", "timestamp=P-1D");
    assertNotEquals(0, bad.exit(), bad.toString());
    assertTrue(Repos.plainError(bad.err()), bad.err());
    assertEquals(List.of(), entries(), "no repository, no keys, no temporary directory");
    CliRun unknownRole = tuf("init", repo.toString(), "--no-passphrase", "--expiry",
        "snapshots=P1D");
    assertEquals(ExitCode.USAGE, unknownRole.exit(), unknownRole.toString());
    assertEquals(List.of(), entries());

    CliRun again = tuf("init", repo.toString(), "--no-passphrase");
    assertEquals(0, again.exit(), again.toString());
    assertEquals(List.of("repo", "repo-keys"), entries());
  }

  @Test
  void initOnAnExistingRepositoryTouchesNoKey() throws Exception {
    Path repo = Repos.init(tmp.resolve("repo"), "--root-keys", "2");
    String keys = Repos.tree(Repos.keys(repo));
    String published = Repos.tree(repo);
    CliRun again = tuf("init", repo.toString(), "--no-passphrase");
    assertEquals(ExitCode.IO_ERROR, again.exit(), again.toString());
    assertTrue(again.err().contains("already a repository"), again.err());
    assertEquals(keys, Repos.tree(Repos.keys(repo)), "no key written into the live key directory");
    assertEquals(published, Repos.tree(repo));
    assertEquals(List.of("repo", "repo-keys"), entries());

    // A key directory that holds one of the names init would write is refused before writing.
    Path other = tmp.resolve("other");
    CliRun clash = tuf("init", other.toString(), "--no-passphrase", "--keys",
        Repos.keys(repo).toString());
    assertEquals(ExitCode.IO_ERROR, clash.exit(), clash.toString());
    assertTrue(clash.err().contains("not overwriting a key"), clash.err());
    assertFalse(Files.exists(other));
    assertEquals(keys, Repos.tree(Repos.keys(repo)));
  }

  @Test
  void signatureAddKeepsAllOrNone() throws Exception {
    Path repo = Repos.init(tmp.resolve("repo"), "--root-keys", "3", "--root-threshold", "2");
    Path keys = Repos.keys(repo);
    CliRun rotate = tuf("root", "rotate", repo.toString(), "--threshold", "2", "--stage");
    assertEquals(0, rotate.exit(), rotate.toString());
    Path a = tmp.resolve("a.sig");
    Path b = tmp.resolve("b.sig");
    for (Object[] sig : new Object[][] {{a, "root-1"}, {b, "root-2"}}) {
      CliRun s = tuf("sign", repo.toString(), "--role", "root", "--detached",
          sig[0].toString(), "-k", keys.resolve(sig[1] + ".pem").toString(), "--no-passphrase",
          "--yes");
      assertEquals(0, s.exit(), s.toString());
    }
    // A signature by a key root does not trust: the whole command fails, a.sig is not kept.
    Path foreign = tmp.resolve("foreign.sig");
    PemKeys.generate("ed25519", tmp.resolve("foreign.pem"), null);
    String sigA = Files.readString(a);
    String foreignId = PemKeys.publicKey(PemKeys.read(tmp.resolve("foreign.pem"), null))
        .computeKeyId();
    Files.writeString(foreign, sigA.replaceFirst("\"keyid\":\"[0-9a-f]+\"",
        "\"keyid\":\"" + foreignId + "\""));
    String staged = Repos.tree(repo.resolve("staged"));
    CliRun mixed = tuf("signature", "add", repo.toString(), "--role", "root", a.toString(),
        foreign.toString());
    assertNotEquals(0, mixed.exit(), mixed.toString());
    assertFalse(mixed.out().contains("added"), mixed.out());
    assertTrue(mixed.err().contains(foreign.toString()), mixed.err());
    assertTrue(mixed.err().contains("no signature was added"), mixed.err());
    assertEquals(staged, Repos.tree(repo.resolve("staged")));

    Path garbage = Files.writeString(tmp.resolve("garbage.sig"), "not json");
    CliRun notASig = tuf("signature", "add", repo.toString(), "--role", "root", a.toString(),
        garbage.toString());
    assertEquals(ExitCode.USAGE, notASig.exit(), notASig.toString());
    assertFalse(notASig.out().contains("added"), notASig.out());
    assertEquals(staged, Repos.tree(repo.resolve("staged")));

    CliRun both = tuf("signature", "add", repo.toString(), "--role", "root", a.toString(),
        b.toString());
    assertEquals(0, both.exit(), both.toString());
    assertEquals(2, both.out().split("added the signature of root by", -1).length - 1,
        both.out());
    assertTrue(both.out().contains("complete  root v2"), both.out());
  }
}
