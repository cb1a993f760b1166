package org.tuf4j.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.tuf4j.examples.ota.OtaFleet;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.Source;
import org.tuf4j.uptane.ImageMismatchException;
import org.tuf4j.uptane.ReleaseCounterRollbackException;
import org.tuf4j.uptane.ReplayedReportException;
import org.tuf4j.TufException;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.ReleaseFiles;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.uptane.DirectorMetadata;
import org.tuf4j.uptane.DirectorPublication;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.EcuAssignment;
import org.tuf4j.uptane.EcuVersionReport;
import org.tuf4j.uptane.FullVerification;
import org.tuf4j.uptane.FullVerifier;
import org.tuf4j.uptane.ImageRepository;
import org.tuf4j.uptane.InstalledImages;
import org.tuf4j.uptane.ManifestReplayState;
import org.tuf4j.uptane.ManifestVerifier;
import org.tuf4j.uptane.PartialVerification;
import org.tuf4j.uptane.PartialVerificationState;
import org.tuf4j.uptane.PartialVerifier;
import org.tuf4j.uptane.UptaneKeys;
import org.tuf4j.uptane.UptaneSigned;
import org.tuf4j.uptane.UptaneTargetCustom;
import org.tuf4j.uptane.VehicleIdentity;
import org.tuf4j.uptane.VehicleInventory;
import org.tuf4j.uptane.VehicleVersionManifest;
import org.tuf4j.uptane.VerifiedImage;
import org.tuf4j.uptane.VerifiedManifest;

/**
 * The Uptane vehicle example: both Uptane repositories and one vehicle on this machine, through
 * tuf4j's production API only (Uptane Standard section anchors below).
 *
 * <ol>
 *   <li>An Image repository (#image_repository) with offline root and targets keys: images for
 *       a gateway, a brake controller and an infotainment unit, each with hardware ids and a
 *       release counter (#targets_images_meta); the targets metadata signed with a detached
 *       signature over {@link ReleaseFiles#bytesToSign}, snapshot and timestamp online.
 *   <li>A Director (#director_repository) whose shared root key is offline and whose targets,
 *       snapshot and timestamp keys are online; one vehicle registered in its inventory
 *       (#inventory_db), an image assigned to each ECU, the vehicle's metadata generated.
 *   <li>Both served on 127.0.0.1 by one HTTP server.
 *   <li>The Primary's full verification (#full_verification) for itself and two Secondaries and
 *       the download of the three images (#download_images_primary); the brake controller's
 *       partial verification (#partial_verification) of the Director metadata the Primary
 *       forwards (#send_metadata_primary), its check of the image bytes (#verify_image), and the
 *       install state each side records.
 *   <li>ECU version reports (#version_report) in a vehicle version manifest
 *       (#vehicle_version_manifest) that the Director verifies against its inventory.
 *   <li>A second cycle with nothing new (#full_verification step 4).
 *   <li>Attacks the vehicle and the Director refuse (#threats): a compromised Director ordering
 *       an image the Image repository never signed, a rollback to an older release counter, a
 *       replayed version report.
 * </ol>
 *
 * <p>Usage, after {@code mvn -B -q -DskipTests package}: {@code java -cp
 * examples/target/tuf4j-examples.jar org.tuf4j.examples.VehicleDemo}. Exit status 0 when every
 * step behaved as it should.
 */
public final class VehicleDemo {
  static final String VIN = "WVWZZZ1JZXW000001";
  static final String GATEWAY = "gw-0001";
  static final String BRAKES = "brk-0001";
  static final String INFOTAINMENT = "ivi-0001";
  private static final String GATEWAY_HW = "gateway-2";
  private static final String BRAKES_HW = "brake-ctl-4";
  private static final String INFOTAINMENT_HW = "ivi-3";
  private static final String IMAGE_PATH = "image/";

  private final PrintStream out;
  private final Path work;
  private final Clock clock = Clock.systemUTC();

