package org.tuf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.cli.CliRun.tuf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -k} takes a key URI wherever it takes a key file (issue 21 §3). */
class KeyUriOptionsTest {
  @TempDir Path tmp;
  private Path repo;
  private Path file;

  @BeforeEach
  void repository() throws Exception {
    repo = Repos.init(tmp.resolve("repo"));
    file = Files.writeString(tmp.resolve("app.bin"), "app");
  }

  private String keyUri(String role) {
    return Repos.keys(repo).resolve(role + ".pem").toUri().toString();
  }

  @Test
  void fileUrisSignAsTheirFilesDo() {
    CliRun add = tuf("target", "add", repo.toString(), file.toString(), "-k", keyUri("targets"),
        "-k", keyUri("snapshot"), "-k", keyUri("timestamp"), "--no-passphrase");
    assertEquals(0, add.exit(), add.toString());
    assertTrue(add.out().contains("published"), add.out());
  }

  @Test
  void aPkcs11UriThatSelectsByTokenLabelIsAKeyErrorNamingWhatToGive() {
    CliRun add = tuf(Repos.concat(Repos.online(repo, "target", "add", repo.toString(),
        file.toString()), "-k", "pkcs11:token=tuf;object=targets?module-path=/nonexistent.so"));
    assertEquals(ExitCode.KEY_ERROR, add.exit(), add.toString());
    assertTrue(Repos.plainError(add.err()), add.err());
    assertTrue(add.err().contains("slot-id"), add.err());
  }

  @Test
  void aSchemeNoProviderOpensIsAKeyErrorListingTheSchemes() {
    CliRun add = tuf(Repos.concat(Repos.online(repo, "target", "add", repo.toString(),
        file.toString()), "-k", "vault:transit/keys/targets"));
    assertEquals(ExitCode.KEY_ERROR, add.exit(), add.toString());
    assertTrue(Repos.plainError(add.err()), add.err());
    assertTrue(add.err().contains("file, pkcs11"), add.err());
  }
}
