package org.tuf4j.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;

/**
 * {@link S3Storage} on a store that ignores {@code If-None-Match} (it writes anyway, as s3proxy
 * 2.6.0 does): detection finds out, and the {@link org.tuf4j.testing.StorageContract} holds with
 * create-only writes made by a look-up and a write under the lock; only racing writers without
 * the lock (its one-step creation) are not covered there.
 */
class S3StorageWithoutConditionalWritesTest extends S3StorageContract {
  @Override
  boolean serverHonoursIfNoneMatch() {
    return false;
  }

  @Override
  protected boolean createsInOneStep() {
    return false;
  }

  @Test
  void detectFindsThatTheStoreIgnoresConditionalWrites() throws Exception {
    S3Storage s = nextRepository().build();
    assertFalse(s.conditionalWrites());
  }

  /** What DETECT guards against: trusted blindly, such a store replaces a versioned file. */
  @Test
  void aStoreThatIgnoresConditionalWritesStillNeverGetsAVersionedFileReplaced_spec6_1()
      throws Exception {
    S3Storage detected = nextRepository().build();
    byte[] first = "snapshot v2".getBytes(StandardCharsets.UTF_8);
    detected.writeNew("metadata/2.snapshot.json", first);
    assertThrows(FileAlreadyExistsException.class, () -> detected.writeNew(
        "metadata/2.snapshot.json", "other".getBytes(StandardCharsets.UTF_8)));
    S3Storage declared = S3Storage.builder(client, BUCKET).prefix(detected.prefix())
        .conditionalWrites(S3Storage.ConditionalWrites.UNSUPPORTED).build();
    assertThrows(FileAlreadyExistsException.class, () -> declared.writeNew(
        "metadata/2.snapshot.json", "other".getBytes(StandardCharsets.UTF_8)));
    assertArrayEquals(first, detected.read("metadata/2.snapshot.json").orElseThrow());
  }
}
