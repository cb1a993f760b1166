package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.testing.UptaneRepositories.PRIMARY;
import static org.tuf4j.testing.UptaneRepositories.PRIMARY_HW;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_2;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_2_HW;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_HW;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.testing.RepositorySimulator;
import org.tuf4j.testing.UptaneRepositories;
import org.tuf4j.uptane.FullVerification.NothingNew;
import org.tuf4j.uptane.FullVerification.Reason;
import org.tuf4j.uptane.FullVerification.Updates;

/**
 * What a Primary's full verification returns (Uptane Standard #full_verification): verified
 * images for every ECU the Director orders, when it stops early, what it forwards to
 * Secondaries, and how the Image repository's delegations are searched (#resolve_delegations).
 * The refusals, one per attack, are in conformance-tests' {@code UptaneAttackTest}.
 */
class FullVerifierTest {
  private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");
  private static final byte[] PRIMARY_FW = bytes("primary firmware 2.0\n");
  private static final byte[] SECONDARY_FW = bytes("secondary firmware 7\n");
  private static final byte[] SECONDARY_2_FW = bytes("other secondary firmware 3\n");

  @TempDir Path tmp;
  private UptaneRepositories repos;

  @BeforeEach
  void setUp() {
    repos = new UptaneRepositories(NOW);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private FullVerifier verifier() throws Exception {
    return verifier(FullVerifier.builder());
  }

  private FullVerifier verifier(FullVerifier.Builder b) throws Exception {
    return b.director(repos.directorClient(tmp.resolve("director")))
        .imageRepository(repos.imageClient(tmp.resolve("image")))
        .vehicle(UptaneRepositories.vehicle()).build();
  }

  /** Every ECU ordered to install a new image. */
  private void orderAll() {
    repos.order(PRIMARY, repos.release("primary/fw-2.0.bin", PRIMARY_FW, PRIMARY_HW, 20));
    repos.order(SECONDARY, repos.release("sec/fw-7.bin", SECONDARY_FW, SECONDARY_HW, 7));
    repos.order(SECONDARY_2, repos.release("sec2/fw-3.bin", SECONDARY_2_FW, SECONDARY_2_HW, 3));
    repos.publish();
  }

  /** Every ECU ordered a new image, verified and installed; the Image repository's log empty. */
  private InstalledImages allOrderedAndInstalled(FullVerifier verifier) throws Exception {
    orderAll();
    InstalledImages installed = installedAfter((Updates) verifier.verify(InstalledImages.NONE));
    repos.image.clearRequests();
    return installed;
  }

  private static InstalledImages installedAfter(Updates updates) {
    InstalledImages installed = InstalledImages.NONE;
    for (VerifiedImage v : updates.toInstall().values()) {
      installed = installed.with(v.ecuSerial(), InstalledImages.Release.of(v));
    }
    return installed;
  }

  @Test
  void everyOrderedImageIsVerifiedAndDownloaded_uptane_full_verification() throws Exception {
    orderAll();
    FullVerifier verifier = verifier();
    Updates updates = assertInstanceOf(Updates.class, verifier.verify(InstalledImages.NONE));
    assertEquals(List.of(PRIMARY, SECONDARY, SECONDARY_2),
        List.copyOf(updates.toInstall().keySet()));
    VerifiedImage sec = updates.toInstall().get(SECONDARY);
    assertEquals("sec/fw-7.bin", sec.path());
    assertEquals(SECONDARY_HW, sec.hardwareId());
    assertEquals(OptionalLong.of(7), sec.releaseCounter());
    assertEquals("targets", sec.image().signingRole());
    assertArrayEquals(SECONDARY_FW, Files.readAllBytes(verifier.download(sec)));
    assertArrayEquals(PRIMARY_FW,
        Files.readAllBytes(verifier.download(updates.toInstall().get(PRIMARY))));
  }

  @Test
  void theDirectorTargetsAreForwardedExactlyAsReceived_uptane_send_metadata_primary()
      throws Exception {
    orderAll();
    repos.director.rotateKeys("targets"); // root v2, targets re-signed with the new key
    repos.director.publish();
    FullVerification result = verifier().verify(InstalledImages.NONE);
    assertArrayEquals(repos.director.file("metadata/targets.json"), result.director().targets());
    assertEquals(2, result.director().rootChain().size()); // the bootstrap root, then v2
    assertArrayEquals(repos.director.rootBytes(2), result.director().rootChain().get(1));
  }

  @Test
  void emptyDelegationsInDirectorTargetsAreAccepted_uptane_check_targets_6() throws Exception {
    orderAll();
    repos.director.updateTargets("targets", t -> new org.tuf4j.metadata.Targets(t.specVersion(),
        t.version(), t.expires(), t.targets(), Optional.of(new org.tuf4j.metadata.Delegations(
            Map.of(), Optional.of(List.of()), Optional.empty(), Map.of())),
        t.unrecognizedFields()));
    repos.director.publish();
    Updates updates = assertInstanceOf(Updates.class, verifier().verify(InstalledImages.NONE));
    assertEquals(List.of(PRIMARY, SECONDARY, SECONDARY_2),
        List.copyOf(updates.toInstall().keySet()));
  }

  @Test
  void delegatingDirectorTargetsAreRefused_uptane_check_targets_6() throws Exception {
    orderAll();
    DelegatedRole role = new DelegatedRole("x", List.of("k"), 1, Optional.empty(),
        Optional.of(List.of("*")), Optional.empty(), Map.of());
    repos.director.updateTargets("targets", t -> new org.tuf4j.metadata.Targets(t.specVersion(),
        t.version(), t.expires(), t.targets(), Optional.of(new org.tuf4j.metadata.Delegations(
            Map.of(), Optional.of(List.of(role)), Optional.empty(), Map.of())),
        t.unrecognizedFields()));
    repos.director.publish();
    FullVerifier verifier = verifier();
    assertEquals(DirectorTargetsException.Reason.DELEGATIONS, assertThrows(
        DirectorTargetsException.class, () -> verifier.verify(InstalledImages.NONE)).reason());
  }

  @Test
  void nothingNewWhenTheDirectorIsUnchangedAndEverythingIsInstalled_uptane_full_verification_4()
      throws Exception {
    FullVerifier verifier = verifier();
    InstalledImages installed = allOrderedAndInstalled(verifier);
    NothingNew again = assertInstanceOf(NothingNew.class, verifier.verify(installed));
    assertEquals(Reason.DIRECTOR_UNCHANGED, again.reason());
    assertEquals(List.of(), repos.image.requests()); // the Image repository is not contacted
  }

  @Test
  void nothingNewWhenTheDirectorChangedButOrdersWhatIsInstalled_uptane_full_verification_6()
      throws Exception {
    FullVerifier verifier = verifier();
    InstalledImages installed = allOrderedAndInstalled(verifier);
    repos.director.touch("targets"); // re-signed, same orders
    repos.director.publish();
    assertEquals(Reason.NO_NEW_IMAGES,
        ((NothingNew) verifier.verify(installed)).reason());
    assertEquals(List.of(), repos.image.requests());
  }

  @Test
  void emptyDirectorTargetsForThisVehicleAreNothingNew_uptane_targets_images_meta()
      throws Exception {
    assertEquals(Reason.NO_NEW_IMAGES,
        ((NothingNew) verifier().verify(InstalledImages.NONE)).reason());
  }

  @Test
  void unchangedDirectorWithImagesNotYetInstalledIsVerifiedAgain_uptane_full_verification()
      throws Exception {
    orderAll();
    FullVerifier verifier = verifier();
    verifier.verify(InstalledImages.NONE); // say the download failed: nothing was installed
    Updates again = assertInstanceOf(Updates.class, verifier.verify(InstalledImages.NONE));
    assertEquals(3, again.toInstall().size());
  }

  @Test
  void imagesAlreadyInstalledAreStillVerifiedButNotOrderedAgain_uptane_full_verification_10()
      throws Exception {
    orderAll();
    FullVerifier verifier = verifier();
    Updates first = (Updates) verifier.verify(InstalledImages.NONE);
    InstalledImages installed = InstalledImages.NONE.with(PRIMARY,
        InstalledImages.Release.of(first.toInstall().get(PRIMARY)));
    repos.director.touch("targets");
    repos.director.publish();
    Updates second = (Updates) verifier.verify(installed);
    assertEquals(List.of(SECONDARY, SECONDARY_2), List.copyOf(second.toInstall().keySet()));
    assertEquals(List.of(PRIMARY), List.copyOf(second.alreadyInstalled().keySet()));
  }

  @Test
  void imageWhoseFileNameIsNotValidForItsEcuIsRefused_uptane_verify_image_4() throws Exception {
    orderAll(); // the Secondary's image is sec/fw-7.bin
    Updates ok = (Updates) verifier(FullVerifier.builder().imagePaths(SECONDARY,
        List.of("sec/fw-*.bin"))).verify(InstalledImages.NONE);
    assertEquals("sec/fw-7.bin", ok.toInstall().get(SECONDARY).path());
    InvalidImageNameException e = assertThrows(InvalidImageNameException.class,
        () -> verifier(FullVerifier.builder().imagePaths(SECONDARY, List.of("sec/boot-*.bin")))
            .verify(InstalledImages.NONE));
    assertEquals(SECONDARY, e.ecuSerial());
    assertEquals("sec/fw-7.bin", e.imagePath());
  }

  /** A full-verification Secondary over {@code pkg}, from both v1 roots, with no network. */
  private FullVerifier fromPackage(MetadataPackage pkg, String name) throws Exception {
    org.tuf4j.client.Updater.Builder director = org.tuf4j.client.Updater.builder()
        .metadataDir(tmp.resolve(name + "/director")).metadataBaseUrl(MetadataPackage.DIRECTOR)
        .trustedRoot(repos.director.trustedRootBytes()).encoding(pkg.encoding())
        .fetcher(pkg.fetcher()).config(UptaneRepositories.config(NOW));
    org.tuf4j.client.Updater.Builder image = org.tuf4j.client.Updater.builder()
        .metadataDir(tmp.resolve(name + "/image"))
        .metadataBaseUrl(MetadataPackage.IMAGE_REPOSITORY)
        .targetBaseUrl(MetadataPackage.IMAGE_REPOSITORY.resolve("targets/"))
        .targetDir(tmp.resolve(name + "/targets"))
        .trustedRoot(repos.image.trustedRootBytes()).encoding(pkg.encoding())
        .fetcher(pkg.fetcher()).config(UptaneRepositories.config(NOW));
    return FullVerifier.builder().director(director).imageRepository(image)
        .vehicle(UptaneRepositories.vehicle()).build();
  }

  @Test
  void fullVerificationSecondaryVerifiesFromThePrimarysPackageOffline_uptane_send_metadata_primary()
      throws Exception {
    delegate("other-supplier", List.of("sec/*"), List.of("hw-nobody"), false);
    delegate("supplier", List.of("sec/*"), List.of(SECONDARY_HW), false);
    repos.order(SECONDARY, repos.release("supplier", "sec/fw-7.bin", SECONDARY_FW,
        List.of(SECONDARY_HW), 7));
    repos.publish();
    repos.director.rotateKeys("targets");
    repos.director.publish(); // the Director's root chain is v1, v2
    FullVerifier primary = verifier();
    Updates onPrimary = (Updates) primary.verify(InstalledImages.NONE);
    MetadataPackage pkg = primary.metadataPackage();
    assertTrue(pkg.director().keySet().containsAll(List.of("1.root.json", "2.root.json",
        "timestamp.json", "snapshot.json", "targets.json")), pkg.director().keySet().toString());
    assertTrue(pkg.imageRepository().keySet().containsAll(List.of("1.root.json",
        "timestamp.json", "snapshot.json", "targets.json", "supplier.json")),
        pkg.imageRepository().keySet().toString());
    Updates onSecondary = assertInstanceOf(Updates.class,
        fromPackage(pkg, "secondary").verify(InstalledImages.NONE));
    VerifiedImage v = onSecondary.toInstall().get(SECONDARY);
    assertEquals(onPrimary.toInstall().get(SECONDARY).image().target(), v.image().target());
    assertEquals("supplier", v.image().signingRole());
    // the image the Primary sends is checked against what the Secondary verified
    org.tuf4j.verify.MetadataChecks.checkLengthAndHashes(v.path(), v.image().target().length(),
        v.image().target().hashes(), new java.io.ByteArrayInputStream(SECONDARY_FW));
  }

  @Test
  void aTamperedPackageIsRefusedBySecondary_uptane_send_metadata_primary() throws Exception {
    orderAll();
    FullVerifier primary = verifier();
    primary.verify(InstalledImages.NONE);
    MetadataPackage pkg = primary.metadataPackage();
    Map<String, byte[]> images = new java.util.LinkedHashMap<>(pkg.imageRepository());
    String targets = new String(images.get("targets.json"), StandardCharsets.UTF_8);
    images.put("targets.json", targets.replace("\"releaseCounter\":7",
        "\"releaseCounter\":70").getBytes(StandardCharsets.UTF_8));
    MetadataPackage tampered = new MetadataPackage(pkg.director(), images, pkg.encoding());
    assertTrue(targets.contains("\"releaseCounter\":7"));
    assertThrows(org.tuf4j.VerificationException.class,
        () -> fromPackage(tampered, "secondary").verify(InstalledImages.NONE));
    // and without the Director's files there is nothing to verify
    MetadataPackage empty = new MetadataPackage(Map.of(), pkg.imageRepository(),
        pkg.encoding());
    assertThrows(org.tuf4j.NotFoundException.class,
        () -> fromPackage(empty, "secondary-2").verify(InstalledImages.NONE));
  }

  @Test
  void imageIsFoundThroughADelegationForItsHardware_uptane_resolve_delegations()
      throws Exception {
    RepositorySimulator image = repos.image;
    // Two suppliers may sign sec/*: the first only for other hardware, so it does not apply.
    delegate("other-supplier", List.of("sec/*"), List.of("hw-nobody"), true);
    delegate("supplier", List.of("sec/*"), List.of(SECONDARY_HW), false);
    repos.release("other-supplier", "sec/fw-7.bin", bytes("wrong"), List.of("hw-nobody"), 7);
    TargetFile released = repos.release("supplier", "sec/fw-7.bin", SECONDARY_FW,
        List.of(SECONDARY_HW), 7);
    repos.order(SECONDARY, released);
    repos.publish();
    Updates updates = (Updates) verifier().verify(InstalledImages.NONE);
    VerifiedImage v = updates.toInstall().get(SECONDARY);
    assertEquals("supplier", v.image().signingRole());
    assertEquals(List.of("targets", "supplier"), v.image().delegationChain());
    assertEquals(1, image.signedTargets("supplier").signed().version());
  }

  @Test
  void delegationWithoutHardwareIdsAppliesToAnyHardware_uptane_delegations_meta()
      throws Exception {
    delegate("supplier", List.of("sec/*"), null, false);
    repos.order(SECONDARY, repos.release("supplier", "sec/fw-7.bin", SECONDARY_FW,
        List.of(SECONDARY_HW), 7));
    repos.publish();
    Updates updates = (Updates) verifier().verify(InstalledImages.NONE);
    assertEquals("supplier", updates.toInstall().get(SECONDARY).image().signingRole());
  }

  @Test
  void terminatingDelegationForTheHardwareEndsTheSearch_uptane_targets_role_delegations()
      throws Exception {
    delegate("supplier", List.of("sec/*"), List.of(SECONDARY_HW), true);
    delegate("backup", List.of("sec/*"), null, false);
    repos.order(SECONDARY, repos.release("backup", "sec/fw-7.bin", SECONDARY_FW,
        List.of(SECONDARY_HW), 7));
    repos.publish();
    assertThrows(ImageNotInImageRepositoryException.class,
        () -> verifier().verify(InstalledImages.NONE));
  }

  @Test
  void multiRoleDelegationIsRefusedRatherThanMisread_uptane_multirole_delegations()
      throws Exception {
    DelegatedRole tap3 = delegate("quorum", List.of("sec/*"), null, false);
    repos.image.updateTargets("targets", t -> withRoleField(t, tap3.name(),
        "min_roles_in_agreement", new JsonValue.JsonNumber(2)));
    repos.order(SECONDARY, repos.release("quorum", "sec/fw-7.bin", SECONDARY_FW,
        List.of(SECONDARY_HW), 7));
    repos.publish();
    UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
        () -> verifier().verify(InstalledImages.NONE));
    assertTrue(e.getMessage().contains("multi-role"), e.getMessage());
  }

