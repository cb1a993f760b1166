package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.testing.UptaneRepositories.PRIMARY;
import static org.tuf4j.testing.UptaneRepositories.PRIMARY_HW;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_HW;
import static org.tuf4j.testing.UptaneRepositories.VIN;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tuf4j.BadVersionException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.testing.RepositorySimulator;
import org.tuf4j.testing.UptaneRepositories;
import org.tuf4j.uptane.PartialVerification.Install;
import org.tuf4j.uptane.PartialVerification.NoUpdate;
import org.tuf4j.uptane.PartialVerification.Reason;

/**
 * A Secondary's partial verification (Uptane Standard #partial_verification, #check_targets,
 * #verify_image) of the Director's targets its Primary forwards. The refusals of attacks are
 * in conformance-tests' {@code UptaneAttackTest}; these are the outcomes and the state it keeps.
 */
class PartialVerifierTest {
  private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");
  private static final byte[] FIRMWARE = "secondary firmware 7\n".getBytes(StandardCharsets.UTF_8);

  private UptaneRepositories repos;
  private PartialVerifier verifier;
  private PartialVerificationState initial;

  @BeforeEach
  void setUp() {
    repos = new UptaneRepositories(NOW);
    verifier = PartialVerifier.builder(SECONDARY, SECONDARY_HW).vehicleId(VIN).build();
    initial = PartialVerificationState.initial(repos.director.trustedRootBytes());
  }

  /** What the Primary forwards: the Director's targets and every root version. */
  private DirectorMetadata forwarded() {
    List<byte[]> roots = new java.util.ArrayList<>();
    for (long v = 1; v <= repos.director.signedRoot().signed().version(); v++) {
      roots.add(repos.director.rootBytes(v));
    }
    return new DirectorMetadata(repos.director.file(RepositorySimulator.metadataPath("targets",
        repos.director.encoding())), roots, repos.director.encoding());
  }

  private TargetFile orderForSecondary(long releaseCounter) {
    TargetFile released = repos.release("sec/fw-" + releaseCounter + ".bin", FIRMWARE,
        SECONDARY_HW, releaseCounter);
    TargetFile ordered = repos.order(SECONDARY, released);
    repos.publish();
    return ordered;
  }

  @Test
  void imageOrderedForThisEcuIsToBeInstalled_uptane_partial_verification() throws Exception {
    TargetFile ordered = orderForSecondary(7);
    Install install = assertInstanceOf(Install.class,
        verifier.verify(forwarded(), initial, Optional.empty(), NOW));
    assertEquals(ordered, install.image());
    assertEquals(OptionalLong.of(7), install.releaseCounter());
    install.checkImage(new ByteArrayInputStream(FIRMWARE));
    assertThrows(HashMismatchException.class, () -> install.checkImage(
        new ByteArrayInputStream("secondary firmware 8\n".getBytes(StandardCharsets.UTF_8))));
    assertArrayEquals(repos.director.file("metadata/targets.json"),
        install.nextState().directorTargets().orElseThrow());
  }

  @Test
  void imagesForOtherEcusAreNotThisEcusBusiness_uptane_verify_image_2() throws Exception {
    repos.order(PRIMARY, repos.release("primary.bin", FIRMWARE, PRIMARY_HW, 1));
    repos.publish();
    NoUpdate none = assertInstanceOf(NoUpdate.class,
        verifier.verify(forwarded(), initial, Optional.empty(), NOW));
    assertEquals(Reason.NOT_LISTED, none.reason());
  }

  @Test
  void installedImageIsNotInstalledAgain_uptane_verify_image() throws Exception {
    TargetFile ordered = orderForSecondary(7);
    InstalledImages.Release installed = new InstalledImages.Release(
        InstalledImage.of(ordered), OptionalLong.of(7));
    NoUpdate none = assertInstanceOf(NoUpdate.class,
        verifier.verify(forwarded(), initial, Optional.of(installed), NOW));
    assertEquals(Reason.ALREADY_INSTALLED, none.reason());
  }

  @Test
  void stateCarriesTheAcceptedTargetsToTheNextCycle_uptane_send_metadata_primary()
      throws Exception {
    orderForSecondary(7);
    DirectorMetadata first = forwarded();
    PartialVerificationState state = verifier.verify(first, initial, Optional.empty(), NOW)
        .nextState();
    // The same files again: the stored targets stay the trusted ones.
    PartialVerificationState same = verifier.verify(first, state, Optional.empty(), NOW)
        .nextState();
    assertArrayEquals(state.directorTargets().orElseThrow(),
        same.directorTargets().orElseThrow());
    repos.clearOrders();
    repos.publish();
    NoUpdate none = (NoUpdate) verifier.verify(forwarded(), same, Optional.empty(), NOW);
    assertEquals(repos.director.signedTargets("targets").signed().version(),
        parseVersion(none.nextState().directorTargets().orElseThrow()));
  }