  // Offline keys would sit on an air-gapped machine or a token; in this example they are in
  // memory, and only ever sign bytes handed to them.
  private final Signer imageRootKey = KeyPairSigner.generate("ed25519");
  private final Signer imageTargetsKey = KeyPairSigner.generate("ed25519");
  private final List<Signer> imageOnlineKeys = List.of(KeyPairSigner.generate("ed25519"),
      KeyPairSigner.generate("ed25519"));
  private final Signer directorRootKey = KeyPairSigner.generate("ed25519");
  private final List<Signer> directorOnlineKeys = List.of(KeyPairSigner.generate("ed25519"),
      KeyPairSigner.generate("ed25519"), KeyPairSigner.generate("ed25519"));
  /** ECU serial to the ECU's own key, Primary first. */
  private final Map<String, Signer> ecuKeys = new LinkedHashMap<>();

  // What the steps build, in the order they build it.
  private final Map<String, byte[]> firmware = new LinkedHashMap<>();
  private TargetFile gatewayImage;
  private TargetFile brakesImage;
  private TargetFile oldBrakesImage;
  private TargetFile infotainmentImage;
  private FileSystemStorage directorPublished;
  private DirectorRepository director;
  private byte[] directorRoot;
  private byte[] imageRoot;
  private FullVerifier primary;
  private InstalledImages installed = InstalledImages.NONE;
  private PartialVerifier brakeController;
  private PartialVerificationState brakeControllerState;
  private InstalledImages.Release brakeControllerInstalled;
  private byte[] manifestSent;
  private ManifestReplayState replayState = ManifestReplayState.EMPTY;

  VehicleDemo(PrintStream out, Path work) {
    this.out = out;
    this.work = work;
    for (String ecu : List.of(GATEWAY, BRAKES, INFOTAINMENT)) {
      ecuKeys.put(ecu, KeyPairSigner.generate("ed25519"));
    }
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("tuf4j-vehicle-demo-");
    boolean ok;
    try {
      ok = new VehicleDemo(System.out, work).run();
    } finally {
      Demo.deleteTree(work);
    }
    System.exit(ok ? 0 : 1);
  }

  /** Runs every step; true when each one behaved as it should. */
  boolean run() throws Exception {
    publishImageRepository();
    setUpDirector();
    try (LoopbackServer server = LoopbackServer.builder().source(Source.mounted(Map.of(
        "director/metadata/", Source.directory(work.resolve("director-www/metadata")),
        IMAGE_PATH + "metadata/", Source.directory(work.resolve("image-repository/metadata")),
        IMAGE_PATH + "targets/", Source.directory(work.resolve("image-repository/targets")))))
        .start()) {
      URI base = server.baseUri();
      out.println("3. serving both at " + base + " (loopback only): the Director's "
          + "director/metadata/" + VIN + "/, the Image repository's image/metadata/ and "
          + "image/targets/");
      boolean ok = updateVehicle(base)
          && reportVersions()
          && secondCycleFindsNothingNew(server)
          && compromisedDirectorIsRefused()
          && rollbackIsRefused()
          && replayedReportIsRefused()
          && vehicleRecovers(server);
      if (ok) {
        out.println("done: the vehicle installed only images both repositories signed, refused "
            + "a compromised Director's image and a rollback, and the Director accepted each "
            + "version report once");
      }
      return ok;
    }
  }

  // ------------------------------------------------------------------ 1. Image repository

  private void publishImageRepository() throws Exception {
    FileSystemStorage storage = FileSystemStorage.open(work.resolve("image-repository"));
    ImageRepository images = ImageRepository.create(storage, clock,
        OtaFleet.roles(imageRootKey, imageTargetsKey, imageOnlineKeys.get(0), imageOnlineKeys.get(1)));
    gatewayImage = addImage(images, "gateway/gw-fw-3.bin", GATEWAY_HW, 3);
    oldBrakesImage = addImage(images, "brakes/brake-fw-6.bin", BRAKES_HW, 6);
    brakesImage = addImage(images, "brakes/brake-fw-7.bin", BRAKES_HW, 7);
    infotainmentImage = addImage(images, "infotainment/ivi-fw-12.bin", INFOTAINMENT_HW, 12);
    Release release = images.stage(imageOnlineKeys);   // snapshot and timestamp only
    // Offline: the bytes go to the key holder, a detached signature comes back and is checked.
    ReleaseFiles files = release.files(MetadataEncoding.JSON);
    int toSign = files.bytesToSign("targets").length;
    files.addSignature("targets", signOffline(files, "targets", imageTargetsKey));
    files.addSignature("root", signOffline(files, "root", imageRootKey));
    release.publish();
    imageRoot = storage.read("metadata/1.root.json").orElseThrow();
    out.println("1. Image repository (OEM): " + firmware.size() + " images for 3 ECUs, each "
        + "with hardware ids and a release counter (brake-fw-6 is last year's release); targets "
        + "v1 signed offline (a detached signature over the " + toSign + " bytes of "
        + "bytesToSign(\"targets\"), added with addSignature), snapshot and timestamp online");
  }

