package org.tuf4j.storage.s3;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.gaul.s3proxy.middleware.Middlewares;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A real S3 API server on 127.0.0.1: s3proxy over its local file system store, in a directory.
 * Two endpoints share the objects: the S3 API, which checks AWS signatures (v2 or v4) made with
 * a random access key, for the writer; and an anonymous, read-only one that clients fetch
 * {@code http://127.0.0.1:PORT/BUCKET/PREFIX/metadata/…} from, as they would from a public
 * bucket or a CDN in front of a private one.
 */
final class S3ProxyServer {
  private final S3Proxy api;
  private final S3Proxy reader;
  private final String accessKey = "tuf4j-" + UUID.randomUUID();
  private final String secretKey = UUID.randomUUID().toString();

  private S3Proxy started(S3Proxy proxy) throws Exception {
    proxy.start();
    for (int i = 0; i < 10_000 && !proxy.getState().equals("STARTED"); i++) {
      Thread.sleep(5);
    }
    if (!proxy.getState().equals("STARTED")) {
      throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
    }
    return proxy;
  }

  /**
   * Starts both endpoints over objects stored in {@code dir}.
   *
   * @param dir where the objects go
   * @param honourIfNoneMatch false to serve a store that ignores {@code If-None-Match} on
   *     writes, as older S3-compatible servers do (s3proxy 2.6.0 among them)
   */
  S3ProxyServer(Path dir, boolean honourIfNoneMatch) throws Exception {
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toString());
    BlobStore files = BlobStores.create("filesystem", p);
    BlobStore store = honourIfNoneMatch ? files : new IgnoringIfNoneMatch(files);
    api = started(S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build());
    Properties readOnly = new Properties();
    readOnly.setProperty("s3proxy.read-only-blobstore", "true");
    BlobStore published = Middlewares.wrap(store, readOnly, ignored -> store);
    reader = started(S3Proxy.builder().blobStore(published)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.NONE, null, null).build());
  }

  /** {@return the S3 API endpoint} */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + api.getPort());
  }

  /** A client of the S3 API, as a publisher configures one for an S3-compatible store. */
  S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
  }

  /**
   * Where anonymous clients read the objects under {@code prefix} in {@code bucket}.
   *
   * @param bucket the bucket
   * @param prefix empty or ending with {@code /}
   * @return the URI, ending with {@code /}
   */
  URI published(String bucket, String prefix) {
    return URI.create("http://127.0.0.1:" + reader.getPort() + "/" + bucket + "/" + prefix);
  }

  /** Stops both endpoints. */
  void stop() throws Exception {
    try {
      reader.stop();
    } finally {
      api.stop();
    }
  }

  /** A store that writes whatever {@code If-None-Match} says. */
  private static final class IgnoringIfNoneMatch extends ForwardingBlobStore {
    IgnoringIfNoneMatch(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
      return super.putBlob(request.toBuilder().ifNoneMatch(null).build(), content);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
        CompleteMultipartUploadRequest request) {
      return super.completeMultipartUpload(upload, request.toBuilder().ifNoneMatch(null).build());
    }
  }
}
