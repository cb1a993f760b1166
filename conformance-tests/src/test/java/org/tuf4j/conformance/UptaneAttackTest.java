package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.testing.UptaneRepositories.PRIMARY;
import static org.tuf4j.testing.UptaneRepositories.PRIMARY_HW;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_2;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_2_HW;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_HW;
import static org.tuf4j.testing.UptaneRepositories.VIN;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.uptane.DirectorTargetsException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.uptane.ImageMismatchException;
import org.tuf4j.uptane.ImageNotInImageRepositoryException;
import org.tuf4j.uptane.IncompatibleHardwareException;
import org.tuf4j.LengthMismatchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.uptane.ReleaseCounterRollbackException;
import org.tuf4j.RollbackException;
import org.tuf4j.SlowRetrievalException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.TooLargeException;
import org.tuf4j.TufException;
import org.tuf4j.uptane.UnknownEcuException;
import org.tuf4j.uptane.VehicleMismatchException;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.DeterministicCbor;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.loopback.LoopbackServer.Behaviour;
import org.tuf4j.testing.RepositorySimulator;
import org.tuf4j.testing.UptaneRepositories;
import org.tuf4j.uptane.DirectorMetadata;
import org.tuf4j.uptane.FullVerification;
import org.tuf4j.uptane.FullVerifier;
import org.tuf4j.uptane.InstalledImages;
import org.tuf4j.uptane.PartialVerification;
import org.tuf4j.uptane.PartialVerificationState;
import org.tuf4j.uptane.PartialVerifier;
import org.tuf4j.uptane.UptaneDelegations;
import org.tuf4j.uptane.UptaneTargetCustom;
import org.tuf4j.uptane.VerifiedImage;

