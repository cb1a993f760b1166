package org.tuf4j.metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.MalformedMetadataException.Reason;
import org.tuf4j.TufException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.DeterministicCbor;
import org.tuf4j.encoding.DeterministicCbor.EncodedMember;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonReader;
import org.tuf4j.encoding.JsonReader.Token;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.internal.JsonFields;

/**
 * Reads a metadata file into a {@link Signed} (TUF spec §4.2 "Object format": {@code signed} plus
 * {@code signatures}; §4.3 to §4.6 for each role's {@code signed}), in JSON (canonical JSON,
 * §4.1) or deterministic CBOR (RFC 8949 §4.2.1), keeping where the bytes that signatures cover
 * lie in the received file.
 */
final class SignedParser {

  private SignedParser() {}

  /** Parses in the options' encoding; {@code expected} is the role type asked for, or null. */
  static Signed<? extends RoleMetadata> read(byte[] bytes, ParseOptions options,
      RoleType expected) throws TufException {
    MetadataEncoding encoding = Objects.requireNonNull(options, "options").encoding();
    try {
      return encoding == MetadataEncoding.JSON
          ? parseJson(bytes, options.limits(), expected, options.dialect())
          : parseCbor(bytes, options.limits(), expected);
    } catch (MalformedMetadataException e) {
      throw encoding.explain(bytes, e);
    }
  }

  /**
   * The JSON path streams the file once: in the standard dialect the {@code targets} and {@code
   * meta} objects are indexed rather than built, and signatures are checked over the received
   * bytes when they are canonical.
   */
  private static Signed<? extends RoleMetadata> parseJson(byte[] json, JsonLimits limits,
      RoleType expected, MetadataDialect dialect) throws TufException {
    byte[] source = json.clone(); // kept by the result: the caller's array may change later
    JsonReader reader = JsonReader.of(source, limits);
    Map<String, JsonValue> members = new HashMap<>();
    SignedPart signedPart = null;
    boolean isObject = reader.next() == Token.BEGIN_OBJECT;
    if (isObject) {
      while (reader.next() == Token.NAME) {
        String name = reader.string();
        if (reader.next() == Token.BEGIN_OBJECT && name.equals("signed")) {
          // another dialect may rewrite digests: it reads every member as a tree
          signedPart = SignedPart.read(reader, source, limits,
              dialect == MetadataDialect.STANDARD);
        } else {
          members.put(name, reader.readValue());
        }
      }
    } else {
      reader.readValue();
    }
    reader.next(); // the end, or trailing content: the whole input is valid JSON from here on
    if (!isObject) {
      throw JsonFields.schema("", "an object");
    }
    JsonFields envelope = JsonFields.of(new JsonObject(members), "");
    List<Signature> signatures = signatures(envelope, dialect);
    if (signedPart == null) {
      JsonFields.of(envelope.value("signed"), "signed"); // missing or not an object: says which
      throw new IllegalStateException("an object \"signed\" is read as a SignedPart");
    }
    SignedPart part = signedPart;
    // Only ota-tuf's own files are signed over its serialisation; all others over canonical JSON.
    MetadataDialect form = dialect.signsOtaTufForm(part.members(), envelope.array("signatures"))
        ? dialect : MetadataDialect.STANDARD;
    JsonObject signedMembers = dialect.standardSigned(part.members());
    EntryIndex<TargetFile> index = part.targets();
    JsonFields body = JsonFields.of(signedMembers, "signed");
    RoleType type = roleType(body, expected);
    EntryIndex<MetaFile> meta = type == RoleType.SNAPSHOT || type == RoleType.TIMESTAMP
        ? part.meta() : null;
    if (type != RoleType.TARGETS && index != null || meta == null && part.meta() != null) {
      // a member this role type does not have, kept as is
      body = JsonFields.of(SignedPart.withTrees(signedMembers,
          type != RoleType.TARGETS ? index : null, meta == null ? part.meta() : null), "signed");
    }
    RoleMetadata model = model(type, body, index, meta);
    SignedBytes signed = signedBytes(part, form, source, limits);
    return envelope.build(() -> new Signed<>(model, signatures, envelope.unrecognized(),
        signed.bytes(), signed.offset(), signed.length(), MetadataEncoding.JSON));
  }

  /** The bytes signatures cover: {@code length} bytes of {@code bytes} from {@code offset}. */
  private record SignedBytes(byte[] bytes, int offset, int length) {
    static SignedBytes of(byte[] bytes) {
      return new SignedBytes(bytes, 0, bytes.length);
    }
  }

  /**
   * The bytes the signatures of a JSON file cover: the received bytes of {@code signed} when they
   * are canonical, else its canonical form (in the dialect's own form, when it is read that way).
   */
  private static SignedBytes signedBytes(SignedPart part, MetadataDialect form, byte[] source,
      JsonLimits limits) throws TufException {
    int length = part.end() - part.start();
    if (form != MetadataDialect.STANDARD) {
      return SignedBytes.of(form.signedBytes(part.tree(source, limits)));
    } else if (part.form() == SignedForm.CONTROLS_ESCAPED) {
      return SignedBytes.of(CanonicalJson.unescapeControls(source, part.start(), length));
    } else if (part.form() == SignedForm.OTHER) {
      return SignedBytes.of(CanonicalJson.encode(part.tree(source, limits)));
    }
    return new SignedBytes(source, part.start(), length);
  }

