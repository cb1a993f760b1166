package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.Storage;
import org.tuf4j.uptane.DirectorPublication.Change;
import org.tuf4j.testing.SettableClock;

/**
 * The Uptane Director repository (Uptane Standard #director_repository, #inventory_db): what it
 * refuses to direct, the metadata it generates per vehicle, version monotonicity, and a result
 * tuf4j's plain TUF client reads.
 */
class DirectorRepositoryTest {
  private static final RepositoryKeys IMAGE_KEYS = new RepositoryKeys();
  private static final RepositoryKeys DIRECTOR_KEYS = new RepositoryKeys();
  private static final KeyPairSigner ECU_1 = KeyPairSigner.generate("ed25519");
  private static final KeyPairSigner ECU_2 = KeyPairSigner.generate("ed25519");
  private static final KeyPairSigner ECU_3 = KeyPairSigner.generate("ed25519");
  private static final KeyPairSigner ECU_4 = KeyPairSigner.generate("ed25519");
  private static final String VIN_1 = "VIN0000000000001";
  private static final String VIN_2 = "VIN0000000000002";

  @TempDir Path tmp;
  private final SettableClock clock = new SettableClock(RepositoryKeys.NOW);
  private FileSystemStorage imageStorage;
  private FileSystemStorage rootStorage;
  private FileSystemStorage published;
  private FileSystemStorage inventory;
  private DirectorRepository director;
  private TargetFile gateway;
  private TargetFile brakes;
  private TargetFile brakes3;
  private TargetFile infotainment;

  @BeforeEach
  void setUp() throws Exception {
    imageStorage = FileSystemStorage.open(tmp.resolve("image"));
    rootStorage = FileSystemStorage.open(tmp.resolve("director-root"));
    published = FileSystemStorage.open(tmp.resolve("director-www"));
    inventory = FileSystemStorage.open(tmp.resolve("director-db"));

    ImageRepository images = ImageRepository.create(imageStorage, clock,
        IMAGE_KEYS.roles(false));
    gateway = images.addImage("gw/gateway-1.bin", bytes("gateway 1"),
        ImageRepositoryTest.image(1, "hw-gw"));
    brakes = images.addImage("brakes/brakes-2.bin", bytes("brakes 2"),
        ImageRepositoryTest.image(2, "hw-brake", "hw-brake-b"));
    brakes3 = images.addImage("brakes/brakes-3.bin", bytes("brakes 3"),
        ImageRepositoryTest.image(3, "hw-brake"));
    infotainment = images.addImage("info/info-7.bin", bytes("info 7"),
        ImageRepositoryTest.image(7, "hw-info"));
    Release release = images.stage(IMAGE_KEYS.online());
    release.files(MetadataEncoding.JSON).addSignature("root",
        release.files(MetadataEncoding.JSON).detachedSignature("root", IMAGE_KEYS.root));
    release.files(MetadataEncoding.JSON).addSignature("targets",
        release.files(MetadataEncoding.JSON).detachedSignature("targets", IMAGE_KEYS.targets));
    release.publish();

    RepositoryKeys.createRootRepository(rootStorage, clock, DIRECTOR_KEYS);
    director = open();
    director.register(VehicleInventory.builder(VIN_1)
        .primary("ecu-1", UptaneKeys.publicKeyOf(ECU_1), "hw-gw")
        .secondary("ecu-2", UptaneKeys.publicKeyOf(ECU_2), "hw-brake").build());
    director.register(VehicleInventory.builder(VIN_2)
        .primary("ecu-3", UptaneKeys.publicKeyOf(ECU_3), "hw-gw")
        .secondary("ecu-4", UptaneKeys.publicKeyOf(ECU_4), "hw-brake").build());
  }

