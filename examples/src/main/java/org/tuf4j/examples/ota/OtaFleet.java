package org.tuf4j.examples.ota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.tuf4j.TufException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.ReleaseFiles;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.repository.Storage;
import org.tuf4j.signer.PemKeys;
import org.tuf4j.signer.SecretSource;
import org.tuf4j.signer.SignerUris;
import org.tuf4j.uptane.DirectorRepository;
import org.tuf4j.uptane.DirectorStore;
import org.tuf4j.uptane.ImageRepository;
import org.tuf4j.uptane.UptaneKeys;
import org.tuf4j.uptane.UptaneTargetCustom;
import org.tuf4j.uptane.VehicleInventory;

/**
 * The repositories and keys of a demo OTA deployment, in a work directory: an Image repository
 * ({@code image-repository/}) with two releases for each of two ECU hardware types, the
 * Director's root repository ({@code director-root/}), and the Director's online keys as PEM
 * files ({@code keys/}), opened through key URIs ({@code file:}) as a server would open KMS or
 * PKCS#11 keys ({@link SignerUris}). {@link #create} makes it once; every server process of the
 * deployment {@link #open}s it.
 *
 * <p>Demo only: the offline root keys are thrown away after signing, and the online keys are
 * unencrypted files; a real deployment keeps them in an HSM or a KMS.
 */
public final class OtaFleet {
  /** The Primary's hardware identifier. */
  public static final String PRIMARY_HW = "hw-gateway";
  /** The Secondary's hardware identifier. */
  public static final String SECONDARY_HW = "hw-brakes";
  /** Releases for the Primary, oldest first. */
  public static final List<String> PRIMARY_IMAGES = List.of("gateway/gw-1.bin",
      "gateway/gw-2.bin");
  /** Releases for the Secondary, oldest first. */
  public static final List<String> SECONDARY_IMAGES = List.of("brakes/br-1.bin",
      "brakes/br-2.bin");

  private static final List<String> ONLINE = List.of("targets", "snapshot", "timestamp");

  private final Path work;
  private final List<Signer> onlineKeys;

  private OtaFleet(Path work, List<Signer> onlineKeys) {
    this.work = work;
    this.onlineKeys = onlineKeys;
  }

  /**
   * Creates the repositories and keys in {@code work}, which must not hold them yet.
   *
   * @param work the work directory
   * @param clock the time the repositories are signed at
   * @return the deployment
   * @throws IOException when a file cannot be written, or exists
   * @throws TufException when signing fails
   * @throws GeneralSecurityException when a key cannot be made
   */
  public static OtaFleet create(Path work, Clock clock)
      throws IOException, TufException, GeneralSecurityException {
    Files.createDirectories(work.resolve("keys"));
    List<Signer> online = new ArrayList<>();
    for (String role : ONLINE) {
      online.add(PemKeys.generate("ed25519", work.resolve("keys/director-" + role + ".pem"),
          null));
    }
    KeyPairSigner imageRoot = KeyPairSigner.generate("ed25519");
    KeyPairSigner imageTargets = KeyPairSigner.generate("ed25519");
    List<Signer> imageOnline = List.of(KeyPairSigner.generate("ed25519"),
        KeyPairSigner.generate("ed25519"));
    ImageRepository images = ImageRepository.create(
        FileSystemStorage.open(work.resolve("image-repository")), clock,
        roles(imageRoot, imageTargets, imageOnline.get(0), imageOnline.get(1)));
    long counter = 1;
    for (String path : PRIMARY_IMAGES) {
      images.addImage(path, content(path), custom(counter++, PRIMARY_HW));
    }
    counter = 1;
    for (String path : SECONDARY_IMAGES) {
      images.addImage(path, content(path), custom(counter++, SECONDARY_HW));
    }
    Release release = images.stage(imageOnline);
    signOffline(release, "targets", imageTargets);
    signOffline(release, "root", imageRoot);
    release.publish();

    KeyPairSigner directorRoot = KeyPairSigner.generate("ed25519");
    Release rootRelease = RepositoryEditor.create(
        FileSystemStorage.open(work.resolve("director-root")), clock,
        roles(directorRoot, online.get(0), online.get(1), online.get(2)), true).stage(online);
    signOffline(rootRelease, "root", directorRoot);
    rootRelease.publish();
    return new OtaFleet(work, List.copyOf(online));
  }

  /**
   * Opens a deployment {@link #create} made, its online keys by {@code file:} URI.
   *
   * @param work the work directory
   * @return the deployment
   * @throws IOException when a key file cannot be read
   * @throws GeneralSecurityException when a key cannot be opened
   */
  public static OtaFleet open(Path work) throws IOException, GeneralSecurityException {
    List<Signer> online = new ArrayList<>();
    for (String role : ONLINE) {
      online.add(SignerUris.open(work.resolve("keys/director-" + role + ".pem").toUri(),
          SecretSource.NONE));
    }
    return new OtaFleet(work, List.copyOf(online));
  }

  /**
   * Whether {@code work} holds a deployment.
   *
   * @param work the work directory
   * @return true when {@link #create} ran there
   */
  public static boolean exists(Path work) {
    return Files.isDirectory(work.resolve("director-root/metadata"));
  }

