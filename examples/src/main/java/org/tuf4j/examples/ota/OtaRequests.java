package org.tuf4j.examples.ota;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The requests a vehicle and an operator send an {@link OtaServer}, over HttpURLConnection. */
public final class OtaRequests {
  /**
   * A reply.
   *
   * @param status the HTTP status
   * @param body the body, UTF-8
   */
  public record Reply(int status, String body) {}

  private OtaRequests() {}

  /**
   * Sends one request and reads the whole reply.
   *
   * @param uri where
   * @param method {@code GET}, {@code POST}, {@code PUT}...
   * @param bearerToken an {@code Authorization: Bearer} token, or null
   * @param body the body, or null for none
   * @return the reply
   * @throws IOException when the server cannot be reached
   */
  public static Reply send(URI uri, String method, String bearerToken, byte[] body)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setRequestMethod(method);
      if (bearerToken != null) {
        c.setRequestProperty("Authorization", "Bearer " + bearerToken);
      }
      if (body != null) {
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
      int status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        return new Reply(status, in == null ? ""
            : new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      c.disconnect();
    }
  }

  /**
   * The operator's plan for a vehicle of {@link OtaFleet}: release {@code release} (0 or 1) for
   * each of its ECUs, as {@code PUT /admin/assignments/<VIN>} takes it.
   *
   * @param vehicle the vehicle
   * @param release which release
   * @return the JSON body
   */
  public static byte[] plan(SimulatedVehicle.Keys vehicle, int release) {
    return ("{\"" + vehicle.primarySerial() + "\": \"" + OtaFleet.PRIMARY_IMAGES.get(release)
        + "\", \"" + vehicle.secondarySerial() + "\": \""
        + OtaFleet.SECONDARY_IMAGES.get(release) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Assigns release {@code release} to each ECU of the vehicle.
   *
   * @param server the server's base URL
   * @param adminToken the admin token
   * @param vehicle the vehicle
   * @param release which release
   * @return the reply: 200 with the new targets version when assigned
   * @throws IOException when the server cannot be reached
   */
  public static Reply assign(URI server, String adminToken, SimulatedVehicle.Keys vehicle,
      int release) throws IOException {
    return send(server.resolve("admin/assignments/" + vehicle.vin()), "PUT", adminToken,
        plan(vehicle, release));
  }
}
