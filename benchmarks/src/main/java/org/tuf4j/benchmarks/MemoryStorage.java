package org.tuf4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tuf4j.repository.Storage;

/**
 * A {@link Storage} in memory, to measure the writer's own work without the file system's fsyncs
 * (an OTA server's object store costs what it costs, on top of this).
 */
final class MemoryStorage implements Storage {
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> read(String path) {
    return Optional.ofNullable(files.get(path)).map(byte[]::clone);
  }

  @Override
  public void write(String path, byte[] data) {
    files.put(path, data.clone());
  }

  @Override
  public void write(String path, InputStream data) throws IOException {
    files.put(path, data.readAllBytes());
  }

  @Override
  public boolean exists(String path) {
    return files.containsKey(path);
  }

  @Override
  public void delete(String path) {
    files.remove(path);
  }

  int size() {
    return files.size();
  }
}
