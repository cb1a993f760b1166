package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.uptane.DirectorMetadata;
import org.tuf4j.uptane.DirectorPublication;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.EcuAssignment;
import org.tuf4j.uptane.FullVerification;
import org.tuf4j.uptane.FullVerifier;
import org.tuf4j.uptane.ImageRepository;
import org.tuf4j.uptane.InstalledImages;
import org.tuf4j.uptane.PartialVerification;
import org.tuf4j.uptane.PartialVerificationState;
import org.tuf4j.uptane.PartialVerifier;
import org.tuf4j.uptane.UptaneKeys;
import org.tuf4j.uptane.UptaneTargetCustom;
import org.tuf4j.uptane.VehicleIdentity;
import org.tuf4j.uptane.VehicleInventory;
import org.tuf4j.uptane.VerifiedImage;

/**
 * An Uptane deployment made of tuf4j's own parts end to end (Uptane Standard #image_repository,
 * #director_repository, #full_verification, #partial_verification, #meta_structures): an {@link
 * ImageRepository} whose root and targets are signed offline (detached signatures over each
 * encoding's bytes; the second release saved, then resumed and signed in "another process"), a {@link DirectorRepository} signing per vehicle
 * with online keys over a shared root kept in a root repository, both written to directories
 * served as static files on 127.0.0.1 — and, in each vehicle, a Primary's {@link FullVerifier}
 * for itself and two Secondaries, downloads, a Secondary's {@link PartialVerifier} of the Director
 * metadata the Primary forwards and its check of the image, a cycle with nothing new, a second
 * campaign for the Secondary, and a rotation of the Director's targets key that the Secondary
 * follows.
 *
 * <p>Published in canonical JSON, in deterministic CBOR, and in both side by side; with both,
 * one vehicle reads JSON, another CBOR, a third the Director in CBOR and the Image repository in
 * JSON, and they install the same images.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UptaneWritersEndToEndTest {
  private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String PRIMARY_HW = "hw-gateway";
  private static final String SECONDARY_HW = "hw-brakes";
  private static final String SECONDARY_2_HW = "hw-display";

  @TempDir Path tmp;
  private final List<LoopbackServer> servers = new ArrayList<>();

  // Image repository: root and targets offline; Director: root offline, the rest online.
  private final Map<RoleType, KeyPairSigner> imageKeys = keys();
  private final Map<RoleType, KeyPairSigner> directorKeys = keys();

  @AfterEach
  void tearDown() {
    servers.forEach(LoopbackServer::close);
  }

  private static Map<RoleType, KeyPairSigner> keys() {
    Map<RoleType, KeyPairSigner> keys = new EnumMap<>(RoleType.class);
    for (RoleType role : RoleType.values()) {
      keys.put(role, KeyPairSigner.generate("ed25519"));
    }
    return keys;
  }

  private static Map<RoleType, RoleKeys> roles(Map<RoleType, KeyPairSigner> keys) {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    keys.forEach((role, signer) -> roles.put(role, RoleKeys.of(UptaneKeys.publicKeyOf(signer))));
    return roles;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Arguments> publishedEncodings() {
    return Stream.of(
        Arguments.of("JSON", Set.of(MetadataEncoding.JSON)),
        Arguments.of("CBOR", Set.of(MetadataEncoding.CBOR)),
        Arguments.of("both side by side", EnumSet.allOf(MetadataEncoding.class)));
  }

  /** One vehicle, reading each repository's metadata in one encoding. */
  private final class Vehicle {
    final MetadataEncoding encoding;
    final String vin;
    final String primary;
    final String secondary;
    final String secondary2;
    final FullVerifier primaryVerifier;
    final PartialVerifier secondaryVerifier;
    PartialVerificationState secondaryState;
    InstalledImages installed = InstalledImages.NONE;
    final Map<String, byte[]> installedBytes = new LinkedHashMap<>();

    /**
     * @param encoding how the Director's metadata is read (and forwarded to the Secondary)
     * @param imageEncoding how the Image repository's metadata is read
     */
    Vehicle(String tag, MetadataEncoding encoding, MetadataEncoding imageEncoding,
        Path imageRepo, Path directorRoot, LoopbackServer images, LoopbackServer director)
        throws IOException {
      this.encoding = encoding;
      vin = "VIN-" + tag.toUpperCase(java.util.Locale.ROOT) + "-0001";
      primary = "gateway-" + tag;
      secondary = "brakes-" + tag;
      secondary2 = "display-" + tag;
      Path state = tmp.resolve("vehicle-" + tag);
      byte[] directorRootV1 = Files.readAllBytes(directorRoot.resolve("metadata/"
          + encoding.fileName("1.root")));
      byte[] imageRootV1 = Files.readAllBytes(imageRepo.resolve("metadata/"
          + imageEncoding.fileName("1.root")));
      UpdaterConfig config = UpdaterConfig.builder().clock(CLOCK).build();
      HttpFetcher fetcher = HttpFetcher.builder().connectTimeout(Duration.ofSeconds(2))
          .readTimeout(Duration.ofSeconds(5)).build();
      primaryVerifier = FullVerifier.builder()
          .director(Updater.builder().encoding(encoding).config(config).fetcher(fetcher)
              .metadataDir(state.resolve("director"))
              .metadataBaseUrl(director.baseUri().resolve(DirectorRepository.metadataPath(vin)))
              .trustedRoot(directorRootV1))
          .imageRepository(Updater.builder().encoding(imageEncoding).config(config)
              .fetcher(fetcher)
              .metadataDir(state.resolve("image"))
              .metadataBaseUrl(images.baseUri().resolve("metadata/"))
              .targetBaseUrl(images.baseUri().resolve("targets/"))
              .targetDir(state.resolve("downloads"))
              .trustedRoot(imageRootV1))
          .vehicle(VehicleIdentity.builder(vin).primary(primary, PRIMARY_HW)
              .secondary(secondary, SECONDARY_HW).secondary(secondary2, SECONDARY_2_HW).build())
          .build();
      secondaryVerifier = PartialVerifier.builder(secondary, SECONDARY_HW).vehicleId(vin)
          .encoding(encoding).build();
      secondaryState = PartialVerificationState.initial(directorRootV1);
    }

    VehicleInventory inventory() {
      return VehicleInventory.builder(vin)
          .primary(primary, UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")), PRIMARY_HW)
          .secondary(secondary, UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")),
              SECONDARY_HW)
          .secondary(secondary2, UptaneKeys.publicKeyOf(KeyPairSigner.generate("ed25519")),
              SECONDARY_2_HW)
          .build();
    }

    /**
     * One update cycle: the Primary's full verification and downloads, the Secondary's partial
     * verification of the forwarded Director metadata and of the image the Primary hands it,
     * then "installing" (recording what is installed).
     *
     * @return the serials updated
     */
    List<String> update() throws Exception {
      FullVerification.Updates updates = assertInstanceOf(FullVerification.Updates.class,
          primaryVerifier.verify(installed));
      assertEquals(encoding, updates.director().encoding());
      Path secondaryImage = null;
      for (VerifiedImage image : updates.toInstall().values()) {
        Path file = primaryVerifier.download(image);
        installed = installed.with(image.ecuSerial(), InstalledImages.Release.of(image));
        installedBytes.put(image.ecuSerial(), Files.readAllBytes(file));
        if (image.ecuSerial().equals(secondary)) {
          secondaryImage = file;
        }
      }
      PartialVerification result = secondaryVerifier.verify(updates.director(), secondaryState,
          Optional.empty(), NOW);
      if (secondaryImage != null) {
        PartialVerification.Install install = assertInstanceOf(
            PartialVerification.Install.class, result);
        try (InputStream fromPrimary = Files.newInputStream(secondaryImage)) {
          install.checkImage(fromPrimary);
        }
      }
      secondaryState = result.nextState();
      return List.copyOf(updates.toInstall().keySet());
    }

    /** A cycle in which the Director orders nothing new. */
    DirectorMetadata nothingNew(FullVerification.Reason reason) throws Exception {
      FullVerification again = primaryVerifier.verify(installed);
      assertEquals(reason, assertInstanceOf(FullVerification.NothingNew.class, again).reason());
      PartialVerification noop = secondaryVerifier.verify(again.director(), secondaryState,
          installed.of(secondary), NOW);
      assertEquals(PartialVerification.Reason.ALREADY_INSTALLED,
          assertInstanceOf(PartialVerification.NoUpdate.class, noop).reason());
      secondaryState = noop.nextState();
      return again.director();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedEncodings")
  void vehiclesUpdateFromTuf4jsUptaneRepositories_uptane_full_and_partial_verification(
      String name, Set<MetadataEncoding> published) throws Exception {
    // The Image repository: images released with their Uptane metadata, targets signed offline.
    FileSystemStorage imageStorage = FileSystemStorage.open(tmp.resolve("image-repo"));
    ImageRepository images = ImageRepository.create(imageStorage, CLOCK, roles(imageKeys),
        published);
    Map<String, byte[]> firmware = new LinkedHashMap<>();
    firmware.put("gateway/fw-20.bin", bytes("gateway firmware 20\n"));
    firmware.put("brakes/fw-7.bin", bytes("brakes firmware 7\n"));
    firmware.put("display/fw-3.bin", bytes("display firmware 3\n"));
    TargetFile gatewayFw = images.addImage("gateway/fw-20.bin",
        firmware.get("gateway/fw-20.bin"), image(20, PRIMARY_HW));
    TargetFile brakesFw = images.addImage("brakes/fw-7.bin", firmware.get("brakes/fw-7.bin"),
        image(7, SECONDARY_HW));
    TargetFile displayFw = images.addImage("display/fw-3.bin",
        firmware.get("display/fw-3.bin"), image(3, SECONDARY_2_HW));
    Release first = images.stage(imageOnline());
    signDetached(first, "root", imageKeys.get(RoleType.ROOT));
    signDetached(first, "targets", imageKeys.get(RoleType.TARGETS));
    first.publish();

    // The Director: a shared root in its root repository, per-vehicle metadata online.
    FileSystemStorage rootStorage = FileSystemStorage.open(tmp.resolve("director-root"));
    RepositoryEditor rootRepository = RepositoryEditor.create(rootStorage, CLOCK,
        roles(directorKeys), true, published);
    Release rootRelease = rootRepository.stage(directorOnline());
    signDetached(rootRelease, "root", directorKeys.get(RoleType.ROOT));
    rootRelease.publish();
    FileSystemStorage www = FileSystemStorage.open(tmp.resolve("director-www"));
    DirectorRepository director = DirectorRepository.builder().rootRepository(rootStorage)
        .published(www).inventory(FileSystemStorage.open(tmp.resolve("director-db")))
        .clock(CLOCK).onlineSigners(directorOnline()).encodings(published).build();

    LoopbackServer imageServer = serve(imageStorage.root());
    LoopbackServer directorServer = serve(www.root());
    List<Vehicle> vehicles = new ArrayList<>();
    for (MetadataEncoding e : published) {
      vehicles.add(new Vehicle(e.name().toLowerCase(java.util.Locale.ROOT), e, e,
          imageStorage.root(), rootStorage.root(), imageServer, directorServer));
    }
    if (published.size() > 1) { // either encoding per repository: a CBOR Director, JSON images
      vehicles.add(new Vehicle("mixed", MetadataEncoding.CBOR, MetadataEncoding.JSON,
          imageStorage.root(), rootStorage.root(), imageServer, directorServer));
    }
    for (Vehicle v : vehicles) {
      director.register(v.inventory());
      director.setAssignments(v.vin, List.of(EcuAssignment.of(v.primary, gatewayFw),
          EcuAssignment.of(v.secondary, brakesFw), EcuAssignment.of(v.secondary2, displayFw)));
      assertEquals(DirectorPublication.Change.UPDATED, director.generate(v.vin).change());
    }

    for (Vehicle v : vehicles) {
      assertEquals(Set.of(v.primary, v.secondary, v.secondary2), Set.copyOf(v.update()));
      assertArrayEquals(firmware.get("gateway/fw-20.bin"), v.installedBytes.get(v.primary));
      assertArrayEquals(firmware.get("brakes/fw-7.bin"), v.installedBytes.get(v.secondary));
      assertArrayEquals(firmware.get("display/fw-3.bin"), v.installedBytes.get(v.secondary2));
      // Nothing new: the Director, asked again, writes nothing and the vehicle installs nothing.
      assertEquals(DirectorPublication.Change.UNCHANGED, director.generate(v.vin).change());
      v.nothingNew(FullVerification.Reason.DIRECTOR_UNCHANGED);
    }

    // A second campaign: brakes firmware 8, released offline, directed to every vehicle.
    byte[] brakes8 = bytes("brakes firmware 8\n");
    ImageRepository reopened = ImageRepository.open(imageStorage, CLOCK);
    TargetFile brakesFw8 = reopened.addImage("brakes/fw-8.bin", brakes8, image(8, SECONDARY_HW));
    reopened.stage(imageOnline()).save();
    signOfflineAndPublish(imageStorage, RoleType.TARGETS);
    for (Vehicle v : vehicles) {
      director.unassign(v.vin, v.secondary);
      director.assign(v.vin, EcuAssignment.of(v.secondary, brakesFw8));
      assertEquals(DirectorPublication.Change.UPDATED, director.generate(v.vin).change());
      assertEquals(List.of(v.secondary), v.update());
      assertArrayEquals(brakes8, v.installedBytes.get(v.secondary));
    }

    // The Director's targets key is rotated in its root repository (root signed offline in each
    // encoding); the Director, restarted with the new online key, re-signs every vehicle under
    // root v2, which each Primary verifies and forwards, and each Secondary follows.
    KeyPairSigner newTargetsKey = KeyPairSigner.generate("ed25519");
    RepositoryEditor rotation = RepositoryEditor.open(rootStorage, CLOCK);
    rotation.keys().addKey(RoleType.TARGETS, UptaneKeys.publicKeyOf(newTargetsKey));
    rotation.keys().revokeKey(RoleType.TARGETS,
        UptaneKeys.publicKeyOf(directorKeys.get(RoleType.TARGETS)).computeKeyId());
    rotation.touch("targets"); // the root repository's own targets, re-signed by the new key
    directorKeys.put(RoleType.TARGETS, newTargetsKey);
    Release rotated = rotation.stage(directorOnline());
    signDetached(rotated, "root", directorKeys.get(RoleType.ROOT));
    rotated.publish();
    DirectorRepository restarted = DirectorRepository.builder().rootRepository(rootStorage)
        .published(www).inventory(FileSystemStorage.open(tmp.resolve("director-db")))
        .clock(CLOCK).onlineSigners(directorOnline()).encodings(published).build();
    for (Vehicle v : vehicles) {
      DirectorPublication p = restarted.generate(v.vin);
      assertEquals(List.of(2L, DirectorPublication.Change.REFRESHED),
          List.of(p.rootVersion(), p.change()));
      DirectorMetadata forwarded = v.nothingNew(FullVerification.Reason.NO_NEW_IMAGES);
      assertEquals(2, forwarded.rootChain().size(), "the rotation is forwarded");
      assertArrayEquals(forwarded.rootChain().get(1), v.secondaryState.directorRoot());
    }

    // Side by side, the JSON, CBOR and mixed vehicles installed the same images.
    for (Vehicle v : vehicles) {
      assertEquals(vehicles.get(0).installed.of(vehicles.get(0).secondary).orElseThrow().image(),
          v.installed.of(v.secondary).orElseThrow().image());
      assertArrayEquals(vehicles.get(0).installedBytes.get(vehicles.get(0).primary),
          v.installedBytes.get(v.primary));
    }
    // And each read its own encoding only.
    for (MetadataEncoding other : EnumSet.complementOf(EnumSet.copyOf(published))) {
      for (LoopbackServer server : servers) {
        assertFalse(server.requests().stream().anyMatch(p -> p.endsWith(other.extension())),
            server.requests().toString());
      }
    }
  }

  private static UptaneTargetCustom image(long releaseCounter, String hardwareId) {
    return UptaneTargetCustom.builder().hardwareIds(List.of(hardwareId))
        .releaseCounter(releaseCounter).build();
  }

  /** The Image repository's online keys: snapshot and timestamp (targets are offline). */
  private List<Signer> imageOnline() {
    return List.of(imageKeys.get(RoleType.SNAPSHOT), imageKeys.get(RoleType.TIMESTAMP));
  }

  /** The Director's online keys: targets, snapshot and timestamp. */
  private List<Signer> directorOnline() {
    return List.of(directorKeys.get(RoleType.TARGETS), directorKeys.get(RoleType.SNAPSHOT),
        directorKeys.get(RoleType.TIMESTAMP));
  }

  /**
   * "Another process" with the offline keys: resumes the saved release of the Image repository,
   * signs each of {@code roles} in every encoding with detached signatures over the exact bytes
   * of that encoding, and publishes.
   */
  private void signOfflineAndPublish(FileSystemStorage storage, RoleType... roles)
      throws Exception {
    Release release = ImageRepository.resume(storage, CLOCK);
    for (RoleType role : roles) {
      signDetached(release, role.typeName(), imageKeys.get(role));
    }
    // The snapshot describes the targets file, signatures included: the repository's online
    // keys sign snapshot and timestamp again before it publishes.
    for (RoleType online : List.of(RoleType.SNAPSHOT, RoleType.TIMESTAMP)) {
      release.sign(imageKeys.get(online), List.of("snapshot", "timestamp"));
    }
    release.publish();
  }

  /** A detached signature per encoding,
      made over {@link org.tuf4j.repository.ReleaseFiles#bytesToSign} of each. */
  private static void signDetached(Release release, String role, KeyPairSigner offline)
      throws Exception {
    for (MetadataEncoding e : release.encodings()) {
      byte[] toSign = release.files(e).bytesToSign(role);
      Signature signature = Signature.of(UptaneKeys.publicKeyOf(offline).computeKeyId(),
          offline.sign(toSign));
      release.files(e).addSignature(role, signature);
    }
  }

  private LoopbackServer serve(Path dir) {
    LoopbackServer server = LoopbackServer.serveDirectory(dir);
    servers.add(server);
    return server;
  }
}
