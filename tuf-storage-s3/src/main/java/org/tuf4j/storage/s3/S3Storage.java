package org.tuf4j.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Storage;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A repository in an Amazon S3 bucket, or in any object store with the S3 API (MinIO, Ceph,
 * Cloudflare R2, s3proxy, …), under an optional key prefix: the repository path {@code
 * metadata/3.root.json} is the object {@code <prefix>metadata/3.root.json}. Clients read the
 * repository over HTTP from wherever the bucket is served (a public bucket, a bucket policy that
 * lets anyone get {@code metadata/*} and {@code targets/*}, a CDN in front of it). The writer
 * needs {@code s3:GetObject}, {@code s3:PutObject} and {@code s3:DeleteObject} on the prefix.
 *
 * <p>What each operation guarantees:
 *
 * <ul>
 *   <li>{@link #write} replaces an object with one PUT (a multipart upload for content of more
 *       than {@link Builder#partSize} bytes, whose object appears only when the upload is
 *       completed): S3 never shows a reader part of an object, and a PUT that returned is
 *       durable.
 *   <li>{@link #writeNew} creates an object only if its key is free. Where the store honours
 *       conditional writes ({@code If-None-Match: *} on {@code PutObject} and {@code
 *       CompleteMultipartUpload}, as Amazon S3 does since 2024) this is one step: of two writers,
 *       one creates the object and the other's request fails with 412 Precondition Failed, after
 *       which its content is compared with the stored object. Where the store does not, the
 *       object is looked up and then written: two writers that both hold the repository's lock
 *       cannot happen, so the check is enough under {@link #lock()}, which is then best effort
 *       (below). {@link ConditionalWrites} chooses, by default by trying the store once.
 *   <li>{@link #link} copies on the server (a multipart upload of copied parts), create-only in
 *       the same way, so a target's bytes never pass through the writer twice.
 *   <li>{@link #lock()} creates the object {@value #LOCK_OBJECT} under the prefix (never served:
 *       clients read {@code metadata/} and {@code targets/}) recording who holds it, create-only,
 *       and deletes it on release if it still holds that record. A second writer is refused with
 *       {@link InvalidRepositoryException.Reason#LOCKED}, naming the holder. Unlike a file lock,
 *       nothing releases it when the writer's process dies: a lock left by a writer that is gone
 *       stays until an operator deletes the object (the refusal says which); it never expires by
 *       itself, since a writer that is merely slow would then be overtaken. Without conditional
 *       writes the lock is looked up, written and read back, which keeps out a second writer
 *       that comes later but not one that starts in the same instant: run one publisher at a
 *       time there (a CI job that is never run concurrently).
 * </ul>
 *
 * <p>Paths are checked by {@link Storage#requireRepositoryPath}. Errors of the store or of the
 * network are reported as {@link IOException}s naming the object. Objects are stored with a
 * {@code Content-Type} for their name ({@code application/json} for {@code .json}, {@code
 * application/cbor} for {@code .cbor}, else {@code application/octet-stream}). Instances are
 * safe for use by several threads; the {@link S3Client} stays open and is the caller's to close.
 */
public final class S3Storage implements Storage {
  /** The lock object's name, under the prefix: the name of {@link FileSystemStorage}'s file. */
  public static final String LOCK_OBJECT = FileSystemStorage.LOCK_FILE;

  /** The smallest part of a multipart upload S3 takes (but the last): 5 MiB. */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  /** The default size of the parts of a multipart upload: 8 MiB. */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  /** The largest part S3 copies in one request: 5 GiB. */
  private static final long MAX_COPY_PART = 5L * 1024 * 1024 * 1024;

  private static final int PRECONDITION_FAILED = 412;
  private static final int NOT_FOUND = 404;

  /** Whether create-only writes use conditional requests ({@code If-None-Match: *}). */
  public enum ConditionalWrites {
    /**
     * Tries the store once, when the first create-only write or lock needs to know: writes a
     * probe object ({@code <prefix>.tuf4j-probe-<random>}) twice with {@code If-None-Match: *},
     * and deletes it. The store honours conditional writes if the second write fails with 412
     * Precondition Failed; a store that ignores the header (it writes twice) or refuses it (501
     * Not Implemented, 400) does not.
     */
    DETECT,
    /** The store honours {@code If-None-Match: *} on PUT and on completing a multipart upload. */
    SUPPORTED,
    /** Never sent: each create-only write is a look-up followed by a write. */
    UNSUPPORTED
  }

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int partSize;
  private final ConditionalWrites conditionalWrites;
  private volatile Boolean conditional;

  private S3Storage(Builder b) {
    this.s3 = b.client;
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.partSize = b.partSize;
    this.conditionalWrites = b.conditionalWrites;
    this.conditional = switch (b.conditionalWrites) {
      case DETECT -> null;
      case SUPPORTED -> Boolean.TRUE;
      case UNSUPPORTED -> Boolean.FALSE;
    };
  }

  /**
   * A builder for a repository in {@code bucket}, reached through {@code client}.
   *
   * @param client the S3 client, configured with the region, endpoint and credentials (for an
   *     S3-compatible store usually with {@code endpointOverride} and {@code forcePathStyle})
   * @param bucket the bucket's name
   * @return a builder: no prefix, parts of {@value #DEFAULT_PART_SIZE} bytes, conditional writes
   *     {@link ConditionalWrites#DETECT detected}
   */
  public static Builder builder(S3Client client, String bucket) {
    return new Builder(client, bucket);
  }

  /** Options of an {@link S3Storage}. */
  public static final class Builder {
    private final S3Client client;
    private final String bucket;
    private String prefix = "";
    private int partSize = DEFAULT_PART_SIZE;
    private ConditionalWrites conditionalWrites = ConditionalWrites.DETECT;

    private Builder(S3Client client, String bucket) {
      this.client = Objects.requireNonNull(client, "client");
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      if (bucket.isEmpty()) {
        throw new IllegalArgumentException("bucket name is empty");
      }
    }

    /**
     * The repository's folder in the bucket: {@code repo} puts {@code metadata/} at {@code
     * repo/metadata/}. A {@code /} is added at its end if missing; the empty prefix (the
     * default) is the bucket's top.
     *
     * @param prefix a repository path ({@link Storage#requireRepositoryPath}), or empty
     * @return this builder
     */
    public Builder prefix(String prefix) {
      String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
      this.prefix = p.isEmpty() ? "" : Storage.requireRepositoryPath(p) + "/";
      return this;
    }

    /**
     * The size of the parts of a multipart upload. Content of at most this many bytes is
     * written with one PUT, larger content (a large target) in parts of this size; a writer
     * holds up to two parts in memory.
     *
     * @param bytes at least {@value #MIN_PART_SIZE}
     * @return this builder
     */
    public Builder partSize(int bytes) {
      if (bytes < MIN_PART_SIZE) {
        throw new IllegalArgumentException("part size below " + MIN_PART_SIZE + ": " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * How create-only writes and the lock are made.
     *
     * @param mode {@link ConditionalWrites#DETECT} (the default) to try the store,
     *     {@link ConditionalWrites#SUPPORTED} for a store known to honour them (Amazon S3),
     *     {@link ConditionalWrites#UNSUPPORTED} for one known not to
     * @return this builder
     */
    public Builder conditionalWrites(ConditionalWrites mode) {
      this.conditionalWrites = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** {@return the storage} */
    public S3Storage build() {
      return new S3Storage(this);
    }
  }

  /** {@return the bucket} */
  public String bucket() {
    return bucket;
  }

  /** {@return the key prefix: empty, or ending with {@code /}} */
  public String prefix() {
    return prefix;
  }

  /**
   * The object key of a repository path.
   *
   * @param path a repository path, {@code /}-separated
   * @return {@link #prefix()} followed by {@code path}
   * @throws IllegalArgumentException when {@code path} is not a repository path
   */
  public String key(String path) {
    return prefix + Storage.requireRepositoryPath(path);
  }

  /**
   * Whether create-only writes and the lock use conditional requests: as configured, or, with
   * {@link ConditionalWrites#DETECT}, as found by trying the store (once per instance).
   *
   * @return true when the store honours {@code If-None-Match: *}
   * @throws IOException when the store cannot be tried
   */
  public boolean conditionalWrites() throws IOException {
    Boolean known = conditional;
    if (known == null) {
      synchronized (this) {
        if (conditional == null) {
          conditional = probe();
        }
        known = conditional;
      }
    }
    return known;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix + " (conditional writes: "
        + (conditional == null ? conditionalWrites : conditional) + ")";
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    String key = key(path);
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (SdkException e) {
      if (status(e) == NOT_FOUND) {
        return Optional.empty();
      }
      throw failure(key, e);
    }
  }

  @Override
  public boolean exists(String path) throws IOException {
    return head(key(path)).isPresent();
  }

  @Override
  public void delete(String path) throws IOException {
    String key = key(path);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failure(key, e);
    }
  }

  @Override
  public void write(String path, byte[] data) throws IOException {
    write(path, new ByteArrayInputStream(data));
  }

  @Override
  public void write(String path, InputStream data) throws IOException {
    String key = key(path);
    MessageDigest md = sha256();
    if (!upload(key, data, false, md)) {
      Optional<byte[]> stored = digest(key);
      if (stored.isEmpty() || !MessageDigest.isEqual(stored.get(), md.digest())) {
        throw new IOException("s3://" + bucket + "/" + key
            + ": the multipart upload was gone before it was completed");
      }
    }
  }

  @Override
  public void writeNew(String path, byte[] data) throws IOException {
    writeNew(path, new ByteArrayInputStream(data));
  }

  /**
   * Creates the object with a conditional upload, or after looking it up (see the class
   * comment); if one is there, its content is compared with {@code data} by SHA-256.
   */
  @Override
  public void writeNew(String path, InputStream data) throws IOException {
    String key = key(path);
    MessageDigest md = sha256();
    if (conditionalWrites()) {
      if (!upload(key, data, true, md)) {
        requireSameContent(key, path, md.digest());
      }
      return;
    }
    Optional<byte[]> existing = digest(key);
    if (existing.isPresent()) {
      try (InputStream in = new DigestInputStream(data, md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      requireSame(existing.get(), md.digest(), path);
      return;
    }
    upload(key, data, false, md);
  }

  /**
   * Copies {@code existing} to {@code path} on the server (a multipart upload whose parts are
   * copied, completed create-only as {@link #writeNew} writes), so the bytes stay in the store.
   */
  @Override
  public void link(String existing, String path) throws IOException {
    String source = key(existing);
    String key = key(path);
    HeadObjectResponse head = head(source).orElseThrow(() -> new NoSuchFileException(existing));
    boolean ifAbsent = conditionalWrites();
    if (!ifAbsent && head(key).isPresent()) {
      requireSameContent(key, path, digest(source).orElseThrow(
          () -> new NoSuchFileException(existing)));
      return;
    }
    long size = head.contentLength();
    boolean created;
    if (size == 0) {
      created = putObject(key, new byte[0], ifAbsent);
    } else {
      created = multipart(key, ifAbsent, (uploadId, parts) -> {
        for (long start = 0; start < size; start += MAX_COPY_PART) {
          String range = "bytes=" + start + "-" + (Math.min(size, start + MAX_COPY_PART) - 1);
          int number = parts.size() + 1;
          String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(source)
              .destinationBucket(bucket).destinationKey(key).uploadId(uploadId)
              .partNumber(number).copySourceRange(range)).copyPartResult().eTag();
          parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
      });
    }
    if (!created) {
      requireSameContent(key, path, digest(source).orElseThrow(
          () -> new NoSuchFileException(existing)));
    }
  }

  /**
   * Creates {@value #LOCK_OBJECT} under the prefix, holding the process id, host, time and a
   * random token, create-only (see the class comment); its release deletes it if it still
   * holds that record.
   */
  @Override
  public Lock lock() throws TufException, IOException {
    String key = prefix + LOCK_OBJECT;
    byte[] record = ("pid " + ProcessHandle.current().pid() + " on " + hostName() + " since "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (lock " + UUID.randomUUID() + ")")
        .getBytes(StandardCharsets.UTF_8);
    boolean taken;
    if (conditionalWrites()) {
      // A 412 may answer the SDK's retry of this very request (the first attempt created the
      // object but its answer was lost): the object then holds this record.
      taken = putObject(key, record, true)
          || read(LOCK_OBJECT).map(now -> Arrays.equals(now, record)).orElse(false);
    } else {
      taken = read(LOCK_OBJECT).isEmpty() && putObject(key, record, false)
          && read(LOCK_OBJECT).map(now -> Arrays.equals(now, record)).orElse(false);
    }
    if (!taken) {
      String holder = read(LOCK_OBJECT).map(b -> new String(b, StandardCharsets.UTF_8).trim())
          .orElse("another writer");
      throw new InvalidRepositoryException(InvalidRepositoryException.Reason.LOCKED,
          "repository s3://" + bucket + "/" + prefix + " is locked by " + holder
              + "; wait for it to publish or save its release, or end it (a lock left by a "
              + "writer that is gone stays until s3://" + bucket + "/" + key
              + " is deleted)", null);
    }
    return () -> {
      if (read(LOCK_OBJECT).map(now -> Arrays.equals(now, record)).orElse(false)) {
        delete(LOCK_OBJECT);
      }
    };
  }

  // --- uploads ---------------------------------------------------------------------------

  /**
   * Uploads {@code data} (digesting it into {@code md}) to {@code key}: one PUT when it fits in
   * a part, else a multipart upload. With {@code ifAbsent}, only if no object is there.
   *
   * @return false when {@code ifAbsent} and an object was there (nothing written), or when
   *     the outcome of a multipart upload is unknown (see {@link #multipart})
   */
  private boolean upload(String key, InputStream data, boolean ifAbsent, MessageDigest md)
      throws IOException {
    try (InputStream in = new DigestInputStream(data, md) {
      @Override
      public void close() {
        // the caller's stream stays open
      }
    }) {
      byte[] chunk = in.readNBytes(partSize);
      byte[] next = chunk.length < partSize ? new byte[0] : in.readNBytes(partSize);
      if (next.length == 0) {
        return putObject(key, chunk, ifAbsent);
      }
      byte[][] pending = {chunk, next};
      return multipart(key, ifAbsent, (uploadId, parts) -> {
        while (pending[0].length > 0) {
          int number = parts.size() + 1;
          byte[] body = pending[0];
          String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
              .partNumber(number), RequestBody.fromBytes(body)).eTag();
          parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
          pending[0] = pending[1];
          pending[1] = pending[0].length < partSize ? new byte[0] : in.readNBytes(partSize);
        }
      });
    }
  }

  /** Adds the parts of a multipart upload, numbered from 1 in order. */
  @FunctionalInterface
  private interface Parts {
    void add(String uploadId, List<CompletedPart> parts) throws IOException;
  }

  /**
   * A multipart upload to {@code key}: started, given its parts, completed (with {@code
   * If-None-Match: *} when {@code ifAbsent}); aborted when anything fails.
   *
   * @return false when the completion failed with 412 (an object was there) or 404 (the upload
   *     is gone: completed by an attempt whose answer was lost, or aborted), so that the caller
   *     compares what is stored with what it wrote
   */
  private boolean multipart(String key, boolean ifAbsent, Parts adding) throws IOException {
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
          .contentType(contentType(key))).uploadId();
    } catch (SdkException e) {
      throw failure(key, e);
    }
    try {
      List<CompletedPart> parts = new ArrayList<>();
      adding.add(uploadId, parts);
      s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .ifNoneMatch(ifAbsent ? "*" : null).multipartUpload(m -> m.parts(parts)));
      return true;
    } catch (SdkException e) {
      int status = status(e);
      if (status == NOT_FOUND) {
        // NoSuchUpload: the SDK retried a completion whose first attempt went through (its
        // answer was lost), or the upload is gone; the caller compares what is stored.
        return false;
      }
      abortQuietly(key, uploadId, e);
      if (ifAbsent && status == PRECONDITION_FAILED) {
        return false;
      }
      throw failure(key, e);
    } catch (IOException | RuntimeException e) {
      abortQuietly(key, uploadId, e);
      throw e;
    }
  }

  private void abortQuietly(String key, String uploadId, Exception cause) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * One PUT of {@code data} to {@code key}, with {@code If-None-Match: *} when {@code ifAbsent}.
   *
   * @return false when {@code ifAbsent} and the store answered 412 (an object is there)
   */
  private boolean putObject(String key, byte[] data, boolean ifAbsent) throws IOException {
    try {
      putObjectOrThrow(key, data, ifAbsent);
      return true;
    } catch (SdkException e) {
      if (ifAbsent && status(e) == PRECONDITION_FAILED) {
        return false;
      }
      throw failure(key, e);
    }
  }

  private void putObjectOrThrow(String key, byte[] data, boolean ifAbsent) {
    s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType(key))
        .ifNoneMatch(ifAbsent ? "*" : null), RequestBody.fromBytes(data));
  }

  /**
   * Whether the store honours {@code If-None-Match: *}: a probe object is written twice with
   * it, and deleted.
   */
  private boolean probe() throws IOException {
    String key = prefix + ".tuf4j-probe-" + UUID.randomUUID();
    boolean honoured;
    try {
      putObjectOrThrow(key, new byte[] {1}, true);
      putObjectOrThrow(key, new byte[] {2}, true);
      honoured = false; // written twice: the header was ignored
    } catch (SdkException e) {
      int status = status(e);
      if (status != PRECONDITION_FAILED && status != 501 && status != 400) {
        throw failure(key, e);
      }
      honoured = status == PRECONDITION_FAILED; // else the store refuses the header
    }
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failure(key, e);
    }
    return honoured;
  }

  // --- reading and comparing -------------------------------------------------------------

  private Optional<HeadObjectResponse> head(String key) throws IOException {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
    } catch (SdkException e) {
      if (status(e) == NOT_FOUND) {
        return Optional.empty();
      }
      throw failure(key, e);
    }
  }

  /** The SHA-256 of the object at {@code key}, read as a stream; empty if there is none. */
  private Optional<byte[]> digest(String key) throws IOException {
    MessageDigest md = sha256();
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket)
        .key(key))) {
      new DigestInputStream(in, md).transferTo(OutputStream.nullOutputStream());
      return Optional.of(md.digest());
    } catch (SdkException e) {
      if (status(e) == NOT_FOUND) {
        return Optional.empty();
      }
      throw failure(key, e);
    }
  }

  /** After a refused create: the object at {@code key} must hold content with this digest. */
  private void requireSameContent(String key, String path, byte[] expected) throws IOException {
    requireSame(digest(key).orElseThrow(() -> new IOException("s3://" + bucket + "/" + key
        + " is gone after a create-only write of it was refused: another writer is at work")),
        expected, path);
  }

  private static void requireSame(byte[] stored, byte[] written, String path)
      throws FileAlreadyExistsException {
    if (!MessageDigest.isEqual(stored, written)) {
      throw new FileAlreadyExistsException(path, null,
          "holds other content; a file that is written once is never replaced");
    }
  }

  // --- helpers ---------------------------------------------------------------------------

  private static int status(SdkException e) {
    return e instanceof S3Exception s ? s.statusCode() : -1;
  }

  private IOException failure(String key, SdkException e) {
    return new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The {@code Content-Type} an object is served with, from its name. */
  static String contentType(String key) {
    if (key.endsWith(".json")) {
      return "application/json";
    }
    return key.endsWith(".cbor") ? "application/cbor" : "application/octet-stream";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this host";
    }
  }
}