  private TargetFile addImage(ImageRepository images, String path, String hardwareId,
      long releaseCounter) throws Exception {
    byte[] content = (path + ", release " + releaseCounter + "\n").repeat(100)
        .getBytes(StandardCharsets.UTF_8);
    firmware.put(path, content);
    return images.addImage(path, content, UptaneTargetCustom.builder()
        .hardwareIds(List.of(hardwareId)).releaseCounter(releaseCounter).build());
  }

  // ------------------------------------------------------------------ 2. Director

  private void setUpDirector() throws Exception {
    FileSystemStorage rootRepository = FileSystemStorage.open(work.resolve("director-root"));
    Release rootRelease = RepositoryEditor.create(rootRepository, clock, OtaFleet.roles(directorRootKey,
        directorOnlineKeys.get(0), directorOnlineKeys.get(1), directorOnlineKeys.get(2)), true)
        .stage(directorOnlineKeys);
    ReleaseFiles rootFiles = rootRelease.files(MetadataEncoding.JSON);
    rootFiles.addSignature("root", signOffline(rootFiles, "root", directorRootKey));
    rootRelease.publish();
    directorRoot = rootRepository.read("metadata/1.root.json").orElseThrow();

    directorPublished = FileSystemStorage.open(work.resolve("director-www"));
    director = DirectorRepository.builder().rootRepository(rootRepository)
        .published(directorPublished)
        .inventory(FileSystemStorage.open(work.resolve("director-inventory")))
        .clock(clock).onlineSigners(directorOnlineKeys).build();
    director.register(VehicleInventory.builder(VIN)
        .primary(GATEWAY, UptaneKeys.publicKeyOf(ecuKeys.get(GATEWAY)), GATEWAY_HW)
        .secondary(BRAKES, UptaneKeys.publicKeyOf(ecuKeys.get(BRAKES)), BRAKES_HW)
        .secondary(INFOTAINMENT, UptaneKeys.publicKeyOf(ecuKeys.get(INFOTAINMENT)),
            INFOTAINMENT_HW)
        .build());
    director.setAssignments(VIN, List.of(EcuAssignment.of(GATEWAY, gatewayImage),
        EcuAssignment.of(BRAKES, brakesImage), EcuAssignment.of(INFOTAINMENT, infotainmentImage)));
    DirectorPublication p = director.generate(VIN);
    out.println("2. Director: shared root v1 (root key offline; targets, snapshot and timestamp "
        + "keys online); vehicle " + VIN + " registered (Primary " + GATEWAY + " " + GATEWAY_HW
        + ", Secondaries " + BRAKES + " " + BRAKES_HW + " and " + INFOTAINMENT + " "
        + INFOTAINMENT_HW + ", each with its ECU key); one image assigned per ECU; "
        + p.metadataPath() + " generated: targets v" + p.targetsVersion() + ", snapshot v"
        + p.snapshotVersion() + ", timestamp v" + p.timestampVersion());
  }

  // ------------------------------------------------------------------ 4. the update cycle

