package org.tuf4j.storage.s3;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.Fetcher;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.repository.Storage;
import org.tuf4j.testing.StorageContract;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@link Storage} contract for {@link S3Storage} against a real S3 API server on loopback
 * ({@link S3ProxyServer}, one per test class): each repository under its own prefix in one
 * bucket, written in parts of the smallest size S3 takes (so large files go as multipart
 * uploads and are linked by copied parts), and read by tuf4j's client with its {@link
 * HttpFetcher} from the anonymous endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3StorageContract extends StorageContract {
  static final String BUCKET = "tuf-repository";

  S3ProxyServer server;
  S3Client client;
  private int made;

  /** {@return whether the server honours If-None-Match on writes} */
  abstract boolean serverHonoursIfNoneMatch();

  @BeforeAll
  void startServer(@TempDir Path objects) throws Exception {
    server = new S3ProxyServer(objects, serverHonoursIfNoneMatch());
    client = server.client();
    client.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  void stopServer() throws Exception {
    try {
      client.close();
    } finally {
      server.stop();
    }
  }

  /** A storage under a new prefix, conditional writes detected. */
  S3Storage.Builder nextRepository() {
    return S3Storage.builder(client, BUCKET).prefix("repo-" + ++made)
        .partSize(S3Storage.MIN_PART_SIZE);
  }

  @Override
  protected Storage newStorage() {
    return nextRepository().build();
  }

  @Override
  protected URI servedAt(Storage storage) {
    S3Storage s = (S3Storage) storage;
    return server.published(s.bucket(), s.prefix());
  }

  @Override
  protected Fetcher fetcher() {
    return HttpFetcher.create();
  }

  @Override
  protected int largeSize() {
    return S3Storage.MIN_PART_SIZE + 1;
  }
}
