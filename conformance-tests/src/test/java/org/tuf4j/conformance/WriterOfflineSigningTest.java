package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.Updater;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Signature;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleStatus;
import org.tuf4j.loopback.LoopbackServer;

/**
 * Offline multi-party root signing (TUF spec §6.1, §5.3.4): python-tuf-basic's root v2 needs 2
 * of its 3 root keys. Root v3 is staged, its exact bytes exported, signed by two key holders in
 * separate JVM processes, the detached signatures verified and added, and only then published.
 */
@Timeout(120)
class WriterOfflineSigningTest {
  @TempDir Path tmp;

  /** Runs {@link DetachedSignerMain} in a new JVM; returns the signature bytes. */
  private static byte[] signInAnotherProcess(Path key, String scheme, Path bytes, Path out)
      throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        DetachedSignerMain.class.getName(), key.toString(), scheme, bytes.toString(),
        out.toString()).inheritIO().start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return HexFormat.of().parseHex(Files.readString(out));
  }

  @Test
  void rootThresholdTwoOfThreeIsReachedBySignaturesFromSeparateProcesses() throws Exception {
    Path repo = tmp.resolve("repo");
    WriterEditsPythonTufTest.copyFixture(repo);
    RepositoryEditor editor = RepositoryEditor.open(FileSystemStorage.open(repo),
        WriterEditsPythonTufTest.CLOCK);
    editor.touch("root");
    // Online keys sign timestamp; the root keys are offline.
    Release release = editor.stage(List.of(
        WriterEditsPythonTufTest.fixtureKey("timestamp-1-ecdsa", "ecdsa-sha2-nistp256")));
    RoleStatus status = release.status("root");
    assertFalse(status.isComplete());
    assertEquals(2, status.missing(), status.describe());
    assertThrows(InvalidRepositoryException.class, release::publish);

    Path toSign = tmp.resolve("3.root.to-sign");
    Files.write(toSign, release.files(MetadataEncoding.JSON).bytesToSign("root"));
    List<String[]> holders = List.of(
        new String[] {"root-0-ed25519", "ed25519", "ab73c17d352c115795d581140b8724d28f4a58fb375422d8a0055b270e307e01"},
        new String[] {"root-1-ecdsa", "ecdsa-sha2-nistp256", "4a1d10b663841285affbb131a76df46a126645068e7970e20d2ff6749f5a24d0"});
    List<Signature> detached = new ArrayList<>();
    for (String[] h : holders) {
      Path key = org.tuf4j.testing.Fixtures.path("python-tuf-basic/keys/" + h[0] + ".pem");
      detached.add(Signature.of(h[2], signInAnotherProcess(key, h[1], toSign,
          tmp.resolve(h[0] + ".sig"))));
    }
    release.files(MetadataEncoding.JSON).addSignature("root", detached.get(0));
    assertEquals(1, release.status("root").missing());
    assertThrows(InvalidRepositoryException.class, release::publish);
    release.files(MetadataEncoding.JSON).addSignature("root", detached.get(1));
    assertTrue(release.status("root").isComplete(), release.status("root").describe());
    release.publish();

    try (LoopbackServer server = LoopbackServer.serveDirectory(repo)) {
      Updater client = WriterEditsPythonTufTest.client(tmp.resolve("client"), server);
      client.refresh();
      assertEquals(3, client.trustedRoot().signed().version());
      assertEquals("role3", client.getTargetInfo("a/deep/app-1.1.bin").orElseThrow()
          .signingRole());
    }
  }
}