  @Test
  void configuredShallMatchFieldsMustAgree_uptane_targets_images_meta() throws Exception {
    TargetFile released = repos.image.addTarget("targets", "sec/fw-7.bin", SECONDARY_FW,
        Optional.of(UptaneTargetCustom.builder().hardwareIds(List.of(SECONDARY_HW))
            .otherField("flavour", new JsonValue.JsonString("eu")).build().toJson()));
    TargetFile ordered = UptaneTargetCustom.builder().hardwareIds(List.of(SECONDARY_HW))
        .otherField("flavour", new JsonValue.JsonString("us"))
        .ecuIdentifier(SECONDARY, SECONDARY_HW).build().applyTo(released);
    repos.orderEntry(ordered);
    repos.publish();
    verifier().verify(InstalledImages.NONE); // the default section ignores "flavour"
    ImageMismatchException e = assertThrows(ImageMismatchException.class, () -> verifier(
        FullVerifier.builder().shallMatch(ShallMatch.of(List.of("flavour", "hardwareIds"))))
        .verify(InstalledImages.NONE));
    assertEquals(List.of("flavour"), e.fields());
  }

  @Test
  void defaultShallMatchFollowsTheProfile_uptane_targets_images_meta() {
    assertEquals(ShallMatch.DEFAULT, FullVerifier.defaultShallMatch(UptaneProfile.STANDARD));
    assertEquals(java.util.Set.of("releaseCounter"),
        FullVerifier.defaultShallMatch(UptaneProfile.AKTUALIZR).fieldNames());
  }

