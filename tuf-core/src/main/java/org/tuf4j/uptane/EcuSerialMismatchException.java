package org.tuf4j.uptane;

import java.util.Objects;

/**
 * An ECU version report is filed in the vehicle version manifest under one ECU serial but names
 * another ECU in its signed {@code ecu_serial}: one ECU's report substituted for another's, to
 * hide the second ECU's real state (Uptane Standard #vehicle_version_manifest, #version_report:
 * the report carries "the ECU's unique identifier").
 */
public final class EcuSerialMismatchException extends UptaneVerificationException {
  /** The ECU serial the manifest files the report under. */
  private final String filedUnder;
  /** The ECU serial inside the signed report. */
  private final String reportedSerial;

  /**
   * @param filedUnder the ECU serial the manifest files the report under
   * @param reportedSerial the ECU serial inside the signed report
   */
  public EcuSerialMismatchException(String filedUnder, String reportedSerial) {
    super("ECU version report filed under ECU " + filedUnder + " names ECU " + reportedSerial
        + " (substituted report)");
    this.filedUnder = Objects.requireNonNull(filedUnder);
    this.reportedSerial = Objects.requireNonNull(reportedSerial);
  }

  /**
   * The serial the manifest files the report under.
   *
   * @return the ECU serial the manifest files the report under
   */
  public String filedUnder() {
    return filedUnder;
  }

  /**
   * The serial inside the signed report.
   *
   * @return the ECU serial inside the signed report
   */
  public String reportedSerial() {
    return reportedSerial;
  }
}
