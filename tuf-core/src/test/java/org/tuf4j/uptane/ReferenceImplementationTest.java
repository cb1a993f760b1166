package org.tuf4j.uptane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_HW;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.testing.DeployedForms;
import org.tuf4j.testing.UptaneRepositories;
import org.tuf4j.uptane.FullVerification.Updates;
import org.tuf4j.uptane.PartialVerification.Install;

/**
 * Director and Image repository metadata as the uptane/uptane reference implementation writes
 * it ({@code uptane/services/director.py}: {@code add_target(path, custom={'ecu_serial':
 * serial})}; its Image repository: {@code custom: {"hardware_id", "release_counter"}}; every
 * Director targets file with {@code "delegations": {"keys": {}, "roles": []}}; files in TUF 0.10
 * form, see {@link DeployedForms}), read under {@link UptaneProfile#AKTUALIZR} and refused by
 * {@link UptaneProfile#STANDARD}.
 */
class ReferenceImplementationTest {
  private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");
  private static final byte[] FIRMWARE = "TCU firmware 1.1\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private UptaneRepositories repos;

  @BeforeEach
  void setUp() {
    repos = new UptaneRepositories(NOW);
  }

  private static JsonObject custom(Object... nameValue) {
    Map<String, JsonValue> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      Object v = nameValue[i + 1];
      m.put((String) nameValue[i], v instanceof Long l ? new JsonNumber(l)
          : new JsonString((String) v));
    }
    return new JsonObject(m);
  }

  /** The Director orders {@code serial} to install {@code image} the reference way. */
  private TargetFile orderTheReferenceWay(TargetFile image, String serial) {
    TargetFile entry = new TargetFile(image.path(), image.length(), image.hashes(),
        Optional.of(custom("ecu_serial", serial)), Map.of());
    repos.orderEntry(entry);
    return entry;
  }

  /** The Director's root and targets rewritten in the reference implementation's files. */
  private DirectorMetadata referenceDirectorFiles() {
    JsonObject targets = DeployedForms.with(DeployedForms.referenceSigned(
        repos.director.signedTargets("targets").signed()), "delegations", new JsonObject(
            Map.of("keys", JsonObject.EMPTY, "roles", new JsonArray(List.of()))));
    byte[] root = referenceRoot();
    return new DirectorMetadata(DeployedForms.reference(targets,
        repos.director.signers("targets")), List.of(root));
  }

  private byte[] referenceRoot() {
    return DeployedForms.reference(DeployedForms.referenceSigned(
        repos.director.signedRoot().signed()), repos.director.signers("root"));
  }

  @Test
  void secondaryReadsTheReferenceDirectorsEcuSerialOrder_uptane_reference_implementation()
      throws Exception {
    TargetFile released = repos.release("TCU1.1.txt", FIRMWARE, SECONDARY_HW, 1);
    TargetFile ordered = orderTheReferenceWay(released, SECONDARY);
    repos.publish();
    DirectorMetadata files = referenceDirectorFiles();
    String text = new String(files.targets(), StandardCharsets.UTF_8);
    assertTrue(text.contains("\"ecu_serial\": \"" + SECONDARY + "\""), text);
    assertTrue(text.contains("\"method\": \"ed25519\""), text);
    PartialVerifier aktualizr = PartialVerifier.builder(SECONDARY, SECONDARY_HW)
        .profile(UptaneProfile.AKTUALIZR).build();
    Install install = assertInstanceOf(Install.class, aktualizr.verify(files,
        PartialVerificationState.initial(referenceRoot()), Optional.empty(), NOW));
    assertEquals(ordered, install.image());
    install.checkImage(new ByteArrayInputStream(FIRMWARE));
    // another ECU's order is not this one's
    PartialVerifier other = PartialVerifier.builder("other-ecu", SECONDARY_HW)
        .profile(UptaneProfile.AKTUALIZR).build();
    assertInstanceOf(PartialVerification.NoUpdate.class, other.verify(files,
        PartialVerificationState.initial(referenceRoot()), Optional.empty(), NOW));
  }

  @Test
  void standardProfileRefusesTheReferenceForms_uptane_targets_images_meta() throws Exception {
    orderTheReferenceWay(repos.release("TCU1.1.txt", FIRMWARE, SECONDARY_HW, 1), SECONDARY);
    repos.publish();
    PartialVerifier standard = PartialVerifier.builder(SECONDARY, SECONDARY_HW).build();
    // the files: capitalised _type, keys without scheme
    assertThrows(MalformedMetadataException.class, () -> standard.verify(
        referenceDirectorFiles(), PartialVerificationState.initial(referenceRoot()),
        Optional.empty(), NOW));
    // the ECU identification alone, in standard files: an image for no ECU
    DirectorMetadata standardFiles = new DirectorMetadata(repos.director.file(
        "metadata/targets.json"), List.of(repos.director.trustedRootBytes()));
    assertEquals(DirectorTargetsException.Reason.NO_ECU_IDENTIFIER, assertThrows(
        DirectorTargetsException.class, () -> standard.verify(standardFiles,
            PartialVerificationState.initial(repos.director.trustedRootBytes()),
            Optional.empty(), NOW)).reason());
  }

  private FullVerifier fullVerifier(UptaneProfile profile) throws Exception {
    return FullVerifier.builder().profile(profile)
        .director(repos.directorClient(tmp.resolve("director-" + profile)))
        .imageRepository(repos.imageClient(tmp.resolve("image-" + profile)))
        .vehicle(UptaneRepositories.vehicle()).build();
  }

  /** An image released the reference way: one {@code hardware_id}, a {@code release_counter}. */
  private TargetFile releaseTheReferenceWay(String path, String hardwareId, long counter) {
    return repos.image.addTarget("targets", path, FIRMWARE, Optional.of(custom("hardware_id",
        hardwareId, "release_counter", counter)));
  }

  @Test
  void primaryReadsTheReferenceCustomMembers_uptane_reference_implementation()
      throws Exception {
    orderTheReferenceWay(releaseTheReferenceWay("TCU1.1.txt", SECONDARY_HW, 7), SECONDARY);
    repos.publish();
    Updates updates = assertInstanceOf(Updates.class,
        fullVerifier(UptaneProfile.AKTUALIZR).verify(InstalledImages.NONE));
    VerifiedImage image = updates.toInstall().get(SECONDARY);
    assertEquals(SECONDARY_HW, image.hardwareId()); // the vehicle's, as the order names none
    assertEquals(OptionalLong.of(7), image.releaseCounter());
    assertThrows(DirectorTargetsException.class,
        () -> fullVerifier(UptaneProfile.STANDARD).verify(InstalledImages.NONE));
  }

  @Test
  void referenceReleaseCounterProtectsAgainstRollback_uptane_verify_image_5() throws Exception {
    orderTheReferenceWay(releaseTheReferenceWay("TCU1.1.txt", SECONDARY_HW, 7), SECONDARY);
    repos.publish();
    TargetFile newer = new TargetFile("TCU1.2.txt", 5, Map.of("sha256", "cd".repeat(32)),
        Optional.empty(), Map.of());
    InstalledImages installed = InstalledImages.NONE.with(SECONDARY,
        new InstalledImages.Release(InstalledImage.of(newer), OptionalLong.of(8)));
    ReleaseCounterRollbackException e = assertThrows(ReleaseCounterRollbackException.class,
        () -> fullVerifier(UptaneProfile.AKTUALIZR).verify(installed));
    assertEquals(OptionalLong.of(7), e.offered());
  }

  @Test
  void referenceHardwareIdOfAnotherEcuIsRefused_uptane_full_verification() {
    orderTheReferenceWay(releaseTheReferenceWay("TCU1.1.txt", "hw-infotainment", 7), SECONDARY);
    repos.publish();
    assertThrows(IncompatibleHardwareException.class,
        () -> fullVerifier(UptaneProfile.AKTUALIZR).verify(InstalledImages.NONE));
  }

  @Test
  void anEcuSerialThatIsNotAStringIsMalformed_uptane_reference_implementation() {
    repos.orderEntry(new TargetFile("TCU1.1.txt", 3, Map.of("sha256", "ab".repeat(32)),
        Optional.of(new JsonObject(Map.of("ecu_serial", new JsonNumber(1)))), Map.of()));
    repos.publish();
    PartialVerifier aktualizr = PartialVerifier.builder(SECONDARY, SECONDARY_HW)
        .profile(UptaneProfile.AKTUALIZR).build();
    assertThrows(MalformedMetadataException.class, () -> aktualizr.verify(
        new DirectorMetadata(repos.director.file("metadata/targets.json"),
            List.of(repos.director.trustedRootBytes())),
        PartialVerificationState.initial(repos.director.trustedRootBytes()), Optional.empty(),
        NOW));
  }
}
