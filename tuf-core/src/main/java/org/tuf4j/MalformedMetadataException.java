package org.tuf4j;

import java.util.Objects;

/**
 * The input is not well-formed: not strict JSON, not canonical-JSON-compatible, or not the
 * structure the TUF specification (§4) prescribes. {@link #reason()} says which rule was broken.
 */
public final class MalformedMetadataException extends TufException {

  /** Which rule the input broke. */
  public enum Reason {
    /**
     * Not JSON at all, truncated, trailing content, or invalid UTF-8. For CBOR: not well-formed
     * (RFC 8949 §3), or an item the JSON data model has no counterpart for (byte string, tag,
     * undefined, other simple values, a map key that is not a text string).
     */
    SYNTAX,
    /** An object has the same member name twice. */
    DUPLICATE_KEY,
    /** A number with a fraction or exponent: canonical JSON has integers only. */
    NOT_AN_INTEGER,
    /** An integer outside the signed 64-bit range. */
    INTEGER_OUT_OF_RANGE,
    /** Objects and arrays nested deeper than the configured bound. */
    TOO_DEEP,
    /** A string longer than the configured bound. */
    STRING_TOO_LONG,
    /** A required field is missing or has the wrong JSON type. */
    SCHEMA,
    /** A field has the right type but a value the specification forbids. */
    INVALID_VALUE,
    /**
     * Well-formed CBOR for a JSON value, but not its deterministic encoding (RFC 8949 §4.2.1):
     * an integer, length or count not in its shortest form, an indefinite-length string, array
     * or map, or map keys not in the bytewise order of their encodings. Signatures cover the
     * deterministic bytes, so any other encoding of the same value is refused.
     */
    NOT_DETERMINISTIC
  }

  /** Why the input was refused. */
  private final Reason reason;

  /**
   * @param reason why the input was refused
   * @param message where in the input, and what was found
   */
  public MalformedMetadataException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
  }

  /**
   * @param reason why the input was refused
   * @param message where in the input, and what was found
   * @param cause the parser's or decoder's failure
   */
  public MalformedMetadataException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason);
  }

  /** {@return why the input was refused} */
  public Reason reason() {
    return reason;
  }
}