  /**
   * A Director of this deployment.
   *
   * @param published where vehicles' metadata is published (shared by every server)
   * @param store where the Director's state is kept (shared by every server)
   * @param clock the Director's clock
   * @return the Director
   * @throws IOException when the root repository cannot be read
   * @throws TufException when the root repository is not valid
   */
  public DirectorRepository director(Storage published, DirectorStore store, Clock clock)
      throws IOException, TufException {
    return DirectorRepository.builder().rootRepository(FileSystemStorage.open(
        work.resolve("director-root"))).published(published).store(store).clock(clock)
        .onlineSigners(onlineKeys).build();
  }

  /**
   * The Image repository's storage.
   *
   * @return the storage
   * @throws IOException when it cannot be opened
   */
  public FileSystemStorage imageRepository() throws IOException {
    return FileSystemStorage.open(work.resolve("image-repository"));
  }

  /**
   * The Image repository's first root, which vehicles are provisioned with.
   *
   * @return the root file's bytes
   * @throws IOException when it cannot be read
   */
  public byte[] imageRoot() throws IOException {
    return Files.readAllBytes(work.resolve("image-repository/metadata/1.root.json"));
  }

  /**
   * The Director's first root, which vehicles are provisioned with.
   *
   * @return the root file's bytes
   * @throws IOException when it cannot be read
   */
  public byte[] directorRoot() throws IOException {
    return Files.readAllBytes(work.resolve("director-root/metadata/1.root.json"));
  }

  /**
   * The Director's own TUF client of the Image repository, to look up the images it assigns:
   * it directs only what the Image repository signs.
   *
   * @param stateDir the client's metadata directory
   * @return the client
   * @throws IOException when a root cannot be read
   * @throws TufException when the client cannot be built
   */
  public Updater imageClient(Path stateDir) throws IOException, TufException {
    return Updater.builder().metadataDir(stateDir)
        .metadataBaseUrl(imageRepository().root().resolve("metadata").toUri())
        .trustedRoot(imageRoot()).fetcher(FileFetcher.create()).build();
  }

  /**
   * The deployment's admin token ({@code admin-token} in the work directory), made on first
   * call: 24 random bytes in hex, written once whichever server asks first.
   *
   * @param work the work directory
   * @return the token
   * @throws IOException when it cannot be read or written
   */
  public static String adminToken(Path work) throws IOException {
    Path file = work.resolve("admin-token");
    if (!Files.exists(file)) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      Files.createDirectories(work);
      Path tmp = Files.createTempFile(work, "admin-token", ".tmp");
      Files.writeString(tmp, HexFormat.of().formatHex(random));
      try {
        Files.move(tmp, file);
      } catch (FileAlreadyExistsException e) {
        Files.delete(tmp); // another server made it first
      }
    }
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  /**
   * A new vehicle's ECUs, a Primary and a Secondary, with fresh keys.
   *
   * @param vin the vehicle identifier
   * @return the vehicle, with its ECUs' private keys
   */
  public static SimulatedVehicle.Keys newVehicle(String vin) {
    return new SimulatedVehicle.Keys(vin, KeyPairSigner.generate("ed25519"),
        KeyPairSigner.generate("ed25519"));
  }

  /**
   * How the Director registers a vehicle made by {@link #newVehicle}.
   *
   * @param keys the vehicle
   * @return its inventory entry
   */
  public static VehicleInventory inventory(SimulatedVehicle.Keys keys) {
    return VehicleInventory.builder(keys.vin())
        .primary(keys.primarySerial(), UptaneKeys.publicKeyOf(keys.primary()), PRIMARY_HW)
        .secondary(keys.secondarySerial(), UptaneKeys.publicKeyOf(keys.secondary()),
            SECONDARY_HW).build();
  }

  /**
   * One key per top-level role, each threshold 1, as a demo repository is made.
   *
   * @param root the root key
   * @param targets the targets key
   * @param snapshot the snapshot key
   * @param timestamp the timestamp key
   * @return the roles' keys
   */
  public static Map<RoleType, RoleKeys> roles(Signer root, Signer targets, Signer snapshot,
      Signer timestamp) {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    roles.put(RoleType.ROOT, RoleKeys.of(UptaneKeys.publicKeyOf(root)));
    roles.put(RoleType.TARGETS, RoleKeys.of(UptaneKeys.publicKeyOf(targets)));
    roles.put(RoleType.SNAPSHOT, RoleKeys.of(UptaneKeys.publicKeyOf(snapshot)));
    roles.put(RoleType.TIMESTAMP, RoleKeys.of(UptaneKeys.publicKeyOf(timestamp)));
    return roles;
  }

  private static void signOffline(Release release, String role, Signer signer)
      throws TufException, IOException, GeneralSecurityException {
    ReleaseFiles files = release.files(MetadataEncoding.JSON);
    files.addSignature(role, files.detachedSignature(role, signer));
  }

  private static UptaneTargetCustom custom(long counter, String hardwareId) {
    return UptaneTargetCustom.builder().hardwareIds(List.of(hardwareId))
        .releaseCounter(counter).build();
  }

  private static byte[] content(String path) {
    return (path + "\n").repeat(64).getBytes(StandardCharsets.UTF_8);
  }
}
