package org.tuf4j.metadata;

import org.tuf4j.MalformedMetadataException;
import org.tuf4j.TooLargeException;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.DeterministicCbor;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.encoding.JsonValue;

/**
 * How a repository's metadata files are encoded: TUF's canonical JSON (spec §4.2 "Object
 * format"), or deterministic CBOR (RFC 8949 §4.2.1), the compact form for constrained devices of
 * the Uptane issue. Both carry the same data model and the same logical content; what differs is
 * the bytes, and so the signatures: a signature covers {@code signed} in its file's encoding, so
 * a JSON file's signatures never verify in a CBOR file and the reverse.
 *
 * <p>The encoding is a property of a repository's file set, never guessed from the bytes: a
 * client is configured with it, and a writer signs each file set in its own encoding with the
 * same keys. Files are named {@code N.ROLE}{@link #extension()}, {@code timestamp}{@link
 * #extension()}; target files are shared. Snapshot {@code meta} keys stay {@code ROLE.json} in
 * both encodings (the TUF spec's METAPATH convention, §4.4): they name roles, not the files of
 * one encoding, so the logical content of both file sets is identical.
 */
public enum MetadataEncoding {
  /** Canonical JSON (OLPC), TUF's encoding: files may be pretty-printed, signatures are not. */
  JSON(".json"),
  /**
   * Deterministic CBOR (RFC 8949 §4.2.1): only the deterministic encoding is accepted, anywhere
   * in a file, so a file has exactly one valid form and its signatures cover it as received.
   */
  CBOR(".cbor");

  private final String extension;

  MetadataEncoding(String extension) {
    this.extension = extension;
  }

  /**
   * The file name extension, with its dot: {@code ".json"} or {@code ".cbor"}.
   *
   * @return the extension
   */
  public String extension() {
    return extension;
  }

  /**
   * The canonical encoding of {@code value}: what signatures over it cover.
   *
   * @param value the value to encode
   * @return canonical JSON or deterministic CBOR bytes
   */
  public byte[] encode(JsonValue value) {
    return this == JSON ? CanonicalJson.encode(value) : DeterministicCbor.encode(value);
  }

  /**
   * {@code value} as a file of this encoding is written: for JSON, standard JSON whose only
   * difference from the canonical form is that control characters are escaped ({@link
   * CanonicalJson#encodeForFile}); for CBOR, the deterministic encoding itself.
   *
   * @param value the value to encode
   * @return the bytes of the file
   */
  public byte[] encodeFile(JsonValue value) {
    return this == JSON ? CanonicalJson.encodeForFile(value) : DeterministicCbor.encode(value);
  }

  /**
   * Parses a file of this encoding strictly and within {@code limits}: any strict JSON for
   * {@link #JSON} (signatures cover its canonical form), only deterministic CBOR for
   * {@link #CBOR} (anything else is {@link MalformedMetadataException.Reason#NOT_DETERMINISTIC}).
   *
   * @param bytes the file's bytes
   * @param limits the size, depth and string length bounds
   * @return the parsed value
   * @throws MalformedMetadataException when the input is not strict JSON, or not deterministic CBOR
   * @throws TooLargeException when the input exceeds {@code limits.maxBytes()}
   */
  public JsonValue parse(byte[] bytes, JsonLimits limits)
      throws MalformedMetadataException, TooLargeException {
    return this == JSON ? CanonicalJson.parse(bytes, limits)
        : DeterministicCbor.parse(bytes, limits);
  }

  /**
   * {@code e}, or for a file that is not syntactically of this encoding but begins as the other
   * encoding's metadata does (a JSON object for CBOR, a CBOR map for JSON), the same failure
   * saying so: a file of one encoding is never read as the other, and the message should point
   * at the configuration rather than at a byte offset.
   */
  MalformedMetadataException explain(byte[] bytes, MalformedMetadataException e) {
    if (e.reason() != MalformedMetadataException.Reason.SYNTAX || !beginsAsOther(bytes)) {
      return e;
    }
    MetadataEncoding other = this == JSON ? CBOR : JSON;
    return new MalformedMetadataException(e.reason(), "not " + this + " metadata: it begins as "
        + other + " metadata does, and this reader is configured for " + this + " ("
        + e.getMessage() + ")", e);
  }

  private boolean beginsAsOther(byte[] bytes) {
    if (this == JSON) {
      return bytes.length > 0 && (bytes[0] & 0xe0) == 0xa0; // CBOR major type 5: a map
    }
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{';
      }
    }
    return false;
  }

  /**
   * {@code name} with this encoding's extension.
   *
   * @param name a file name without extension, such as {@code 3.root}
   * @return the file name, such as {@code 3.root.cbor}
   */
  public String fileName(String name) {
    return name + extension;
  }
}
