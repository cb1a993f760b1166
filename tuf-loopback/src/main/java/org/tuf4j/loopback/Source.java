package org.tuf4j.loopback;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a {@link LoopbackServer} serves: the body for a request path, or nothing (404). Paths are
 * raw, as sent on the wire (still percent-encoded), relative to the server root, without the
 * leading slash. Immutable.
 */
public final class Source {
  /** The file for a path: bytes, or a file opened only when it is served. */
  record Body(Optional<byte[]> bytes, Optional<Path> file) {
    /**
     * The bytes of the body; a file is read without following a symbolic link swapped in since
     * it was found, and is empty when it can no longer be read.
     */
    Optional<byte[]> read() {
      if (bytes.isPresent()) {
        return bytes;
      }
      try (SeekableByteChannel in = open()) {
        return Optional.of(Channels.newInputStream(in).readAllBytes());
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    /** Opens the file, never through a symbolic link. */
    SeekableByteChannel open() throws IOException {
      return Files.newByteChannel(file.orElseThrow(), Set.of(StandardOpenOption.READ,
          LinkOption.NOFOLLOW_LINKS));
    }
  }

  @FunctionalInterface
  private interface Lookup {
    Optional<Body> find(String rawPath) throws IOException;
  }

  private final Lookup lookup;

  private Source(Lookup lookup) {
    this.lookup = lookup;
  }

  /**
   * Serves whatever {@code files} returns for a raw request path, at request time: a simulated
   * repository, a map, anything.
   *
   * @param files the bytes for a raw path (relative to the root, as sent), or empty for 404
   * @return the source
   */
  public static Source content(Function<String, Optional<byte[]>> files) {
    Objects.requireNonNull(files, "files");
    return new Source(rawPath -> files.apply(rawPath).map(b -> new Body(Optional.of(b),
        Optional.empty())));
  }

  /**
   * Serves the regular files under {@code dir}, read when requested. A path is percent-decoded
   * once; it is not found when a segment is empty, {@code .} or {@code ..}, or holds a backslash
   * or NUL, when it leaves the directory, or when any component below the directory is a
   * symbolic link (a link in a directory, {@code targets/x -> ../staged}, would otherwise serve
   * what was never published). Files are opened without following links, so a link swapped in
   * after the check is not followed either.
   *
   * @param dir an existing directory
   * @return the source
   * @throws IOException when {@code dir} is not a directory
   */
  public static Source directory(Path dir) throws IOException {
    Path root = dir.toRealPath();
    if (!Files.isDirectory(root)) {
      throw new NotDirectoryException(dir.toString());
    }
    return new Source(rawPath -> resolve(root, rawPath).map(f -> new Body(Optional.empty(),
        Optional.of(f))));
  }

  /**
   * Serves several sources under URL prefixes: a request for {@code prefix + p} is answered by
   * that prefix's source for {@code p}, the longest matching prefix winning; other paths are
   * not found.
   *
   * @param byPrefix raw prefixes, relative to the root (such as {@code "image/targets/"}), and
   *     what each serves
   * @return the source
   */
  public static Source mounted(Map<String, Source> byPrefix) {
    TreeMap<String, Source> mounts = new TreeMap<>(byPrefix);
    return new Source(rawPath -> {
      for (Map.Entry<String, Source> m : mounts.descendingMap().entrySet()) {
        if (rawPath.startsWith(m.getKey())) {
          return m.getValue().find(rawPath.substring(m.getKey().length()));
        }
      }
      return Optional.empty();
    });
  }

  /**
   * This source for raw paths that start with one of {@code prefixes}; other paths are not
   * found.
   *
   * @param prefixes raw path prefixes, such as {@code "metadata/"}
   * @return the restricted source
   */
  public Source under(String... prefixes) {
    List<String> allowed = List.of(prefixes);
    return new Source(rawPath -> allowed.stream().anyMatch(rawPath::startsWith)
        ? find(rawPath) : Optional.empty());
  }

  /**
   * The bytes served for a raw path now, or empty when it would be not found.
   *
   * @param rawPath the path as sent, relative to the root
   * @return the bytes
   * @throws IOException when the source fails
   */
  public Optional<byte[]> read(String rawPath) throws IOException {
    Optional<Body> body = find(rawPath);
    return body.isPresent() ? body.get().read() : Optional.empty();
  }

  Optional<Body> find(String rawPath) throws IOException {
    return lookup.find(rawPath);
  }

  /** The regular file under {@code root} that a raw path names (see {@link #directory}). */
  private static Optional<Path> resolve(Path root, String rawPath) {
    String path;
    try {
      path = URI.create("/" + rawPath).getPath().substring(1); // decode once
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
          || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
        return Optional.empty();
      }
    }
    Path file;
    try {
      file = root.resolve(path).normalize();
    } catch (RuntimeException e) {
      return Optional.empty(); // not a path on this file system
    }
    if (!file.startsWith(root)) {
      return Optional.empty();
    }
    Path at = root;
    for (Path name : root.relativize(file)) {
      at = at.resolve(name);
      if (Files.isSymbolicLink(at)) {
        return Optional.empty();
      }
    }
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file)
        : Optional.empty();
  }
}
