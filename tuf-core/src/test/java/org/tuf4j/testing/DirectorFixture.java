package org.tuf4j.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.ReleaseFiles;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.EcuVersionReport;
import org.tuf4j.uptane.ImageRepository;
import org.tuf4j.uptane.InstalledImage;
import org.tuf4j.uptane.UptaneKeys;
import org.tuf4j.uptane.UptaneSigned;
import org.tuf4j.uptane.UptaneTargetCustom;
import org.tuf4j.uptane.VehicleInventory;
import org.tuf4j.uptane.VehicleVersionManifest;

/**
 * An Image repository and a Director's root repository, made with tuf4j's writers through the
 * public API, for tests of Director state stores and servers outside tuf-core: images {@code
 * fw/app-1.bin} and {@code fw/app-2.bin} for the Primary's hardware, vehicles of two ECUs (a
 * Primary and a Secondary, each with its own key) and their signed manifests.
 */
public final class DirectorFixture {
  public static final String PRIMARY_HW = "hw-primary";
  public static final String SECONDARY_HW = "hw-secondary";

  public final SettableClock clock;
  public final FileSystemStorage rootRepository;
  public final FileSystemStorage images;
  public final List<TargetFile> primaryImages;
  private final List<Signer> directorOnline = List.of(KeyPairSigner.generate("ed25519"),
      KeyPairSigner.generate("ed25519"), KeyPairSigner.generate("ed25519"));
  private final Map<String, KeyPairSigner> ecuKeys = new ConcurrentHashMap<>();

  public DirectorFixture(Path dir, Instant now) throws Exception {
    clock = new SettableClock(now);
    KeyPairSigner imageRoot = KeyPairSigner.generate("ed25519");
    KeyPairSigner imageTargets = KeyPairSigner.generate("ed25519");
    List<Signer> imageOnline = List.of(KeyPairSigner.generate("ed25519"),
        KeyPairSigner.generate("ed25519"));
    images = FileSystemStorage.open(dir.resolve("image-repository"));
    ImageRepository imageRepository = ImageRepository.create(images, clock,
        roles(imageRoot, imageTargets, imageOnline.get(0), imageOnline.get(1)));
    primaryImages = List.of(
        imageRepository.addImage("fw/app-1.bin", bytes("app 1"), custom(1, PRIMARY_HW)),
        imageRepository.addImage("fw/app-2.bin", bytes("app 2"), custom(2, PRIMARY_HW)));
    Release release = imageRepository.stage(imageOnline);
    signOffline(release, "targets", imageTargets);
    signOffline(release, "root", imageRoot);
    release.publish();

    KeyPairSigner directorRoot = KeyPairSigner.generate("ed25519");
    rootRepository = FileSystemStorage.open(dir.resolve("director-root"));
    Release rootRelease = RepositoryEditor.create(rootRepository, clock, roles(directorRoot,
        directorOnline.get(0), directorOnline.get(1), directorOnline.get(2)), true)
        .stage(directorOnline);
    signOffline(rootRelease, "root", directorRoot);
    rootRelease.publish();
  }

  /** A Director on this fixture's root repository and clock; add the state and publish there. */
  public DirectorRepository.Builder director() {
    return DirectorRepository.builder().rootRepository(rootRepository).clock(clock)
        .onlineSigners(directorOnline);
  }

  /** The Director's shared root, version 1, as a vehicle is provisioned with it. */
  public byte[] directorRoot() throws Exception {
    return rootRepository.read("metadata/1.root.json").orElseThrow();
  }

  /** The Primary's serial in vehicle {@code vin}. */
  public static String primary(String vin) {
    return vin + "-primary";
  }

  /** The Secondary's serial in vehicle {@code vin}. */
  public static String secondary(String vin) {
    return vin + "-secondary";
  }

  /** Vehicle {@code vin}: a Primary and a Secondary, with keys this fixture keeps. */
  public VehicleInventory vehicle(String vin) {
    return VehicleInventory.builder(vin)
        .primary(primary(vin), UptaneKeys.publicKeyOf(ecuKey(primary(vin))), PRIMARY_HW)
        .secondary(secondary(vin), UptaneKeys.publicKeyOf(ecuKey(secondary(vin))), SECONDARY_HW)
        .build();
  }

  /** The signing key of an ECU of a vehicle made by {@link #vehicle}. */
  public KeyPairSigner ecuKey(String serial) {
    return ecuKeys.computeIfAbsent(serial, s -> KeyPairSigner.generate("ed25519"));
  }

  /**
   * A vehicle version manifest of {@code vin}, each ECU reporting {@code installed} at report
   * counter {@code counter}, signed by the Primary.
   */
  public byte[] manifest(String vin, TargetFile installed, long counter) throws Exception {
    VehicleVersionManifest.Builder b = VehicleVersionManifest.builder().vehicleId(vin)
        .primaryEcuSerial(primary(vin));
    for (String serial : List.of(primary(vin), secondary(vin))) {
      b.addReport(UptaneSigned.sign(EcuVersionReport.builder().ecuSerial(serial)
          .installedImage(InstalledImage.of(installed)).latestTime(clock.instant())
          .reportCounter(counter).build(), ecuKey(serial)));
    }
    return UptaneSigned.sign(b.build(), ecuKey(primary(vin))).toCanonicalJson();
  }

  private static Map<RoleType, RoleKeys> roles(Signer root, Signer targets, Signer snapshot,
      Signer timestamp) {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    roles.put(RoleType.ROOT, RoleKeys.of(UptaneKeys.publicKeyOf(root)));
    roles.put(RoleType.TARGETS, RoleKeys.of(UptaneKeys.publicKeyOf(targets)));
    roles.put(RoleType.SNAPSHOT, RoleKeys.of(UptaneKeys.publicKeyOf(snapshot)));
    roles.put(RoleType.TIMESTAMP, RoleKeys.of(UptaneKeys.publicKeyOf(timestamp)));
    return roles;
  }

  private static void signOffline(Release release, String role, Signer signer)
      throws Exception {
    ReleaseFiles files = release.files(MetadataEncoding.JSON);
    files.addSignature(role, files.detachedSignature(role, signer));
  }

  private static UptaneTargetCustom custom(long counter, String hardwareId) {
    return UptaneTargetCustom.builder().hardwareIds(List.of(hardwareId))
        .releaseCounter(counter).build();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
