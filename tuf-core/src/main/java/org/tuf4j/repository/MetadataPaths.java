package org.tuf4j.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.metadata.MetadataEncoding;

/**
 * Where a role's metadata lives in a repository (TUF spec §3 metadata files; with consistent
 * snapshots {@code VERSION.ROLE.EXT}, §6.2.1), with the role name percent-encoded into one path
 * segment as clients request it.
 */
final class MetadataPaths {
  private MetadataPaths() {
  }

  /** Repository path of a role's JSON metadata file. */
  static String metadataPath(String role, long version, boolean consistent) {
    return metadataPath(role, version, consistent, MetadataEncoding.JSON);
  }

  /** Repository path of a role's metadata file in {@code encoding}. */
  static String metadataPath(String role, long version, boolean consistent,
      MetadataEncoding encoding) {
    String name = encoding.fileName(quote(role));
    return "metadata/" + (consistent ? version + "." + name : name);
  }

  /** Percent-encodes a role name into one path segment, as clients request it. */
  static String quote(String role) {
    StringBuilder out = new StringBuilder();
    for (byte b : role.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /** The file at {@code path}, which a complete repository has. */
  static byte[] require(Storage storage, String path)
      throws IOException, InvalidRepositoryException {
    return storage.read(path).orElseThrow(() -> new InvalidRepositoryException(
        "repository is incomplete: " + path + " is missing"));
  }
}