  /**
   * The CBOR path: the codec refuses any non-deterministic detail anywhere in the file before
   * the model is looked at, then the model is built from the tree. Signatures cover the bytes
   * of {@code signed} exactly as received, which are therefore its deterministic encoding.
   */
  private static Signed<? extends RoleMetadata> parseCbor(byte[] cbor, JsonLimits limits,
      RoleType expected) throws TufException {
    byte[] source = cbor.clone(); // kept by the result: the caller's array may change later
    Map<String, EncodedMember> encoded = DeterministicCbor.parseMembers(source, limits);
    Map<String, JsonValue> members = new HashMap<>();
    encoded.forEach((name, member) -> members.put(name, member.value()));
    JsonFields envelope = JsonFields.of(new JsonObject(members), "");
    List<Signature> signatures = signatures(envelope, MetadataDialect.STANDARD);
    JsonFields body = JsonFields.of(envelope.value("signed"), "signed");
    RoleMetadata model = model(roleType(body, expected), body, null, null);
    EncodedMember signedPart = encoded.get("signed");
    return envelope.build(() -> new Signed<>(model, signatures, envelope.unrecognized(), source,
        signedPart.offset(), signedPart.length(), MetadataEncoding.CBOR));
  }

  private static List<Signature> signatures(JsonFields envelope, MetadataDialect form)
      throws MalformedMetadataException {
    List<JsonValue> sigJson = envelope.array("signatures");
    List<Signature> signatures = new ArrayList<>(sigJson.size());
    for (int i = 0; i < sigJson.size(); i++) {
      signatures.add(form.signature(sigJson.get(i), "signatures[" + i + "]"));
    }
    return signatures;
  }

  private static RoleType roleType(JsonFields body, RoleType expected) throws TufException {
    String typeName = body.string("_type");
    RoleType type = RoleType.fromTypeName(typeName).orElseThrow(() ->
        new MalformedMetadataException(Reason.INVALID_VALUE, "signed._type: unknown role type \""
            + typeName + "\""));
    if (expected != null && type != expected) {
      throw new WrongRoleTypeException(expected.typeName(), typeName);
    }
    return type;
  }

  /**
   * @param targets the {@code targets} member when the JSON parser indexed it, else null
   * @param meta the {@code meta} member when the JSON parser indexed it, else null
   */
  private static RoleMetadata model(RoleType type, JsonFields fields,
      EntryIndex<TargetFile> targets, EntryIndex<MetaFile> meta) throws TufException {
    return switch (type) {
      case ROOT -> Root.fromJson(fields);
      case TIMESTAMP -> Timestamp.fromJson(fields, meta);
      case SNAPSHOT -> Snapshot.fromJson(fields, meta);
      case TARGETS -> Targets.fromJson(fields, targets);
    };
  }

  /** How the received bytes of {@code signed} relate to its canonical form. */
  private enum SignedForm {
    /** Byte for byte canonical: signatures are checked over the received bytes. */
    CANONICAL,
    /**
     * Canonical but for escaped control characters (standard JSON, as tuf4j, python-tuf and
     * go-tuf write files): the canonical bytes are a copy with those escapes written raw.
     */
    CONTROLS_ESCAPED,
    /** Anything else (whitespace, member order, other escapes): re-encoded from a tree. */
    OTHER
  }

  /**
   * The {@code signed} object as read: its members (a {@code targets} or {@code meta} object
   * indexed rather than built), where it lies in the file, and how those bytes relate to
   * canonical form.
   */
  private record SignedPart(JsonObject members, EntryIndex<TargetFile> targets,
      EntryIndex<MetaFile> meta, int start, int end, SignedForm form) {

    /** @param indexed whether to index {@code targets} and {@code meta}, or read them as trees */
    static SignedPart read(JsonReader reader, byte[] source, JsonLimits limits, boolean indexed)
        throws MalformedMetadataException {
      int start = reader.tokenStart();
      long deviations = reader.deviations();
      long controlEscapes = reader.controlEscapes();
      Map<String, JsonValue> members = new HashMap<>();
      EntryIndex<TargetFile> targets = null;
      EntryIndex<MetaFile> meta = null;
      while (reader.next() == Token.NAME) {
        String name = reader.string();
        boolean object = reader.next() == Token.BEGIN_OBJECT && indexed;
        if (object && name.equals("targets")) {
          targets = EntryIndex.targets(reader, source, limits, "signed.targets");
        } else if (object && name.equals("meta")) {
          meta = EntryIndex.meta(reader, source, limits, "signed.meta");
        } else {
          members.put(name, reader.readValue());
        }
      }
      long departures = reader.deviations() - deviations;
      SignedForm form = departures == 0 ? SignedForm.CANONICAL
          : departures == reader.controlEscapes() - controlEscapes ? SignedForm.CONTROLS_ESCAPED
          : SignedForm.OTHER;
      return new SignedPart(new JsonObject(members), targets, meta, start, reader.tokenEnd(),
          form);
    }

    /**
     * {@code signedMembers} (the members as read) with {@code targets} and {@code meta}, those
     * not null, added back as trees.
     */
    static JsonObject withTrees(JsonObject signedMembers, EntryIndex<TargetFile> targets,
        EntryIndex<MetaFile> meta) throws MalformedMetadataException {
      Map<String, JsonValue> all = new HashMap<>(signedMembers.members());
      if (targets != null) {
        all.put("targets", targets.toJsonValue());
      }
      if (meta != null) {
        all.put("meta", meta.toJsonValue());
      }
      return new JsonObject(all);
    }

    /** The whole {@code signed} value as a tree, to re-encode it canonically. */
    JsonValue tree(byte[] source, JsonLimits limits) throws MalformedMetadataException {
      return Subtrees.read(source, start, end, limits);
    }
  }
}
