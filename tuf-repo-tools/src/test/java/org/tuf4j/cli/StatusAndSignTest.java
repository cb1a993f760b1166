package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.signer.PemKeys;

/** No blind signing: status warns about expiry and shows what a staged release changes. */
@Timeout(180)
class StatusAndSignTest {
  @TempDir Path tmp;
  private Path repo;
  private Path keys;

  @BeforeEach
  void repository() {
    repo = Repos.init(tmp.resolve("repo"), "--root-keys", "2");
    keys = Repos.keys(repo);
  }

  @AfterEach
  void noTerminal() {
    Secrets.terminal = () -> null;
  }

  private String key(String name) {
    return keys.resolve(name + ".pem").toString();
  }

  @Test
  void statusMarksExpiredAndExpiringRolesDelegatedRolesAndBins() throws Exception {
    Signer docs = PemKeys.generate("ed25519", tmp.resolve("docs.pem"), null);
    PemKeys.writePublicKey(docs, tmp.resolve("docs.pub.json"));
    assertEquals(0, tuf(Repos.online(repo, "delegate", repo.toString(), "--to", "docs",
        "--paths", "docs/*", "--role-key", tmp.resolve("docs.pub.json").toString(), "-k",
        tmp.resolve("docs.pem").toString())).exit());
    assertEquals(0, tuf(Repos.online(repo, "delegate", repo.toString(), "--from", "docs",
        "--bins", "2", "--role-key", tmp.resolve("docs.pub.json").toString(), "-k",
        tmp.resolve("docs.pem").toString())).exit());

    CliRun fresh = tuf("status", repo.toString());
    assertEquals(0, fresh.exit(), fresh.toString());
    assertFalse(fresh.out().contains("EXPIRE"), fresh.out());
    assertTrue(fresh.out().contains("  docs "), fresh.out());
    assertTrue(fresh.out().contains("4 hash bins"), fresh.out());

    // Six days on: the timestamp (1 day) has expired, the snapshot (7 days) expires soon.
    CliRun later = tuf("status", repo.toString(), "--time",
        Instant.now().plusSeconds(6L * 86400).toString());
    assertEquals(0, later.exit(), later.toString());
    assertTrue(later.out().matches("(?s).*timestamp +v\\d+ .*EXPIRED.*"), later.out());
    assertTrue(later.out().matches("(?s).*snapshot +v\\d+ .*EXPIRES SOON.*"), later.out());
    assertTrue(later.out().contains("renew: `tuf timestamp`"), later.out());

    // Eighty days on, the delegated role and every bin (90 days) are close to expiry too.
    CliRun months = tuf("status", repo.toString(), "--time",
        Instant.now().plusSeconds(80L * 86400).toString());
    assertTrue(months.out().matches("(?s).*docs +v\\d+ .*EXPIRES SOON.*"), months.out());
    assertTrue(months.out().contains("4 hash bins, 4 EXPIRE SOON"), months.out());
    CliRun json = tuf("status", repo.toString(), "--json", "--time",
        Instant.now().plusSeconds(80L * 86400).toString());
    JsonValue.JsonObject roles = (JsonValue.JsonObject) Repos.json(json.out()).get("roles");
    assertEquals(new JsonValue.JsonString("expires_soon"),
        ((JsonValue.JsonObject) roles.get("docs")).get("state"));
    assertEquals(new JsonValue.JsonString("expired"),
        ((JsonValue.JsonObject) roles.get("timestamp")).get("state"));
  }