  private boolean updateVehicle(URI base) throws Exception {
    Path primaryDir = work.resolve("vehicle").resolve(GATEWAY);
    primary = FullVerifier.builder()
        .director(Updater.builder()
            .metadataDir(primaryDir.resolve("director"))
            .metadataBaseUrl(base.resolve("director/" + DirectorRepository.metadataPath(VIN)))
            .trustedRoot(directorRoot))                         // shipped with the vehicle
        .imageRepository(Updater.builder()
            .metadataDir(primaryDir.resolve("image-repository"))
            .metadataBaseUrl(base.resolve("image/metadata/"))
            .targetBaseUrl(base.resolve("image/targets/"))
            .targetDir(primaryDir.resolve("images"))
            .trustedRoot(imageRoot))                            // shipped with the vehicle
        .vehicle(VehicleIdentity.builder(VIN).primary(GATEWAY, GATEWAY_HW)
            .secondary(BRAKES, BRAKES_HW).secondary(INFOTAINMENT, INFOTAINMENT_HW).build())
        .build();
    FullVerification result = primary.verify(InstalledImages.NONE);
    if (!(result instanceof FullVerification.Updates updates)
        || updates.toInstall().size() != 3) {
      out.println("4. full verification gave " + result + ": unexpected");
      return false;
    }
    StringJoiner orders = new StringJoiner(", ");
    updates.toInstall().values().forEach(i -> orders.add(i.ecuSerial() + " <- " + i.path()
        + " (release " + i.releaseCounter().orElse(-1) + ")"));
    out.println("4. Primary " + GATEWAY + ", full verification (the Director, then the Image "
        + "repository; lengths, hashes, hardware ids and release counters cross-checked): "
        + orders);

    Map<String, Path> downloaded = new LinkedHashMap<>();
    long bytes = 0;
    for (VerifiedImage image : updates.toInstall().values()) {
      Path file = primary.download(image);
      if (!MessageDigest.isEqual(firmware.get(image.path()), Files.readAllBytes(file))) {
        out.println("5. " + image.path() + " downloaded with other content: unexpected");
        return false;
      }
      downloaded.put(image.ecuSerial(), file);
      bytes += image.length();
      if (!image.ecuSerial().equals(BRAKES)) {
        installed = installed.with(image.ecuSerial(), InstalledImages.Release.of(image));
      }
    }
    out.println("5. Primary downloaded the 3 images (" + bytes + " bytes) from the Image "
        + "repository, length and every hash checked while streaming; " + GATEWAY + " and "
        + INFOTAINMENT + " installed theirs");

    // The brake controller: partial verification with the Director root it was provisioned
    // with, and the time from a source it trusts (#verify_time; here the system clock).
    brakeController = PartialVerifier.builder(BRAKES, BRAKES_HW).vehicleId(VIN).build();
    Instant trustedTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    PartialVerification outcome = brakeController.verify(updates.director(),
        PartialVerificationState.initial(directorRoot), Optional.empty(), trustedTime);
    if (!(outcome instanceof PartialVerification.Install install)) {
      out.println("6. the brake controller's partial verification gave " + outcome
          + ": unexpected");
      return false;
    }
    try (InputStream fromPrimary = Files.newInputStream(downloaded.get(BRAKES))) {
      install.checkImage(fromPrimary);              // #verify_image step 7, or a TufException
    }
    brakeControllerState = install.nextState();
    brakeControllerInstalled = InstalledImages.Release.of(install);
    installed = installed.with(BRAKES, brakeControllerInstalled);
    out.println("6. Secondary " + BRAKES + ", partial verification of the Director metadata the "
        + "Primary forwarded (Director targets, " + updates.director().targets().length
        + " bytes, and " + updates.director().rootChain().size() + " root version) at trusted "
        + "time " + trustedTime
        + ": install " + install.image().path() + "; the image bytes from the Primary match; "
        + "installed, new state recorded");
    return true;
  }

  // ------------------------------------------------------------------ 5. version report