  @Test
  void builderNeedsBothRepositoriesAndTheVehicle() {
    assertThrows(IllegalStateException.class, () -> FullVerifier.builder()
        .director(repos.directorClient(tmp.resolve("d"))).vehicle(UptaneRepositories.vehicle())
        .build());
  }

  // ------------------------------------------------------------------ CBOR (#meta_structures)

  @Test
  void cborRepositoriesAreVerifiedAndTheDirectorIsForwardedInCbor_uptane_meta_structures()
      throws Exception {
    repos = new UptaneRepositories(NOW, "ed25519", MetadataEncoding.CBOR);
    orderAll();
    FullVerifier verifier = verifier();
    Updates updates = assertInstanceOf(Updates.class, verifier.verify(InstalledImages.NONE));
    assertEquals(List.of(PRIMARY, SECONDARY, SECONDARY_2),
        List.copyOf(updates.toInstall().keySet()));
    assertArrayEquals(SECONDARY_FW,
        Files.readAllBytes(verifier.download(updates.toInstall().get(SECONDARY))));
    assertEquals(MetadataEncoding.CBOR, updates.director().encoding());
    assertArrayEquals(repos.director.file("metadata/targets.cbor"), updates.director().targets());
    for (RepositorySimulator r : List.of(repos.director, repos.image)) {
      assertTrue(r.requests().stream().noneMatch(p -> p.endsWith(".json")),
          r.requests().toString());
    }
  }

