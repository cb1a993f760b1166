package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.ReleaseFiles;
import org.tuf4j.repository.RoleKeys;

/**
 * The Uptane Image repository (Uptane Standard #image_repository): offline targets keys, Uptane
 * custom metadata with increasing release counters, supplier delegations restricted by paths and
 * hardware ids, and a result tuf4j's plain TUF client reads.
 */
class ImageRepositoryTest {
  private static final Clock CLOCK = Clock.fixed(RepositoryKeys.NOW, java.time.ZoneOffset.UTC);
  private static final RepositoryKeys KEYS = new RepositoryKeys();
  private static final KeyPairSigner SUPPLIER = KeyPairSigner.generate("ed25519");

  @TempDir Path tmp;
  private FileSystemStorage storage;

  @BeforeEach
  void setUp() throws Exception {
    storage = FileSystemStorage.open(tmp.resolve("image-repo"));
  }

  static UptaneTargetCustom image(long counter, String... hardwareIds) {
    return UptaneTargetCustom.builder().hardwareIds(List.of(hardwareIds)).releaseCounter(counter)
        .build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Stages, signs targets with every offline key, publishes. */
  private static void publish(ImageRepository repo, KeyPairSigner... offline) throws Exception {
    Release release = repo.stage(KEYS.online());
    for (String role : release.roles()) {
      for (KeyPairSigner s : offline) {
        if (!release.status(role).isComplete()) {
          try {
            release.files(MetadataEncoding.JSON).addSignature(role,
                release.files(MetadataEncoding.JSON).detachedSignature(role, s));
          } catch (InvalidRepositoryException notTrusted) {
            // this key is not one of role's
          }
        }
      }
    }
    release.publish();
  }

  private ImageRepository created(boolean twoTargetsKeys) throws Exception {
    ImageRepository repo = ImageRepository.create(storage, CLOCK, KEYS.roles(twoTargetsKeys));
    Release first = repo.stage(KEYS.online());
    first.files(MetadataEncoding.JSON).addSignature("root",
        first.files(MetadataEncoding.JSON).detachedSignature("root", KEYS.root));
    first.files(MetadataEncoding.JSON).addSignature("targets",
        first.files(MetadataEncoding.JSON).detachedSignature("targets", KEYS.targets));
    if (twoTargetsKeys) {
      first.files(MetadataEncoding.JSON).addSignature("targets",
          first.files(MetadataEncoding.JSON).detachedSignature("targets", KEYS.targets2));
    }
    first.publish();
    return repo;
  }

  private Updater client(String name) throws Exception {
    return RepositoryKeys.client(tmp.resolve(name), storage.root().resolve("metadata"),
        storage.root().resolve("targets"), storage.read("metadata/1.root.json").orElseThrow(),
        CLOCK);
  }

  @Test
  void imageFilesArePublishedUnderEveryListedHash_uptane_metadata_filename_rules()
      throws Exception {
    ImageRepository repo = created(false);
    TargetFile added = repo.addImage("ecu/brakes-1.bin", bytes("brakes v1"),
        image(1, "hw-brake-a"));
    publish(repo, KEYS.targets);
    assertEquals(Set.of("sha256", "sha512"), added.hashes().keySet());
    for (String digest : added.hashes().values()) {
      // #metadata_filename_rules / TUF §5.7.3: a client may ask under any listed hash
      byte[] stored = storage.read("targets/ecu/" + digest + ".brakes-1.bin").orElseThrow();
      assertArrayEquals(bytes("brakes v1"), stored);
    }
  }

  @Test
  void namesNotInNfcAreRefusedByTheWriter_uptane_meta_structures() throws Exception {
    ImageRepository repo = created(false);
    String decomposed = "ecu/cafe\u0301.bin"; // "é" as e + combining acute: not NFC
    assertThrows(InvalidRepositoryException.class,
        () -> repo.addImage(decomposed, bytes("x"), image(1, "hw-a")));
    assertThrows(InvalidRepositoryException.class,
        () -> repo.addImage("ecu/x.bin", bytes("x"), image(1, "hw-e\u0301")));
    repo.addImage("ecu/caf\u00e9.bin", bytes("x"), image(1, "hw-a")); // the NFC spelling
    TargetFile image = new TargetFile(decomposed, 1, Map.of("sha256", "ab".repeat(32)),
        Optional.empty(), Map.of());
    assertThrows(IllegalArgumentException.class, () -> EcuAssignment.of("ecu-1", image));
    assertThrows(IllegalArgumentException.class, () -> EcuAssignment.of("e\u0301cu",
        new TargetFile("a.bin", 1, Map.of("sha256", "ab".repeat(32)), Optional.empty(),
            Map.of())));
  }

  @Test
  void imagesCarryHardwareIdsAndReleaseCounter_uptane_targets_images_meta() throws Exception {
    ImageRepository repo = created(false);
    TargetFile added = repo.addImage("ecu/brakes-1.bin", bytes("brakes v1"),
        image(1, "hw-brake-a", "hw-brake-b"));
    publish(repo, KEYS.targets);
    UptaneTargetCustom custom = UptaneTargetCustom.of(
        repo.image("targets", "ecu/brakes-1.bin").orElseThrow());
    assertEquals(Optional.of(List.of("hw-brake-a", "hw-brake-b")), custom.hardwareIds());
    assertEquals(OptionalLong.of(1), custom.releaseCounter());
    assertEquals(Optional.empty(), custom.ecuIdentifiers());
    assertEquals(Map.of("sha256", added.hashes().get("sha256"), "sha512",
        added.hashes().get("sha512")), added.hashes());
  }

  @Test
  void releaseCounterMustIncreasePerImageName_uptane_targets_images_meta() throws Exception {
    ImageRepository repo = created(false);
    repo.addImage("fw.bin", bytes("v2"), image(2, "hw"));
    publish(repo, KEYS.targets);
    InvalidRepositoryException equal = assertThrows(InvalidRepositoryException.class,
        () -> repo.addImage("fw.bin", bytes("v2 rebuilt"), image(2, "hw")));
    assertTrue(equal.getMessage().contains("release counter 2 does not increase"),
        equal.getMessage());
    assertThrows(InvalidRepositoryException.class,
        () -> repo.addImage("fw.bin", bytes("v1 again"), image(1, "hw")));
    repo.addImage("fw.bin", bytes("v3"), image(3, "hw"));
    // ... also against an edit not yet published.
    assertThrows(InvalidRepositoryException.class,
        () -> repo.addImage("fw.bin", bytes("v3 again"), image(3, "hw")));
    // ... and after reopening the repository.
    publish(repo, KEYS.targets);
    ImageRepository reopened = ImageRepository.open(storage, CLOCK);
    assertThrows(InvalidRepositoryException.class,
        () -> reopened.addImage("fw.bin", bytes("old"), image(3, "hw")));
    reopened.addImage("other.bin", bytes("new name, any counter"), image(0, "hw"));
  }

  @Test
  void imageWithoutHardwareIdsOrReleaseCounterIsRefused_uptane_targets_images_meta()
      throws Exception {
    ImageRepository repo = created(false);
    assertThrows(InvalidRepositoryException.class, () -> repo.addImage("a.bin", bytes("a"),
        UptaneTargetCustom.builder().releaseCounter(1).build()));
    assertThrows(InvalidRepositoryException.class, () -> repo.addImage("a.bin", bytes("a"),
        UptaneTargetCustom.builder().hardwareIds(List.of()).releaseCounter(1).build()));
    assertThrows(InvalidRepositoryException.class, () -> repo.addImage("a.bin", bytes("a"),
        UptaneTargetCustom.builder().hardwareIds(List.of("hw")).build()));
    assertThrows(InvalidRepositoryException.class, () -> repo.addImage("a.bin", bytes("a"),
        UptaneTargetCustom.builder().hardwareIds(List.of("hw")).releaseCounter(1)
            .ecuIdentifier("ecu-1", "hw").build()));
    assertEquals(Optional.empty(), repo.image("targets", "a.bin"));
  }

  @Test
  void targetsArePublishedOnlyAfterTheOfflineThreshold_uptane_image_repository()
      throws Exception {
    ImageRepository repo = created(true);
    byte[] timestampBefore = storage.read("metadata/timestamp.json").orElseThrow();
    repo.addImage("fw.bin", bytes("v1"), image(1, "hw"));
    Release release = repo.stage(KEYS.online());
    assertTrue(release.status("snapshot").isComplete());
    assertTrue(release.status("timestamp").isComplete());
    assertEquals(2, release.status("targets").missing());
    assertThrows(InvalidRepositoryException.class, release::publish);
    release.files(MetadataEncoding.JSON).addSignature("targets",
        release.files(MetadataEncoding.JSON).detachedSignature("targets", KEYS.targets));
    assertEquals(1, release.status("targets").missing());
    InvalidRepositoryException refused = assertThrows(InvalidRepositoryException.class,
        release::publish);
    assertTrue(refused.getMessage().contains("targets"), refused.getMessage());
    assertArrayEquals(timestampBefore, storage.read("metadata/timestamp.json").orElseThrow(),
        "nothing is written before the threshold is met");
    release.files(MetadataEncoding.JSON).addSignature("targets",
        release.files(MetadataEncoding.JSON).detachedSignature("targets", KEYS.targets2));
    release.publish();
    assertTrue(client("c").getTargetInfo("fw.bin").isPresent());
  }

  @Test
  void targetsKeysAreNotOnlineKeys_uptane_image_repository() throws Exception {
    ImageRepository repo = created(false);
    repo.addImage("fw.bin", bytes("v1"), image(1, "hw"));
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> repo.stage(List.of(KEYS.snapshot, KEYS.timestamp, KEYS.targets)));
    assertTrue(e.getMessage().contains("offline"), e.getMessage());
  }

