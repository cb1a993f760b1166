package org.tuf4j.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;

/**
 * Root and targets signed on a SoftHSM2 token through PKCS#11 (TUF spec §6.1: offline keys in
 * hardware); the client verifies with the public keys written in root, never touching the token.
 */
class Pkcs11RepositoryTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void rootAndTargetsSignedOnTheTokenAreAcceptedByTheClient() throws Exception {
    SoftHsm2.Token softHsm = SoftHsm2.token();
    try (Pkcs11Token token = Pkcs11Token.open(softHsm.module(), softHsm.slotId(),
        SoftHsm2.PIN.toCharArray())) {
      Signer root = token.generateKey("repo-root", "ecdsa-sha2-nistp256");
      Signer targets = token.generateKey("repo-targets", "rsassa-pss-sha256");
      Signer snapshot = KeyPairSigner.generate("ed25519");
      Signer timestamp = KeyPairSigner.generate("ed25519");
      Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
      roles.put(RoleType.ROOT, RoleKeys.of(key(root)));
      roles.put(RoleType.TARGETS, RoleKeys.of(key(targets)));
      roles.put(RoleType.SNAPSHOT, RoleKeys.of(key(snapshot)));
      roles.put(RoleType.TIMESTAMP, RoleKeys.of(key(timestamp)));
      FileSystemStorage storage = FileSystemStorage.open(tmp.resolve("repo"));
      RepositoryEditor editor = RepositoryEditor.create(storage, CLOCK, roles, true);
      editor.targets().addTarget("fw.bin", "signed in hardware".getBytes(StandardCharsets.UTF_8),
          Optional.empty());
      editor.stage(List.of(root, targets, snapshot, timestamp)).publish();

      Updater client = Updater.builder()
          .metadataDir(tmp.resolve("client"))
          .metadataBaseUrl(storage.root().resolve("metadata").toUri())
          .targetBaseUrl(storage.root().resolve("targets").toUri())
          .targetDir(tmp.resolve("downloads"))
          .trustedRoot(Files.readAllBytes(storage.root().resolve("metadata/1.root.json")))
          .fetcher(FileFetcher.create())
          .config(UpdaterConfig.builder().clock(CLOCK).build())
          .build();
      TargetInfo info = client.getTargetInfo("fw.bin").orElseThrow();
      assertEquals("signed in hardware", Files.readString(client.download(info)));
    }
  }

  private static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }
}