  @Test
  void aStagedRootShowsKeysThresholdsAndExpiryBeforeAndAfter() throws Exception {
    Signer fresh = PemKeys.generate("ecdsa-sha2-nistp256", tmp.resolve("new.pem"), null);
    PemKeys.writePublicKey(fresh, tmp.resolve("new.pub.json"));
    String newId = PemKeys.publicKey(fresh).computeKeyId();
    String oldId = PemKeys.publicKey(PemKeys.read(keys.resolve("root-2.pem"), null))
        .computeKeyId();
    CliRun rotate = tuf("root", "rotate", repo.toString(), "--add-key",
        tmp.resolve("new.pub.json").toString(), "--remove-key", oldId, "--threshold", "2",
        "--stage");
    assertEquals(0, rotate.exit(), rotate.toString());
    CliRun status = tuf("status", repo.toString());
    String out = status.out();
    assertTrue(out.contains("root v1 -> v2"), out);
    assertTrue(out.contains("+ root key ecdsa (scheme ecdsa-sha2-nistp256) "
        + newId), out);
    assertTrue(out.contains("- root key ed25519 (scheme ed25519) " + oldId), out);
    assertTrue(out.contains("root threshold 1 -> 2"), out);
    assertTrue(out.matches("(?s).*expires \\S+ -> \\S+.*"), out);

    // tuf sign shows the same and asks at a terminal; "no" signs nothing.
    String staged = Repos.tree(repo.resolve("staged"));
    SecretsTest.ScriptedTerminal t = SecretsTest.terminal("n");
    CliRun declined = tuf("sign", repo.toString(), "-k", key("root-1"), "--no-passphrase");
    assertEquals(ExitCode.REFUSED, declined.exit(), declined.toString());
    assertTrue(declined.out().contains("+ root key ecdsa (scheme"), declined.out());
    assertTrue(t.transcript.get(0).contains("[y/N]"), t.transcript.toString());
    assertEquals(staged, Repos.tree(repo.resolve("staged")));

    SecretsTest.terminal("y");
    CliRun yes = tuf("sign", repo.toString(), "-k", key("root-1"), "--no-passphrase");
    assertEquals(0, yes.exit(), yes.toString());
    t = SecretsTest.terminal();
    CliRun skip = tuf("sign", repo.toString(), "-k", tmp.resolve("new.pem").toString(),
        "--no-passphrase", "--yes");
    assertEquals(0, skip.exit(), skip.toString());
    assertTrue(t.transcript.isEmpty(), "--yes asks nothing");
  }

  @Test
  void aStagedTargetsChangeShowsTargetsAddedChangedAndRemoved() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.bin"), "A");
    Path b = Files.writeString(tmp.resolve("b.bin"), "B");
    assertEquals(0, tuf(Repos.online(repo, "target", "add", repo.toString(), a.toString(),
        b.toString())).exit());
    Files.writeString(a, "A, longer");
    Path c = Files.writeString(tmp.resolve("c.bin"), "C");
    assertEquals(0, tuf(Repos.online(repo, "target", "add", repo.toString(), a.toString(),
        c.toString(), "--stage")).exit());
    String out = tuf("status", repo.toString()).out();
    assertTrue(out.contains("+ c.bin (1 bytes"), out);
    assertTrue(out.contains("~ a.bin (1 -> 9 bytes"), out);
    assertFalse(out.contains("b.bin"), out);
    assertEquals(0, tuf("discard", repo.toString()).exit());
    assertEquals(0, tuf(Repos.online(repo, "target", "remove", repo.toString(), "b.bin",
        "--stage")).exit());
    out = tuf("status", repo.toString()).out();
    assertTrue(out.contains("- b.bin"), out);
    CliRun sign = tuf("sign", repo.toString(), "-k", key("targets"), "--no-passphrase");
    assertTrue(sign.out().contains("- b.bin"), sign.out());
  }

  @Test
  void aRootListingAKeyNobodyCanReadIsNeverSigned() throws Exception {
    RepositoryEditor editor = RepositoryEditor.open(FileSystemStorage.open(repo),
        Clock.systemUTC());
    Key unreadable = Key.of("ed25519", "ed25519", "zz-not-hex");
    editor.keys().addKey(RoleType.ROOT, unreadable);
    editor.stage(List.of()).save();
    CliRun sign = tuf("sign", repo.toString(), "-k", key("root-1"), "--no-passphrase",
        "--yes");
    assertEquals(ExitCode.REFUSED, sign.exit(), sign.toString());
    assertTrue(sign.err().contains("cannot be read"), sign.err());
    assertTrue(sign.out().contains("! key " + unreadable.computeKeyId()), sign.out());
    CliRun status = tuf("status", repo.toString());
    assertTrue(status.out().contains("! key " + unreadable.computeKeyId()), status.out());

    // The command line refuses to add such a key in the first place.
    assertEquals(0, tuf("discard", repo.toString()).exit());
    Path bad = Files.writeString(tmp.resolve("bad.pub.json"),
        "{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"zz\"}}");
    CliRun add = tuf("root", "rotate", repo.toString(), "--add-key", bad.toString(), "--stage");
    assertEquals(ExitCode.KEY_ERROR, add.exit(), add.toString());
    assertTrue(add.err().contains("cannot be read"), add.err());
  }
}
