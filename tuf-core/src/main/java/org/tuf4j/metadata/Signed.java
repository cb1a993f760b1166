package org.tuf4j.metadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tuf4j.BadSignatureException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TufException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.crypto.SignatureVerifier;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonWriter;
import org.tuf4j.internal.ModelChecks;

/**
 * A metadata file: {@code signed} plus {@code signatures} (TUF spec §4.2 "Object format"), in
 * one {@link MetadataEncoding}.
 *
 * <p>Keeps the canonical bytes of {@code signed} <em>as received</em>, unknown members included,
 * so signatures are checked over exactly what the signer signed and never over a re-serialised
 * model (a bug class seen in other implementations). Signature key ids are unique, as §4.2
 * requires; a file listing one key id twice is malformed.
 *
 * <p>The bytes signatures cover depend on the encoding: the canonical JSON of {@code signed}
 * for {@link MetadataEncoding#JSON}, its deterministic CBOR (RFC 8949 §4.2.1) for {@link
 * MetadataEncoding#CBOR}. A CBOR file must be deterministic as a whole, so the bytes of its
 * {@code signed} are canonical as received and are what signatures are checked over.
 *
 * <p>Reading a file, in either encoding, is {@code SignedParser}'s.
 */
public final class Signed<T extends RoleMetadata> {
  private static final Set<String> KNOWN = Set.of("signed", "signatures");

  private final T signed;
  private final List<Signature> signatures;
  private final Map<String, JsonValue> unrecognizedFields;
  // The canonical bytes of signed: the received file itself when it was canonical (no copy),
  // else the re-encoded value. Never handed out mutable.
  private final byte[] signedBytes;
  private final int signedOffset;
  private final int signedLength;
  private final MetadataEncoding encoding;

  Signed(T signed, List<Signature> signatures, Map<String, JsonValue> unrecognizedFields,
      byte[] signedBytes, int signedOffset, int signedLength, MetadataEncoding encoding) {
    this.signed = signed;
    this.encoding = encoding;
    this.signatures = List.copyOf(signatures);
    this.unrecognizedFields = ModelChecks.copyUnrecognized(unrecognizedFields, KNOWN);
    this.signedBytes = signedBytes;
    this.signedOffset = signedOffset;
    this.signedLength = signedLength;
    Set<String> ids = new HashSet<>();
    for (Signature s : this.signatures) {
      if (!ids.add(s.keyId())) {
        throw new IllegalArgumentException("signatures lists key id " + s.keyId()
            + " more than once");
      }
    }
  }

  /**
   * New JSON metadata from a model value, for writers; canonical bytes come from the model.
   *
   * @param signed the role content
   * @param signatures the signatures, usually none yet
   * @param <T> the role type
   * @return the envelope, in JSON
   */
  public static <T extends RoleMetadata> Signed<T> of(T signed, List<Signature> signatures) {
    return of(signed, signatures, MetadataEncoding.JSON);
  }

  /**
   * New metadata in {@code encoding} from a model value, for writers: the bytes signatures
   * cover are the canonical encoding of the model in {@code encoding}.
   *
   * @param signed the role content
   * @param signatures the signatures, usually none yet
   * @param encoding JSON or deterministic CBOR
   * @param <T> the role type
   * @return the envelope, in {@code encoding}
   */
  public static <T extends RoleMetadata> Signed<T> of(T signed, List<Signature> signatures,
      MetadataEncoding encoding) {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(encoding, "encoding");
    byte[] canonical = encoding.encode(signed.toJson());
    return new Signed<>(signed, signatures, Map.of(), canonical, 0, canonical.length, encoding);
  }

  /**
   * Parses JSON metadata of the given role type under {@link ParseOptions#DEFAULT}.
   *
   * @param json the file's bytes
   * @param type the expected role class, such as {@code Timestamp.class}
   * @param <T> the role type
   * @return the parsed metadata; its signatures are not verified
   * @throws TufException for oversize, malformed or unsupported input, or another role type ({@link
   *     WrongRoleTypeException})
   */
  public static <T extends RoleMetadata> Signed<T> parse(byte[] json, Class<T> type)
      throws TufException {
    return parse(json, type, ParseOptions.DEFAULT);
  }

  /**
   * Parses metadata of the given role type in the options' encoding and dialect, within their
   * limits (which bound the file in either encoding: its length, nesting depth and string
   * lengths). Signatures cover what the dialect signs: see {@link MetadataDialect}.
   *
   * @param bytes the file's bytes
   * @param type the expected role class, such as {@code Timestamp.class}
   * @param options the encoding, dialect and bounds
   * @param <T> the role type
   * @return the parsed metadata; its signatures are not verified
   * @throws WrongRoleTypeException when {@code _type} names another role type
   * @throws org.tuf4j.MalformedMetadataException with reason {@code NOT_DETERMINISTIC} for a
   *     CBOR file any part of which is not deterministically encoded (RFC 8949 §4.2.1), before
   *     anything else about it is looked at
   * @throws TufException for oversize, malformed or unsupported input
   */
  public static <T extends RoleMetadata> Signed<T> parse(byte[] bytes, Class<T> type,
      ParseOptions options) throws TufException {
    return cast(SignedParser.read(bytes, options, expectedType(type)), type);
  }

  /**
   * Parses JSON metadata of any role type, as told by its {@code _type}, under {@link
   * ParseOptions#DEFAULT}.
   *
   * @param json the file's bytes
   * @return the parsed metadata, typed by {@link RoleMetadata#type()}; its signatures are not
   *     verified
   * @throws TufException for oversize, malformed or unsupported input, or an unknown {@code _type}
   */
  public static Signed<RoleMetadata> parseAny(byte[] json) throws TufException {
    return parseAny(json, ParseOptions.DEFAULT);
  }