  @Test
  void directorRootRotationIsFollowedFromTheForwardedChain_uptane_partial_verification()
      throws Exception {
    orderForSecondary(7);
    repos.director.rotateKeys("targets");
    repos.director.publish();
    repos.director.rotateKeys("targets");
    repos.director.publish(); // root v3: the Secondary, at v1, needs v2 and v3
    PartialVerification result = verifier.verify(forwarded(), initial, Optional.empty(), NOW);
    assertArrayEquals(repos.director.rootBytes(3), result.nextState().directorRoot());
    DirectorMetadata gap = new DirectorMetadata(repos.director.file("metadata/targets.json"),
        List.of(repos.director.rootBytes(3)));
    assertThrows(BadVersionException.class,
        () -> verifier.verify(gap, initial, Optional.empty(), NOW));
  }

  @Test
  void expiryIsCheckedAgainstTheTrustedTimeGiven_uptane_partial_verification_step1()
      throws Exception {
    repos.director.setExpires("targets", NOW.plus(Duration.ofDays(1)));
    orderForSecondary(7);
    Instant expires = repos.director.signedTargets("targets").signed().expires();
    verifier.verify(forwarded(), initial, Optional.empty(), expires.minusSeconds(1));
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> verifier.verify(forwarded(), initial, Optional.empty(),
            expires.plus(Duration.ofSeconds(1))));
    assertEquals("targets", e.role());
  }

  @Test
  void withoutItsVinASecondaryStillNeedsOneInEmptyTargets_uptane_targets_images_meta()
      throws Exception {
    PartialVerifier anonymous = PartialVerifier.builder(SECONDARY, SECONDARY_HW).build();
    assertEquals(Reason.NOT_LISTED, ((NoUpdate) anonymous.verify(forwarded(), initial,
        Optional.empty(), NOW)).reason());
    repos.director.updateTargets("targets", t -> new Targets(t.specVersion(), t.version(),
        t.expires(), t.targets(), t.delegations(), java.util.Map.of()));
    repos.director.publish();
    assertThrows(VehicleMismatchException.class,
        () -> anonymous.verify(forwarded(), initial, Optional.empty(), NOW));
    // The AKTUALIZR profile reads ota-tuf Directors, which never name the vehicle.
    PartialVerifier aktualizr = PartialVerifier.builder(SECONDARY, SECONDARY_HW)
        .profile(UptaneProfile.AKTUALIZR).build();
    aktualizr.verify(forwarded(), initial, Optional.empty(), NOW);
  }

  /** The Director's targets with {@code delegations} set as given, published. */
  private void directorDelegations(org.tuf4j.metadata.Delegations delegations) {
    repos.director.updateTargets("targets", t -> new Targets(t.specVersion(), t.version(),
        t.expires(), t.targets(), Optional.of(delegations), t.unrecognizedFields()));
    repos.director.publish();
  }

  @Test
  void emptyDelegationsInDirectorTargetsAreAccepted_uptane_check_targets_6() throws Exception {
    TargetFile ordered = orderForSecondary(7);
    // {"keys": {}, "roles": []}: what the reference implementation writes in every Director file
    directorDelegations(new org.tuf4j.metadata.Delegations(java.util.Map.of(),
        Optional.of(List.of()), Optional.empty(), java.util.Map.of()));
    assertTrue(new String(forwarded().targets(), StandardCharsets.UTF_8)
        .contains("\"delegations\":{\"keys\":{},\"roles\":[]}"));
    Install install = assertInstanceOf(Install.class,
        verifier.verify(forwarded(), initial, Optional.empty(), NOW));
    assertEquals(ordered, install.image());
  }

  @Test
  void delegatingDirectorTargetsAreRefused_uptane_check_targets_6() {
    orderForSecondary(7);
    org.tuf4j.metadata.DelegatedRole role = new org.tuf4j.metadata.DelegatedRole("x",
        List.of("k"), 1, Optional.empty(), Optional.of(List.of("*")), Optional.empty(),
        java.util.Map.of());
    directorDelegations(new org.tuf4j.metadata.Delegations(java.util.Map.of(),
        Optional.of(List.of(role)), Optional.empty(), java.util.Map.of()));
    assertEquals(DirectorTargetsException.Reason.DELEGATIONS, assertThrows(
        DirectorTargetsException.class,
        () -> verifier.verify(forwarded(), initial, Optional.empty(), NOW)).reason());
  }

  @Test
  void directorTargetsNamingAnImageNotInNfcAreRefused_uptane_meta_structures() {
    TargetFile released = repos.release("sec/cafe\u0301.bin", FIRMWARE, SECONDARY_HW, 7);
    repos.order(SECONDARY, released);
    repos.publish();
    assertEquals(DirectorTargetsException.Reason.NOT_NFC, assertThrows(
        DirectorTargetsException.class,
        () -> verifier.verify(forwarded(), initial, Optional.empty(), NOW)).reason());
  }

  @Test
  void imageWhoseFileNameIsNotValidForThisEcuIsRefused_uptane_verify_image_4()
      throws Exception {
    TargetFile ordered = orderForSecondary(7); // "sec/fw-7.bin"
    PartialVerifier named = PartialVerifier.builder(SECONDARY, SECONDARY_HW).vehicleId(VIN)
        .imagePaths(List.of("sec/fw-*.bin")).build();
    assertEquals(ordered, assertInstanceOf(Install.class,
        named.verify(forwarded(), initial, Optional.empty(), NOW)).image());
    PartialVerifier bootloaderOnly = PartialVerifier.builder(SECONDARY, SECONDARY_HW)
        .vehicleId(VIN).imagePaths(List.of("sec/boot-*.bin", "sec/*/fw-7.bin")).build();
    InvalidImageNameException e = assertThrows(InvalidImageNameException.class,
        () -> bootloaderOnly.verify(forwarded(), initial, Optional.empty(), NOW));
    assertEquals("sec/fw-7.bin", e.imagePath());
    assertEquals(List.of("sec/boot-*.bin", "sec/*/fw-7.bin"), e.patterns());
    assertThrows(IllegalArgumentException.class,
        () -> PartialVerifier.builder(SECONDARY, SECONDARY_HW).imagePaths(List.of()));
  }

  @Test
  void builderRefusesEmptyIdentifiers() {
    assertThrows(IllegalArgumentException.class, () -> PartialVerifier.builder("", "hw"));
    assertThrows(IllegalArgumentException.class,
        () -> PartialVerifier.builder("ecu", "hw").vehicleId(""));
  }

  // ------------------------------------------------------------------ CBOR (#meta_structures)

  @Test
  void forwardedCborDirectorMetadataIsVerifiedInCbor_uptane_meta_structures() throws Exception {
    repos = new UptaneRepositories(NOW, "ed25519", MetadataEncoding.CBOR);
    PartialVerifier cbor = PartialVerifier.builder(SECONDARY, SECONDARY_HW).vehicleId(VIN)
        .encoding(MetadataEncoding.CBOR).build();
    PartialVerificationState state = PartialVerificationState.initial(
        repos.director.trustedRootBytes());
    TargetFile ordered = orderForSecondary(7);
    repos.director.rotateKeys("targets");
    repos.director.publish(); // root v2 in CBOR, followed from the forwarded chain
    DirectorMetadata received = forwarded();
    assertEquals(MetadataEncoding.CBOR, received.encoding());
    Install install = assertInstanceOf(Install.class,
        cbor.verify(received, state, Optional.empty(), NOW));
    assertEquals(ordered, install.image());
    install.checkImage(new ByteArrayInputStream(FIRMWARE));
    assertArrayEquals(repos.director.file("metadata/targets.cbor"),
        install.nextState().directorTargets().orElseThrow());
    assertArrayEquals(repos.director.rootBytes(2), install.nextState().directorRoot());
    // The next cycle starts from the stored CBOR state.
    assertEquals(Reason.ALREADY_INSTALLED, assertInstanceOf(NoUpdate.class, cbor.verify(
        forwarded(), install.nextState(), Optional.of(new InstalledImages.Release(
            InstalledImage.of(ordered), OptionalLong.of(7))), NOW)).reason());
  }

  @Test
  void directorMetadataOfAnotherEncodingIsRefusedNotMisread_uptane_meta_structures()
      throws Exception {
    orderForSecondary(7);
    DirectorMetadata json = forwarded();
    PartialVerifier cbor = PartialVerifier.builder(SECONDARY, SECONDARY_HW)
        .encoding(MetadataEncoding.CBOR).build();
    // Declared JSON, given to a CBOR Secondary: the configurations differ.
    IllegalArgumentException wiring = assertThrows(IllegalArgumentException.class,
        () -> cbor.verify(json, initial, Optional.empty(), NOW));
    assertTrue(wiring.getMessage().contains("is JSON, but this Secondary reads CBOR"),
        wiring.getMessage());
    // JSON bytes declared CBOR: they never parse as CBOR metadata.
    DirectorMetadata mislabelled = new DirectorMetadata(json.targets(), List.of(),
        MetadataEncoding.CBOR);
    MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
        () -> cbor.verify(mislabelled, PartialVerificationState.initial(
            new UptaneRepositories(NOW, "ed25519", MetadataEncoding.CBOR).director
                .trustedRootBytes()), Optional.empty(), NOW));
    assertEquals(MalformedMetadataException.Reason.SYNTAX, e.reason());
    assertTrue(e.getMessage().contains("begins as JSON metadata does"), e.getMessage());
  }

  @Test
  void aDialectProfileReadsJsonOnly_uptane_meta_structures() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PartialVerifier.builder(SECONDARY, SECONDARY_HW).profile(UptaneProfile.AKTUALIZR)
            .encoding(MetadataEncoding.CBOR).build());
    assertTrue(e.getMessage().contains("AKTUALIZR metadata is JSON, not CBOR"), e.getMessage());
  }

  private static long parseVersion(byte[] targets) throws Exception {
    return org.tuf4j.metadata.Signed.parse(targets, Targets.class).signed().version();
  }
}
