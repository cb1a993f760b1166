package org.tuf4j.metadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TufException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;

/**
 * A metadata file: {@code signed} plus {@code signatures} (TUF spec §4.2 "Object format").
 *
 * <p>Keeps the canonical bytes of {@code signed} <em>as received</em>, unknown members included,
 * so signatures are checked over exactly what the signer signed and never over a re-serialised
 * model (a bug class seen in other implementations). Signature key ids are unique, as §4.2
 * requires; a file listing one key id twice is malformed.
 */
public final class Signed<T extends RoleMetadata> {
  private static final Set<String> KNOWN = Set.of("signed", "signatures");

  private final T signed;
  private final List<Signature> signatures;
  private final Map<String, JsonValue> unrecognizedFields;
  private final byte[] canonicalSigned;

  private Signed(T signed, List<Signature> signatures, Map<String, JsonValue> unrecognizedFields,
      byte[] canonicalSigned) {
    this.signed = signed;
    this.signatures = List.copyOf(signatures);
    this.unrecognizedFields = JsonFields.copyUnrecognized(unrecognizedFields, KNOWN);
    this.canonicalSigned = canonicalSigned;
    Set<String> ids = new HashSet<>();
    for (Signature s : this.signatures) {
      if (!ids.add(s.keyId())) {
        throw new IllegalArgumentException("signatures lists key id " + s.keyId()
            + " more than once");
      }
    }
  }

  /** New metadata from a model value, for writers; canonical bytes come from the model. */
  public static <T extends RoleMetadata> Signed<T> of(T signed, List<Signature> signatures) {
    Objects.requireNonNull(signed, "signed");
    return new Signed<>(signed, signatures, Map.of(), CanonicalJson.encode(signed.toJson()));
  }

  /** Parses metadata of the given role type under {@link JsonLimits#DEFAULT}. */
  public static <T extends RoleMetadata> Signed<T> parse(byte[] json, Class<T> type)
      throws TufException {
    return parse(json, type, JsonLimits.DEFAULT);
  }

  /**
   * Parses metadata of the given role type.
   *
   * @throws WrongRoleTypeException when {@code _type} names another role type
   * @throws TufException for oversize, malformed or unsupported input
   */
  public static <T extends RoleMetadata> Signed<T> parse(byte[] json, Class<T> type,
      JsonLimits limits) throws TufException {
    Signed<? extends RoleMetadata> any = parseAny(json, limits, expectedType(type));
    return cast(any, type);
  }

  /** Parses metadata of any role type, as told by its {@code _type}. */
  public static Signed<RoleMetadata> parseAny(byte[] json, JsonLimits limits) throws TufException {
    Signed<? extends RoleMetadata> any = parseAny(json, limits, null);
    return cast(any, RoleMetadata.class);
  }

  private static Signed<? extends RoleMetadata> parseAny(byte[] json, JsonLimits limits,
      RoleType expected) throws TufException {
    JsonFields envelope = JsonFields.of(CanonicalJson.parse(json, limits), "");
    List<JsonValue> sigJson = envelope.array("signatures");
    List<Signature> signatures = new ArrayList<>(sigJson.size());
    for (int i = 0; i < sigJson.size(); i++) {
      signatures.add(Signature.fromJson(sigJson.get(i), "signatures[" + i + "]"));
    }
    JsonValue signedJson = envelope.value("signed");
    JsonFields body = JsonFields.of(signedJson, "signed");
    String typeName = body.string("_type");
    RoleType type = RoleType.fromTypeName(typeName).orElseThrow(() ->
        new MalformedMetadataException(Reason.INVALID_VALUE, "signed._type: unknown role type \""
            + typeName + "\""));
    if (expected != null && type != expected) {
      throw new WrongRoleTypeException(expected.typeName(), typeName);
    }
    RoleMetadata model = switch (type) {
      case ROOT -> Root.fromJson(body);
      case TIMESTAMP -> Timestamp.fromJson(body);
      case SNAPSHOT -> Snapshot.fromJson(body);
      case TARGETS -> Targets.fromJson(body);
    };
    byte[] canonical = CanonicalJson.encode(signedJson);
    return envelope.build(() -> new Signed<>(model, signatures, envelope.unrecognized(),
        canonical));
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

  /** The role content. */
  public T signed() {
    return signed;
  }

  public List<Signature> signatures() {
    return signatures;
  }

  public Map<String, JsonValue> unrecognizedFields() {
    return unrecognizedFields;
  }

  /** The canonical JSON of {@code signed}: the exact bytes every signature must cover. */
  public byte[] canonicalSigned() {
    return canonicalSigned.clone();
  }

  /** The same role content with other signatures (writers, multi-party signing). */
  public Signed<T> withSignatures(List<Signature> newSignatures) {
    return new Signed<>(signed, newSignatures, unrecognizedFields, canonicalSigned);
  }

  public JsonObject toJson() {
    List<JsonValue> sigs = new ArrayList<>(signatures.size());
    signatures.forEach(s -> sigs.add(s.toJson()));
    return new JsonFields.Writer(unrecognizedFields).put("signatures", new JsonArray(sigs))
        .put("signed", signed.toJson()).build();
  }

  /** The whole file in canonical JSON. */
  public byte[] toCanonicalJson() {
    return CanonicalJson.encode(toJson());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signed<?> other && signed.equals(other.signed)
        && signatures.equals(other.signatures)
        && unrecognizedFields.equals(other.unrecognizedFields)
        && Arrays.equals(canonicalSigned, other.canonicalSigned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(signed, signatures, unrecognizedFields);
  }

  @Override
  public String toString() {
    return "Signed[" + signed.type() + " v" + signed.version() + ", " + signatures.size()
        + " signature(s)]";
  }
}
