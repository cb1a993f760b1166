package org.tuf4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download's file written back while it is written (TUF spec §5.7.3: durable, then renamed). */
class WriteBehindFileTest {
  @TempDir Path dir;

  @Test
  void everyByteArrivesInOrderAcrossBackgroundFlushes() throws Exception {
    byte[] data = new byte[(int) (3 * WriteBehindFile.FLUSH_EVERY + 12345)];
    new Random(3).nextBytes(data);
    Path file = dir.resolve("t");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      WriteBehindFile out = new WriteBehindFile(ch);
      for (int at = 0; at < data.length; at += 100_003) {
        out.write(data, at, Math.min(100_003, data.length - at));
      }
      out.write(7);
      out.forceAll();
    }
    byte[] expected = java.util.Arrays.copyOf(data, data.length + 1);
    expected[data.length] = 7;
    assertArrayEquals(expected, Files.readAllBytes(file));
  }

  @Test
  void aFileThatCannotBeMadeDurableFailsTheDownload() throws Exception {
    FileChannel ch = FileChannel.open(dir.resolve("t"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    WriteBehindFile out = new WriteBehindFile(ch);
    out.write(new byte[10], 0, 10);
    ch.close();
    assertThrows(IOException.class, out::forceAll);
  }
}
