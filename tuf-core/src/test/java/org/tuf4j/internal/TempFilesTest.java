package org.tuf4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files and directories: new, with random names, owner-only. */
class TempFilesTest {
  @TempDir Path tmp;

  @Test
  void namesAreSixteenHexDigitsAndDiffer() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String name = TempFiles.randomName();
      assertTrue(name.matches("[0-9a-f]{16}"), name);
      names.add(name);
    }
    assertEquals(1000, names.size());
  }

  @Test
  void filesAndDirectoriesAreNewAndOwnerOnly() throws Exception {
    Path file = TempFiles.createFile(tmp, ".x-", ".part");
    Path dir = TempFiles.createDirectory(tmp, "state-");
    assertTrue(file.getFileName().toString().matches("\\.x-[0-9a-f]{16}\\.part"), file::toString);
    assertTrue(dir.getFileName().toString().matches("state-[0-9a-f]{16}"), dir::toString);
    assertEquals(0, Files.size(file));
    if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
      assertEquals("rwx------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)));
    }
  }
}
