package org.tuf4j.client;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import org.tuf4j.internal.Sha256;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;

/**
 * The local file names of role metadata and downloaded targets: one name per role or target
 * path, distinct on every file system users have. macOS (APFS, HFS+), Windows (NTFS) and
 * FAT/exFAT media fold case, and macOS normalises Unicode, so a name that differs from another
 * only there is the same file (an attacker's delegated role {@code Root} would overwrite the
 * trusted {@code root.json}).
 *
 * <ul>
 *   <li>Two namespaces: the top-level roles keep their names ({@code root.json}, ...), every
 *       delegated role is stored as {@code d-NAME.json}; no delegated role can name a top-level
 *       file whatever its name.
 *   <li>Every byte of the UTF-8 name other than {@code a-z 0-9 - _ .} is escaped as {@code %xx}
 *       (lower-case hex), and so is a {@code .} at the start or the end: names are lower-case
 *       ASCII, so case folding and Unicode normalisation leave them as they are, and different
 *       names stay different (the escaping is injective).
 *   <li>A target path whose name would be a Windows device name ({@code con}, {@code nul},
 *       {@code com1}, ...) has its first letter escaped.
 *   <li>A name longer than {@value #MAX_ESCAPED} escaped bytes keeps its first part for
 *       readability and ends in {@code ~} and the SHA-256 of the whole name ({@code ~} is always
 *       escaped otherwise), so every name, with a version prefix and an extension, fits the 255
 *       bytes file systems allow.
 * </ul>
 */
final class StoreNames {
  /** Longest escaped name kept as is; longer ones end in a digest. */
  static final int MAX_ESCAPED = 200;
  /** Of a name too long, the escaped prefix kept before {@code ~} and the digest. */
  private static final int KEPT_PREFIX = MAX_ESCAPED - 1 - 64;
  /** Prefix of delegated roles' files, a namespace apart from the top-level roles. */
  static final String DELEGATED_PREFIX = "d-";

  /** Longest relative path, in bytes, a target is kept at as directories. */
  static final int MAX_TARGET_PATH = 1024;

  private static final Set<String> TOP_LEVEL = Set.of(RoleType.ROOT.typeName(),
      RoleType.TIMESTAMP.typeName(), RoleType.SNAPSHOT.typeName(), RoleType.TARGETS.typeName());
  private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private StoreNames() {}

  /**
   * Whether Windows reserves {@code name}, with any extension, for a device: con, prn, aux,
   * nul, com0-9 or lpt0-9 (names here are lower case). Written out rather than as a regular
   * expression, which a short-lived client would otherwise compile for this alone.
   */
  static boolean isWindowsDevice(String name) {
    int dot = name.indexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    if (WINDOWS_DEVICES.contains(stem)) {
      return true;
    }
    return stem.length() == 4 && (stem.startsWith("com") || stem.startsWith("lpt"))
        && stem.charAt(3) >= '0' && stem.charAt(3) <= '9';
  }

  /** The file of {@code role}'s metadata in {@code encoding}. */
  static String metadata(String role, MetadataEncoding encoding) {
    Objects.requireNonNull(role, "role");
    String base = TOP_LEVEL.contains(role) ? role : DELEGATED_PREFIX + escape(role);
    return encoding.fileName(base);
  }

  /** A versioned copy of the file {@link #metadata} names. */
  static String versioned(long version, String metadataFile) {
    return version + "." + metadataFile;
  }

  /**
   * The relative path a downloaded target is kept at in the target directory: its directories
   * stay directories, so the cache reads like the repository ({@code fw/app-1.bin} is kept as
   * {@code fw/app-1.bin}), and every segment is one name escaped as {@link #target} escapes a
   * whole path (lower-case ASCII, {@code %xx} otherwise, Windows device names escaped, long ones
   * ending in a digest). No segment can be empty, {@code .} or {@code ..}, or start with a dot.
   * A path with an empty segment (a leading, trailing or doubled {@code /}), or whose escaped
   * form is longer than {@value #MAX_TARGET_PATH} bytes, is kept as the single name {@link
   * #target} gives it instead.
   *
   * <p>Injective and stable under case folding and normalisation: each segment is (see the class
   * comment) and contains no {@code /}, so the segments are recovered by splitting; a path kept
   * as segments contains a {@code /} and a single name never does. One limit: a repository
   * listing both {@code a} and {@code a/b} has one of them fail to download into the cache
   * (a file and a directory cannot share a name); {@link Updater#download(TargetInfo, Path)}
   * takes any destination.
   *
   * @throws IllegalArgumentException if {@code targetPath} is empty
   */
  static String targetPath(String targetPath) {
    String[] segments = targetPath.split("/", -1);
    if (segments.length > 1 && Arrays.stream(segments).noneMatch(String::isEmpty)) {
      StringJoiner out = new StringJoiner("/");
      for (String segment : segments) {
        out.add(target(segment));
      }
      if (out.length() <= MAX_TARGET_PATH) {
        return out.toString();
      }
    }
    return target(targetPath);
  }