  @Test
  void aSavedReleaseIsSignedOfflineAndPublishedLater_uptane_image_repository()
      throws Exception {
    ImageRepository repo = created(false);
    repo.addImage("fw.bin", bytes("v1"), image(1, "hw"));
    repo.stage(KEYS.online()).save();
    // Another process, with the offline key, adds its signature.
    Release offline = ImageRepository.resume(storage, CLOCK);
    offline.files(MetadataEncoding.JSON).addSignature("targets",
        offline.files(MetadataEncoding.JSON).detachedSignature("targets", KEYS.targets));
    offline.save();
    // The repository's process publishes: the snapshot describes the signed targets file
    // (length and hashes), so its online keys sign snapshot and timestamp again.
    Release resumed = ImageRepository.resume(storage, CLOCK);
    assertFalse(resumed.isFullySigned());
    for (Signer online : KEYS.online()) {
      resumed.sign(online, List.of("snapshot", "timestamp"));
    }
    resumed.publish();
    Updater c = client("c");
    assertEquals("v1", Files.readString(c.download(c.getTargetInfo("fw.bin").orElseThrow())));
  }

  @Test
  void timestampListsTheSnapshotsLengthAndHash_uptane_timestamp_meta() throws Exception {
    ImageRepository repo = created(false);
    repo.addImage("fw.bin", bytes("v1"), image(1, "hw"));
    publish(repo, KEYS.targets);
    Timestamp ts = Signed.parse(storage.read("metadata/timestamp.json").orElseThrow(),
        Timestamp.class).signed();
    MetaFile meta = ts.snapshotMeta();
    byte[] snapshot = storage.read("metadata/" + meta.version() + ".snapshot.json")
        .orElseThrow();
    assertEquals(OptionalLong.of(snapshot.length), meta.length());
    assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest
        .getInstance("SHA-256").digest(snapshot)), meta.hashes().get("sha256"));
    // A timestamp-only release (nothing else changed) describes the published snapshot.
    repo.stage(KEYS.online()).publish();
    Timestamp next = Signed.parse(storage.read("metadata/timestamp.json").orElseThrow(),
        Timestamp.class).signed();
    assertEquals(ts.version() + 1, next.version());
    assertEquals(meta, next.snapshotMeta());
  }

  @Test
  void supplierDelegationNamesItsHardwareIds_uptane_delegations_meta() throws Exception {
    ImageRepository repo = created(false);
    repo.delegateToSupplier("targets", "supplier-a", RoleKeys.of(RepositoryKeys.key(SUPPLIER)),
        List.of("supplier-a/*"), Optional.of(List.of("hw-a1", "hw-a2")), false);
    repo.delegateToSupplier("targets", "supplier-b", RoleKeys.of(RepositoryKeys.key(SUPPLIER)),
        List.of("supplier-b/*"), Optional.empty(), false);
    publish(repo, KEYS.targets, SUPPLIER);
    Targets top = Signed.parse(storage.read("metadata/2.targets.json").orElseThrow(),
        Targets.class).signed();
    List<DelegatedRole> roles = top.delegations().orElseThrow().roles().orElseThrow();
    assertEquals(Optional.of(List.of("hw-a1", "hw-a2")),
        UptaneDelegations.hardwareIds(roles.get(0)));
    assertTrue(roles.get(0).unrecognizedFields().containsKey("hardwareIds"));
    assertEquals(Optional.empty(), UptaneDelegations.hardwareIds(roles.get(1)));
    assertFalse(roles.get(0).terminating());
  }

  @Test
  void supplierMaySignOnlyItsPaths_uptane_image_repository() throws Exception {
    ImageRepository repo = created(false);
    repo.delegateToSupplier("targets", "supplier-a", RoleKeys.of(RepositoryKeys.key(SUPPLIER)),
        List.of("supplier-a/*"), Optional.empty(), false);
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> repo.addImage("supplier-a", "supplier-b/fw.bin", bytes("x"), image(1, "hw")));
    assertTrue(e.getMessage().contains("may not sign supplier-b/fw.bin"), e.getMessage());
    repo.addImage("supplier-a", "supplier-a/fw.bin", bytes("x"), image(1, "hw"));
  }

  @Test
  void supplierMaySignOnlyItsHardware_uptane_delegations_meta() throws Exception {
    ImageRepository repo = created(false);
    repo.delegateToSupplier("targets", "supplier-a", RoleKeys.of(RepositoryKeys.key(SUPPLIER)),
        List.of("supplier-a/*", "supplier-a/qa/*"), Optional.of(List.of("hw-a")), false);
    repo.delegateToSupplier("supplier-a", "supplier-a-qa", RoleKeys.of(RepositoryKeys.key(
        SUPPLIER)), List.of("supplier-a/qa/*"), Optional.empty(), false);
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> repo.addImage("supplier-a", "supplier-a/fw.bin", bytes("x"),
            image(1, "hw-a", "hw-other")));
    assertTrue(e.getMessage().contains("[hw-other]"), e.getMessage());
    // The restriction holds down the chain: the sub-delegation lists no hardware ids itself.
    InvalidRepositoryException down = assertThrows(InvalidRepositoryException.class,
        () -> repo.addImage("supplier-a-qa", "supplier-a/qa/fw.bin", bytes("x"),
            image(1, "hw-other")));
    assertTrue(down.getMessage().contains("role supplier-a may not sign supplier-a/qa/fw.bin "
        + "for hardware [hw-other]"), down.getMessage());
    repo.addImage("supplier-a-qa", "supplier-a/qa/fw.bin", bytes("x"), image(1, "hw-a"));
  }

  @Test
  void theTufClientRefreshesAndDownloadsImagesOfEveryRole_uptane_image_repository()
      throws Exception {
    ImageRepository repo = created(false);
    repo.delegateToSupplier("targets", "supplier-a", RoleKeys.of(RepositoryKeys.key(SUPPLIER)),
        List.of("supplier-a/*"), Optional.of(List.of("hw-a")), false);
    repo.addImage("oem/gateway.bin", bytes("gateway v1"), image(1, "hw-gw"));
    repo.addImage("supplier-a", "supplier-a/brakes.bin", bytes("brakes v1"), image(1, "hw-a"));
    publish(repo, KEYS.targets, SUPPLIER);
    Updater client = client("c");
    client.refresh();
    TargetInfo brakes = client.getTargetInfo("supplier-a/brakes.bin").orElseThrow();
    assertEquals("supplier-a", brakes.signingRole());
    assertEquals("brakes v1", Files.readString(client.download(brakes)));
    assertEquals("gateway v1", Files.readString(client.download(
        client.getTargetInfo("oem/gateway.bin").orElseThrow())));
    // Images are stored under their hash (#metadata_filename_rules).
    assertTrue(storage.exists("targets/supplier-a/" + brakes.hashes().get("sha256")
        + ".brakes.bin"));
  }

  @Test
  void aRepositoryWithoutConsistentSnapshotsIsRefused_uptane_metadata_filename_rules()
      throws Exception {
    org.tuf4j.repository.RepositoryEditor plain = org.tuf4j.repository.RepositoryEditor.create(
        storage, CLOCK, KEYS.roles(false), false);
    plain.stage(List.of(KEYS.root, KEYS.targets, KEYS.snapshot, KEYS.timestamp)).publish();
    assertThrows(InvalidRepositoryException.class, () -> ImageRepository.open(storage, CLOCK));
  }

  // ------------------------------------------------------------------ CBOR (#meta_structures)

  private static final Set<MetadataEncoding> BOTH = EnumSet.allOf(MetadataEncoding.class);

  private Updater client(String name, MetadataEncoding encoding) throws Exception {
    return RepositoryKeys.client(tmp.resolve(name), storage.root().resolve("metadata"),
        storage.root().resolve("targets"), storage.read("metadata/" + encoding.fileName(
            "1.root")).orElseThrow(), CLOCK, encoding);
  }

  @Test
  void bothEncodingsArePublishedSideBySideEachSignedOfflineInItsOwnBytes_uptane_meta_structures()
      throws Exception {
    ImageRepository repo = ImageRepository.create(storage, CLOCK, KEYS.roles(false), BOTH);
    assertEquals(BOTH, repo.encodings());
    repo.addImage("brakes/fw-1.bin", bytes("brakes v1"), image(1, "hw-brake"));
    Release release = repo.stage(KEYS.online());
    // Offline keys sign each encoding's bytes.
    org.tuf4j.metadata.Signature overJson = release.files(MetadataEncoding.JSON).detachedSignature(
        "targets", KEYS.targets);
    assertThrows(InvalidRepositoryException.class,
        () -> release.files(MetadataEncoding.CBOR).addSignature("targets", overJson));
    release.files(MetadataEncoding.JSON).addSignature("targets", overJson);
    assertEquals(1, release.status("targets").missing(), "the CBOR file still needs its own");
    assertThrows(InvalidRepositoryException.class, release::publish);
    RepositoryKeys.signOffline(release, "root", KEYS.root);
    release.files(MetadataEncoding.CBOR).addSignature("targets",
        release.files(MetadataEncoding.CBOR).detachedSignature("targets", KEYS.targets));
    release.publish();

    // Each file set on its own: its timestamp lists the length and hash of its own snapshot.
    for (MetadataEncoding e : BOTH) {
      Timestamp ts = Signed.parse(storage.read("metadata/" + e.fileName("timestamp"))
          .orElseThrow(), Timestamp.class, ParseOptions.DEFAULT.withEncoding(e)).signed();
      byte[] snapshot = storage.read("metadata/" + e.fileName(ts.snapshotMeta().version()
          + ".snapshot")).orElseThrow();
      assertEquals(OptionalLong.of(snapshot.length), ts.snapshotMeta().length(), e.name());
      Updater client = client("client-" + e, e);
      assertEquals("brakes v1", Files.readString(client.download(
          client.getTargetInfo("brakes/fw-1.bin").orElseThrow())));
    }

    // Opened again, the repository keeps publishing both, at the same versions.
    ImageRepository reopened = ImageRepository.open(storage, CLOCK);
    assertEquals(BOTH, reopened.encodings());
    reopened.addImage("brakes/fw-2.bin", bytes("brakes v2"), image(2, "hw-brake"));
    Release second = reopened.stage(KEYS.online());
    RepositoryKeys.signOffline(second, "targets", KEYS.targets);
    second.publish();
    assertEquals(second.files(MetadataEncoding.JSON).targets().get("targets").signed(),
        second.files(MetadataEncoding.CBOR).targets().get("targets").signed());
    for (MetadataEncoding e : BOTH) {
      Updater client = client("client-" + e, e);
      client.refresh();
      assertEquals(2L, client.trustedTargets("targets").orElseThrow().signed().version());
      assertTrue(client.getTargetInfo("brakes/fw-2.bin").isPresent());
    }
  }

  @Test
  void aCborImageRepositoryPublishesNoJson_uptane_meta_structures() throws Exception {
    ImageRepository repo = ImageRepository.create(storage, CLOCK, KEYS.roles(false),
        Set.of(MetadataEncoding.CBOR));
    repo.addImage("fw.bin", bytes("v1"), image(1, "hw"));
    Release release = repo.stage(KEYS.online());
    // One encoding: the offline signer signs its bytes.
    ReleaseFiles cbor = release.files(MetadataEncoding.CBOR);
    cbor.addSignature("root", cbor.detachedSignature("root", KEYS.root));
    cbor.addSignature("targets", cbor.detachedSignature("targets", KEYS.targets));
    release.publish();
    try (java.util.stream.Stream<Path> files = Files.list(storage.root().resolve("metadata"))) {
      assertEquals(List.of(), files.map(f -> f.getFileName().toString())
          .filter(n -> !n.endsWith(".cbor")).toList());
    }
    Updater client = client("c", MetadataEncoding.CBOR);
    assertEquals("v1", Files.readString(client.download(
        client.getTargetInfo("fw.bin").orElseThrow())));
    assertEquals(Set.of(MetadataEncoding.CBOR), ImageRepository.open(storage, CLOCK)
        .encodings());
  }
}
