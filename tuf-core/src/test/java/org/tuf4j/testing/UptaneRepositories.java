package org.tuf4j.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.uptane.DirectorTargets;
import org.tuf4j.uptane.UptaneTargetCustom;
import org.tuf4j.uptane.VehicleIdentity;

/**
 * A Director and an Image repository for Uptane tests (Uptane Standard #design): two {@link
 * RepositorySimulator}s, a vehicle of one Primary and two Secondaries, and helpers that release
 * images on the Image repository and order them for ECUs on the Director the way the Standard's
 * metadata describes them (#targets_images_meta). A test helper, not a Director implementation.
 */
public final class UptaneRepositories {
  public static final String VIN = "VIN-TEST-0000001";
  public static final String PRIMARY = "primary-ecu";
  public static final String PRIMARY_HW = "hw-primary";
  public static final String SECONDARY = "secondary-ecu";
  public static final String SECONDARY_HW = "hw-secondary";
  public static final String SECONDARY_2 = "secondary-ecu-2";
  public static final String SECONDARY_2_HW = "hw-secondary-2";

  public final RepositorySimulator director;
  public final RepositorySimulator image;
  private final Instant now;

  /** Both repositories, the Director's targets listing no images and naming {@link #VIN}. */
  public UptaneRepositories(Instant now) {
    this(now, "ed25519");
  }

  /** As {@link #UptaneRepositories(Instant)}, every key of {@code keyScheme}. */
  public UptaneRepositories(Instant now, String keyScheme) {
    this(now, keyScheme, MetadataEncoding.JSON);
  }

  /**
   * As {@link #UptaneRepositories(Instant, String)}, both repositories' metadata in {@code
   * encoding} (#meta_structures); {@link #client} reads it.
   */
  public UptaneRepositories(Instant now, String keyScheme, MetadataEncoding encoding) {
    this.now = now;
    this.director = RepositorySimulator.builder().now(now).keyScheme(keyScheme)
        .encoding(encoding).build();
    this.image = RepositorySimulator.builder().now(now).keyScheme(keyScheme)
        .encoding(encoding).build();
    director.updateTargets("targets", t -> DirectorTargets.withVehicleId(t, VIN));
    director.publish();
  }

  /** The vehicle: the Primary and two Secondaries, each of its own hardware. */
  public static VehicleIdentity vehicle() {
    return VehicleIdentity.builder(VIN).primary(PRIMARY, PRIMARY_HW)
        .secondary(SECONDARY, SECONDARY_HW).secondary(SECONDARY_2, SECONDARY_2_HW).build();
  }

  /** The hardware id the vehicle records for {@code serial}. */
  public static String hardwareOf(String serial) {
    return vehicle().hardwareId(serial).orElseThrow();
  }

  /**
   * Releases an image on the Image repository in {@code role}: length, sha256 and sha512 of
   * {@code content}, custom {@code hardwareIds} and {@code releaseCounter}. Publish to sign it.
   */
  public TargetFile release(String role, String path, byte[] content, List<String> hardwareIds,
      long releaseCounter) {
    UptaneTargetCustom custom = UptaneTargetCustom.builder().hardwareIds(hardwareIds)
        .releaseCounter(releaseCounter).build();
    return image.addTarget(role, path, content, Optional.of(custom.toJson()));
  }

  /** {@link #release} in the Image repository's top-level targets. */
  public TargetFile release(String path, byte[] content, String hardwareId, long releaseCounter) {
    return release("targets", path, content, List.of(hardwareId), releaseCounter);
  }

  /**
   * Orders ECU {@code serial} to install {@code released} on the Director: the same path,
   * length, hashes and SHALL-match fields, plus the ECU identifier with the ECU's hardware id.
   */
  public TargetFile order(String serial, TargetFile released) {
    try {
      UptaneTargetCustom custom = UptaneTargetCustom.of(released).toBuilder()
          .ecuIdentifier(serial, hardwareOf(serial)).build();
      TargetFile entry = custom.applyTo(released);
      director.putTargetEntry("targets", entry);
      return entry;
    } catch (org.tuf4j.MalformedMetadataException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Lists {@code entry} in the Director's targets exactly as given. */
  public void orderEntry(TargetFile entry) {
    director.putTargetEntry("targets", entry);
  }

  /** Removes every order from the Director's targets (its vehicle identifier stays). */
  public void clearOrders() {
    director.updateTargets("targets", t -> new Targets(t.specVersion(), t.version(),
        t.expires(), Map.of(), t.delegations(), t.unrecognizedFields()));
  }

  /** Publishes whatever changed in both repositories. */
  public void publish() {
    image.publish();
    director.publish();
  }

  /** A client of the Director as served by {@code sim}'s in-memory fetcher. */
  public Updater.Builder directorClient(Path dir) {
    return client(director, dir, RepositorySimulator.uri(""), director.fetcher(), false);
  }

  /** A client of the Image repository as served by its in-memory fetcher. */
  public Updater.Builder imageClient(Path dir) {
    return client(image, dir, RepositorySimulator.uri(""), image.fetcher(), true);
  }

  /**
   * A client of {@code sim} served at {@code base} through {@code fetcher}: metadata in {@code
   * sim}'s encoding under {@code dir/metadata}, targets under {@code dir/targets}, root version
   * 1 as bootstrap, this fixture's fixed clock.
   */
  public Updater.Builder client(RepositorySimulator sim, Path dir, URI base, Fetcher fetcher,
      boolean targets) {
    Updater.Builder b = Updater.builder().metadataDir(dir.resolve("metadata"))
        .metadataBaseUrl(base.resolve("metadata/")).trustedRoot(sim.trustedRootBytes())
        .encoding(sim.encoding()).fetcher(fetcher).config(config(now));
    if (targets) {
      b.targetBaseUrl(base.resolve("targets/")).targetDir(dir.resolve("targets"));
    }
    return b;
  }

  /** A client configuration reading its time from a clock fixed at {@code time}. */
  public static UpdaterConfig config(Instant time) {
    return UpdaterConfig.builder().clock(Clock.fixed(time, ZoneOffset.UTC)).build();
  }
}
