package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tuf4j.testing.UptaneRepositories.PRIMARY;
import static org.tuf4j.testing.UptaneRepositories.PRIMARY_HW;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_2;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_2_HW;
import static org.tuf4j.testing.UptaneRepositories.SECONDARY_HW;
import static org.tuf4j.testing.UptaneRepositories.VIN;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.testing.AktualizrDialect;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.testing.UptaneRepositories;
import org.tuf4j.uptane.DirectorMetadata;
import org.tuf4j.uptane.FullVerification;
import org.tuf4j.uptane.FullVerifier;
import org.tuf4j.uptane.InstalledImages;
import org.tuf4j.uptane.PartialVerification;
import org.tuf4j.uptane.PartialVerificationState;
import org.tuf4j.uptane.PartialVerifier;
import org.tuf4j.uptane.UptaneProfile;
import org.tuf4j.uptane.UptaneTargetCustom;
import org.tuf4j.uptane.VerifiedImage;

/**
 * A whole Uptane update over loopback HTTP (Uptane Standard #download_meta_primary,
 * #download_images_primary, #send_metadata_primary, #verify_metadata, #verify_image): the Image repository and the Director served on 127.0.0.1, a Primary
 * doing full verification for itself and two Secondaries and downloading the three images, one
 * Secondary doing partial verification of the Director metadata the Primary forwards and
 * checking the image the Primary hands it, then "installing" (recording the new state); a second
 * cycle with nothing new; and a third with a new image and a rotation of the Director's keys
 * that the Secondary follows. With standard metadata in canonical JSON and in deterministic CBOR
 * (#meta_structures: the Primary reads both repositories and the Secondary the forwarded Director
 * metadata in CBOR), and in the aktualizr/ota-tuf dialect (RSA keys, a Director serving only root
 * and targets, no vehicle identifier).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UptaneEndToEndTest {
  private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");

  @TempDir Path tmp;
  private LoopbackServer directorServer;
  private LoopbackServer imageServer;

  @AfterEach
  void tearDown() {
    if (directorServer != null) {
      directorServer.close();
    }
    if (imageServer != null) {
      imageServer.close();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static HttpFetcher fetcher() {
    return HttpFetcher.builder().connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(5)).build();
  }

  /** How one deployment differs: how images are described and how metadata is served. */
  private interface Deployment {
    UptaneRepositories repos();

    UptaneProfile profile();

    /** The encoding of both repositories' metadata, as the Primary and the Secondary read it. */
    MetadataEncoding encoding();

    /** The Image repository's entry for an image. */
    TargetFile release(String path, byte[] content, String hardwareId, long releaseCounter);

    /** The Director's entry ordering {@code released} for {@code serial}. */
    void order(String serial, TargetFile released);

    /** Publishes both repositories and serves what changed. */
    void publish();

    /** The Director root a Secondary is provisioned with, as the Director serves it. */
    byte[] directorRootV1();

    byte[] imageRootV1();
  }

  private static final class Standard implements Deployment {
    final UptaneRepositories repos;

    Standard(MetadataEncoding encoding) {
      repos = new UptaneRepositories(NOW, "ed25519", encoding);
    }

    @Override
    public UptaneRepositories repos() {
      return repos;
    }

    @Override
    public UptaneProfile profile() {
      return UptaneProfile.STANDARD;
    }

    @Override
    public MetadataEncoding encoding() {
      return repos.director.encoding();
    }

    @Override
    public TargetFile release(String path, byte[] content, String hardwareId, long counter) {
      return repos.release(path, content, hardwareId, counter);
    }

    @Override
    public void order(String serial, TargetFile released) {
      repos.order(serial, released);
    }

    @Override
    public void publish() {
      repos.publish();
    }

    @Override
    public byte[] directorRootV1() {
      return repos.director.trustedRootBytes();
    }

    @Override
    public byte[] imageRootV1() {
      return repos.image.trustedRootBytes();
    }
  }

  /**
   * The ota-tuf form: RSA keys, dialect metadata, image entries with ota-tuf's custom members and
   * no release counter, Director entries with {@code ecuIdentifiers} only, a Director serving
   * root and targets only, and Director targets that carry a correlation id but no vehicle.
   */
  private static final class Aktualizr implements Deployment {
    final UptaneRepositories repos = new UptaneRepositories(NOW, "rsassa-pss-sha256");
    final AtomicReference<Map<String, byte[]>> director = new AtomicReference<>();
    final AtomicReference<Map<String, byte[]>> image = new AtomicReference<>();

    Aktualizr() {
      repos.director.updateTargets("targets", t -> new Targets(t.specVersion(), t.version(),
          t.expires(), t.targets(), t.delegations(), Map.of("custom", new JsonObject(Map.of(
              "correlationId", new JsonString("urn:here-ota:campaign:1"))))));
      publish();
    }

    @Override
    public UptaneRepositories repos() {
      return repos;
    }

    @Override
    public UptaneProfile profile() {
      return UptaneProfile.AKTUALIZR;
    }

    @Override
    public MetadataEncoding encoding() {
      return MetadataEncoding.JSON; // the dialect is a form of JSON
    }

    @Override
    public TargetFile release(String path, byte[] content, String hardwareId, long counter) {
      Map<String, JsonValue> custom = Map.of("name", new JsonString(path), "version",
          new JsonString(Long.toString(counter)), "hardwareIds",
          JsonValue.ofStrings(List.of(hardwareId)), "targetFormat", new JsonString("BINARY"));
      return repos.image.addTarget("targets", path, content, Optional.of(new JsonObject(custom)));
    }

    @Override
    public void order(String serial, TargetFile released) {
      UptaneTargetCustom ecus = UptaneTargetCustom.builder()
          .ecuIdentifier(serial, UptaneRepositories.hardwareOf(serial)).build();
      repos.orderEntry(ecus.applyTo(released));
    }

    @Override
    public void publish() {
      repos.publish();
      Map<String, byte[]> d = AktualizrDialect.files(repos.director);
      d.keySet().removeIf(p -> p.contains("timestamp") || p.contains("snapshot"));
      // an ota-tuf Director's root lists keys for root and targets only
      d.replaceAll((p, bytes) -> p.endsWith("root.json") ? AktualizrDialect.directorRoot(bytes,
          repos.director.signers("root")) : bytes);
      director.set(d);
      image.set(AktualizrDialect.files(repos.image));
    }

    @Override
    public byte[] directorRootV1() {
      return director.get().get("metadata/1.root.json");
    }

    @Override
    public byte[] imageRootV1() {
      return image.get().get("metadata/1.root.json");
    }
  }

  @ParameterizedTest
  @EnumSource(MetadataEncoding.class)
  void primaryAndSecondariesUpdate_standardMetadata_uptane_full_and_partial_verification(
      MetadataEncoding encoding) throws Exception {
    Standard d = new Standard(encoding);
    directorServer = LoopbackServer.serve(d.repos.director::findFile);
    imageServer = LoopbackServer.serve(d.repos.image::findFile);
    run(d);
    String other = encoding == MetadataEncoding.JSON ? ".cbor" : ".json";
    for (LoopbackServer server : List.of(directorServer, imageServer)) {
      assertFalse(server.requests().stream().anyMatch(p -> p.endsWith(other)),
          "only " + encoding + " metadata is read: " + server.requests());
    }
  }

  @Test
  void primaryAndSecondariesUpdate_aktualizrDialect_uptane_interop() throws Exception {
    Aktualizr d = new Aktualizr();
    directorServer = LoopbackServer.serve(p -> Optional.ofNullable(d.director.get().get(p)));
    imageServer = LoopbackServer.serve(p -> Optional.ofNullable(d.image.get().get(p)));
    run(d);
    assertFalse(directorServer.requests().stream().anyMatch(p -> p.contains("timestamp")));
  }

  private FullVerifier primary(Deployment d) throws IOException {
    UptaneRepositories repos = d.repos();
    return FullVerifier.builder()
        .director(repos.client(repos.director, tmp.resolve("primary/director"),
            directorServer.baseUri(), fetcher(), false).trustedRoot(d.directorRootV1()))
        .imageRepository(repos.client(repos.image, tmp.resolve("primary/image"),
            imageServer.baseUri(), fetcher(), true).trustedRoot(d.imageRootV1()))
        .vehicle(UptaneRepositories.vehicle()).profile(d.profile()).build();
  }

  private void run(Deployment d) throws Exception {
    byte[] primaryFw = bytes("primary firmware 20\n");
    byte[] secondaryFw = bytes("secondary firmware 7\n");
    byte[] secondary2Fw = bytes("other secondary firmware 3\n");
    d.order(PRIMARY, d.release("primary/fw-20.bin", primaryFw, PRIMARY_HW, 20));
    d.order(SECONDARY, d.release("sec/fw-7.bin", secondaryFw, SECONDARY_HW, 7));
    d.order(SECONDARY_2, d.release("sec2/fw-3.bin", secondary2Fw, SECONDARY_2_HW, 3));
    d.publish();

    // The Primary: full verification for the whole vehicle, then every image downloaded.
    FullVerifier primary = primary(d);
    FullVerification.Updates updates = assertInstanceOf(FullVerification.Updates.class,
        primary.verify(InstalledImages.NONE));
    assertEquals(List.of(PRIMARY, SECONDARY, SECONDARY_2),
        List.copyOf(updates.toInstall().keySet()));
    Map<String, byte[]> expected = Map.of(PRIMARY, primaryFw, SECONDARY, secondaryFw,
        SECONDARY_2, secondary2Fw);
    InstalledImages installed = InstalledImages.NONE;
    Path secondaryImage = null;
    for (VerifiedImage image : updates.toInstall().values()) {
      Path file = primary.download(image);
      assertArrayEquals(expected.get(image.ecuSerial()), Files.readAllBytes(file));
      installed = installed.with(image.ecuSerial(), InstalledImages.Release.of(image));
      if (image.ecuSerial().equals(SECONDARY)) {
        secondaryImage = file;
      }
    }

    // The Secondary: partial verification of what the Primary forwards, then the image check.
    PartialVerifier secondary = PartialVerifier.builder(SECONDARY, SECONDARY_HW)
        .vehicleId(VIN).profile(d.profile()).encoding(d.encoding()).build();
    PartialVerificationState state = PartialVerificationState.initial(d.directorRootV1());
    assertEquals(d.encoding(), updates.director().encoding());
    PartialVerification.Install install = assertInstanceOf(PartialVerification.Install.class,
        secondary.verify(updates.director(), state, Optional.empty(), NOW));
    assertEquals("sec/fw-7.bin", install.image().path());
    try (InputStream fromPrimary = Files.newInputStream(secondaryImage)) {
      install.checkImage(fromPrimary);
    }
    state = install.nextState();
    InstalledImages.Release secondaryInstalled = installed.of(SECONDARY).orElseThrow();

    // Second cycle: nothing new anywhere.
    FullVerification again = primary.verify(installed);
    assertEquals(FullVerification.Reason.DIRECTOR_UNCHANGED,
        assertInstanceOf(FullVerification.NothingNew.class, again).reason());
    PartialVerification noop = secondary.verify(again.director(), state,
        Optional.of(secondaryInstalled), NOW);
    assertEquals(PartialVerification.Reason.ALREADY_INSTALLED,
        assertInstanceOf(PartialVerification.NoUpdate.class, noop).reason());
    state = noop.nextState();

    // Third cycle: the Director's targets key is rotated and a new image ordered for the
    // Secondary; the Primary forwards the new root versions, which the Secondary follows.
    d.repos().director.rotateKeys("targets");
    d.repos().director.removeTarget("targets", "sec/fw-7.bin");
    byte[] secondaryFw8 = bytes("secondary firmware 8\n");
    d.order(SECONDARY, d.release("sec/fw-8.bin", secondaryFw8, SECONDARY_HW, 8));
    d.publish();
    FullVerification.Updates third = assertInstanceOf(FullVerification.Updates.class,
        primary.verify(installed));
    assertEquals(List.of(SECONDARY), List.copyOf(third.toInstall().keySet()));
    Path fw8 = primary.download(third.toInstall().get(SECONDARY));
    DirectorMetadata forwarded = third.director();
    assertTrue(forwarded.rootChain().size() >= 2, "the rotation is forwarded");
    PartialVerification.Install next = assertInstanceOf(PartialVerification.Install.class,
        secondary.verify(forwarded, state, Optional.of(secondaryInstalled), NOW));
    try (InputStream fromPrimary = Files.newInputStream(fw8)) {
      next.checkImage(fromPrimary);
    }
    assertArrayEquals(forwarded.rootChain().get(forwarded.rootChain().size() - 1),
        next.nextState().directorRoot());
  }
}
