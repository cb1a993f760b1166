package org.tuf4j.client;

import java.time.Instant;
import java.util.Objects;
import org.tuf4j.TufException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataDialect;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Timestamp;

/**
 * How a {@link TrustedMetadataSet} trusts its starting root and reads every file after it: the
 * reference time every expiry is checked against (TUF spec §5.1), the backend that verifies
 * signatures, the bounds each role's file is parsed under (§5.3.3, §5.4.1, §5.5.1, §5.6.1: the
 * spec's "upper bound" per role; delegated targets share the targets bound), and the encoding
 * and dialect of every file, the starting root included. Immutable: start from {@link
 * #at(Instant)} and change what differs.
 *
 * <pre>{@code
 * TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(rootBytes,
 *     TrustOptions.at(referenceTime).withBounds(config).withEncoding(MetadataEncoding.CBOR));
 * }</pre>
 */
public final class TrustOptions {
  private final Instant referenceTime;
  private final CryptoBackend backend;
  private final ParseOptions root;
  private final ParseOptions timestamp;
  private final ParseOptions snapshot;
  private final ParseOptions targets;

  private TrustOptions(Instant referenceTime, CryptoBackend backend, ParseOptions root,
      ParseOptions timestamp, ParseOptions snapshot, ParseOptions targets) {
    this.referenceTime = Objects.requireNonNull(referenceTime, "referenceTime");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.root = root;
    this.timestamp = timestamp;
    this.snapshot = snapshot;
    this.targets = targets;
  }

  /**
   * Options for a refresh that started at {@code referenceTime}, with the defaults: {@link
   * CryptoBackends#defaultBackend()}, the per-role bounds of {@link UpdaterConfig#defaults()},
   * JSON metadata in the standard dialect.
   *
   * @param referenceTime the fixed update start time (§5.1) every expiry is checked against
   * @return the options
   */
  public static TrustOptions at(Instant referenceTime) {
    ParseOptions json = ParseOptions.DEFAULT;
    return new TrustOptions(referenceTime, CryptoBackends.defaultBackend(), json, json, json,
        json).withBounds(UpdaterConfig.defaults());
  }

  /**
   * These options with another signature verification implementation.
   *
   * @param backend verifies the signatures
   * @return the options with {@code backend}
   */
  public TrustOptions withBackend(CryptoBackend backend) {
    return new TrustOptions(referenceTime, backend, root, timestamp, snapshot, targets);
  }

  /**
   * These options with each role's file bounded by its own maximum length from {@code config}
   * (§5.3.3, §5.4.1, §5.5.1, §5.6.1) and {@code config}'s nesting bound.
   *
   * @param config the per-role length bounds and the nesting bound
   * @return the options with those bounds
   */
  public TrustOptions withBounds(UpdaterConfig config) {
    Objects.requireNonNull(config, "config");
    return new TrustOptions(referenceTime, backend,
        root.withLimits(config.jsonLimits(config.rootMaxLength())),
        timestamp.withLimits(config.jsonLimits(config.timestampMaxLength())),
        snapshot.withLimits(config.jsonLimits(config.snapshotMaxLength())),
        targets.withLimits(config.jsonLimits(config.targetsMaxLength())));
  }

  /**
   * These options with the same parsing bounds for every role's file alike.
   *
   * @param limits the size, depth and string length bounds of every file
   * @return the options with those bounds
   */
  public TrustOptions withLimits(JsonLimits limits) {
    Objects.requireNonNull(limits, "limits");
    return new TrustOptions(referenceTime, backend, root.withLimits(limits),
        timestamp.withLimits(limits), snapshot.withLimits(limits), targets.withLimits(limits));
  }

  /**
   * These options for a repository whose metadata, the starting root included, is in {@code
   * encoding}.
   *
   * @param encoding the encoding of every metadata file of the repository
   * @return the options with {@code encoding}
   * @throws IllegalArgumentException when the dialect is not {@link MetadataDialect#STANDARD}
   *     and {@code encoding} is not JSON
   */
  public TrustOptions withEncoding(MetadataEncoding encoding) {
    return new TrustOptions(referenceTime, backend, root.withEncoding(encoding),
        timestamp.withEncoding(encoding), snapshot.withEncoding(encoding),
        targets.withEncoding(encoding));
  }

  /**
   * These options reading every JSON file, the starting root included, in {@code dialect}
   * ({@link MetadataDialect}: only how members are read changes, never what signatures cover).
   *
   * @param dialect how the members of every JSON file are read
   * @return the options with {@code dialect}
   * @throws IllegalArgumentException when {@code dialect} is not {@link
   *     MetadataDialect#STANDARD} and the encoding is not JSON
   */
  public TrustOptions withDialect(MetadataDialect dialect) {
    return new TrustOptions(referenceTime, backend, root.withDialect(dialect),
        timestamp.withDialect(dialect), snapshot.withDialect(dialect),
        targets.withDialect(dialect));
  }

  /**
   * The fixed update start time (§5.1) every expiry is checked against.
   *
   * @return the reference time
   */
  public Instant referenceTime() {
    return referenceTime;
  }

  /**
   * The implementation that verifies signatures.
   *
   * @return the backend
   */
  public CryptoBackend backend() {
    return backend;
  }

  /**
   * The encoding of every metadata file.
   *
   * @return JSON or deterministic CBOR
   */
  public MetadataEncoding encoding() {
    return root.encoding();
  }

  /**
   * The form every JSON file is read in.
   *
   * @return the dialect
   */
  public MetadataDialect dialect() {
    return root.dialect();
  }

  /** Parses a file of {@code type} under its role's bound, in this encoding and dialect. */
  <T extends RoleMetadata> Signed<T> parse(byte[] bytes, Class<T> type) throws TufException {
    return Signed.parse(bytes, type, parsing(type));
  }

  /**
   * §5.5.1, §5.6.1: a length listed in trusted metadata is the bound for that file (already
   * checked to be its exact length), even above the configured default for the role.
   */
  <T extends RoleMetadata> Signed<T> parse(byte[] bytes, Class<T> type, MetaFile expected)
      throws TufException {
    ParseOptions bound = parsing(type);
    long maxBytes = maxBytes(type, expected);
    if (maxBytes > bound.limits().maxBytes()) {
      bound = bound.withLimits(bound.limits().withMaxBytes(maxBytes));
    }
    return Signed.parse(bytes, type, bound);
  }

  /** The most bytes {@link #parse(byte[], Class, MetaFile)} takes. */
  long maxBytes(Class<? extends RoleMetadata> type, MetaFile expected) {
    return Math.max(parsing(type).limits().maxBytes(), expected.length().orElse(0));
  }

  /** How a file of {@code type} is parsed; delegated targets share the targets bound. */
  private ParseOptions parsing(Class<? extends RoleMetadata> type) {
    if (type == Root.class) {
      return root;
    } else if (type == Timestamp.class) {
      return timestamp;
    } else if (type == Snapshot.class) {
      return snapshot;
    }
    return targets;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustOptions other && referenceTime.equals(other.referenceTime)
        && backend.equals(other.backend) && root.equals(other.root)
        && timestamp.equals(other.timestamp) && snapshot.equals(other.snapshot)
        && targets.equals(other.targets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(referenceTime, backend, root, timestamp, snapshot, targets);
  }

  @Override
  public String toString() {
    return "TrustOptions[at " + referenceTime + ", " + backend + ", root " + root
        + ", timestamp " + timestamp + ", snapshot " + snapshot + ", targets " + targets + "]";
  }
}
