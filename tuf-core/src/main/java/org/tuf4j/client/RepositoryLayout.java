package org.tuf4j.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.TargetFile;

/**
 * Where a repository keeps each file (TUF spec §5.3.3, §5.4.1, §5.5.1, §5.6.1, §5.7.3 and
 * "Consistent snapshots"), and how names become URL path segments. Role names are quoted as one
 * segment (a {@code /} in a role name never becomes a path separator); target paths keep their
 * {@code /} separators and quote everything else outside the unreserved set.
 */
final class RepositoryLayout {
  private final URI metadataBase;
  private final URI targetBase;
  private final MetadataEncoding encoding;

  RepositoryLayout(URI metadataBase, URI targetBase, MetadataEncoding encoding) {
    this.metadataBase = withTrailingSlash(metadataBase);
    this.targetBase = targetBase == null ? null : withTrailingSlash(targetBase);
    this.encoding = encoding;
  }

  /**
   * §5.3.3: {@code N.root.json}, whether or not consistent snapshots are used (the extension
   * is the encoding's throughout: {@code N.root.cbor}).
   */
  URI root(long version) {
    return metadata(encoding.fileName(version + ".root"));
  }

  /** §5.4.1: always {@code timestamp.json}. */
  URI timestamp() {
    return metadata(encoding.fileName("timestamp"));
  }

  /** §5.5.1 and §5.6.1: {@code N.<role>.json} with consistent snapshots, else {@code <role>.json}. */
  URI role(String roleName, long version, boolean consistentSnapshot) {
    String name = encoding.fileName(quote(roleName, false));
    return metadata(consistentSnapshot ? version + "." + name : name);
  }

  /**
   * §5.7.3: the target's path, with consistent snapshots as {@code <dir>/<hash>.<name>}. The hash
   * is the first listed in code-point order of the algorithm names — the order canonical JSON
   * writes them, which is what other clients pick too.
   */
  URI target(TargetFile target, boolean hashPrefixed) {
    if (targetBase == null) {
      throw new IllegalStateException("no target base URL was configured");
    }
    String path = target.path();
    if (hashPrefixed && !target.hashes().isEmpty()) {
      Map<String, String> sorted = new TreeMap<>(target.hashes());
      String hash = sorted.values().iterator().next();
      int slash = path.lastIndexOf('/');
      path = path.substring(0, slash + 1) + hash + "." + path.substring(slash + 1);
    }
    return URI.create(targetBase + quote(path, true));
  }

  private URI metadata(String encodedName) {
    return URI.create(metadataBase + encodedName);
  }

  private static URI withTrailingSlash(URI base) {
    String s = base.toString();
    return s.endsWith("/") ? base : URI.create(s + "/");
  }

  /**
   * Percent-encodes the UTF-8 bytes of {@code s} except the RFC 3986 unreserved characters
   * (and {@code /} when {@code keepSlash}), like Python's {@code urllib.parse.quote}.
   */
  static String quote(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isUnreserved(c) || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
