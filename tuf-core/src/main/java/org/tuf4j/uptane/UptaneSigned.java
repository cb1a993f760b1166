package org.tuf4j.uptane;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;
import org.tuf4j.uptane.EcuSignatureException.Scope;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.Signature;

/**
 * A signed ECU version report or vehicle version manifest: {@code {"signatures": [...],
 * "signed": {...}}}, where every signature covers the canonical JSON (TUF spec §4.1) of {@code
 * signed} (Uptane Standard #version_report and #vehicle_version_manifest: "an attribute
 * containing the signature(s) of the payload").
 *
 * <p>Keeps {@code signed} exactly as received: {@link #canonicalSigned()} is what was signed, and
 * {@link #toJson()} re-serialises the received object, never a re-encoded model, so a manifest
 * in another dialect passes through unchanged and its signatures stay valid. Parsing does not
 * verify signatures: the Director verifies with {@link ManifestVerifier}, a Primary checking a
 * Secondary's report with {@link #verifySignature}.
 *
 * <p>{@link #sign} writes the standard form: {@code keyid} is the TUF key id of the signer's
 * public key object and {@code sig} is hex.
 *
 * @param <T> the payload type
 */
public final class UptaneSigned<T extends UptanePayload> {
  /** Most signatures accepted on one payload. */
  public static final int MAX_SIGNATURES = 16;

  /** Manifests from vehicles: 2 MiB, nesting depth 32, strings up to 256 KiB. */
  public static final JsonLimits DEFAULT_LIMITS = new JsonLimits(2L << 20, 32, 256 << 10);

  private final T payload;
  private final List<Signature> signatures;
  private final JsonObject signedJson;
  private final byte[] canonicalSigned;
  private final Map<String, JsonValue> unrecognizedFields;