  @Test
  void aDialectProfileOverCborIsRefusedAtBuild_uptane_meta_structures() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> FullVerifier
        .builder().director(repos.directorClient(tmp.resolve("d"))
            .encoding(MetadataEncoding.CBOR))
        .imageRepository(repos.imageClient(tmp.resolve("i")))
        .vehicle(UptaneRepositories.vehicle()).profile(UptaneProfile.AKTUALIZR).build());
    assertTrue(e.getMessage().startsWith("the Director, read under profile AKTUALIZR"),
        e.getMessage());
    assertTrue(e.getMessage().contains("JSON, not CBOR"), e.getMessage());
  }

  /** A delegation from the Image repository's targets, limited to {@code hardware} if given. */
  private DelegatedRole delegate(String name, List<String> paths, List<String> hardware,
      boolean terminating) {
    var signer = repos.image.newSigner();
    String keyId = RepositorySimulator.keyIdOf(signer);
    DelegatedRole role = new DelegatedRole(name, List.of(keyId), 1, Optional.of(terminating),
        Optional.of(paths), Optional.empty(), Map.of());
    if (hardware != null) {
      role = UptaneDelegations.withHardwareIds(role, hardware);
    }
    repos.image.addDelegation("targets", role, Map.of(keyId, signer));
    return role;
  }

  private static org.tuf4j.metadata.Targets withRoleField(org.tuf4j.metadata.Targets t,
      String roleName, String field, JsonValue value) {
    var d = t.delegations().orElseThrow();
    List<DelegatedRole> roles = d.roles().orElseThrow().stream().map(r -> {
      if (!r.name().equals(roleName)) {
        return r;
      }
      Map<String, JsonValue> rest = new java.util.LinkedHashMap<>(r.unrecognizedFields());
      rest.put(field, value);
      return new DelegatedRole(r.name(), r.keyIds(), r.threshold(), r.terminatingField(),
          r.paths(), r.pathHashPrefixes(), rest);
    }).toList();
    return new org.tuf4j.metadata.Targets(t.specVersion(), t.version(), t.expires(), t.targets(),
        Optional.of(new org.tuf4j.metadata.Delegations(d.keys(), Optional.of(roles),
            Optional.empty(), d.unrecognizedFields())), t.unrecognizedFields());
  }
}