  /**
   * Parses metadata of any role type, as told by its {@code _type}, in the options' encoding and
   * dialect, within their limits.
   *
   * @param bytes the file's bytes
   * @param options the encoding, dialect and bounds
   * @return the parsed metadata, typed by {@link RoleMetadata#type()}; its signatures are not
   *     verified
   * @throws TufException for oversize, malformed or unsupported input, or an unknown {@code _type}
   */
  public static Signed<RoleMetadata> parseAny(byte[] bytes, ParseOptions options)
      throws TufException {
    return cast(SignedParser.read(bytes, options, null), RoleMetadata.class);
  }


  private static RoleType expectedType(Class<? extends RoleMetadata> type) {
    if (type == Root.class) {
      return RoleType.ROOT;
    } else if (type == Timestamp.class) {
      return RoleType.TIMESTAMP;
    } else if (type == Snapshot.class) {
      return RoleType.SNAPSHOT;
    } else if (type == Targets.class) {
      return RoleType.TARGETS;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static <T extends RoleMetadata> Signed<T> cast(Signed<?> s, Class<T> type) {
    type.cast(s.signed);
    return (Signed<T>) s;
  }

  /**
   * The role content.
   *
   * @return the {@code signed} value as a model
   */
  public T signed() {
    return signed;
  }

  /**
   * The {@code signatures} list, as received or as added by writers.
   *
   * @return the signatures, in order
   */
  public List<Signature> signatures() {
    return signatures;
  }

  /**
   * Members of the envelope other than {@code signatures} and {@code signed}, preserved.
   *
   * @return the unknown members by name
   */
  public Map<String, JsonValue> unrecognizedFields() {
    return unrecognizedFields;
  }

  /**
   * The encoding this metadata was parsed from or is written in.
   *
   * @return JSON or deterministic CBOR
   */
  public MetadataEncoding encoding() {
    return encoding;
  }

  /**
   * The canonical encoding of {@code signed} in {@link #encoding()} (canonical JSON or
   * deterministic CBOR): the exact bytes every signature must cover.
   *
   * @return a copy of the signed bytes
   */
  public byte[] canonicalSigned() {
    return Arrays.copyOfRange(signedBytes, signedOffset, signedOffset + signedLength);
  }

  /**
   * The length of {@link #canonicalSigned()}, without copying it.
   *
   * @return the number of signed bytes
   */
  public int canonicalSignedLength() {
    return signedLength;
  }

  /**
   * Checks one signature over exactly the bytes signatures of this metadata cover (TUF spec
   * §4.2), without copying them: for a large targets file, those are the received bytes.
   *
   * @param verifier the verifier of the key the signature claims
   * @param signature the signature bytes
   * @throws BadSignatureException unless {@code signature} is valid under {@code verifier}
   */
  public void verifySignature(SignatureVerifier verifier, byte[] signature)
      throws BadSignatureException {
    verifier.verify(signedBytes, signedOffset, signedLength, signature);
  }

  /**
   * The same role content with other signatures (writers, multi-party signing).
   *
   * @param newSignatures the signatures to carry instead
   * @return a new envelope over the same signed bytes
   */
  public Signed<T> withSignatures(List<Signature> newSignatures) {
    return new Signed<>(signed, newSignatures, unrecognizedFields, signedBytes, signedOffset,
        signedLength, encoding);
  }

  /**
   * The whole envelope as a JSON value: {@code signatures}, {@code signed} and any unknown members.
   *
   * @return the JSON form
   */
  public JsonObject toJson() {
    List<JsonValue> sigs = new ArrayList<>(signatures.size());
    signatures.forEach(s -> sigs.add(s.toJson()));
    return new JsonWriter(unrecognizedFields).put("signatures", new JsonArray(sigs))
        .put("signed", signed.toJson()).build();
  }

  /**
   * The whole envelope in canonical JSON, control characters raw: a value to hash or compare, not
   * a file to publish (RFC 8259 JSON parsers refuse raw control characters; write files with
   * {@link #toBytes()}). Metadata in another encoding carries signatures over that encoding's
   * bytes, which do not verify over these.
   *
   * @return the canonical JSON bytes of the envelope
   */
  public byte[] toCanonicalJson() {
    return CanonicalJson.encode(toJson());
  }

  /**
   * The whole file in its own {@link #encoding()}, as a repository publishes it: for JSON, the
   * canonical form with control characters escaped ({@link CanonicalJson#encodeForFile}), which
   * every standard JSON parser reads (RFC 8259 §7) and whose {@code signed} part's canonical form
   * is what the signatures cover; for CBOR, the deterministic encoding whose {@code signed}
   * bytes are exactly {@link #canonicalSigned()}.
   *
   * @return the file's bytes
   */
  public byte[] toBytes() {
    return encoding.encodeFile(toJson());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signed<?> other && encoding == other.encoding
        && signed.equals(other.signed)
        && signatures.equals(other.signatures)
        && unrecognizedFields.equals(other.unrecognizedFields)
        && Arrays.equals(signedBytes, signedOffset, signedOffset + signedLength,
            other.signedBytes, other.signedOffset, other.signedOffset + other.signedLength);
  }

  @Override
  public int hashCode() {
    return Objects.hash(signed, signatures, unrecognizedFields, encoding);
  }

  @Override
  public String toString() {
    return "Signed[" + signed.type() + " v" + signed.version() + ", " + signatures.size()
        + " signature(s), " + encoding + "]";
  }
}
