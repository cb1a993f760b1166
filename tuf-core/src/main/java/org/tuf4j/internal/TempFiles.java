package org.tuf4j.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Temporary files without {@link java.security.SecureRandom}: the JDK's {@code createTempFile},
 * {@code createTempDirectory} and {@code UUID.randomUUID} each make the JVM's first secure
 * random generator, which loads every security provider and seeds a DRBG, 50 to 100 ms of a
 * cold process. A temporary name needs to be unique, not secret: each file is created
 * atomically ({@code CREATE_NEW}), so a name taken by anyone, a file or a link, is never
 * opened but skipped for the next.
 */
public final class TempFiles {
  /** Names tried before giving up: only names taken on purpose could exhaust them. */
  private static final int ATTEMPTS = 100;

  private TempFiles() {}

  /**
   * A random name part, unique enough for temporary names, not secret.
   *
   * @return 16 lower-case hex digits
   */
  public static String randomName() {
    String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return "0".repeat(16 - hex.length()) + hex;
  }

  /**
   * Creates a new empty file {@code dir/PREFIX<random>SUFFIX}, readable and writable by its
   * owner only where the file system has POSIX permissions.
   *
   * @param dir an existing directory
   * @param prefix the name's start
   * @param suffix the name's end
   * @return the new file
   * @throws IOException when it cannot be created
   */
  public static Path createFile(Path dir, String prefix, String suffix) throws IOException {
    for (int i = 0; ; i++) {
      Path p = dir.resolve(prefix + randomName() + suffix);
      try {
        return Files.createFile(p, ownerOnly(dir, "rw-------"));
      } catch (FileAlreadyExistsException e) {
        if (i + 1 >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Creates a new directory {@code parent/PREFIX<random>}, usable by its owner only where the
   * file system has POSIX permissions.
   *
   * @param parent an existing directory
   * @param prefix the name's start
   * @return the new directory
   * @throws IOException when it cannot be created
   */
  public static Path createDirectory(Path parent, String prefix) throws IOException {
    for (int i = 0; ; i++) {
      Path p = parent.resolve(prefix + randomName());
      try {
        return Files.createDirectory(p, ownerOnly(parent, "rwx------"));
      } catch (FileAlreadyExistsException e) {
        if (i + 1 >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path dir, String permissions) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString(permissions))}
        : new FileAttribute<?>[0];
  }
}