  private boolean reportVersions() throws Exception {
    VehicleVersionManifest.Builder manifest = VehicleVersionManifest.builder().vehicleId(VIN)
        .primaryEcuSerial(GATEWAY);
    for (Map.Entry<String, Signer> ecu : ecuKeys.entrySet()) {
      EcuVersionReport report = EcuVersionReport.builder().ecuSerial(ecu.getKey())
          .installedImage(installed.of(ecu.getKey()).orElseThrow().image())
          .latestTime(clock.instant()).reportCounter(1).build();
      manifest.addReport(UptaneSigned.sign(report, ecu.getValue()));   // each ECU signs its own
    }
    manifestSent = UptaneSigned.sign(manifest.build(), ecuKeys.get(GATEWAY)).toCanonicalJson();

    VerifiedManifest accepted = ManifestVerifier.standard().verify(manifestSent,
        director.vehicle(VIN).orElseThrow(), replayState, clock.instant());
    replayState = accepted.nextState();
    Map<String, EcuAssignment> assigned = director.assignments(VIN);
    boolean asAssigned = accepted.payload().ecuVersionReports().entrySet().stream().allMatch(
        e -> e.getValue().payload().installedImage().filepath()
            .equals(assigned.get(e.getKey()).image().path()));
    out.println("7. version report: 3 ECU version reports (report counter 1) each signed with "
        + "its ECU key, in a vehicle version manifest signed by the Primary (" + manifestSent.length
        + " bytes); the Director's ManifestVerifier accepted it against the inventory and replay "
        + "state" + (asAssigned ? "; every ECU runs its assigned image"
            : " — an ECU does not run its assigned image: unexpected"));
    return asAssigned;
  }

  // ------------------------------------------------------------------ 6. nothing new

  private boolean secondCycleFindsNothingNew(LoopbackServer server) throws Exception {
    int imageRequestsBefore = server.requestsUnder(IMAGE_PATH);
    FullVerification again = primary.verify(installed);
    int imageRequests = server.requestsUnder(IMAGE_PATH) - imageRequestsBefore;
    PartialVerification brakes = brakeController.verify(again.director(), brakeControllerState,
        Optional.of(brakeControllerInstalled), clock.instant());
    brakeControllerState = brakes.nextState();
    boolean ok = again instanceof FullVerification.NothingNew n
        && n.reason() == FullVerification.Reason.DIRECTOR_UNCHANGED && imageRequests == 0
        && brakes instanceof PartialVerification.NoUpdate b
        && b.reason() == PartialVerification.Reason.ALREADY_INSTALLED;
    out.println("8. second cycle: Primary: " + describe(again) + ", requests to the Image "
        + "repository: " + imageRequests + "; " + BRAKES + ": " + describe(brakes)
        + (ok ? "" : " — unexpected"));
    return ok;
  }

  // ------------------------------------------------------------------ 7. attacks

  private boolean compromisedDirectorIsRefused() throws Exception {
    // The attacker holds the Director's online keys (and its database): it orders the brake
    // controller a backdoored build under the real image's name, release counter and length.
    byte[] backdoored = firmware.get(brakesImage.path()).clone();
    backdoored[0] ^= 1;
    TargetFile forged = new TargetFile(brakesImage.path(), backdoored.length,
        hashesOf(backdoored), brakesImage.custom(), Map.of());
    reassignBrakes(forged);
    return refused("9. compromised Director: it orders " + BRAKES + " a backdoored "
        + forged.path() + " (same name, length and release counter, other hashes), signed with "
        + "the Director's online keys; the Primary refused",
        ImageMismatchException.class, () -> primary.verify(installed));
  }

  private boolean rollbackIsRefused() throws Exception {
    DirectorPublication p = reassignBrakes(oldBrakesImage);
    boolean primaryRefuses = refused("10. rollback: the Director orders " + BRAKES + " back to "
        + oldBrakesImage.path() + " (release 6, which the Image repository did sign); the "
        + "Primary refused", ReleaseCounterRollbackException.class,
        () -> primary.verify(installed));
    // A compromised Primary could forward the Director's order anyway; the Secondary's own
    // check (#verify_image step 5) stops it too.
    DirectorMetadata forwarded = new DirectorMetadata(directorPublished.read(
        p.metadataPath() + p.targetsVersion() + ".targets.json").orElseThrow(), List.of());
    boolean secondaryRefuses = refused("    forwarded anyway by a compromised Primary: " + BRAKES
        + " refused", ReleaseCounterRollbackException.class,
        () -> brakeController.verify(forwarded, brakeControllerState,
            Optional.of(brakeControllerInstalled), clock.instant()));
    return primaryRefuses && secondaryRefuses;
  }

