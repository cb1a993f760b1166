package org.tuf4j.uptane;

import java.util.Objects;

/**
 * A vehicle version manifest is not signed by the registered ECU key of the Primary that sent
 * it, or an ECU version report is not signed by the registered ECU key of the ECU it claims to
 * come from: a forged or spoofed report (Uptane Standard #director_repository, "the signature of
 * the manifest matches the ECU key of the Primary" and "the signature of each Secondary's
 * contribution matches the ECU key of that Secondary"; #vehicle_version_manifest,
 * #version_report).
 */
public final class EcuSignatureException extends UptaneVerificationException {

  /** Which signed structure failed. */
  public enum Scope {
    /** The vehicle version manifest, signed by the Primary (#vehicle_version_manifest). */
    VEHICLE_MANIFEST,
    /** One ECU version report inside the manifest, signed by its ECU (#version_report). */
    ECU_VERSION_REPORT
  }

  /** The ECU whose registered key should have signed. */
  private final String ecuSerial;
  /** Which signed structure failed. */
  private final Scope scope;

  /**
   * @param ecuSerial the ECU whose registered key should have signed
   * @param scope which signed structure failed: the manifest or one ECU version report
   * @param detail why the signature was refused, for the message; empty when there is nothing to
   *     add
   */
  public EcuSignatureException(String ecuSerial, Scope scope, String detail) {
    super((scope == Scope.VEHICLE_MANIFEST ? "vehicle version manifest" : "ECU version report")
        + " is not signed by the registered key of ECU " + ecuSerial
        + (detail.isEmpty() ? "" : ": " + detail));
    this.ecuSerial = Objects.requireNonNull(ecuSerial);
    this.scope = Objects.requireNonNull(scope);
  }

  /**
   * The ECU whose registered key should have signed.
   *
   * @return the ECU whose registered key should have signed
   */
  public String ecuSerial() {
    return ecuSerial;
  }

  /**
   * Which signed structure failed: the vehicle version manifest or one ECU version report.
   *
   * @return the structure whose signature did not verify
   */
  public Scope scope() {
    return scope;
  }
}
