package org.tuf4j.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tuf4j.TooLargeException;

/**
 * The HTTP validators ({@link CacheValidators}) of a stored metadata file, kept beside it in the
 * {@link MetadataStore} as {@code <file>.validators}: two lines, {@code ETag: ...} and {@code
 * Last-Modified: ...}, either absent. Only a cache that saves bytes: a file that cannot be read is
 * treated as absent, and the workflow deletes it before it replaces the file it describes, so
 * that no crash leaves validators beside a file they were not received with.
 */
final class ValidatorStore {
  private static final String SUFFIX = ".validators";
  private static final String ETAG = "ETag: ";
  private static final String LAST_MODIFIED = "Last-Modified: ";
  private static final int MAX_BYTES = 2 * CacheValidators.MAX_LENGTH + 64;

  private final MetadataStore store;

  ValidatorStore(MetadataStore store) {
    this.store = store;
  }

  /** Whether {@code fileName} holds the validators of {@code metadataFile}'s kind. */
  static boolean isValidatorsName(String fileName) {
    return fileName.endsWith(SUFFIX)
        && StoreNames.isMetadataName(fileName.substring(0, fileName.length() - SUFFIX.length()));
  }

  /** The validators stored for {@code metadataFile}; {@link CacheValidators#NONE} if none. */
  CacheValidators read(String metadataFile) throws IOException {
    Optional<byte[]> bytes;
    try {
      bytes = store.read(metadataFile + SUFFIX, MAX_BYTES);
    } catch (TooLargeException e) {
      return CacheValidators.NONE;
    }
    if (bytes.isEmpty()) {
      return CacheValidators.NONE;
    }
    Optional<String> etag = Optional.empty();
    Optional<String> lastModified = Optional.empty();
    for (String line : new String(bytes.get(), StandardCharsets.US_ASCII).split("\n")) {
      if (line.startsWith(ETAG)) {
        etag = Optional.of(line.substring(ETAG.length()));
      } else if (line.startsWith(LAST_MODIFIED)) {
        lastModified = Optional.of(line.substring(LAST_MODIFIED.length()));
      }
    }
    return CacheValidators.of(etag, lastModified);
  }

  /** Stores {@code validators} for {@code metadataFile}; none deletes what is stored. */
  void write(String metadataFile, CacheValidators validators) throws IOException {
    if (validators.isEmpty()) {
      delete(metadataFile);
      return;
    }
    StringBuilder text = new StringBuilder();
    validators.etag().ifPresent(v -> text.append(ETAG).append(v).append('\n'));
    validators.lastModified().ifPresent(v -> text.append(LAST_MODIFIED).append(v).append('\n'));
    store.write(metadataFile + SUFFIX, text.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** Deletes what is stored for {@code metadataFile}, if anything. */
  void delete(String metadataFile) throws IOException {
    store.delete(metadataFile + SUFFIX);
  }
}
