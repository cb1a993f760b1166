package org.tuf4j.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.repository.Storage;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link S3Storage} on a store that honours {@code If-None-Match: *} (s3proxy 4, as Amazon S3):
 * the {@link org.tuf4j.testing.StorageContract} with create-only writes and the lock made by
 * conditional requests, and what is particular to an object store.
 */
class S3StorageTest extends S3StorageContract {
  @Override
  boolean serverHonoursIfNoneMatch() {
    return true;
  }

  @Test
  void detectFindsThatTheStoreHonoursConditionalWritesAndLeavesNoProbeBehind()
      throws Exception {
    S3Storage s = nextRepository().build();
    assertTrue(s.conditionalWrites());
    assertEquals(List.of(), keys(s.prefix()));
    assertTrue(s.toString().contains("conditional writes: true"), s.toString());
  }

  @Test
  void aRepositoryPathIsTheKeyUnderThePrefix() {
    assertEquals("repo/metadata/1.root.json", S3Storage.builder(client, BUCKET).prefix("repo")
        .build().key("metadata/1.root.json"));
    assertEquals("a/b/targets/x", S3Storage.builder(client, BUCKET).prefix("a/b/").build()
        .key("targets/x"));
    assertEquals("metadata/timestamp.json", S3Storage.builder(client, BUCKET).build()
        .key("metadata/timestamp.json"));
    assertThrows(IllegalArgumentException.class,
        () -> S3Storage.builder(client, BUCKET).prefix("../other"));
    assertThrows(IllegalArgumentException.class,
        () -> S3Storage.builder(client, BUCKET).partSize(S3Storage.MIN_PART_SIZE - 1));
    assertThrows(IllegalArgumentException.class, () -> S3Storage.builder(client, ""));
  }

  /** A CDN or a browser serves metadata as JSON or CBOR, targets as bytes. */
  @Test
  void objectsAreStoredWithAContentTypeForTheirName() throws Exception {
    S3Storage s = nextRepository().build();
    s.write("metadata/timestamp.json", new byte[] {'{', '}'});
    s.writeNew("metadata/1.root.cbor", new byte[] {(byte) 0xa0});
    s.writeNew("targets/abc.app.bin", new byte[] {1});
    assertEquals("application/json", contentType(s, "metadata/timestamp.json"));
    assertEquals("application/cbor", contentType(s, "metadata/1.root.cbor"));
    assertEquals("application/octet-stream", contentType(s, "targets/abc.app.bin"));
  }

  /** Nothing expires a lock: its writer may be slow rather than gone. */
  @Test
  void aLockLeftByAWriterThatIsGoneStaysUntilAnOperatorDeletesTheLockObject()
      throws Exception {
    S3Storage crashed = nextRepository().build();
    crashed.lock(); // never released: the process died
    S3Storage next = S3Storage.builder(client, BUCKET).prefix(crashed.prefix()).build();
    InvalidRepositoryException refused = assertThrows(InvalidRepositoryException.class,
        next::lock);
    assertEquals(InvalidRepositoryException.Reason.LOCKED, refused.reason());
    String lockObject = "s3://" + BUCKET + "/" + crashed.prefix() + S3Storage.LOCK_OBJECT;
    assertTrue(refused.getMessage().contains(lockObject + " is deleted"), refused.getMessage());
    client.deleteObject(b -> b.bucket(BUCKET).key(crashed.prefix() + S3Storage.LOCK_OBJECT));
    next.lock().close();
    assertFalse(next.exists(S3Storage.LOCK_OBJECT));
  }

  @Test
  void releasingALockThatAnOperatorGaveToAnotherWriterLeavesThatWritersLock()
      throws Exception {
    S3Storage first = nextRepository().build();
    Storage.Lock stale = first.lock();
    client.deleteObject(b -> b.bucket(BUCKET).key(first.prefix() + S3Storage.LOCK_OBJECT));
    Storage.Lock current = first.lock();
    byte[] holder = first.read(S3Storage.LOCK_OBJECT).orElseThrow();
    stale.close();
    assertArrayEquals(holder, first.read(S3Storage.LOCK_OBJECT).orElseThrow());
    current.close();
    assertFalse(first.exists(S3Storage.LOCK_OBJECT));
  }

  /** The object of a multipart upload appears only when the upload completes. */
  @Test
  void aLargeWriteThatFailsMidwayLeavesNoObjectAndNoUnfinishedUpload() throws Exception {
    S3Storage s = nextRepository().build();
    s.write("targets/app.bin", "old".getBytes(StandardCharsets.UTF_8));
    InputStream failing = new InputStream() {
      private long sent;

      @Override
      public int read() throws IOException {
        if (sent++ > 2L * S3Storage.MIN_PART_SIZE) {
          throw new IOException("the source failed");
        }
        return 'x';
      }
    };
    assertThrows(IOException.class, () -> s.write("targets/app.bin", failing));
    assertArrayEquals("old".getBytes(StandardCharsets.UTF_8),
        s.read("targets/app.bin").orElseThrow());
    assertThrows(IOException.class, () -> s.writeNew("targets/abc.new.bin", failingAfterParts()));
    assertFalse(s.exists("targets/abc.new.bin"));
    assertEquals(List.of(), client.listMultipartUploads(b -> b.bucket(BUCKET)
        .prefix(s.prefix())).uploads());
  }

  /** The README's example ("Publishing to S3"), against the loopback server. */
  @Test
  void theReadmeExamplePublishesARepositoryThatAClientReadsOverHttp(@TempDir Path state)
      throws Exception {
    S3Client s3 = client;
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    List<Signer> signers = new ArrayList<>();
    for (RoleType role : RoleType.values()) {
      Signer signer = KeyPairSigner.generate("ed25519");
      signers.add(signer);
      roles.put(role, RoleKeys.of(Key.of(signer.keyType(), signer.scheme(),
          signer.publicValue())));
    }
    // --- README example start ---
    Storage storage = S3Storage.builder(s3, "tuf-repository")
        .prefix("readme-repository")                   // readme-repository/metadata/..., targets/...
        .build();                                      // conditional writes: tried on first use
    RepositoryEditor editor = RepositoryEditor.create(storage, clock, roles, true);
    editor.targets().addTarget("firmware/v1.bin", "v1".getBytes(StandardCharsets.UTF_8), Optional.empty());
    editor.stage(signers).publish();                   // targets, ..., timestamp.json last
    // --- README example end ---
    URI base = server.published(BUCKET, "readme-repository/");
    Updater updater = Updater.builder()
        .metadataDir(state.resolve("metadata"))
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .targetDir(state.resolve("targets"))
        .trustedRoot(storage.read("metadata/1.root.json").orElseThrow())
        .config(UpdaterConfig.builder().clock(clock).build())
        .build();
    updater.refresh();
    TargetInfo firmware = updater.getTargetInfo("firmware/v1.bin").orElseThrow();
    assertEquals("v1", Files.readString(updater.download(firmware)));
  }

  private static InputStream failingAfterParts() {
    return new InputStream() {
      private long sent;

      @Override
      public int read() throws IOException {
        if (sent++ > S3Storage.MIN_PART_SIZE + 10) {
          throw new IOException("the source failed");
        }
        return 'y';
      }
    };
  }

  private String contentType(S3Storage s, String path) {
    return client.headObject(b -> b.bucket(BUCKET).key(s.key(path))).contentType();
  }

  private List<String> keys(String prefix) {
    return client.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key).toList();
  }
}
