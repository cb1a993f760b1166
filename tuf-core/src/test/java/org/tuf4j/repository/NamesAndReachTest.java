package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;

/**
 * The writer publishes only names every client can store apart and targets a client can reach
 * (TUF spec §5.6.7; Uptane Standard #meta_structures for NFC). Regressions: a 240-character role
 * name and a 227-character target path published and could never be downloaded; {@code target
 * add --role docs fw/other.txt} with docs delegated {@code fw/docs/*} published a target no
 * client finds; {@code delegate --from docs --paths 'docs/sub/*'} under docs delegated {@code
 * docs/*} published a role no client reaches; a target in a path-delegated role could not be
 * removed.
 */
class NamesAndReachTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path tmp;
  private FileSystemStorage storage;
  private final TopLevelKeys keys = new TopLevelKeys();
  private final Signer docsKey = KeyPairSigner.generate("ed25519");
  private RepositoryEditor editor;

  @BeforeEach
  void setUp() throws Exception {
    storage = FileSystemStorage.open(tmp.resolve("repo"));
    editor = RepositoryEditor.create(storage, CLOCK, keys.roles(), true);
    editor.delegations().delegate("targets", "docs", docsKeys(), Optional.of(List.of("fw/docs/*")),
        Optional.empty(), false);
  }

  private RoleKeys docsKeys() {
    return RoleKeys.of(RepositoryEditorTest.key(docsKey));
  }

  private void publish() throws Exception {
    editor.stage(keys.all(docsKey)).publish();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Root", "TIMESTAMP", "Docs", "DOCS", "e\u0301", "\u212Bngstr\u00f6m"})
  void roleNamesClientsCannotStoreApartAreRefused_caseFoldingAndNfc(String name) {
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> editor.delegations().delegate("targets", name, docsKeys(),
            Optional.of(List.of("x/*")),
            Optional.empty(), false));
    assertTrue(e.getMessage().contains("case") || e.getMessage().contains("NFC"),
        e.getMessage());
  }

  @Test
  void roleNameTooLongForItsMetadataFileIsRefused_255Bytes() throws Exception {
    String name = "r".repeat(240);
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> editor.delegations().delegate("targets", name, docsKeys(),
            Optional.of(List.of("x/*")),
            Optional.empty(), false));
    assertTrue(e.getMessage().contains("too long"), e.getMessage());
    editor.delegations().delegate("targets", "r".repeat(200), docsKeys(),
        Optional.of(List.of("x/*")),
        Optional.empty(), false);
  }

  @Test
  void targetPathsClientsCannotStoreAreRefused_255Bytes() throws Exception {
    String deep = "d/".repeat(80) + "f".repeat(67); // 227 characters, 387 once percent-encoded
    assertEquals(227, deep.length());
    assertThrows(InvalidRepositoryException.class,
        () -> editor.targets().addTarget(deep, new byte[] {1}, Optional.empty()));
    String longName = "n".repeat(130); // <sha512>.<name> would need 259 bytes
    assertThrows(InvalidRepositoryException.class,
        () -> editor.targets().addTarget(longName, new byte[] {1}, Optional.empty()));
    assertThrows(InvalidRepositoryException.class,
        () -> editor.targets().addTarget("cafe\u0301.bin", new byte[] {1}, Optional.empty()));
    editor.targets().addTarget("caf\u00e9.bin", new byte[] {1}, Optional.empty());
  }

  @Test
  void targetOutsideTheRolesDelegatedPathsIsRefused_spec5_6_7() throws Exception {
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> editor.targets().addTarget("docs", "fw/other.txt", new byte[] {1}, Optional.empty()));
    assertTrue(e.getMessage().contains("outside what targets delegates to docs"),
        e.getMessage());
    editor.targets().addTarget("docs", "fw/docs/guide.txt", new byte[] {1}, Optional.empty());
    publish();
    assertTrue(client().getTargetInfo("fw/docs/guide.txt").isPresent());
  }

  @Test
  void delegationThatCanNeverApplyIsRefused_spec5_6_7() throws Exception {
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> editor.delegations().delegate("docs", "sub", docsKeys(),
            Optional.of(List.of("fw/docs/sub/*")),
            Optional.empty(), false));
    assertTrue(e.getMessage().contains("can never apply"), e.getMessage());
    assertThrows(InvalidRepositoryException.class, () -> editor.delegations().delegate("docs",
        "other",
        docsKeys(), Optional.of(List.of("fw/other/*", "x?")), Optional.empty(), false));
    editor.delegations().delegate("docs", "manuals", docsKeys(),
        Optional.of(List.of("fw/docs/man-*.pdf")),
        Optional.empty(), false);
    editor.targets().addTarget("manuals", "fw/docs/man-1.pdf", new byte[] {1}, Optional.empty());
    editor.delegations().delegate("targets", "by-hash", docsKeys(), Optional.empty(),
        Optional.of(List.of("ab")),
        false);
    assertThrows(InvalidRepositoryException.class, () -> editor.delegations().delegate("by-hash",
        "cd",
        docsKeys(), Optional.empty(), Optional.of(List.of("cd")), false));
    editor.delegations().delegate("by-hash", "abc", docsKeys(), Optional.empty(),
        Optional.of(List.of("abc")),
        false);
    publish();
    assertEquals(List.of("targets", "docs", "manuals"),
        client().getTargetInfo("fw/docs/man-1.pdf").orElseThrow().delegationChain());
  }

  @Test
  void targetInADelegatedRoleIsFoundAndRemoved_spec5_6_7() throws Exception {
    editor.targets().addTarget("docs", "fw/docs/a.txt", "a".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    editor.targets().addTarget("docs", "fw/docs/b.txt", "b".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    publish();
    editor = RepositoryEditor.open(storage, CLOCK);
    assertTrue(editor.targets().target("fw/docs/a.txt").isPresent());
    assertTrue(editor.targets().removeTarget("fw/docs/a.txt"));
    assertFalse(editor.targets().removeTarget("fw/docs/a.txt"));
    assertTrue(editor.targets().removeTarget("docs", "fw/docs/b.txt"));
    publish();
    Updater client = client();
    assertEquals(Optional.empty(), client.getTargetInfo("fw/docs/a.txt"));
    assertEquals(Optional.empty(), client.getTargetInfo("fw/docs/b.txt"));
  }

  private Updater client() throws Exception {
    return RepositoryClients.client(Files.createTempDirectory(tmp, "client"), storage.root(),
        storage.root().toUri(), MetadataEncoding.JSON, CLOCK, FileFetcher.create());
  }
}