  /**
   * The single file name a target is kept under when its path is not kept as directories
   * ({@link #targetPath}), and the name every target was kept under before: the whole path,
   * {@code /} included, escaped into one name.
   */
  static String target(String targetPath) {
    String name = escape(targetPath);
    if (isWindowsDevice(name)) {
      name = "%" + hex(name.charAt(0)) + name.substring(1);
    }
    return name;
  }

  /**
   * {@code name} escaped into lower-case ASCII letters, digits, {@code - _ . %}, shortened by
   * digest when long (see the class comment).
   *
   * @throws IllegalArgumentException if {@code name} is empty
   */
  static String escape(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    byte[] utf8 = utf8(name);
    StringBuilder out = new StringBuilder(utf8.length * 3);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xff;
      boolean edgeDot = b == '.' && (i == 0 || i == utf8.length - 1);
      if (!edgeDot && (b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_'
          || b == '.')) {
        out.append((char) b);
      } else {
        out.append('%').append(hex(b));
      }
    }
    if (out.length() <= MAX_ESCAPED) {
      return out.toString();
    }
    int cut = KEPT_PREFIX;
    if (out.charAt(cut - 1) == '%') { // never split an escape
      cut -= 1;
    } else if (out.charAt(cut - 2) == '%') {
      cut -= 2;
    }
    return out.substring(0, cut) + "~" + Sha256.hex(utf8);
  }

  private static String hex(int b) {
    return new String(new char[] {HEX[b >> 4 & 0xf], HEX[b & 0xf]});
  }

  /** UTF-8, with unpaired surrogates as their three-byte forms (as WTF-8) to stay injective. */
  private static byte[] utf8(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3);
    s.codePoints().forEach(cp -> {
      if (cp < 0x80) {
        out.write(cp);
      } else if (cp < 0x800) {
        out.write(0xC0 | cp >> 6);
        out.write(0x80 | cp & 0x3F);
      } else if (cp < 0x10000) {
        out.write(0xE0 | cp >> 12);
        out.write(0x80 | cp >> 6 & 0x3F);
        out.write(0x80 | cp & 0x3F);
      } else {
        out.write(0xF0 | cp >> 18);
        out.write(0x80 | cp >> 12 & 0x3F);
        out.write(0x80 | cp >> 6 & 0x3F);
        out.write(0x80 | cp & 0x3F);
      }
    });
    return out.toByteArray();
  }

  /**
   * Whether {@code fileName} is a name this scheme gives a role's metadata file (plain or
   * versioned): the files a store of an earlier scheme may hold that are not are dropped when
   * the store is opened.
   */
  static boolean isMetadataName(String fileName) {
    String base = fileName;
    int dot = base.indexOf('.');
    if (dot > 0 && Chars.all(base.substring(0, dot), Character::isDigit)) {
      base = base.substring(dot + 1); // a versioned copy
    }
    for (MetadataEncoding e : MetadataEncoding.values()) {
      if (base.endsWith(e.extension())) {
        String role = base.substring(0, base.length() - e.extension().length());
        return TOP_LEVEL.contains(role) || role.startsWith(DELEGATED_PREFIX)
            && role.length() > DELEGATED_PREFIX.length()
            && Chars.all(role.substring(DELEGATED_PREFIX.length()), StoreNames::isEscapedChar);
      }
    }
    return false;
  }

  private static boolean isEscapedChar(int c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
        || c == '%' || c == '~';
  }
}
