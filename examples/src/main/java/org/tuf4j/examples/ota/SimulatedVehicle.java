package org.tuf4j.examples.ota;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import org.tuf4j.TufException;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.uptane.EcuVersionReport;
import org.tuf4j.uptane.FullVerification;
import org.tuf4j.uptane.FullVerifier;
import org.tuf4j.uptane.InstalledImage;
import org.tuf4j.uptane.InstalledImages;
import org.tuf4j.uptane.UptaneSigned;
import org.tuf4j.uptane.VehicleIdentity;
import org.tuf4j.uptane.VehicleVersionManifest;
import org.tuf4j.uptane.VerifiedImage;

/**
 * A vehicle talking to an {@link OtaServer}: its Primary runs full verification (Uptane
 * Standard #full_verification) over HTTP against the Director's and the Image repository's
 * metadata, and reports what its ECUs run in signed version manifests.
 */
public final class SimulatedVehicle {
  /**
   * A vehicle's identity and its ECUs' private keys.
   *
   * @param vin the vehicle identifier
   * @param primary the Primary's key
   * @param secondary the Secondary's key
   */
  public record Keys(String vin, KeyPairSigner primary, KeyPairSigner secondary) {
    /**
     * The Primary's serial.
     *
     * @return the serial
     */
    public String primarySerial() {
      return vin + "-gw";
    }

    /**
     * The Secondary's serial.
     *
     * @return the serial
     */
    public String secondarySerial() {
      return vin + "-brakes";
    }
  }

  private final Keys keys;
  private final URI server;
  private final FullVerifier primary;
  private final Clock clock;
  private InstalledImages installed = InstalledImages.NONE;
  private long counter;

  /**
   * A vehicle provisioned with the deployment's roots, keeping its state in {@code stateDir}.
   *
   * @param keys the vehicle
   * @param server the OTA server's base URL
   * @param fleet the deployment (for its roots)
   * @param stateDir the Primary's metadata and image directory
   * @param clock the vehicle's clock
   * @throws IOException when a root cannot be read
   * @throws TufException when the verifier cannot be built
   */
  public SimulatedVehicle(Keys keys, URI server, OtaFleet fleet, Path stateDir, Clock clock)
      throws IOException, TufException {
    this.keys = keys;
    this.server = server;
    this.clock = clock;
    UpdaterConfig config = UpdaterConfig.builder().clock(clock).build();
    this.primary = FullVerifier.builder()
        .director(Updater.builder().metadataDir(stateDir.resolve("director"))
            .metadataBaseUrl(server.resolve("director/" + keys.vin() + "/"))
            .trustedRoot(fleet.directorRoot()).config(config))
        .imageRepository(Updater.builder().metadataDir(stateDir.resolve("image-repository"))
            .metadataBaseUrl(server.resolve("image/metadata/"))
            .targetBaseUrl(server.resolve("image/targets/"))
            .targetDir(stateDir.resolve("images"))
            .trustedRoot(fleet.imageRoot()).config(config))
        .vehicle(VehicleIdentity.builder(keys.vin())
            .primary(keys.primarySerial(), OtaFleet.PRIMARY_HW)
            .secondary(keys.secondarySerial(), OtaFleet.SECONDARY_HW).build())
        .build();
  }

  /**
   * One update check: full verification of what the Director directs against what the
   * vehicle runs.
   *
   * @return nothing new, or the images to install
   * @throws TufException when verification refuses the metadata
   * @throws IOException when the server cannot be reached
   */
  public FullVerification poll() throws TufException, IOException {
    return primary.verify(installed);
  }

  /**
   * Records {@code images} as installed (without downloading them: the load test measures the
   * metadata path).
   *
   * @param update what {@link #poll} returned
   */
  public void installed(FullVerification.Updates update) {
    for (VerifiedImage image : update.toInstall().values()) {
      installed = installed.with(image.ecuSerial(), InstalledImages.Release.of(image));
    }
  }

  /**
   * Downloads and checks an image the Director directs.
   *
   * @param image the image
   * @return the verified file
   * @throws TufException when the image does not match the metadata
   * @throws IOException when it cannot be downloaded
   */
  public Path download(VerifiedImage image) throws TufException, IOException {
    return primary.download(image);
  }

  /**
   * A version manifest of what the vehicle runs, each ECU's report at the next counter.
   *
   * @return the signed manifest, canonical JSON
   * @throws TufException when a report cannot be made
   * @throws GeneralSecurityException when signing fails
   */
  public byte[] nextManifest() throws TufException, GeneralSecurityException {
    counter++;
    VehicleVersionManifest.Builder b = VehicleVersionManifest.builder().vehicleId(keys.vin())
        .primaryEcuSerial(keys.primarySerial());
    addReport(b, keys.primarySerial(), keys.primary());
    addReport(b, keys.secondarySerial(), keys.secondary());
    return UptaneSigned.sign(b.build(), keys.primary()).toCanonicalJson();
  }

  private void addReport(VehicleVersionManifest.Builder b, String serial, KeyPairSigner key)
      throws TufException, GeneralSecurityException {
    InstalledImages.Release release = installed.byEcu().get(serial);
    EcuVersionReport.Builder report = EcuVersionReport.builder().ecuSerial(serial)
        .latestTime(clock.instant()).reportCounter(counter);
    report.installedImage(release == null ? InstalledImage.of("none", 0, java.util.Map.of(
        "sha256", "0".repeat(64))) : release.image());
    b.addReport(UptaneSigned.sign(report.build(), key));
  }

  /**
   * Uploads a manifest to the server.
   *
   * @param manifest the manifest
   * @return the HTTP status: 200 when the Director accepted it
   * @throws IOException when the server cannot be reached
   */
  public int report(byte[] manifest) throws IOException {
    return OtaRequests.send(server.resolve("director/" + keys.vin() + "/manifest"), "POST",
        null, manifest).status();
  }
}
