package org.tuf4j.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.TooLargeException;

/** {@link MetadataStore} on the real file system, and its file name rules. */
class MetadataStoreTest {

  @TempDir
  Path tmp;

  @Test
  void writtenFileReadsBack() throws Exception {
    MetadataStore store = MetadataStore.open(tmp);
    store.write("root.json", bytes("root v1"));
    assertArrayEquals(bytes("root v1"), store.read("root.json", 100).orElseThrow());
    assertArrayEquals(bytes("root v1"), Files.readAllBytes(tmp.resolve("root.json")));
  }

  @Test
  void writeReplacesExistingContent() throws Exception {
    MetadataStore store = MetadataStore.open(tmp);
    store.write("root.json", bytes("a much longer first version"));
    store.write("root.json", bytes("v2"));
    assertArrayEquals(bytes("v2"), store.read("root.json", 100).orElseThrow());
  }

  @Test
  void emptyContentIsStoredAsAnEmptyFile() throws Exception {
    MetadataStore store = MetadataStore.open(tmp);
    store.write("empty.json", new byte[0]);
    assertArrayEquals(new byte[0], store.read("empty.json", 0).orElseThrow());
  }

  @Test
  void writeLeavesNoTemporaryFiles() throws Exception {
    MetadataStore store = MetadataStore.open(tmp);
    store.write("root.json", bytes("v1"));
    store.write("root.json", bytes("v2"));
    store.write("timestamp.json", bytes("t"));
    assertEquals(Set.of("root.json", "timestamp.json"), names(tmp));
  }

  @Test
  void deleteRemovesTheFileAndToleratesAbsentFiles() throws Exception {
    MetadataStore store = MetadataStore.open(tmp);
    store.write("old.json", bytes("x"));
    store.delete("old.json");
    assertEquals(Optional.empty(), store.read("old.json", 100));
    assertEquals(Set.of(), names(tmp));
    store.delete("old.json");
    store.delete("never-existed.json");
  }

  @Test
  void absentFileReadsAsEmpty() throws Exception {
    assertEquals(Optional.empty(), MetadataStore.open(tmp).read("root.json", 100));
  }

  @Test
  void readRefusesFilesLargerThanTheBound() throws Exception {
    MetadataStore store = MetadataStore.open(tmp);
    store.write("root.json", new byte[100]);
    assertEquals(100, store.read("root.json", 100).orElseThrow().length);
    TooLargeException e = assertThrows(TooLargeException.class, () -> store.read("root.json", 99));
    assertEquals(99, e.limit());
    assertThrows(TooLargeException.class, () -> store.read("root.json", 0));
    assertThrows(IllegalArgumentException.class, () -> store.read("root.json", -1));
  }

  @Test
  void readNeverAsksForMoreThanOneByteBeyondTheBound() throws Exception {
    List<Integer> limits = new ArrayList<>();
    DurableFiles recording = new RecordingReads(new NioDurableFiles(), limits);
    MetadataStore store = MetadataStore.open(tmp, recording);
    store.write("big.json", new byte[10_000]);
    assertThrows(TooLargeException.class, () -> store.read("big.json", 10));
    store.read("big.json", Long.MAX_VALUE);
    assertEquals(List.of(11, Integer.MAX_VALUE - 8), limits);
  }

  @Test
  void openCreatesAMissingDirectory() throws Exception {
    Path dir = tmp.resolve("a").resolve("b");
    MetadataStore store = MetadataStore.open(dir);
    assertEquals(dir, store.directory());
    assertTrue(Files.isDirectory(dir));
    store.write("root.json", bytes("v1"));
    assertTrue(Files.isRegularFile(dir.resolve("root.json")));
  }

  @Test
  void openRemovesTemporaryFilesLeftByACrash() throws Exception {
    Files.write(tmp.resolve("root.json"), bytes("v1"));
    Files.write(tmp.resolve(MetadataStore.TEMP_PREFIX + "0123456789abcdef"), bytes("half"));
    Files.write(tmp.resolve(MetadataStore.TEMP_PREFIX + "fedcba9876543210"), new byte[0]);
    Files.write(tmp.resolve(".keep"), new byte[0]);
    MetadataStore store = MetadataStore.open(tmp);
    // Only the store's own temporary files go; anything else is not the store's to delete.
    assertEquals(Set.of("root.json", ".keep"), names(tmp));
    assertArrayEquals(bytes("v1"), store.read("root.json", 100).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "../root.json", "a/b", "/abs", "a\\b", ".hidden",
      ".tmp-0123456789abcdef", "a\0b", "\uD800", "a\uDC00b"})
  void invalidNamesAreRejected(String name) throws Exception {
    MetadataStore store = MetadataStore.open(tmp);
    assertThrows(IllegalArgumentException.class, () -> store.write(name, bytes("x")));
    assertThrows(IllegalArgumentException.class, () -> store.read(name, 100));
    assertThrows(IllegalArgumentException.class, () -> store.delete(name));
    assertEquals(Set.of(), names(tmp));
  }

  @Test
  void namesUpTo255BytesAreAccepted() throws Exception {
    MetadataStore store = MetadataStore.open(tmp);
    String longest = "a".repeat(253) + "\u00e9"; // 253 + 2 bytes
    store.write(longest, bytes("x"));
    assertArrayEquals(bytes("x"), store.read(longest, 10).orElseThrow());
    String tooLong = "a".repeat(254) + "\u00e9";
    assertThrows(IllegalArgumentException.class, () -> store.write(tooLong, bytes("x")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  /** Passes everything through, remembering the limit of every read. */
  private static final class RecordingReads implements DurableFiles {
    private final DurableFiles delegate;
    private final List<Integer> limits;

    RecordingReads(DurableFiles delegate, List<Integer> limits) {
      this.delegate = delegate;
      this.limits = limits;
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
      delegate.createDirectories(dir);
    }

    @Override
    public void writeNew(Path file, byte[] data) throws IOException {
      delegate.writeNew(file, data);
    }

    @Override
    public void syncFile(Path file) throws IOException {
      delegate.syncFile(file);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
      delegate.rename(source, target);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
      delegate.syncDirectory(dir);
    }

    @Override
    public boolean delete(Path file) throws IOException {
      return delegate.delete(file);
    }

    @Override
    public Optional<byte[]> read(Path file, int limit) throws IOException {
      limits.add(limit);
      return delegate.read(file, limit);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
      return delegate.list(dir);
    }
  }
}