  private UptaneSigned(T payload, List<Signature> signatures, JsonObject signedJson,
      Map<String, JsonValue> unrecognizedFields) {
    this.payload = payload;
    this.signatures = List.copyOf(signatures);
    this.signedJson = signedJson;
    this.canonicalSigned = CanonicalJson.encode(signedJson);
    this.unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields,
        java.util.Set.of("signatures", "signed"));
  }

  static <T extends UptanePayload> UptaneSigned<T> of(Envelope envelope, T payload) {
    return new UptaneSigned<>(payload, envelope.signatures(), envelope.signed(),
        envelope.unrecognized());
  }

  /**
   * Signs {@code payload} with the ECU key behind {@code signer}, in the standard form: one
   * signature whose {@code keyid} is the TUF key id of the signer's public key object and whose
   * {@code sig} is the hex signature over the canonical JSON of the payload.
   *
   * @param payload the report or manifest
   * @param signer the ECU key's signer
   * @param <T> the payload type
   * @return the signed structure
   * @throws GeneralSecurityException when the signer cannot sign
   */
  public static <T extends UptanePayload> UptaneSigned<T> sign(T payload, Signer signer)
      throws GeneralSecurityException {
    Objects.requireNonNull(payload, "payload");
    JsonObject signed = payload.toJson();
    byte[] sig = signer.sign(CanonicalJson.encode(signed));
    String keyId = Key.of(signer.keyType(), signer.scheme(), signer.publicValue()).computeKeyId();
    return new UptaneSigned<>(payload, List.of(Signature.of(keyId, sig)), signed, Map.of());
  }

  /**
   * Parses a signed vehicle version manifest under {@link #DEFAULT_LIMITS}.
   *
   * @param json the manifest's bytes
   * @param profile which form to read
   * @return the manifest, signatures not verified
   * @throws MalformedMetadataException naming the member that breaks the profile's form
   * @throws TooLargeException when the input exceeds {@link #DEFAULT_LIMITS}
   */
  public static UptaneSigned<VehicleVersionManifest> parseVehicleManifest(byte[] json,
      UptaneProfile profile) throws MalformedMetadataException, TooLargeException {
    return parseVehicleManifest(json, DEFAULT_LIMITS, profile);
  }

  /**
   * Parses a signed vehicle version manifest, with its ECU version reports, without verifying
   * any signature.
   *
   * @param json the manifest's bytes
   * @param limits the parsing bounds
   * @param profile which form to read
   * @return the manifest, signatures not verified
   * @throws MalformedMetadataException naming the member that breaks the profile's form
   * @throws TooLargeException when the input exceeds {@code limits}
   */
  public static UptaneSigned<VehicleVersionManifest> parseVehicleManifest(byte[] json,
      JsonLimits limits, UptaneProfile profile)
      throws MalformedMetadataException, TooLargeException {
    return parse(json, limits, profile, VehicleVersionManifest::fromJson);
  }

  /**
   * Parses a signed ECU version report under {@link #DEFAULT_LIMITS}.
   *
   * @param json the report's bytes
   * @param profile which form to read
   * @return the report, signature not verified
   * @throws MalformedMetadataException naming the member that breaks the profile's form
   * @throws TooLargeException when the input exceeds {@link #DEFAULT_LIMITS}
   */
  public static UptaneSigned<EcuVersionReport> parseEcuVersionReport(byte[] json,
      UptaneProfile profile) throws MalformedMetadataException, TooLargeException {
    return parseEcuVersionReport(json, DEFAULT_LIMITS, profile);
  }

  /**
   * Parses a signed ECU version report without verifying its signature.
   *
   * @param json the report's bytes
   * @param limits the parsing bounds
   * @param profile which form to read
   * @return the report, signature not verified
   * @throws MalformedMetadataException naming the member that breaks the profile's form
   * @throws TooLargeException when the input exceeds {@code limits}
   */
  public static UptaneSigned<EcuVersionReport> parseEcuVersionReport(byte[] json,
      JsonLimits limits, UptaneProfile profile)
      throws MalformedMetadataException, TooLargeException {
    return parse(json, limits, profile, EcuVersionReport::fromJson);
  }

  /** Reads a payload from the {@code signed} object of an envelope. */
  private interface PayloadReader<T> {
    T read(JsonValue signed, String path, UptaneProfile profile)
        throws MalformedMetadataException;
  }

  private static <T extends UptanePayload> UptaneSigned<T> parse(byte[] json, JsonLimits limits,
      UptaneProfile profile, PayloadReader<T> reader)
      throws MalformedMetadataException, TooLargeException {
    Objects.requireNonNull(profile, "profile");
    Envelope envelope = Envelope.fromJson(CanonicalJson.parse(json, limits), "");
    return of(envelope, reader.read(envelope.signed(), "signed", profile));
  }

  /**
   * Verifies that the registered key {@code ecuKey} of the ECU that should have signed this
   * payload did sign it, under {@code profile}'s signature rules.
   *
   * @param ecuKey the ECU's registered public key
   * @param profile which signature forms to accept
   * @param backend verifies the signature
   * @throws EcuSignatureException naming the ECU and saying why no signature counted
   */
  public void verifySignature(Key ecuKey, UptaneProfile profile, CryptoBackend backend)
      throws EcuSignatureException {
    EcuSignatures.verify(signatures, canonicalSigned, ecuKey, profile, backend,
        payload.signingEcuSerial(), scope());
  }

  Scope scope() {
    return payload instanceof VehicleVersionManifest ? Scope.VEHICLE_MANIFEST
        : Scope.ECU_VERSION_REPORT;
  }

  /**
   * The interpreted payload.
   *
   * @return the payload
   */
  public T payload() {
    return payload;
  }

  /**
   * The {@code signatures} list, as received.
   *
   * @return the signatures, in order
   */
  public List<Signature> signatures() {
    return signatures;
  }

  /**
   * {@code signed} exactly as received (or as written, for a value made by {@link #sign}).
   *
   * @return the {@code signed} object
   */
  public JsonObject signedJson() {
    return signedJson;
  }

  /**
   * The canonical JSON of {@code signed}: the exact bytes every signature must cover.
   *
   * @return a copy of the signed bytes
   */
  public byte[] canonicalSigned() {
    return canonicalSigned.clone();
  }

  /**
   * Members other than {@code signatures} and {@code signed}, preserved.
   *
   * @return the unknown members by name
   */
  public Map<String, JsonValue> unrecognizedFields() {
    return unrecognizedFields;
  }

  /**
   * The whole structure as a JSON value: {@code signatures}, {@code signed} and any unknown
   * members.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    List<JsonValue> sigs = new ArrayList<>(signatures.size());
    signatures.forEach(s -> sigs.add(s.toJson()));
    return new JsonWriter(unrecognizedFields).put("signatures", new JsonArray(sigs))
        .put("signed", signedJson).build();
  }

  /**
   * The whole signed structure in canonical JSON.
   *
   * @return the bytes
   */
  public byte[] toCanonicalJson() {
    return CanonicalJson.encode(toJson());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UptaneSigned<?> other && payload.equals(other.payload)
        && signatures.equals(other.signatures) && signedJson.equals(other.signedJson)
        && unrecognizedFields.equals(other.unrecognizedFields)
        && Arrays.equals(canonicalSigned, other.canonicalSigned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payload, signatures, signedJson, unrecognizedFields);
  }

  @Override
  public String toString() {
    return "UptaneSigned[" + payload.getClass().getSimpleName() + " of ECU "
        + payload.signingEcuSerial() + ", " + signatures.size() + " signature(s)]";
  }
}
