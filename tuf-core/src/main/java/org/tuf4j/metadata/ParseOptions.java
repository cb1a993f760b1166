package org.tuf4j.metadata;

import java.util.Objects;
import org.tuf4j.encoding.JsonLimits;

/**
 * How {@link Signed#parse(byte[], Class, ParseOptions)} reads a metadata file: its {@link
 * MetadataEncoding} (TUF spec §4.2 "Object format", or deterministic CBOR), the {@link
 * MetadataDialect} it is written in, and the {@link JsonLimits} that bound it (the "endless
 * data" defence, §1.5.2). Immutable: start from {@link #DEFAULT} and change what differs.
 *
 * <pre>{@code
 * ParseOptions cbor = ParseOptions.DEFAULT.withEncoding(MetadataEncoding.CBOR)
 *     .withLimits(JsonLimits.DEFAULT.withMaxBytes(16 * 1024));
 * }</pre>
 *
 * <p>A dialect is a form of JSON: options with a dialect other than {@link
 * MetadataDialect#STANDARD} and an encoding other than {@link MetadataEncoding#JSON} cannot be
 * made.
 */
public final class ParseOptions {
  /** JSON, in the standard dialect, under {@link JsonLimits#DEFAULT}. */
  public static final ParseOptions DEFAULT = new ParseOptions(MetadataEncoding.JSON,
      MetadataDialect.STANDARD, JsonLimits.DEFAULT);

  private final MetadataEncoding encoding;
  private final MetadataDialect dialect;
  private final JsonLimits limits;

  private ParseOptions(MetadataEncoding encoding, MetadataDialect dialect, JsonLimits limits) {
    this.encoding = Objects.requireNonNull(encoding, "encoding");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.limits = Objects.requireNonNull(limits, "limits");
    if (dialect != MetadataDialect.STANDARD && encoding != MetadataEncoding.JSON) {
      throw new IllegalArgumentException(dialect + " metadata is JSON, not " + encoding);
    }
  }

  /**
   * These options for files in {@code encoding}.
   *
   * @param encoding JSON or deterministic CBOR
   * @return options with {@code encoding} and this dialect and these limits
   * @throws IllegalArgumentException when this dialect is not {@link MetadataDialect#STANDARD}
   *     and {@code encoding} is not JSON
   */
  public ParseOptions withEncoding(MetadataEncoding encoding) {
    return new ParseOptions(encoding, dialect, limits);
  }

  /**
   * These options for files written in {@code dialect}; see {@link MetadataDialect} for what a
   * dialect changes (how members are read, never what signatures cover).
   *
   * @param dialect the form the files are written in
   * @return options with {@code dialect} and this encoding and these limits
   * @throws IllegalArgumentException when {@code dialect} is not {@link
   *     MetadataDialect#STANDARD} and this encoding is not JSON
   */
  public ParseOptions withDialect(MetadataDialect dialect) {
    return new ParseOptions(encoding, dialect, limits);
  }

  /**
   * These options under other bounds; they bound a file in either encoding: its length, nesting
   * depth and string lengths.
   *
   * @param limits the size, depth and string length bounds
   * @return options with {@code limits} and this encoding and dialect
   */
  public ParseOptions withLimits(JsonLimits limits) {
    return new ParseOptions(encoding, dialect, limits);
  }

  /**
   * The encoding files are read in.
   *
   * @return JSON or deterministic CBOR
   */
  public MetadataEncoding encoding() {
    return encoding;
  }

  /**
   * The form files are written in.
   *
   * @return the dialect
   */
  public MetadataDialect dialect() {
    return dialect;
  }

  /**
   * The bounds every file is read under.
   *
   * @return the size, depth and string length bounds
   */
  public JsonLimits limits() {
    return limits;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParseOptions other && encoding == other.encoding
        && dialect == other.dialect && limits.equals(other.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(encoding, dialect, limits);
  }

  @Override
  public String toString() {
    return "ParseOptions[" + encoding + ", " + dialect + ", " + limits + "]";
  }
}
