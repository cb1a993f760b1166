package org.tuf4j.uptane;

import org.tuf4j.encoding.JsonValue.JsonObject;

/**
 * The {@code signed} part of a signed Uptane vehicle structure: an {@link EcuVersionReport}
 * (Uptane Standard #version_report) or a {@link VehicleVersionManifest}
 * (#vehicle_version_manifest). See {@link UptaneSigned}.
 */
public sealed interface UptanePayload permits EcuVersionReport, VehicleVersionManifest {

  /**
   * The serial of the ECU whose key signs this payload.
   *
   * @return the ECU serial
   */
  String signingEcuSerial();

  /**
   * The standard form of this payload.
   *
   * @return the payload as the {@code signed} value
   */
  JsonObject toJson();
}