  private DirectorRepository open() throws Exception {
    return DirectorRepository.builder().rootRepository(rootStorage).published(published)
        .inventory(inventory).clock(clock).onlineSigners(DIRECTOR_KEYS.directorOnline())
        .build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Targets publishedTargets(DirectorPublication p) throws Exception {
    return Signed.parse(published.read(p.metadataPath() + p.targetsVersion() + ".targets.json")
        .orElseThrow(), Targets.class).signed();
  }

  private byte[] timestampFile(String vin) throws Exception {
    return published.read(DirectorRepository.metadataPath(vin) + "timestamp.json").orElseThrow();
  }

  /** A Primary's plain TUF client on the vehicle's Director metadata, images from the Image repo. */
  private Updater primaryClient(String vin, String name) throws Exception {
    return RepositoryKeys.client(tmp.resolve(name),
        published.root().resolve(DirectorRepository.metadataPath(vin)),
        imageStorage.root().resolve("targets"),
        rootStorage.read("metadata/1.root.json").orElseThrow(), clock);
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void assignmentToAnEcuOfAnotherVehicleIsRefused_uptane_check_targets() throws Exception {
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-4", brakes)));
    assertTrue(e.getMessage().contains("not an ECU of vehicle " + VIN_1 + " (it belongs to "
        + "vehicle " + VIN_2 + ")"), e.getMessage());
    assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-unknown", brakes)));
    assertThrows(InvalidRepositoryException.class, () -> director.setAssignments(VIN_1,
        List.of(EcuAssignment.of("ecu-2", brakes), EcuAssignment.of("ecu-4", brakes))));
    assertEquals(Map.of(), director.assignments(VIN_1));
  }

  @Test
  void twoImagesForOneEcuAreRefused_uptane_check_targets() throws Exception {
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes3)));
    assertTrue(e.getMessage().contains("already directed to install brakes/brakes-2.bin"),
        e.getMessage());
    assertThrows(InvalidRepositoryException.class, () -> director.setAssignments(VIN_1,
        List.of(EcuAssignment.of("ecu-2", brakes), EcuAssignment.of("ecu-2", brakes3))));
    // The same assignment again is no change; replacing goes through unassign.
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    assertTrue(director.unassign(VIN_1, "ecu-2"));
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes3));
    assertEquals(brakes3, director.assignments(VIN_1).get("ecu-2").image());
  }

  /** {@code image} with custom {@code member} listing {@code names}. */
  private static TargetFile withRelation(TargetFile image, String member, String... names)
      throws Exception {
    return UptaneTargetCustom.of(image).toBuilder().otherField(member,
        org.tuf4j.encoding.JsonValue.ofStrings(List.of(names))).build().applyTo(image);
  }

  @Test
  void anImageIsDirectedOnlyWithItsDependencies_uptane_director_repository_5() throws Exception {
    TargetFile needsGateway = withRelation(brakes, UptaneFields.IMAGE_DEPENDENCIES,
        gateway.path());
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-2", needsGateway)));
    assertTrue(e.getMessage().contains("depends on gw/gateway-1.bin"), e.getMessage());
    assertEquals(Map.of(), director.assignments(VIN_1));
    // together, in one set: accepted
    director.setAssignments(VIN_1, List.of(EcuAssignment.of("ecu-1", gateway),
        EcuAssignment.of("ecu-2", needsGateway)));
    assertEquals(2, director.assignments(VIN_1).size());
    // withdrawing the dependency would break the image that needs it
    assertThrows(InvalidRepositoryException.class, () -> director.unassign(VIN_1, "ecu-1"));
    assertEquals(2, director.assignments(VIN_1).size());
  }

  @Test
  void conflictingImagesAreNotDirectedToOneVehicle_uptane_director_repository_5()
      throws Exception {
    TargetFile notWithGateway = withRelation(brakes, UptaneFields.IMAGE_CONFLICTS,
        gateway.path());
    director.assign(VIN_1, EcuAssignment.of("ecu-1", gateway));
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-2", notWithGateway)));
    assertTrue(e.getMessage().contains("conflicts with gw/gateway-1.bin"), e.getMessage());
    // the other vehicle runs no gateway image: no conflict there
    director.assign(VIN_2, EcuAssignment.of("ecu-4", notWithGateway));
  }

  @Test
  void malformedDependencyListsAreRefused_uptane_director_repository_5() throws Exception {
    TargetFile notAList = UptaneTargetCustom.of(brakes).toBuilder().otherField(
        UptaneFields.IMAGE_DEPENDENCIES, new org.tuf4j.encoding.JsonValue.JsonString(
            gateway.path())).build().applyTo(brakes);
    assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-2", notAList)));
  }

  // ------------------------------------------------------------------ inventory changes

  /** A manifest of {@code vin}'s ECUs (serial to signing key), every report at {@code counter}. */
  private byte[] manifest(String vin, String primary, Map<String, KeyPairSigner> ecus,
      long counter) throws Exception {
    VehicleVersionManifest.Builder b = VehicleVersionManifest.builder().vehicleId(vin)
        .primaryEcuSerial(primary);
    for (Map.Entry<String, KeyPairSigner> e : ecus.entrySet()) {
      b.addReport(UptaneSigned.sign(EcuVersionReport.builder().ecuSerial(e.getKey())
          .installedImage(InstalledImage.of(gateway)).latestTime(clock.instant())
          .reportCounter(counter).build(), e.getValue()));
    }
    return UptaneSigned.sign(b.build(), ecus.get(primary)).toCanonicalJson();
  }

  @Test
  void theDirectorKeepsTheReplayStateInItsInventory_uptane_director_repository_4()
      throws Exception {
    ManifestVerifier verifier = ManifestVerifier.standard();
    byte[] first = manifest(VIN_1, "ecu-1", Map.of("ecu-1", ECU_1, "ecu-2", ECU_2), 1);
    director.receiveManifest(VIN_1, first, verifier, clock.instant());
    assertEquals(java.util.OptionalLong.of(1), director.replayState(VIN_1).ecu("ecu-2")
        .orElseThrow().lastCounter());
    // another process on the same inventory refuses the replay: the state is stored
    DirectorRepository reopened = open();
    assertThrows(ReplayedReportException.class,
        () -> reopened.receiveManifest(VIN_1, first, verifier, clock.instant()));
    reopened.receiveManifest(VIN_1, manifest(VIN_1, "ecu-1", Map.of("ecu-1", ECU_1, "ecu-2",
        ECU_2), 2), verifier, clock.instant());
    assertEquals(ManifestReplayState.EMPTY, director.replayState(VIN_2));
  }

  @Test
  void anEcuKeyIsRotatedInTheInventory_uptane_inventory_db() throws Exception {
    ManifestVerifier verifier = ManifestVerifier.standard();
    director.receiveManifest(VIN_1, manifest(VIN_1, "ecu-1", Map.of("ecu-1", ECU_1, "ecu-2",
        ECU_2), 1), verifier, clock.instant());
    KeyPairSigner renewed = KeyPairSigner.generate("ecdsa-sha2-nistp256");
    director.rotateEcuKey(VIN_1, "ecu-2", UptaneKeys.publicKeyOf(renewed));
    assertEquals(UptaneKeys.publicKeyOf(renewed), director.vehicle(VIN_1).orElseThrow()
        .ecu("ecu-2").orElseThrow().key());
    assertThrows(EcuSignatureException.class, () -> director.receiveManifest(VIN_1,
        manifest(VIN_1, "ecu-1", Map.of("ecu-1", ECU_1, "ecu-2", ECU_2), 2), verifier,
        clock.instant()));
    director.receiveManifest(VIN_1, manifest(VIN_1, "ecu-1", Map.of("ecu-1", ECU_1, "ecu-2",
        renewed), 2), verifier, clock.instant());
    // the replay state survived the rotation: counter 1 stays used
    assertThrows(ReplayedReportException.class, () -> director.receiveManifest(VIN_1,
        manifest(VIN_1, "ecu-1", Map.of("ecu-1", ECU_1, "ecu-2", renewed), 2), verifier,
        clock.instant()));
    // a key another ECU of the vehicle has, or one that cannot verify, is refused
    assertThrows(InvalidRepositoryException.class,
        () -> director.rotateEcuKey(VIN_1, "ecu-2", UptaneKeys.publicKeyOf(ECU_1)));
    assertThrows(InvalidRepositoryException.class,
        () -> director.rotateEcuKey(VIN_1, "ecu-4", UptaneKeys.publicKeyOf(renewed)));
  }

  @Test
  void anEcuIsReplacedInTheInventory_uptane_inventory_db() throws Exception {
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    KeyPairSigner newUnit = KeyPairSigner.generate("ed25519");
    director.replaceEcu(VIN_1, "ecu-2", new RegisteredEcu("ecu-5",
        UptaneKeys.publicKeyOf(newUnit), "hw-brake", false));
    assertEquals(Optional.of(VIN_1), director.ecuOwner("ecu-5"));
    assertEquals(Optional.empty(), director.ecuOwner("ecu-2"));
    assertEquals(Map.of("ecu-5", EcuAssignment.of("ecu-5", brakes)),
        director.assignments(VIN_1)); // same hardware: the order passes to the new unit
    director.receiveManifest(VIN_1, manifest(VIN_1, "ecu-1", Map.of("ecu-1", ECU_1, "ecu-5",
        newUnit), 1), ManifestVerifier.standard(), clock.instant());
    // other hardware: the order is withdrawn
    director.replaceEcu(VIN_1, "ecu-5", new RegisteredEcu("ecu-6",
        UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")), "hw-brake-c", false));
    assertEquals(Map.of(), director.assignments(VIN_1));
    // refused: a serial of another vehicle, a Secondary in the Primary's place
    assertThrows(InvalidRepositoryException.class, () -> director.replaceEcu(VIN_1, "ecu-6",
        new RegisteredEcu("ecu-4", UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")),
            "hw-brake", false)));
    assertThrows(InvalidRepositoryException.class, () -> director.replaceEcu(VIN_1, "ecu-1",
        new RegisteredEcu("ecu-7", UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")),
            "hw-gw", false)));
  }

  @Test
  void anImageForOtherHardwareIsRefused_uptane_verify_image() throws Exception {
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-2", infotainment)));
    assertTrue(e.getMessage().contains("is for hardware [hw-info]; ECU ecu-2 of vehicle "
        + VIN_1 + " is hw-brake"), e.getMessage());
    assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-1", brakes)));
    TargetFile noHardwareIds = new TargetFile("x.bin", gateway.length(), gateway.hashes(),
        Optional.of(UptaneTargetCustom.builder().releaseCounter(1).build().toJson()), Map.of());
    assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-1", noHardwareIds)));
    TargetFile directorEntry = UptaneTargetCustom.builder().hardwareIds(List.of("hw-gw"))
        .ecuIdentifier("ecu-1", "hw-gw").build().applyTo(gateway);
    assertThrows(InvalidRepositoryException.class,
        () -> director.assign(VIN_1, EcuAssignment.of("ecu-1", directorEntry)));
  }

  @Test
  void anImageNameThatIsNotARepositoryPathIsRefused_uptane_metadata_filename_rules()
      throws Exception {
    for (String name : List.of("../gw.bin", "")) { // never even a target entry
      assertThrows(IllegalArgumentException.class, () -> new TargetFile(name, gateway.length(),
          gateway.hashes(), gateway.custom(), Map.of()), name);
    }
    for (String name : List.of("gw//x.bin", "a\\b.bin")) {
      TargetFile renamed = new TargetFile(name, gateway.length(), gateway.hashes(),
          gateway.custom(), Map.of());
      assertThrows(InvalidRepositoryException.class,
          () -> director.assign(VIN_1, EcuAssignment.of("ecu-1", renamed)), name);
    }
  }

  @Test
  void differentImagesUnderOneNameAreRefused_uptane_check_targets() throws Exception {
    director.register(VehicleInventory.builder("VIN3")
        .primary("ecu-5", UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")), "hw-brake")
        .secondary("ecu-6", UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")),
            "hw-brake").build());
    director.assign("VIN3", EcuAssignment.of("ecu-5", brakes));
    TargetFile rebuilt = new TargetFile(brakes.path(), brakes3.length(), brakes3.hashes(),
        brakes.custom(), Map.of());
    assertThrows(InvalidRepositoryException.class,
        () -> director.assign("VIN3", EcuAssignment.of("ecu-6", rebuilt)));
    assertThrows(InvalidRepositoryException.class, () -> director.assign("VIN3",
        new EcuAssignment("ecu-6", brakes, Optional.of("https://cdn.example/other"))));
  }

  @Test
  void registrationRules_uptane_inventory_db() throws Exception {
    assertThrows(InvalidRepositoryException.class, () -> director.register(
        VehicleInventory.builder(VIN_1).primary("ecu-9", UptaneKeys.publicKeyOf(ECU_1), "hw")
            .build()));
    InvalidRepositoryException taken = assertThrows(InvalidRepositoryException.class,
        () -> director.register(VehicleInventory.builder("VIN9").primary("ecu-3",
            UptaneKeys.publicKeyOf(ECU_3), "hw-gw").build()));
    assertTrue(taken.getMessage().contains("registered to vehicle " + VIN_2),
        taken.getMessage());
    for (String bad : List.of("../etc", "a/b", "?", ".hidden", "x".repeat(65), "VIN 1")) {
      assertThrows(IllegalArgumentException.class, () -> director.register(
          VehicleInventory.builder(bad).primary("e", UptaneKeys
              .publicKeyOf(ECU_1), "hw").build()), bad);
    }
    assertThrows(InvalidRepositoryException.class, () -> director.generate("VIN-UNKNOWN"));
    assertThrows(InvalidRepositoryException.class, () -> director.generate("../../x"));
    assertEquals(Optional.of(VIN_2), director.ecuOwner("ecu-4"));
    assertEquals(Optional.empty(), director.ecuOwner("ecu-9"));
    VehicleInventory read = director.vehicle(VIN_1).orElseThrow();
    assertEquals("ecu-1", read.primary().serial());
    assertEquals("hw-brake", read.ecu("ecu-2").orElseThrow().hardwareId());
  }

  // ------------------------------------------------------------------ generated metadata

  @Test
  void targetsListEachImageWithItsEcusAndTheImageRepositorysMetadata_uptane_targets_images_meta()
      throws Exception {
    director.register(VehicleInventory.builder("VIN3")
        .primary("ecu-5", UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")), "hw-gw")
        .secondary("ecu-6", UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")),
            "hw-brake")
        .secondary("ecu-7", UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")),
            "hw-brake-b").build());
    director.setAssignments("VIN3", List.of(
        new EcuAssignment("ecu-5", gateway, Optional.of("https://cdn.example/gw")),
        EcuAssignment.of("ecu-6", brakes), EcuAssignment.of("ecu-7", brakes)));
    DirectorPublication p = director.generate("VIN3");
    assertEquals(Change.UPDATED, p.change());
    Targets targets = publishedTargets(p);
    assertEquals(Optional.empty(), targets.delegations(), "#targets_role: no delegations");
    assertEquals(Set.of("gw/gateway-1.bin", "brakes/brakes-2.bin"), targets.targets().keySet());

    TargetFile b = targets.targets().get("brakes/brakes-2.bin");
    assertEquals(brakes.length(), b.length());
    assertEquals(brakes.hashes(), b.hashes());
    UptaneTargetCustom bc = UptaneTargetCustom.of(b);
    assertEquals(Map.of("ecu-6", "hw-brake", "ecu-7", "hw-brake-b"), Map.of(
        "ecu-6", bc.hardwareIdFor("ecu-6").orElseThrow(),
        "ecu-7", bc.hardwareIdFor("ecu-7").orElseThrow()));
    assertEquals(2, bc.ecuIdentifiers().orElseThrow().size());
    assertTrue(ShallMatch.DEFAULT.compare(bc, UptaneTargetCustom.of(brakes)).matches());

    UptaneTargetCustom gc = UptaneTargetCustom.of(targets.targets().get("gw/gateway-1.bin"));
    assertEquals(Optional.of("https://cdn.example/gw"), gc.uri());
    assertEquals(Optional.of("hw-gw"), gc.hardwareIdFor("ecu-5"));
    assertTrue(ShallMatch.DEFAULT.compare(gc, UptaneTargetCustom.of(gateway)).matches());
    assertEquals(Optional.of("VIN3"), DirectorTargets.vehicleId(targets));
  }

  @Test
  void emptyTargetsCarryTheVehicleIdentifier_uptane_targets_images_meta() throws Exception {
    DirectorPublication one = director.generate(VIN_1);
    DirectorPublication two = director.generate(VIN_2);
    Targets t1 = publishedTargets(one);
    Targets t2 = publishedTargets(two);
    assertTrue(t1.targets().isEmpty());
    assertEquals(Optional.of(VIN_1), DirectorTargets.vehicleId(t1));
    assertEquals(Optional.of(VIN_2), DirectorTargets.vehicleId(t2));
    // So the two vehicles' empty Targets differ: one cannot be replayed as the other's.
    assertNotEquals(Signed.of(t1, List.of()).toJson(), Signed.of(t2, List.of()).toJson());
  }

  @Test
  void regeneratingWithoutAChangeKeepsEveryVersion_uptane_full_verification()
      throws Exception {
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    DirectorPublication first = director.generate(VIN_1);
    byte[] timestamp = timestampFile(VIN_1);
    clock.set(RepositoryKeys.NOW.plus(Duration.ofHours(1)));
    DirectorPublication again = director.generate(VIN_1);
    assertEquals(Change.UNCHANGED, again.change());
    assertEquals(List.of(first.targetsVersion(), first.snapshotVersion(),
        first.timestampVersion()), List.of(again.targetsVersion(), again.snapshotVersion(),
        again.timestampVersion()));
    assertArrayEquals(timestamp, timestampFile(VIN_1));
    // Assigning what is already assigned is no change either; nor is another instance.
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    assertEquals(Change.UNCHANGED, open().generate(VIN_1).change());
    assertArrayEquals(timestamp, timestampFile(VIN_1));
  }

  @Test
  void versionsIncreaseAcrossChangesAndProcesses_uptane_check_targets() throws Exception {
    DirectorPublication v1 = director.generate(VIN_1);
    assertEquals(List.of(1L, 1L, 1L, 1L), List.of(v1.rootVersion(), v1.targetsVersion(),
        v1.snapshotVersion(), v1.timestampVersion()));
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    DirectorPublication v2 = director.generate(VIN_1);
    assertEquals(Change.UPDATED, v2.change());
    assertEquals(List.of(2L, 2L, 2L), List.of(v2.targetsVersion(), v2.snapshotVersion(),
        v2.timestampVersion()));
    // A new Director process continues from the recorded versions.
    DirectorRepository restarted = open();
    restarted.unassign(VIN_1, "ecu-2");
    DirectorPublication v3 = restarted.generate(VIN_1);
    assertEquals(List.of(3L, 3L, 3L), List.of(v3.targetsVersion(), v3.snapshotVersion(),
        v3.timestampVersion()));
    // Back to an earlier set of images is still a new version, never an old one.
    restarted.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    assertEquals(4L, restarted.generate(VIN_1).targetsVersion());
    // The other vehicle's versions are its own.
    assertEquals(1L, director.generate(VIN_2).targetsVersion());
  }

  @Test
  void onlyTheRoleNearExpiryIsRenewed_uptane_timestamp_meta() throws Exception {
    DirectorPublication first = director.generate(VIN_1);
    clock.set(RepositoryKeys.NOW.plus(Duration.ofHours(13))); // timestamp: 1 day, half gone
    DirectorPublication renewed = director.generate(VIN_1);
    assertEquals(Change.REFRESHED, renewed.change());
    assertEquals(first.targetsVersion(), renewed.targetsVersion());
    assertEquals(first.snapshotVersion(), renewed.snapshotVersion());
    assertEquals(first.timestampVersion() + 1, renewed.timestampVersion());
    clock.set(RepositoryKeys.NOW.plus(Duration.ofDays(4))); // targets and snapshot: 7 days
    DirectorPublication all = director.generate(VIN_1);
    assertEquals(List.of(2L, 2L, 3L), List.of(all.targetsVersion(), all.snapshotVersion(),
        all.timestampVersion()));
    Updater primary = primaryClient(VIN_1, "p");
    primary.refresh(); // the renewed metadata verifies
    assertEquals(3L, primary.trustedTimestamp().orElseThrow().signed().version());
  }

  @Test
  void lostPublishedFilesAreRepublishedAtHigherVersions_uptane_director_repository()
      throws Exception {
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    director.generate(VIN_1);
    director.generate(VIN_1);
    Updater primary = primaryClient(VIN_1, "p");
    primary.refresh();
    // The web storage is restored from an old backup: timestamp.json of another version.
    published.delete(DirectorRepository.metadataPath(VIN_1) + "timestamp.json");
    DirectorPublication republished = director.generate(VIN_1);
    assertEquals(Change.REFRESHED, republished.change());
    assertEquals(List.of(2L, 2L, 2L), List.of(republished.targetsVersion(),
        republished.snapshotVersion(), republished.timestampVersion()));
    primary.refresh();
    assertTrue(primary.getTargetInfo(brakes.path()).isPresent());
  }

  @Test
  void aNewRootIsVerifiedAdoptedAndFollowedByPrimaries_uptane_check_root() throws Exception {
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    director.generate(VIN_1);
    Updater primary = primaryClient(VIN_1, "p");
    primary.refresh();
    RepositoryEditor rootEditor = RepositoryEditor.open(rootStorage, clock);
    rootEditor.touch("root");
    Release rotation = rootEditor.stage(DIRECTOR_KEYS.directorOnline());
    rotation.files(MetadataEncoding.JSON).addSignature("root",
        rotation.files(MetadataEncoding.JSON).detachedSignature("root", DIRECTOR_KEYS.root));
    rotation.publish();
    DirectorPublication p = director.generate(VIN_1);
    assertEquals(2L, p.rootVersion());
    assertEquals(Change.REFRESHED, p.change());
    assertTrue(published.exists(p.metadataPath() + "2.root.json"));
    primary.refresh();
    assertEquals(2L, primary.trustedRoot().signed().version());
    assertTrue(primary.getTargetInfo(brakes.path()).isPresent());
    // A vehicle generated for the first time gets the whole root chain.
    assertTrue(published.exists(director.generate(VIN_2).metadataPath() + "1.root.json"));
  }

  @Test
  void onlineSignersMustMeetEveryOnlineThreshold_uptane_director_repository()
      throws Exception {
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> DirectorRepository.builder().rootRepository(rootStorage).published(published)
            .inventory(inventory).clock(clock)
            .onlineSigners(List.of(DIRECTOR_KEYS.targets, DIRECTOR_KEYS.snapshot)).build());
    assertTrue(e.getMessage().contains("timestamp"), e.getMessage());
    assertThrows(InvalidRepositoryException.class, () -> DirectorRepository.builder()
        .rootRepository(inventory).published(published).inventory(inventory).clock(clock)
        .onlineSigners(DIRECTOR_KEYS.directorOnline()).build());
  }

  @Test
  void anExpiredRootIsNotSignedUnder_uptane_check_root() throws Exception {
    clock.set(RepositoryKeys.NOW.plus(Duration.ofDays(400)));
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> director.generate(VIN_1));
    assertTrue(e.getMessage().contains("expired"), e.getMessage());
  }

  @Test
  void aCorruptInventoryRecordIsRefusedNotTrusted_uptane_inventory_db() throws Exception {
    director.generate(VIN_1);
    byte[] timestamp = timestampFile(VIN_1);
    byte[] record = inventory.read("vehicles/" + VIN_1 + ".json").orElseThrow();
    List<byte[]> corrupt = List.of(bytes("{"), bytes("[]"), bytes("{\"vin\":\"" + VIN_2 + "\"}"),
        new String(record, StandardCharsets.UTF_8).replace("\"root\":1", "\"root\":-1")
            .getBytes(StandardCharsets.UTF_8),
        new String(record, StandardCharsets.UTF_8).replace("\"hardwareId\":\"hw-gw\"",
            "\"hardwareId\":7").getBytes(StandardCharsets.UTF_8));
    for (byte[] bad : corrupt) {
      inventory.write("vehicles/" + VIN_1 + ".json", bad);
      assertThrows(org.tuf4j.MalformedMetadataException.class, () -> director.generate(VIN_1),
          new String(bad, StandardCharsets.UTF_8));
      assertThrows(org.tuf4j.MalformedMetadataException.class,
          () -> director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes)));
      assertArrayEquals(timestamp, timestampFile(VIN_1), "nothing published");
    }
  }

  // ------------------------------------------------------------------ a TUF client reads it

  /**
   * {@code primary} refreshes to the publication {@code p} of {@code VIN_1}, whose ECU ecu-2 is
   * directed to install {@code brakes}, and downloads it.
   */
  private TargetInfo refreshesAndDownloadsBrakes(Updater primary, DirectorPublication p)
      throws Exception {
    primary.refresh();
    assertEquals(p.targetsVersion(), primary.trustedTargets("targets").orElseThrow().signed()
        .version());
    TargetInfo info = primary.getTargetInfo(brakes.path()).orElseThrow();
    assertEquals(Optional.of("hw-brake"), UptaneTargetCustom.of(info.target())
        .hardwareIdFor("ecu-2"));
    // The image itself comes from the Image repository, under the same hash name.
    assertEquals("brakes 2", Files.readString(primary.download(info)));
    return info;
  }

  @Test
  void theTufClientRefreshesTheDirectorAndFindsTheImages_uptane_download_meta_primary()
      throws Exception {
    director.setAssignments(VIN_1, List.of(EcuAssignment.of("ecu-1", gateway),
        EcuAssignment.of("ecu-2", brakes)));
    Updater primary = primaryClient(VIN_1, "p");
    TargetInfo info = refreshesAndDownloadsBrakes(primary, director.generate(VIN_1));

    // The Image repository, read by the same client code, lists the same image.
    Updater imageClient = RepositoryKeys.client(tmp.resolve("i"),
        imageStorage.root().resolve("metadata"), imageStorage.root().resolve("targets"),
        imageStorage.read("metadata/1.root.json").orElseThrow(), clock);
    TargetInfo fromImage = imageClient.getTargetInfo(brakes.path()).orElseThrow();
    assertEquals(fromImage.hashes(), info.hashes());

    // A later campaign: the client sees the new Targets; without one, nothing new.
    director.unassign(VIN_1, "ecu-2");
    director.assign(VIN_1, EcuAssignment.of("ecu-2", brakes3));
    director.generate(VIN_1);
    primary.refresh();
    assertTrue(primary.getTargetInfo(brakes3.path()).isPresent());
    assertFalse(primary.getTargetInfo(brakes.path()).isPresent());
    long version = primary.trustedTimestamp().orElseThrow().signed().version();
    director.generate(VIN_1);
    primary.refresh();
    assertEquals(version, primary.trustedTimestamp().orElseThrow().signed().version());
  }

  // ------------------------------------------------------------------ CBOR (#meta_structures)

  private static final Set<MetadataEncoding> BOTH = EnumSet.allOf(MetadataEncoding.class);
  private static final Set<MetadataEncoding> CBOR = Set.of(MetadataEncoding.CBOR);

  /** A published storage that counts the writes and deletes made to it. */
  private static final class CountingStorage implements Storage {
    final FileSystemStorage inner;
    final List<String> changes = new ArrayList<>();

    CountingStorage(FileSystemStorage inner) {
      this.inner = inner;
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
      return inner.read(path);
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
      changes.add(path);
      inner.write(path, data);
    }

    @Override
    public void write(String path, InputStream data) throws IOException {
      changes.add(path);
      inner.write(path, data);
    }

    @Override
    public boolean exists(String path) throws IOException {
      return inner.exists(path);
    }

    @Override
    public void delete(String path) throws IOException {
      changes.add("-" + path);
      inner.delete(path);
    }
  }

  /** A Director in {@code encodings} over a root repository published in both encodings. */
  private final class EncodedDirector {
    final FileSystemStorage root;
    final CountingStorage www;
    final FileSystemStorage db;

    EncodedDirector(String name) throws Exception {
      root = FileSystemStorage.open(tmp.resolve(name + "-root"));
      www = new CountingStorage(FileSystemStorage.open(tmp.resolve(name + "-www")));
      db = FileSystemStorage.open(tmp.resolve(name + "-db"));
      RepositoryKeys.createRootRepository(root, clock, DIRECTOR_KEYS, BOTH);
    }

    DirectorRepository open(Set<MetadataEncoding> encodings) throws Exception {
      return DirectorRepository.builder().rootRepository(root).published(www).inventory(db)
          .clock(clock).onlineSigners(DIRECTOR_KEYS.directorOnline()).encodings(encodings)
          .build();
    }

    /** A Primary's TUF client of {@code VIN_1} reading {@code encoding}. */
    Updater primary(String name, MetadataEncoding encoding) throws Exception {
      return RepositoryKeys.client(tmp.resolve(name), www.inner.root().resolve(
          DirectorRepository.metadataPath(VIN_1)), imageStorage.root().resolve("targets"),
          root.read("metadata/" + encoding.fileName("1.root")).orElseThrow(), clock, encoding);
    }

    /** Every file published for {@code VIN_1}, by name. */
    Map<String, byte[]> files() throws IOException {
      Map<String, byte[]> out = new TreeMap<>();
      Path dir = www.inner.root().resolve(DirectorRepository.metadataPath(VIN_1));
      try (Stream<Path> list = Files.list(dir)) {
        for (Path f : list.toList()) {
          out.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
      }
      return out;
    }

    byte[] file(String name) throws IOException {
      return www.read(DirectorRepository.metadataPath(VIN_1) + name).orElseThrow();
    }
  }

  private static void registerVehicle1(DirectorRepository d) throws Exception {
    d.register(VehicleInventory.builder(VIN_1)
        .primary("ecu-1", UptaneKeys.publicKeyOf(ECU_1), "hw-gw")
        .secondary("ecu-2", UptaneKeys.publicKeyOf(ECU_2), "hw-brake").build());
  }

  @Test
  void aCborDirectorPublishesEachVehicleInCborOnly_uptane_meta_structures() throws Exception {
    EncodedDirector d = new EncodedDirector("cbor");
    DirectorRepository cbor = d.open(CBOR);
    assertEquals(CBOR, cbor.encodings());
    registerVehicle1(cbor);
    cbor.setAssignments(VIN_1, List.of(EcuAssignment.of("ecu-1", gateway),
        EcuAssignment.of("ecu-2", brakes)));
    DirectorPublication p = cbor.generate(VIN_1);
    assertEquals(Set.of("1.root.cbor", "root.cbor", "1.targets.cbor", "1.snapshot.cbor",
        "timestamp.cbor"), d.files().keySet());
    // A Primary reading CBOR from the Director and JSON from the Image repository.
    refreshesAndDownloadsBrakes(d.primary("p", MetadataEncoding.CBOR), p);
    assertEquals(Optional.of(VIN_1), DirectorTargets.vehicleId(Signed.parse(
        d.file("1.targets.cbor"), Targets.class,
        ParseOptions.DEFAULT.withEncoding(MetadataEncoding.CBOR))
        .signed()));
  }

  @Test
  void bothEncodingsShareOneSetOfVersionsEachFileSetOnItsOwn_uptane_timestamp_meta()
      throws Exception {
    EncodedDirector d = new EncodedDirector("both");
    DirectorRepository both = d.open(BOTH);
    registerVehicle1(both);
    both.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    DirectorPublication p = both.generate(VIN_1);
    Map<MetadataEncoding, Targets> targets = new java.util.EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : BOTH) {
      ParseOptions options = ParseOptions.DEFAULT.withEncoding(e);
      Timestamp ts = Signed.parse(d.file(e.fileName("timestamp")), Timestamp.class, options)
          .signed();
      assertEquals(p.timestampVersion(), ts.version());
      byte[] snapshotFile = d.file(e.fileName(p.snapshotVersion() + ".snapshot"));
      assertEquals(java.util.OptionalLong.of(snapshotFile.length), ts.snapshotMeta().length());
      assertEquals(sha256(snapshotFile), ts.snapshotMeta().hashes().get("sha256"), e.name());
      Snapshot snapshot = Signed.parse(snapshotFile, Snapshot.class, options).signed();
      assertEquals(Set.of("targets.json"), snapshot.meta().keySet(), "METAPATH names the role");
      // The snapshot describes this encoding's targets file by length and hash (§5.6.1).
      byte[] targetsFile = d.file(e.fileName(p.targetsVersion() + ".targets"));
      assertEquals(java.util.OptionalLong.of(targetsFile.length),
          snapshot.meta().get("targets.json").length());
      assertEquals(sha256(targetsFile), snapshot.meta().get("targets.json").hashes()
          .get("sha256"), e.name());
      targets.put(e, Signed.parse(targetsFile, Targets.class, options).signed());
    }
    assertEquals(targets.get(MetadataEncoding.JSON), targets.get(MetadataEncoding.CBOR),
        "the same content, versions and expiry in both");

    // Nothing new: nothing written, in either encoding.
    Map<String, byte[]> before = d.files();
    d.www.changes.clear();
    clock.set(RepositoryKeys.NOW.plus(Duration.ofHours(1)));
    assertEquals(Change.UNCHANGED, both.generate(VIN_1).change());
    assertEquals(Change.UNCHANGED, d.open(BOTH).generate(VIN_1).change());
    assertEquals(List.of(), d.www.changes);
    assertEquals(before.keySet(), d.files().keySet());

    // The timestamp near expiry: renewed in both, at one new version, each naming its snapshot.
    clock.set(RepositoryKeys.NOW.plus(Duration.ofHours(13)));
    DirectorPublication renewed = both.generate(VIN_1);
    assertEquals(List.of(p.targetsVersion(), p.snapshotVersion(), p.timestampVersion() + 1),
        List.of(renewed.targetsVersion(), renewed.snapshotVersion(),
            renewed.timestampVersion()));
    assertEquals(Set.of(dirOf(VIN_1) + "timestamp.json", dirOf(VIN_1) + "timestamp.cbor"),
        Set.copyOf(d.www.changes));
    for (MetadataEncoding e : BOTH) {
      Updater primary = d.primary("p-" + e, e);
      primary.refresh();
      assertEquals(renewed.timestampVersion(), primary.trustedTimestamp().orElseThrow().signed()
          .version());
      assertEquals("brakes 2", Files.readString(primary.download(
          primary.getTargetInfo(brakes.path()).orElseThrow())));
    }
  }

  @Test
  void aNewRootIsAdoptedInEveryEncodingOnceComplete_uptane_check_root() throws Exception {
    EncodedDirector d = new EncodedDirector("rotation");
    DirectorRepository both = d.open(BOTH);
    registerVehicle1(both);
    both.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    both.generate(VIN_1);
    RepositoryEditor rootEditor = RepositoryEditor.open(d.root, clock);
    rootEditor.touch("root");
    Release rotation = rootEditor.stage(DIRECTOR_KEYS.directorOnline());
    RepositoryKeys.signOffline(rotation, "root", DIRECTOR_KEYS.root);
    rotation.publish();
    // A root publish interrupted between the encodings: root v2 in JSON only for now.
    byte[] v2cbor = d.root.read("metadata/2.root.cbor").orElseThrow();
    d.root.delete("metadata/2.root.cbor");
    clock.set(RepositoryKeys.NOW.plus(Duration.ofHours(1)));
    assertEquals(1L, both.generate(VIN_1).rootVersion(), "every file set keeps one root");
    d.root.write("metadata/2.root.cbor", v2cbor);
    DirectorPublication p = both.generate(VIN_1);
    assertEquals(2L, p.rootVersion());
    assertEquals(Change.REFRESHED, p.change());
    for (MetadataEncoding e : BOTH) {
      assertArrayEquals(d.root.read("metadata/" + e.fileName("2.root")).orElseThrow(),
          d.file(e.fileName("2.root")));
      Updater primary = d.primary("p-" + e, e);
      primary.refresh();
      assertEquals(2L, primary.trustedRoot().signed().version());
    }
  }

  @Test
  void aCborDirectorNeedsARootRepositoryPublishingCbor_uptane_meta_structures() {
    InvalidRepositoryException e = assertThrows(InvalidRepositoryException.class,
        () -> DirectorRepository.builder().rootRepository(rootStorage).published(published)
            .inventory(inventory).clock(clock).onlineSigners(DIRECTOR_KEYS.directorOnline())
            .encodings(BOTH).build());
    assertTrue(e.getMessage().contains("metadata/1.root.cbor"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> DirectorRepository.builder().encodings(Set.of()));
  }

  @Test
  void publishingAnotherEncodingTooRepublishesAtHigherVersions_uptane_director_repository()
      throws Exception {
    EncodedDirector d = new EncodedDirector("switch");
    DirectorRepository json = d.open(Set.of(MetadataEncoding.JSON));
    registerVehicle1(json);
    json.assign(VIN_1, EcuAssignment.of("ecu-2", brakes));
    json.generate(VIN_1);
    Updater jsonPrimary = d.primary("pj", MetadataEncoding.JSON);
    jsonPrimary.refresh();
    DirectorPublication p = d.open(BOTH).generate(VIN_1);
    assertEquals(Change.REFRESHED, p.change());
    assertEquals(List.of(2L, 2L, 2L), List.of(p.targetsVersion(), p.snapshotVersion(),
        p.timestampVersion()));
    assertTrue(d.files().keySet().containsAll(Set.of("1.root.cbor", "root.cbor",
        "2.targets.cbor", "2.snapshot.cbor", "timestamp.cbor")), d.files().keySet().toString());
    jsonPrimary.refresh();
    assertEquals(2L, jsonPrimary.trustedTargets("targets").orElseThrow().signed().version());
    Updater cborPrimary = d.primary("pc", MetadataEncoding.CBOR);
    cborPrimary.refresh();
    assertTrue(cborPrimary.getTargetInfo(brakes.path()).isPresent());
  }

  private static String dirOf(String vin) {
    return DirectorRepository.metadataPath(vin);
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
