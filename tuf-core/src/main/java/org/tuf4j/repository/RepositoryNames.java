package org.tuf4j.repository;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.metadata.RoleType;

/**
 * The names a repository may publish: role names and target paths that every client can store
 * and tell apart. Names become file names on the repository (consistent snapshots: {@code
 * N.ROLE.json}, {@code HASH.NAME}) and on clients (python-tuf keeps {@code quote(ROLE).json} and
 * {@code quote(PATH)}), on file systems that allow 255 bytes per name and that may fold case and
 * normalise Unicode (macOS, Windows, FAT/exFAT). The Uptane Standard (#meta_structures) asks for
 * strings in NFC.
 */
final class RepositoryNames {
  /** Longest file name common file systems store, in bytes. */
  static final int MAX_FILE_NAME_BYTES = 255;
  /** Room left for a version prefix ({@code 18446744073709551615.}) and an extension. */
  private static final int ROLE_FILE_OVERHEAD = 21 + ".json".length();
  /** The longest digest that prefixes a consistent-snapshot target name, and its dot. */
  private static final int HASH_PREFIX_BYTES = 128 + 1;

  private RepositoryNames() {}

  /**
   * A new role's name: not empty, in NFC, not a top-level role's name or another role's name
   * ignoring case and Unicode normalisation, and short enough for its metadata file's name.
   *
   * @param existing the repository's other roles: each name {@link #fold}ed, to the name
   */
  static void checkRoleName(String name, Map<String, String> existing)
      throws InvalidRepositoryException {
    if (name.isEmpty()) {
      throw new InvalidRepositoryException("a role name must not be empty");
    }
    requireNfc("role name", name);
    Optional<RoleType> topLevel = RoleType.matchingIgnoringCase(name);
    if (topLevel.isPresent()) {
      throw new InvalidRepositoryException("role name \"" + name + "\" is the top-level role "
          + "name \"" + topLevel.get() + "\" ignoring case; clients on macOS, Windows and FAT "
          + "media would store both in one file");
    }
    String other = existing.get(fold(name));
    if (other != null && !other.equals(name)) {
      throw new InvalidRepositoryException("role name \"" + name + "\" differs from the "
          + "existing role \"" + other + "\" only in case or Unicode form; clients on macOS, "
          + "Windows and FAT media would store both in one file");
    }
    int quoted = MetadataPaths.quote(name).length();
    if (quoted + ROLE_FILE_OVERHEAD > MAX_FILE_NAME_BYTES) {
      throw new InvalidRepositoryException("role name \"" + shorten(name) + "\" is too long: "
          + "its metadata file N." + "<name>.json would need " + (quoted + ROLE_FILE_OVERHEAD)
          + " bytes, more than the " + MAX_FILE_NAME_BYTES + " file systems allow; at most "
          + (MAX_FILE_NAME_BYTES - ROLE_FILE_OVERHEAD) + " bytes once percent-encoded");
    }
  }

  /**
   * A target path clients can store: in NFC, its percent-encoded form (the local file name
   * python-tuf gives a download) and, with consistent snapshots, its {@code HASH.NAME} file
   * name within the 255 bytes file systems allow.
   */
  static void checkTargetPathFitsClients(String path, boolean consistentSnapshot)
      throws InvalidRepositoryException {
    requireNfc("target path", path);
    int quoted = MetadataPaths.quote(path).length();
    if (quoted > MAX_FILE_NAME_BYTES) {
      throw new InvalidRepositoryException("target path \"" + shorten(path) + "\" is too long: "
          + "clients that keep a download under its percent-encoded path (python-tuf) need "
          + quoted + " bytes, more than the " + MAX_FILE_NAME_BYTES + " file systems allow");
    }
    String base = path.substring(path.lastIndexOf('/') + 1);
    int baseBytes = base.getBytes(StandardCharsets.UTF_8).length;
    if (consistentSnapshot && HASH_PREFIX_BYTES + baseBytes > MAX_FILE_NAME_BYTES) {
      throw new InvalidRepositoryException("target name \"" + shorten(base) + "\" is too long "
          + "for consistent snapshots: its file <sha512>." + "<name> would need "
          + (HASH_PREFIX_BYTES + baseBytes) + " bytes, more than " + MAX_FILE_NAME_BYTES);
    }
  }

  /** What case-insensitive, normalising file systems compare. */
  static String fold(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT)
        .toLowerCase(Locale.ROOT);
  }

  private static void requireNfc(String what, String value) throws InvalidRepositoryException {
    if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
      throw new InvalidRepositoryException(what + " \"" + shorten(value) + "\" is not in "
          + "Unicode NFC (Uptane Standard #meta_structures); write it as \""
          + shorten(Normalizer.normalize(value, Normalizer.Form.NFC)) + "\"");
    }
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
