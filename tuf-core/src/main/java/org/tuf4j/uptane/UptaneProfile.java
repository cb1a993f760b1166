package org.tuf4j.uptane;

import java.util.Set;
import org.tuf4j.metadata.MetadataDialect;

/**
 * Which form of Uptane data a reader accepts: vehicle version manifests and ECU version reports
 * (Uptane Standard #vehicle_version_manifest, #version_report), and the Director's and Image
 * repository's metadata (#meta_structures, through {@link #metadataDialect()}). Passed
 * explicitly to every parse, to {@link ManifestVerifier}, {@link FullVerifier} and {@link
 * PartialVerifier}; there is no global setting. Writers always write the standard form.
 */
public enum UptaneProfile {
  /**
   * The default: the standard form as tuf4j writes it.
   *
   * <ul>
   *   <li>Signatures are TUF signatures (TUF spec §4.2): {@code keyid} is the TUF key id of the
   *       signer's public key object (SHA-256 of its canonical JSON) and {@code sig} is hex. Only
   *       a signature listed under the registered key's TUF key id is considered.
   *   <li>The manifest names the vehicle ({@code vin}) and the Primary
   *       ({@code primary_ecu_serial}), and maps ECU serials to signed reports
   *       ({@code ecu_version_manifests}).
   *   <li>Each report carries {@code report_counter}, a non-negative JSON integer: the counter
   *       the Standard requires against replay (#version_report).
   *   <li>Registered ECU keys are TUF key objects.
   * </ul>
   */
  STANDARD,

  /**
   * Opt-in: additionally reads what aktualizr primaries send and ota-tuf based Directors
   * register.
   *
   * <ul>
   *   <li>Signatures with a {@code method} member ({@code "rsassa-pss"}, {@code "ed25519"}, or a
   *       TUF scheme name, in any case) carry a base64 {@code sig} (aktualizr) or a hex one (the
   *       uptane/uptane reference implementation), told apart by the text as {@link
   *       MetadataDialect#AKTUALIZR} says; the method must fit the registered key's scheme and
   *       never selects the algorithm. Signatures without {@code method} are read as in {@link
   *       #STANDARD}.
   *   <li>Key ids are ignored (aktualizr derives them from the PEM text, not from the TUF key
   *       object): every signature is tried against the registered key, and what counts is the
   *       key material that verified, never a key id.
   *   <li>{@code vin} may be absent (the vehicle is identified by its TLS client certificate).
   *   <li>{@code report_counter} may be absent, or a string of decimal digits. Reports without
   *       a counter cannot be checked for replay; the verifier says which ones those were.
   *   <li>The first-generation form, a list {@code ecu_version_manifest} of signed reports
   *       instead of the map, is read too.
   *   <li>Registered keys may use ota-tuf key types in any case ({@code RSA}, {@code ed25519},
   *       {@code ECPRIME256V1}, ...), with or without {@code scheme}.
   * </ul>
   *
   * <p>For Director and Image repository metadata ({@link FullVerifier}, {@link
   * PartialVerifier}):
   * <ul>
   *   <li>Metadata files may be in the ota-tuf or reference implementation form ({@link
   *       MetadataDialect#AKTUALIZR}: {@code _type} capitalised, no {@code spec_version}, key
   *       types in any case and without {@code scheme}, base64 or hex signatures with {@code
   *       method}, upper-case digests, a Director root without snapshot and timestamp roles);
   *       thresholds still count distinct key values, and the key type and scheme still come
   *       from the trusted root. Targets {@code version} 0 stays refused (TUF requires at least
   *       1).
   *   <li>The Director serves root and targets only, no timestamp and no snapshot; its targets
   *       are checked against its root directly, for version monotonicity and expiry.
   *   <li>Director targets that list no images need not name the vehicle (ota-tuf Directors
   *       never do). Such metadata could be replayed to another vehicle; the targets version
   *       floor bounds it to withholding updates until the Director's own version passes it.
   *   <li>The Director's and the Image repository's hashes agree when every algorithm both list
   *       has the same digest and they share at least one, as aktualizr compares them; the
   *       default {@link ShallMatch} is the release counter only (ota-tuf Directors name the
   *       ECU's hardware under {@code ecuIdentifiers}, never as {@code hardwareIds}).
   * </ul>
   */
  AKTUALIZR;

  boolean acceptsDialect() {
    return this == AKTUALIZR;
  }

  /**
   * How Director and Image repository metadata are read: {@link MetadataDialect#STANDARD}, or
   * under {@link #AKTUALIZR} {@link MetadataDialect#AKTUALIZR} (capitalised {@code _type}, no
   * {@code spec_version}, ota-tuf key types, base64 signatures with {@code method}). The
   * verifiers also apply the profile's Uptane rules: see {@link FullVerifier} and {@link
   * PartialVerifier}.
   *
   * @return the metadata dialect of this profile
   */
  public MetadataDialect metadataDialect() {
    return this == AKTUALIZR ? MetadataDialect.AKTUALIZR : MetadataDialect.STANDARD;
  }

  /** Signature {@code method} values the dialect writes for keys of {@code scheme}. */
  static Set<String> methodsFor(String scheme) {
    return switch (scheme) {
      case "rsassa-pss-sha256" -> Set.of("rsassa-pss", "rsassa-pss-sha256");
      case "ed25519" -> Set.of("ed25519");
      case "ecdsa-sha2-nistp256" -> Set.of("ecdsa-sha2-nistp256");
      case "ecdsa-sha2-nistp384" -> Set.of("ecdsa-sha2-nistp384");
      default -> Set.of();
    };
  }
}