/**
 * The attacks of the Uptane Standard's threat model (#threats, for the attacker goals of
 * #attacker_goals and the capabilities of #capabilities: a man in the middle outside or inside the
 * vehicle, a compromised Director or Image repository but not both, a compromised Primary or
 * Secondary but not both), each played against a Primary's full verification ({@link
 * FullVerifier} over {@link HttpFetcher}) of a Director and an Image repository served on
 * loopback HTTP, and against a Secondary's partial verification ({@link PartialVerifier}) of what
 * the Primary forwards. Every refusal asserts the exception that names the attack, and that no
 * image was written.
 *
 * <p>Threats a verifier cannot detect, and so not tested here:
 * <ul>
 *   <li>Eavesdrop attack (#read_updates): reading an image in transit is prevented by encrypting
 *       it, which tuf4j does not implement; nothing a verifier checks reveals that it was read.
 *   <li>Drop-request attack (#deny_updates): blocked traffic is indistinguishable from an
 *       outage; what a verifier can do is refuse the stale metadata a blocked vehicle is left
 *       with once it expires, which is the freeze attack tested below.
 *   <li>Denial of service against the repositories (#deny_updates): an attack on servers, not
 *       on what a vehicle accepts.
 * </ul>
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UptaneAttackTest {
  private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");
  private static final byte[] PRIMARY_FW = bytes("primary firmware 20\n");
  private static final byte[] SECONDARY_FW = bytes("secondary firmware 7\n");
  private static final byte[] SECONDARY_2_FW = bytes("other secondary firmware 3\n");
  private static final byte[] MALWARE = bytes("attacker's firmware\n");

  @TempDir Path tmp;
  UptaneRepositories repos;
  LoopbackServer director;
  LoopbackServer images;
  TargetFile primaryImage;
  TargetFile secondaryImage;

  @BeforeEach
  void setUp() {
    deploy(MetadataEncoding.JSON);
  }

  /** Both repositories in {@code encoding}, three images released, served on loopback. */
  void deploy(MetadataEncoding encoding) {
    if (director != null) {
      director.close();
      images.close();
    }
    repos = new UptaneRepositories(NOW, "ed25519", encoding);
    primaryImage = repos.release("primary/fw-20.bin", PRIMARY_FW, PRIMARY_HW, 20);
    secondaryImage = repos.release("sec/fw-7.bin", SECONDARY_FW, SECONDARY_HW, 7);
    repos.release("sec2/fw-3.bin", SECONDARY_2_FW, SECONDARY_2_HW, 3);
    repos.publish();
    director = LoopbackServer.serve(repos.director::findFile);
    images = LoopbackServer.serve(repos.image::findFile);
  }

  @AfterEach
  void tearDown() {
    director.close();
    images.close();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static HttpFetcher fetcher() {
    return HttpFetcher.builder().connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2)).build();
  }

  Updater.Builder directorClient() {
    return repos.client(repos.director, tmp.resolve("primary/director"), director.baseUri(),
        fetcher(), false);
  }

  Updater.Builder imageClient() {
    return repos.client(repos.image, tmp.resolve("primary/image"), images.baseUri(), fetcher(),
        true);
  }

  FullVerifier primary() throws IOException {
    return primary(directorClient(), imageClient());
  }

  FullVerifier primary(Updater.Builder d, Updater.Builder i) throws IOException {
    return FullVerifier.builder().director(d).imageRepository(i)
        .vehicle(UptaneRepositories.vehicle()).build();
  }

  /** The Director orders the released images for the Primary and the Secondary. */
  void orderReleasedImages() {
    repos.order(PRIMARY, primaryImage);
    repos.order(SECONDARY, secondaryImage);
    repos.publish();
  }

  /** A Director entry for {@code content} at {@code path} ordered for {@code serial}. */
  static TargetFile entry(String path, byte[] content, String serial, String hardware,
      long releaseCounter) throws Exception {
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("sha256", hex("SHA-256", content));
    hashes.put("sha512", hex("SHA-512", content));
    return UptaneTargetCustom.builder().hardwareIds(List.of(hardware))
        .releaseCounter(releaseCounter).ecuIdentifier(serial, hardware).build()
        .applyTo(new TargetFile(path, content.length, hashes, Optional.empty(), Map.of()));
  }

  static String hex(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }

  /** Full verification refused with {@code type}, and no image written. */
  <E extends TufException> E refused(Class<E> type, FullVerifier verifier,
      InstalledImages installed) throws IOException {
    E e = assertThrows(type, () -> verifier.verify(installed));
    assertNoImageWritten();
    return e;
  }

  <E extends TufException> E refused(Class<E> type) throws IOException {
    return refused(type, primary(), InstalledImages.NONE);
  }

  void assertNoImageWritten() throws IOException {
    Path targets = tmp.resolve("primary/image/targets");
    if (Files.isDirectory(targets)) {
      // An image's directories may have been made for it (the cache keeps them); no file.
      try (Stream<Path> files = Files.walk(targets)) {
        assertEquals(List.of(), files.filter(Files::isRegularFile)
            .map(p -> targets.relativize(p).toString())
            .filter(n -> !n.startsWith(".tmp-")).toList());
      }
    }
  }

  static InstalledImages installed(FullVerification.Updates updates) {
    InstalledImages out = InstalledImages.NONE;
    for (VerifiedImage v : updates.toInstall().values()) {
      out = out.with(v.ecuSerial(), InstalledImages.Release.of(v));
    }
    return out;
  }

  // ---------------------------------------------------------------- #control_ecu

  /** #control_ecu "Arbitrary software attack", through every way an image could be slipped in. */
  @Nested
  class ArbitrarySoftware {
    @Test
    void directorTargetsSignedByAnUnknownKeyAreRefused_threats_arbitrarySoftware()
        throws Exception {
      repos.orderEntry(entry("primary/evil.bin", MALWARE, PRIMARY, PRIMARY_HW, 99));
      repos.director.signWith("targets", repos.director.newSigner());
      repos.publish();
      refused(ThresholdNotMetException.class);
    }

    @Test
    void directorImageTheImageRepositoryDoesNotSignIsRefused_threats_arbitrarySoftware()
        throws Exception {
      // The Director's own keys sign it: only the Image repository can tell.
      repos.orderEntry(entry("primary/evil.bin", MALWARE, PRIMARY, PRIMARY_HW, 99));
      repos.publish();
      ImageNotInImageRepositoryException e = refused(ImageNotInImageRepositoryException.class);
      assertEquals(PRIMARY, e.ecuSerial());
      assertEquals("primary/evil.bin", e.imagePath());
    }

    @Test
    void imageRepositoryAloneGetsNothingInstalled_threats_arbitrarySoftware()
        throws Exception {
      orderReleasedImages();
      repos.release("primary/evil.bin", MALWARE, PRIMARY_HW, 999);
      repos.publish();
      FullVerification.Updates updates = assertInstanceOf(FullVerification.Updates.class,
          primary().verify(InstalledImages.NONE));
      assertEquals(List.of("primary/fw-20.bin", "sec/fw-7.bin"), updates.toInstall().values()
          .stream().map(VerifiedImage::path).toList());
    }

    @Test
    void imageRepositoryTargetsSignedByAnUnknownKeyAreRefused_threats_arbitrarySoftware()
        throws Exception {
      orderReleasedImages();
      repos.image.signWith("targets", repos.image.newSigner());
      repos.publish();
      refused(ThresholdNotMetException.class);
    }

    @Test
    void directorTargetsThatDelegateAreRefused_targets_role_delegations() throws Exception {
      orderReleasedImages();
      repos.director.delegate("targets", "helper", List.of("*"), false);
      repos.publish();
      assertEquals(DirectorTargetsException.Reason.DELEGATIONS,
          refused(DirectorTargetsException.class).reason());
    }

    @Test
    void imageSignedOnlyByADelegationForOtherHardwareIsRefused_resolve_delegations()
        throws Exception {
      var signer = repos.image.newSigner();
      String keyId = RepositorySimulator.keyIdOf(signer);
      repos.image.addDelegation("targets", UptaneDelegations.withHardwareIds(new DelegatedRole(
          "supplier", List.of(keyId), 1, Optional.of(false), Optional.of(List.of("sec/*")),
          Optional.empty(), Map.of()), List.of(SECONDARY_2_HW)), Map.of(keyId, signer));
      TargetFile onlyForOthers = repos.release("supplier", "sec/evil.bin", MALWARE,
          List.of(SECONDARY_HW), 99);
      repos.order(SECONDARY, onlyForOthers);
      repos.publish();
      refused(ImageNotInImageRepositoryException.class);
    }

    /** A delegation carrying TAP 3 data is refused rather than read as one role. */
    @Test
    void delegationWithMultiRoleDataIsNotReadAsASingleRole_multirole_delegations()
        throws Exception {
      var signer = repos.image.newSigner();
      String keyId = RepositorySimulator.keyIdOf(signer);
      repos.image.addDelegation("targets", new DelegatedRole("quorum", List.of(keyId), 1,
          Optional.of(false), Optional.of(List.of("sec/*")), Optional.empty(),
          Map.of("min_roles_in_agreement", new JsonValue.JsonNumber(2))), Map.of(keyId, signer));
      repos.order(SECONDARY, repos.release("quorum", "sec/fw-8.bin", SECONDARY_FW,
          List.of(SECONDARY_HW), 8));
      repos.publish();
      assertTrue(refused(org.tuf4j.UnsupportedFeatureException.class).getMessage()
          .contains("multi-role"));
    }

    @Test
    void tamperedImageBytesAreRefusedOnDownload_download_images_primary() throws Exception {
      orderReleasedImages();
      FullVerifier verifier = primary();
      var updates = (FullVerification.Updates) verifier.verify(InstalledImages.NONE);
      images.override(RepositorySimulator.consistentTargetPath(primaryImage.path(),
          primaryImage.hashes().get("sha256")), new Behaviour.Content(
              bytes("primary firmware 21\n")));
      assertThrows(HashMismatchException.class,
          () -> verifier.download(updates.toInstall().get(PRIMARY)));
      assertNoImageWritten();
    }
  }

  // ---------------------------------------------------------------- #deny_updates

  /** #deny_updates: freeze, partial bundle installation, slow retrieval. */
  @Nested
  class DenyUpdates {
    @Test
    void expiredDirectorTimestampIsRefused_threats_freeze() throws Exception {
      orderReleasedImages();
      repos.director.setExpires("timestamp", NOW.minusSeconds(1));
      repos.director.updateTimestamp();
      assertEquals("timestamp", refused(ExpiredMetadataException.class).role());
    }

    @Test
    void expiredImageRepositoryTargetsAreRefused_threats_freeze() throws Exception {
      orderReleasedImages();
      repos.image.setExpires("targets", NOW.minusSeconds(1));
      repos.image.publish();
      assertEquals("targets", refused(ExpiredMetadataException.class).role());
    }

    @Test
    void frozenDirectorIsRefusedOnceItsMetadataExpire_threats_freeze() throws Exception {
      orderReleasedImages();
      FullVerifier today = primary();
      today.verify(InstalledImages.NONE);
      // The attacker keeps serving the same, once valid, metadata; a month later it has expired.
      FullVerifier later = primary(directorClient().config(UptaneRepositories.config(
          NOW.plus(Duration.ofDays(31)))), imageClient());
      refused(ExpiredMetadataException.class, later, InstalledImages.NONE);
    }

    @Test
    void bundleWithAnOrderStrippedIsRefused_threats_partialBundleInstallation()
        throws Exception {
      orderReleasedImages();
      String path = RepositorySimulator.metadataPath("targets",
          repos.director.signedTargets("targets").signed().version());
      JsonObject file = (JsonObject) CanonicalJson.parse(repos.director.file(path));
      JsonObject signed = (JsonObject) file.get("signed");
      Map<String, JsonValue> targets = new LinkedHashMap<>(
          ((JsonObject) signed.get("targets")).members());
      targets.remove("sec/fw-7.bin");
      Map<String, JsonValue> s = new LinkedHashMap<>(signed.members());
      s.put("targets", new JsonObject(targets));
      Map<String, JsonValue> f = new LinkedHashMap<>(file.members());
      f.put("signed", new JsonObject(s));
      director.override(path, new Behaviour.Content(CanonicalJson.encode(new JsonObject(f))));
      refused(ThresholdNotMetException.class);
    }

    @Test
    void blockedImageOfABundleIsReportedNotSkipped_threats_partialBundleInstallation()
        throws Exception {
      orderReleasedImages();
      FullVerifier verifier = primary();
      var updates = (FullVerification.Updates) verifier.verify(InstalledImages.NONE);
      images.override(RepositorySimulator.consistentTargetPath(secondaryImage.path(),
          secondaryImage.hashes().get("sha256")), new Behaviour.Status(404));
      assertArrayEquals(PRIMARY_FW,
          Files.readAllBytes(verifier.download(updates.toInstall().get(PRIMARY))));
      assertThrows(NotFoundException.class,
          () -> verifier.download(updates.toInstall().get(SECONDARY)));
    }

    @Test
    void drippedDirectorMetadataIsAbandoned_threats_slowRetrieval() throws Exception {
      orderReleasedImages();
      HttpFetcher impatient = HttpFetcher.builder().connectTimeout(Duration.ofSeconds(1))
          .readTimeout(Duration.ofMillis(500)).minBytesPerSecond(1024)
          .gracePeriod(Duration.ofMillis(300)).build();
      director.override("metadata/timestamp.json", new Behaviour.Drip(1, Duration.ofMillis(50)));
      FullVerifier verifier = primary(repos.client(repos.director,
          tmp.resolve("primary/director"), director.baseUri(), impatient, false), imageClient());
      refused(SlowRetrievalException.class, verifier, InstalledImages.NONE);
    }
  }

  // ---------------------------------------------------------------- #change_functionality

  /** #change_functionality: rollback, endless data, mix-and-match, incompatible images. */
  @Nested
  class InterfereWithEcus {
    @Test
    void replayedOlderDirectorMetadataIsRefused_threats_rollback() throws Exception {
      orderReleasedImages();
      byte[] oldTimestamp = repos.director.file("metadata/timestamp.json");
      FullVerifier verifier = primary();
      repos.clearOrders();
      repos.publish();
      verifier.verify(InstalledImages.NONE);
      director.override("metadata/timestamp.json", new Behaviour.Content(oldTimestamp));
      assertEquals("timestamp", refused(RollbackException.class, verifier,
          InstalledImages.NONE).role());
    }

    @Test
    void olderImageStillSignedByBothRepositoriesIsRefused_threats_rollback() throws Exception {
      orderReleasedImages();
      FullVerifier verifier = primary();
      InstalledImages installed = installed((FullVerification.Updates) verifier.verify(
          InstalledImages.NONE));
      // A compromised Director orders the Primary an older release the Image repository still
      // lists: both repositories agree, only the release counter tells.
      TargetFile older = repos.release("primary/fw-19.bin", bytes("primary firmware 19\n"),
          PRIMARY_HW, 19);
      repos.clearOrders();
      repos.order(PRIMARY, older);
      repos.publish();
      ReleaseCounterRollbackException e = refused(ReleaseCounterRollbackException.class,
          verifier, installed);
      assertEquals(20, e.installed());
      assertEquals(OptionalLong.of(19), e.offered());
    }

    @Test
    void oversizedDirectorTargetsAreCutOff_threats_endlessData() throws Exception {
      orderReleasedImages();
      FullVerifier verifier = primary(directorClient().config(UptaneRepositories.config(NOW)
          .toBuilder().targetsMaxLength(512).build()), imageClient());
      refused(TooLargeException.class, verifier, InstalledImages.NONE);
    }

    @Test
    void imageLongerThanItsLengthIsCutOff_threats_endlessData() throws Exception {
      orderReleasedImages();
      FullVerifier verifier = primary();
      var updates = (FullVerification.Updates) verifier.verify(InstalledImages.NONE);
      byte[] longer = new byte[PRIMARY_FW.length + 65_536];
      images.override(RepositorySimulator.consistentTargetPath(primaryImage.path(),
          primaryImage.hashes().get("sha256")), new Behaviour.Content(longer));
      // Refused from the declared length already, before a byte beyond the image is read.
      assertThrows(TooLargeException.class,
          () -> verifier.download(updates.toInstall().get(PRIMARY)));
      assertNoImageWritten();
    }

    @Test
    void directorHashesOtherThanTheImageRepositorysAreRefused_threats_mixAndMatch()
        throws Exception {
      TargetFile forged = entry(primaryImage.path(), bytes("primary firmware 20, patched\n"),
          PRIMARY, PRIMARY_HW, 20);
      repos.orderEntry(new TargetFile(forged.path(), primaryImage.length(), forged.hashes(),
          forged.custom(), Map.of()));
      repos.publish();
      assertEquals(ImageMismatchException.Kind.HASHES,
          refused(ImageMismatchException.class).kind());
    }

    @Test
    void directorLengthOtherThanTheImageRepositorysIsRefused_threats_mixAndMatch()
        throws Exception {
      TargetFile ordered = repos.order(PRIMARY, primaryImage);
      repos.orderEntry(new TargetFile(ordered.path(), ordered.length() + 1, ordered.hashes(),
          ordered.custom(), Map.of()));
      repos.publish();
      assertEquals(ImageMismatchException.Kind.LENGTH,
          refused(ImageMismatchException.class).kind());
    }

    @Test
    void shallMatchFieldsThatDisagreeAreRefused_threats_mixAndMatch() throws Exception {
      TargetFile ordered = repos.order(PRIMARY, primaryImage);
      repos.orderEntry(UptaneTargetCustom.of(ordered).toBuilder().releaseCounter(21).build()
          .applyTo(ordered));
      repos.publish();
      ImageMismatchException e = refused(ImageMismatchException.class);
      assertEquals(ImageMismatchException.Kind.SHALL_MATCH, e.kind());
      assertEquals(List.of("releaseCounter"), e.fields());
    }

    @Test
    void ordersForAnotherVehiclesEcuAreRefused_threats_mixedBundles_check_targets_8()
        throws Exception {
      orderReleasedImages();
      repos.orderEntry(entry("other/fw.bin", MALWARE, "ecu-of-another-car", PRIMARY_HW, 1));
      repos.publish();
      assertEquals("ecu-of-another-car", refused(UnknownEcuException.class).ecuSerial());
    }

    @Test
    void oneEcuOrderedTwiceIsRefused_threats_mixAndMatch_check_targets_7() throws Exception {
      orderReleasedImages();
      repos.orderEntry(entry("primary/other.bin", PRIMARY_FW, PRIMARY, PRIMARY_HW, 20));
      repos.publish();
      assertEquals(DirectorTargetsException.Reason.DUPLICATE_ECU,
          refused(DirectorTargetsException.class).reason());
    }

    @Test
    void directorNamingOtherHardwareForTheEcuIsRefused_threats_incompatibleImage()
        throws Exception {
      repos.orderEntry(UptaneTargetCustom.of(secondaryImage).toBuilder()
          .ecuIdentifier(PRIMARY, SECONDARY_HW).build().applyTo(secondaryImage));
      repos.publish();
      IncompatibleHardwareException e = refused(IncompatibleHardwareException.class);
      assertEquals(PRIMARY, e.ecuSerial());
      assertEquals(PRIMARY_HW, e.ecuHardwareId());
    }

    @Test
    void imageTheImageRepositoryListsForOtherHardwareIsRefused_threats_incompatibleImage()
        throws Exception {
      // A compromised Director orders the Secondary's image for the Primary, and claims it is
      // for the Primary's hardware: the Image repository's hardware list refutes it.
      repos.orderEntry(UptaneTargetCustom.of(secondaryImage).toBuilder()
          .hardwareIds(List.of(PRIMARY_HW)).ecuIdentifier(PRIMARY, PRIMARY_HW).build()
          .applyTo(secondaryImage));
      repos.publish();
      assertEquals(PRIMARY, refused(IncompatibleHardwareException.class).ecuSerial());
    }

    @Test
    void anotherVehiclesEmptyTargetsAreRefused_targets_images_meta_replay() throws Exception {
      repos.director.updateTargets("targets", t -> new Targets(t.specVersion(), t.version(),
          t.expires(), Map.of(), t.delegations(), Map.of()));
      repos.publish();
      assertEquals("", refused(VehicleMismatchException.class).actual());
      repos.director.updateTargets("targets", t -> org.tuf4j.uptane.DirectorTargets
          .withVehicleId(t, "VIN-OF-ANOTHER-CAR"));
      repos.publish();
      assertEquals("VIN-OF-ANOTHER-CAR", refused(VehicleMismatchException.class).actual());
    }
  }

  // ---------------------------------------------------------------- Secondaries

  /**
   * A Secondary's partial verification of what its Primary forwards (#partial_verification),
   * against a man in the middle on the vehicle bus or a compromised Primary (#capabilities).
   */
  @Nested
  class PartialVerificationSecondary {
    final PartialVerifier secondary = PartialVerifier.builder(SECONDARY, SECONDARY_HW)
        .vehicleId(VIN).build();
    PartialVerificationState state;
    DirectorMetadata honest;

    @BeforeEach
    void provision() throws Exception {
      state = PartialVerificationState.initial(repos.director.trustedRootBytes());
      orderReleasedImages();
      honest = primary().verify(InstalledImages.NONE).director();
    }

    PartialVerification verify(DirectorMetadata received) throws TufException {
      return secondary.verify(received, state, Optional.empty(), NOW);
    }

    @Test
    void targetsForgedByACompromisedPrimaryAreRefused_threats_arbitrarySoftware()
        throws Exception {
      Targets forged = repos.director.signedTargets("targets").signed();
      byte[] signedByPrimary = RepositorySimulator.sign(forged, Map.of("primary-key",
          repos.director.newSigner())).toCanonicalJson();
      assertThrows(ThresholdNotMetException.class,
          () -> verify(new DirectorMetadata(signedByPrimary, honest.rootChain())));
    }

    @Test
    void replayedOlderDirectorTargetsAreRefused_threats_rollback() throws Exception {
      state = verify(honest).nextState();
      repos.clearOrders();
      repos.publish();
      DirectorMetadata newer = primary().verify(InstalledImages.NONE).director();
      state = verify(newer).nextState();
      assertThrows(RollbackException.class, () -> verify(honest));
    }

    @Test
    void expiredDirectorTargetsAreRefusedAtTheTrustedTime_threats_freeze() {
      Instant later = repos.director.signedTargets("targets").signed().expires().plusSeconds(1);
      assertThrows(ExpiredMetadataException.class,
          () -> secondary.verify(honest, state, Optional.empty(), later));
    }

    @Test
    void imageOrderedForOtherHardwareIsRefused_threats_incompatibleImage() throws Exception {
      PartialVerifier otherHardware = PartialVerifier.builder(SECONDARY, "hw-revision-b").build();
      assertThrows(IncompatibleHardwareException.class,
          () -> otherHardware.verify(honest, state, Optional.empty(), NOW));
    }

    @Test
    void olderReleaseThanInstalledIsRefused_threats_rollback() throws Exception {
      var installed = new InstalledImages.Release(
          org.tuf4j.uptane.InstalledImage.of("sec/fw-8.bin", 9, Map.of("sha256", "00".repeat(32))),
          OptionalLong.of(8));
      assertThrows(ReleaseCounterRollbackException.class,
          () -> secondary.verify(honest, state, Optional.of(installed), NOW));
    }

    @Test
    void imageTamperedOnTheWayFromThePrimaryIsRefused_verify_image_7() throws Exception {
      var install = assertInstanceOf(PartialVerification.Install.class, verify(honest));
      install.checkImage(new ByteArrayInputStream(SECONDARY_FW));
      assertThrows(HashMismatchException.class, () -> install.checkImage(
          new ByteArrayInputStream(bytes("secondary firmware 8\n"))));
      assertThrows(LengthMismatchException.class,
          () -> install.checkImage(new ByteArrayInputStream(MALWARE)));
    }

    @Test
    void failedVerificationKeepsThePreviousState_download_image_4() throws Exception {
      PartialVerificationState before = verify(honest).nextState();
      state = before;
      repos.director.signWith("targets", repos.director.newSigner());
      repos.publish();
      byte[] forged = repos.director.file("metadata/targets.json");
      assertThrows(ThresholdNotMetException.class,
          () -> verify(new DirectorMetadata(forged, List.of())));
      // The state the caller holds is still the one to use: the honest targets verify again.
      assertInstanceOf(PartialVerification.Install.class, verify(honest));
    }
  }

  // ---------------------------------------------------------------- CBOR metadata

  /**
   * Both repositories publishing deterministic CBOR (#meta_structures; RFC 8949 §4.2.1), and a man
   * in the middle, or a compromised Primary, serving files that are not what the signers signed
   * in that encoding: each is refused, by the Primary and by a Secondary, before any signature
   * could count, and nothing is written.
   */
  @Nested
  class CborMetadata {
    final PartialVerifier secondary = PartialVerifier.builder(SECONDARY, SECONDARY_HW)
        .vehicleId(VIN).encoding(MetadataEncoding.CBOR).build();

    @BeforeEach
    void cborRepositories() {
      deploy(MetadataEncoding.CBOR);
      orderReleasedImages();
    }

    /** Where the Primary fetches the Director's current targets. */
    String directorTargetsPath() {
      return RepositorySimulator.metadataPath("targets",
          repos.director.signedTargets("targets").signed().version(), MetadataEncoding.CBOR);
    }

    /**
     * The same file with its outer map written with an indefinite length: valid CBOR of the same
     * value, {@code signed} byte for byte as signed, but not the deterministic encoding.
     */
    byte[] indefiniteOuterMap(byte[] file) {
      assertEquals((byte) 0xa2, file[0], "a map of two members: signatures and signed");
      byte[] out = new byte[file.length + 1];
      out[0] = (byte) 0xbf;
      System.arraycopy(file, 1, out, 1, file.length - 1);
      out[file.length] = (byte) 0xff;
      return out;
    }

    Signed<Targets> directorTargetsSignedBy(Map<String, org.tuf4j.crypto.Signer> signers,
        MetadataEncoding encoding) {
      return RepositorySimulator.sign(repos.director.signedTargets("targets").signed(), signers,
          encoding);
    }

    @Test
    void nonDeterministicDirectorTargetsAreRefusedBeforeAnySignatureCounts_rfc8949_4_2_1()
        throws Exception {
      byte[] validlySigned = indefiniteOuterMap(repos.director.file(directorTargetsPath()));
      director.override(directorTargetsPath(), new Behaviour.Content(validlySigned));
      assertEquals(MalformedMetadataException.Reason.NOT_DETERMINISTIC,
          refused(MalformedMetadataException.class).reason());
      // Signed by a key the root does not trust: the same refusal, so no signature was looked at.
      byte[] forged = indefiniteOuterMap(directorTargetsSignedBy(Map.of("attacker-key",
          repos.director.newSigner()), MetadataEncoding.CBOR).toBytes());
      director.override(directorTargetsPath(), new Behaviour.Content(forged));
      assertEquals(MalformedMetadataException.Reason.NOT_DETERMINISTIC,
          refused(MalformedMetadataException.class).reason());
      // The honest file again: verified as before.
      director.clearOverrides();
      assertEquals(List.of(PRIMARY, SECONDARY), List.copyOf(assertInstanceOf(
          FullVerification.Updates.class, primary().verify(InstalledImages.NONE))
          .toInstall().keySet()));
    }

    @Test
    void directorTargetsSignedAsJsonAreRefusedInACborDeployment_uptane_meta_structures()
        throws Exception {
      Signed<Targets> overJson = directorTargetsSignedBy(repos.director.signers("targets"),
          MetadataEncoding.JSON);
      // The JSON file itself where the CBOR file belongs: never read as CBOR.
      director.override(directorTargetsPath(), new Behaviour.Content(overJson.toBytes()));
      MalformedMetadataException notCbor = refused(MalformedMetadataException.class);
      assertEquals(MalformedMetadataException.Reason.SYNTAX, notCbor.reason());
      assertTrue(notCbor.getMessage().contains("begins as JSON metadata does"),
          notCbor.getMessage());
      // Its content and signatures carried over into CBOR: the signatures cover JSON bytes.
      director.override(directorTargetsPath(), new Behaviour.Content(
          DeterministicCbor.encode(overJson.toJson())));
      refused(ThresholdNotMetException.class);
    }

    @Test
    void forwardedNonDeterministicDirectorTargetsAreRefusedAndStateKept_rfc8949_4_2_1()
        throws Exception {
      DirectorMetadata honest = primary().verify(InstalledImages.NONE).director();
      assertEquals(MetadataEncoding.CBOR, honest.encoding());
      PartialVerificationState state = PartialVerificationState.initial(
          repos.director.trustedRootBytes());
      DirectorMetadata relaid = new DirectorMetadata(indefiniteOuterMap(honest.targets()),
          honest.rootChain(), MetadataEncoding.CBOR);
      assertEquals(MalformedMetadataException.Reason.NOT_DETERMINISTIC, assertThrows(
          MalformedMetadataException.class,
          () -> secondary.verify(relaid, state, Optional.empty(), NOW)).reason());
      DirectorMetadata jsonBytes = new DirectorMetadata(directorTargetsSignedBy(
          repos.director.signers("targets"), MetadataEncoding.JSON).toBytes(),
          honest.rootChain(), MetadataEncoding.CBOR);
      assertThrows(MalformedMetadataException.class,
          () -> secondary.verify(jsonBytes, state, Optional.empty(), NOW));
      // The state the Secondary holds still verifies the honest metadata.
      assertInstanceOf(PartialVerification.Install.class,
          secondary.verify(honest, state, Optional.empty(), NOW));
    }
  }
}
