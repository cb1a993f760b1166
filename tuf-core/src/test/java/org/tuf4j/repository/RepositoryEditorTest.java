package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signature;

/**
 * The repository writer (TUF spec §6): what each edit re-signs, offline signatures, refusals,
 * and that a client accepts every published version.
 */
class RepositoryEditorTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path tmp;
  private FileSystemStorage storage;
  private final Map<RoleType, Signer> signers = new EnumMap<>(RoleType.class);
  private Signer binSigner;

  @BeforeEach
  void setUp() throws Exception {
    storage = FileSystemStorage.open(tmp.resolve("repo"));
    for (RoleType t : RoleType.values()) {
      signers.put(t, KeyPairSigner.generate("ed25519"));
    }
    binSigner = KeyPairSigner.generate("ed25519");
  }

  static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  private RepositoryEditor create() throws Exception {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    signers.forEach((t, s) -> roles.put(t, RoleKeys.of(key(s))));
    return RepositoryEditor.create(storage, CLOCK, roles, true);
  }

  @Test
  void aCreateRefusedForMissingRoleKeysLeavesTheRepositoryUnlocked() throws Exception {
    Map<RoleType, RoleKeys> noTimestamp = new EnumMap<>(RoleType.class);
    signers.forEach((t, s) -> noTimestamp.put(t, RoleKeys.of(key(s))));
    noTimestamp.remove(RoleType.TIMESTAMP);
    assertThrows(IllegalArgumentException.class,
        () -> RepositoryEditor.create(storage, CLOCK, noTimestamp, true));
    try (RepositoryEditor editor = create()) {
      assertEquals(1, editor.root().version());
    }
  }

  private List<Signer> online() {
    List<Signer> out = new ArrayList<>(signers.values());
    out.add(binSigner);
    return out;
  }

  private Updater client(String name) throws Exception {
    return Updater.builder()
        .metadataDir(tmp.resolve(name).resolve("metadata"))
        .metadataBaseUrl(storage.root().resolve("metadata").toUri())
        .targetBaseUrl(storage.root().resolve("targets").toUri())
        .targetDir(tmp.resolve(name).resolve("targets"))
        .trustedRoot(Files.readAllBytes(storage.root().resolve("metadata/1.root.json")))
        .fetcher(FileFetcher.create())
        .config(UpdaterConfig.builder().clock(CLOCK).build())
        .build();
  }

  private Map<String, byte[]> files() throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(storage.root())) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        out.put(storage.root().relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void newRepositoryIsPublishedAndAcceptedByTheClient_spec6() throws Exception {
    RepositoryEditor editor = create();
    editor.targets().addTarget("fw/app.bin", "v1".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    Release release = editor.stage(online());
    assertEquals(List.of("root", "targets", "snapshot", "timestamp"), release.roles());
    release.publish();
    assertTrue(Files.exists(storage.root().resolve("metadata/1.root.json")));
    assertTrue(Files.exists(storage.root().resolve("metadata/root.json")));
    assertTrue(Files.exists(storage.root().resolve("metadata/1.targets.json")));
    Updater client = client("c");
    TargetInfo info = client.getTargetInfo("fw/app.bin").orElseThrow();
    assertEquals("v1", Files.readString(client.download(info)));
  }

  @Test
  void changingOneTargetInHashBinsResignsOneBinSnapshotAndTimestamp_tap15() throws Exception {
    RepositoryEditor editor = create();
    editor.delegations().delegateHashBins("targets", 4, "bin", RoleKeys.of(key(binSigner)));
    for (int i = 0; i < 100; i++) {
      editor.targets().putTargetInfo(editor.targets().responsibleRoleFor("p/" + i),
          RepositoryEditor.describeTarget("p/" + i,
          new java.io.ByteArrayInputStream(new byte[] {(byte) i}), Optional.empty()));
    }
    editor.stage(online()).publish();

    RepositoryEditor reopened = RepositoryEditor.open(storage, CLOCK);
    reopened.targets().addTarget("p/new", new byte[] {1, 2, 3}, Optional.empty());
    Release release = reopened.stage(online());
    String bin = reopened.targets().responsibleRoleFor("p/new");
    assertEquals(List.of(bin, "snapshot", "timestamp"), release.roles());
    release.publish();
    Updater client = client("c");
    TargetInfo info = client.getTargetInfo("p/new").orElseThrow();
    assertEquals(bin, info.signingRole());
    assertEquals(2, client.trustedTargets(bin).orElseThrow().signed().version());
  }

  @Test
  void targetsFromFilesAndStreamsKeepTheirCustomMetadata() throws Exception {
    RepositoryEditor editor = create();
    Path file = Files.write(tmp.resolve("from-file.bin"), new byte[] {1, 2});
    var custom = Optional.of((org.tuf4j.encoding.JsonValue) org.tuf4j.encoding.CanonicalJson
        .parse("{\"hardwareIds\":[\"ecu-a\"],\"releaseCounter\":3}".getBytes(
            StandardCharsets.UTF_8)));
    editor.targets().addTarget("f/file.bin", file, custom);
    editor.targets().addTarget("targets", "f/stream.bin",
        new java.io.ByteArrayInputStream(new byte[] {9, 9, 9}), Optional.empty());
    editor.stage(online()).publish();
    Updater client = client("c");
    TargetInfo fromFile = client.getTargetInfo("f/file.bin").orElseThrow();
    assertEquals(custom, fromFile.target().custom());
    assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(client.download(fromFile)));
    assertArrayEquals(new byte[] {9, 9, 9}, Files.readAllBytes(client.download(
        client.getTargetInfo("f/stream.bin").orElseThrow())));
  }

  @Test
  void removingATargetTakesItOutOfTheNextVersion() throws Exception {
    RepositoryEditor editor = create();
    editor.targets().addTarget("a.txt", new byte[] {1}, Optional.empty());
    editor.stage(online()).publish();
    assertTrue(editor.targets().removeTarget("a.txt"));
    assertFalse(editor.targets().removeTarget("a.txt"));
    editor.stage(online()).publish();
    assertEquals(Optional.empty(), client("c").getTargetInfo("a.txt"));
  }

  @Test
  void delegatedRolesAreCreatedAndFollowedByClients_spec4_5() throws Exception {
    RepositoryEditor editor = create();
    Signer docs = KeyPairSigner.generate("ecdsa-sha2-nistp256");
    editor.delegations().delegate("targets", "docs", RoleKeys.of(key(docs)),
        Optional.of(List.of("docs/*")),
        Optional.empty(), true);
    editor.targets().putTargetInfo("docs", RepositoryEditor.describeTarget("docs/guide.pdf",
        new java.io.ByteArrayInputStream(new byte[] {7}), Optional.empty()));
    List<Signer> all = new ArrayList<>(online());
    all.add(docs);
    editor.stage(all).publish();
    TargetInfo info = client("c").getTargetInfo("docs/guide.pdf").orElseThrow();
    assertEquals(List.of("targets", "docs"), info.delegationChain());
  }

  @Test
  void delegatedKeyRotationResignsTheDelegatorAndTheRole() throws Exception {
    RepositoryEditor editor = create();
    Signer oldKey = KeyPairSigner.generate("ed25519");
    editor.delegations().delegate("targets", "docs", RoleKeys.of(key(oldKey)),
        Optional.of(List.of("d/*")),
        Optional.empty(), false);
    List<Signer> all = new ArrayList<>(online());
    all.add(oldKey);
    editor.stage(all).publish();
    Signer newKey = KeyPairSigner.generate("ecdsa-sha2-nistp256");
    editor.delegations().setDelegatedKeys("targets", "docs", RoleKeys.of(key(newKey)));
    editor.targets().putTargetInfo("docs", RepositoryEditor.describeTarget("d/x",
        new java.io.ByteArrayInputStream(new byte[] {3}), Optional.empty()));
    Release withOldKey = editor.stage(all);
    assertFalse(withOldKey.status("docs").isComplete(), "the revoked key no longer counts");
    List<Signer> rotated = new ArrayList<>(online());
    rotated.add(newKey);
    Release release = editor.stage(rotated);
    assertEquals(List.of("docs", "targets", "snapshot", "timestamp"), release.roles());
    assertEquals(java.util.Set.of(key(newKey).computeKeyId()),
        release.files(MetadataEncoding.JSON).targets().get("targets")
        .signed().delegations().orElseThrow().keys().keySet(), "the revoked key is gone");
    release.publish();
    assertEquals("docs", client("c").getTargetInfo("d/x").orElseThrow().signingRole());
  }

  @Test
  void delegatingToAnExistingRoleNameIsRefused_delegationCycle() throws Exception {
    RepositoryEditor editor = create();
    editor.delegations().delegate("targets", "a", RoleKeys.of(key(binSigner)),
        Optional.of(List.of("*")),
        Optional.empty(), false);
    assertThrows(InvalidRepositoryException.class, () -> editor.delegations().delegate("a", "a",
        RoleKeys.of(key(binSigner)), Optional.of(List.of("*")), Optional.empty(), false));
    assertThrows(InvalidRepositoryException.class, () -> editor.delegations().delegate("a",
        "targets",
        RoleKeys.of(key(binSigner)), Optional.of(List.of("*")), Optional.empty(), false));
  }

  @Test
  void unsafeTargetPathsAreRefused() throws Exception {
    RepositoryEditor editor = create();
    for (String bad : List.of("../x", "a//b", "/abs", "a/./b", "", "a\\b")) {
      assertThrows(InvalidRepositoryException.class,
          () -> editor.targets().addTarget(bad, new byte[] {1}, Optional.empty()), bad);
    }
  }

  @Test
  void revokingAKeyBelowTheThresholdIsRefused_thresholdUnreachable() throws Exception {
    RepositoryEditor editor = create();
    String only = key(signers.get(RoleType.SNAPSHOT)).computeKeyId();
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> editor.keys().revokeKey(RoleType.SNAPSHOT, only));
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    assertThrows(InvalidRepositoryException.class,
        () -> editor.keys().setThreshold(RoleType.ROOT, 2));
  }

  @Test
  void publishWithMissingSignaturesIsRefusedAndWritesNothing() throws Exception {
    RepositoryEditor editor = create();
    editor.stage(online()).publish();
    Map<String, byte[]> before = files();
    editor.targets().addTarget("x", new byte[] {1}, Optional.empty());
    Release release = editor.stage(List.of(signers.get(RoleType.SNAPSHOT),
        signers.get(RoleType.TIMESTAMP)));
    assertFalse(release.isFullySigned());
    RoleStatus targets = release.status("targets");
    assertEquals(1, targets.missing());
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        release::publish);
    assertTrue(e.getMessage().contains("targets v2"), e.getMessage());
    assertEquals(before.keySet(), files().keySet());
  }

  @Test
  void rootRotationNeedsTheOldAndTheNewThreshold_spec5_3_4() throws Exception {
    RepositoryEditor editor = create();
    editor.stage(online()).publish();
    Signer newRoot = KeyPairSigner.generate("ed25519");
    editor.keys().addKey(RoleType.ROOT, key(newRoot));
    editor.keys().revokeKey(RoleType.ROOT, key(signers.get(RoleType.ROOT)).computeKeyId());
    // Only the new key signs: the previous root would not accept this.
    Release release = editor.stage(List.of(newRoot, signers.get(RoleType.TIMESTAMP)));
    RoleStatus root = release.status("root");
    assertFalse(root.isComplete());
    assertTrue(root.describe().contains("keys of v1"), root.describe());
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        release::publish);
    assertTrue(e.getMessage().contains("need 1 more"), e.getMessage());
    // The old key holder signs offline: a detached signature over the exact bytes.
    Signer old = signers.get(RoleType.ROOT);
    release.files(MetadataEncoding.JSON).addSignature("root", Signature.of(key(old).computeKeyId(),
        old.sign(release.files(MetadataEncoding.JSON).bytesToSign("root"))));
    release.publish();
    Updater client = client("c");
    client.refresh();
    assertEquals(2, client.trustedRoot().signed().version());
  }

  @Test
  void savedReleaseIsResumedSignedAndPublishedByAnotherEditor_offlineSigning() throws Exception {
    RepositoryEditor editor = create();
    editor.stage(online()).publish();
    editor.targets().addTarget("later.bin", "staged content".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    editor.touch("root");
    // Only the online keys sign now; root and targets wait for their offline holders.
    Release staged = editor.stage(List.of(signers.get(RoleType.SNAPSHOT),
        signers.get(RoleType.TIMESTAMP)));
    staged.save();
    assertTrue(Files.exists(storage.root().resolve("staged/release.json")));
    assertFalse(Files.exists(storage.root().resolve("metadata/2.root.json")));

    Release resumed = RepositoryEditor.resume(storage, CLOCK);
    assertEquals(staged.roles(), resumed.roles());
    assertArrayEquals(staged.files(MetadataEncoding.JSON).bytesToSign("root"),
        resumed.files(MetadataEncoding.JSON).bytesToSign("root"));
    assertFalse(resumed.isFullySigned());
    resumed.sign(signers.get(RoleType.ROOT));
    resumed.save(); // a second holder would resume from here
    Release again = RepositoryEditor.resume(storage, CLOCK);
    assertEquals(1, again.status("root").thresholds().get(0).signedBy().size());
    again.sign(signers.get(RoleType.TARGETS));
    // The snapshot describes the targets file, signatures included (§5.6.1 length and hashes),
    // so the online keys sign the snapshot and timestamp again once targets is signed.
    assertFalse(again.status("snapshot").isComplete());
    again.sign(signers.get(RoleType.SNAPSHOT));
    again.sign(signers.get(RoleType.TIMESTAMP));
    again.publish();
    assertFalse(Files.exists(storage.root().resolve("staged/release.json")));
    Updater client = client("c");
    assertEquals("staged content", Files.readString(client.download(
        client.getTargetInfo("later.bin").orElseThrow())));
    assertEquals(2, client.trustedRoot().signed().version());
  }

  @Test
  void detachedSignatureThatDoesNotVerifyIsRefused() throws Exception {
    RepositoryEditor editor = create();
    Release release = editor.stage(List.of());
    Signer rootKey = signers.get(RoleType.ROOT);
    String id = key(rootKey).computeKeyId();
    byte[] wrongBytes = rootKey.sign("something else".getBytes(StandardCharsets.UTF_8));
    assertThrows(InvalidRepositoryException.class,
        () -> release.files(MetadataEncoding.JSON).addSignature("root", Signature.of(id,
            wrongBytes)));
    Signer stranger = KeyPairSigner.generate("ed25519");
    assertThrows(InvalidRepositoryException.class,
        () -> release.files(MetadataEncoding.JSON).addSignature("root",
        Signature.of(key(stranger).computeKeyId(),
            stranger.sign(release.files(MetadataEncoding.JSON).bytesToSign("root")))));
    assertEquals(0, release.status("root").thresholds().get(0).signedBy().size());
  }

  @Test
  void exportedFileSignedElsewhereIsImported() throws Exception {
    RepositoryEditor editor = create();
    Release release = editor.stage(List.of(signers.get(RoleType.TARGETS),
        signers.get(RoleType.SNAPSHOT), signers.get(RoleType.TIMESTAMP)));
    byte[] exported = release.files(MetadataEncoding.JSON).export("root");
    // Another party adds its signature to the exported file.
    Signer rootKey = signers.get(RoleType.ROOT);
    var parsed = org.tuf4j.metadata.Signed.parse(exported, org.tuf4j.metadata.Root.class);
    byte[] signedCopy = parsed.withSignatures(List.of(Signature.of(key(rootKey).computeKeyId(),
        rootKey.sign(parsed.canonicalSigned())))).toCanonicalJson();
    assertEquals(1, release.files(MetadataEncoding.JSON).importSignatures("root", signedCopy));
    release.publish();
  }

  @Test
  void expiredUnchangedRoleIsCaughtBeforePublishing_freeze() throws Exception {
    RepositoryEditor editor = create();
    editor.policy().setExpiryPeriod("targets", Duration.ofDays(1));
    editor.stage(online()).publish();
    Clock later = Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC);
    RepositoryEditor next = RepositoryEditor.open(storage, later);
    Map<String, byte[]> before = files();
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> next.stage(online()).publish());
    assertTrue(e.getMessage().contains("targets") && e.getMessage().contains("expired"),
        e.getMessage());
    assertEquals(before.keySet(), files().keySet());
    next.touch("targets");
    next.stage(online()).publish();
  }

  @Test
  void reopenedRepositoryContinuesVersions() throws Exception {
    RepositoryEditor editor = create();
    editor.stage(online()).publish();
    RepositoryEditor again = RepositoryEditor.open(storage, CLOCK);
    again.targets().addTarget("b", new byte[] {2}, Optional.empty());
    Release r = again.stage(online());
    assertEquals(2, r.files(MetadataEncoding.JSON).targets().get("targets").signed().version());
    assertEquals(2, r.files(MetadataEncoding.JSON).snapshot().orElseThrow().signed().version());
    assertEquals(2, r.files(MetadataEncoding.JSON).timestamp().signed().version());
    r.publish();
    Updater c = client("c");
    assertArrayEquals(new byte[] {2}, Files.readAllBytes(c.download(
        c.getTargetInfo("b").orElseThrow())));
  }

  /**
   * The writer matches signers to trusted keys by key material; a trusted key that does not
   * decode never matches and never throws (regression: an overlapping PEM escaped as
   * StringIndexOutOfBoundsException). The role's threshold is then unreachable: said so.
   */
  @Test
  void undecodableTrustedKeyNeverMatchesASignerAndNeverThrows_spec4_2() throws Exception {
    RepositoryEditor editor = create();
    editor.stage(online()).publish();
    Key broken = Key.of("ecdsa", "ecdsa-sha2-nistp256",
        "-----BEGIN PUBLIC KEY---------END PUBLIC KEY-----");
    editor.delegations().delegate("targets", "docs", RoleKeys.of(broken),
        Optional.of(List.of("docs/*")),
        Optional.empty(), false);
    Release release = editor.stage(online());
    assertFalse(release.isFullySigned());
    assertThrows(InvalidRepositoryException.class, release::publish);
  }
}