  private boolean replayedReportIsRefused() throws Exception {
    VehicleInventory inventory = director.vehicle(VIN).orElseThrow();
    return refused("11. replay: the vehicle version manifest of step 7 sent again (same report "
        + "counters); the Director refused", ReplayedReportException.class,
        () -> ManifestVerifier.standard().verify(manifestSent, inventory, replayState,
            clock.instant()));
  }

  /** The attacks changed nothing on the vehicle: once the Director is recovered, all is as it was. */
  private boolean vehicleRecovers(LoopbackServer server) throws Exception {
    reassignBrakes(brakesImage);
    int imageRequestsBefore = server.requestsUnder(IMAGE_PATH);
    FullVerification result = primary.verify(installed);
    int imageRequests = server.requestsUnder(IMAGE_PATH) - imageRequestsBefore;
    PartialVerification brakes = brakeController.verify(result.director(),
        brakeControllerState, Optional.of(brakeControllerInstalled), clock.instant());
    brakeControllerState = brakes.nextState();
    boolean ok = result instanceof FullVerification.NothingNew n
        && n.reason() == FullVerification.Reason.NO_NEW_IMAGES && imageRequests == 0
        && brakes instanceof PartialVerification.NoUpdate b
        && b.reason() == PartialVerification.Reason.ALREADY_INSTALLED;
    out.println("12. the Director, recovered, orders " + brakesImage.path() + " again: Primary: "
        + describe(result) + "; " + BRAKES + ": " + describe(brakes) + " — the refused orders "
        + "changed nothing installed" + (ok ? "" : ": unexpected"));
    return ok;
  }

  /** The Director orders the brake controller {@code image} instead of what it ordered. */
  private DirectorPublication reassignBrakes(TargetFile image) throws Exception {
    director.unassign(VIN, BRAKES);
    director.assign(VIN, EcuAssignment.of(BRAKES, image));
    return director.generate(VIN);
  }

  @FunctionalInterface
  private interface Attempt {
    void run() throws Exception;
  }

  /** Runs what tuf4j must refuse with {@code expected}; prints how it was refused. */
  private boolean refused(String step, Class<? extends TufException> expected, Attempt attempt) {
    try {
      attempt.run();
    } catch (Exception e) {
      boolean ok = expected.isInstance(e);
      out.println(step + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()
          + (ok ? "" : " — expected " + expected.getSimpleName() + ": unexpected"));
      return ok;
    }
    out.println(step.replace("refused", "ACCEPTED it") + ": unexpected");
    return false;
  }

  // ------------------------------------------------------------------ helpers

  private static String describe(FullVerification result) {
    return result instanceof FullVerification.NothingNew n ? "nothing new (" + n.reason() + ")"
        : ((FullVerification.Updates) result).toInstall().size() + " image(s) to install";
  }

  private static String describe(PartialVerification result) {
    return result instanceof PartialVerification.NoUpdate n ? "nothing new (" + n.reason() + ")"
        : "install " + ((PartialVerification.Install) result).image().path();
  }

  /**
   * What the holder of an offline key does: signs the exact bytes of {@code role} it is handed
   * ({@link ReleaseFiles#bytesToSign}) and returns a detached signature under its key id.
   */
  private static Signature signOffline(ReleaseFiles files, String role, Signer offlineKey)
      throws GeneralSecurityException {
    byte[] toSign = files.bytesToSign(role);
    return Signature.of(UptaneKeys.publicKeyOf(offlineKey).computeKeyId(),
        offlineKey.sign(toSign));
  }

  private static Map<String, String> hashesOf(byte[] content) throws GeneralSecurityException {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (String algorithm : List.of("sha256", "sha512")) {
      hashes.put(algorithm, HexFormat.of().formatHex(MessageDigest.getInstance(
          algorithm.replace("sha", "SHA-")).digest(content)));
    }
    return hashes;
  }
}
