package org.tuf4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.TooLargeException;

/**
 * Reads {@code file:} URIs, for local or mirrored repositories (TUF spec §5, "download").
 *
 * <p>A URI whose raw path has a {@code .} or {@code ..} segment, plain or percent-encoded, or a
 * percent-encoded separator, is refused so that a target path cannot climb out of the repository
 * directory. Only regular files are read: a missing file is a {@link NotFoundException}; a
 * directory, device or pipe, or an unreadable file, is a {@link FetchException}; a file larger
 * than {@code maxLength} is a {@link TooLargeException} (endless data attack, §1.5.2). The
 * caller bounds how much of the returned stream it reads, in case the file grows.
 *
 * <p>Stateless and safe to share between threads.
 */
public final class FileFetcher implements Fetcher {
  private static final FileFetcher INSTANCE = new FileFetcher();

  private FileFetcher() {}

  /**
   * The file fetcher.
   *
   * @return a fetcher for {@code file:} URIs
   */
  public static FileFetcher create() {
    return INSTANCE;
  }

  /**
   * Opens the regular file {@code uri} names (TUF spec §5, "download").
   *
   * @throws NotFoundException when the file does not exist
   * @throws TooLargeException when the file is larger than {@code maxLength}
   * @throws FetchException when the URI is not an acceptable {@code file:} URI, or the file is
   *     not a readable regular file
   * @throws IllegalArgumentException when {@code maxLength} is negative
   */
  @Override
  public InputStream fetch(URI uri, long maxLength) throws FetchException, TooLargeException {
    Objects.requireNonNull(uri, "uri");
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
    }
    Path path = toPath(uri);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new NotFoundException(uri, "no such file");
    } catch (IOException e) {
      throw new FetchException(uri, "cannot read attributes: " + e, e);
    }
    if (attributes.isDirectory()) {
      throw new FetchException(uri, "is a directory");
    }
    if (!attributes.isRegularFile()) {
      throw new FetchException(uri, "not a regular file");
    }
    if (attributes.size() > maxLength) {
      throw new TooLargeException(uri.toString(), maxLength);
    }
    try {
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new NotFoundException(uri, "no such file");
    } catch (AccessDeniedException e) {
      throw new FetchException(uri, "permission denied", e);
    } catch (IOException e) {
      throw new FetchException(uri, "cannot open: " + e, e);
    }
  }

  private static Path toPath(URI uri) throws FetchException {
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("file")) {
      throw new FetchException(uri, "not a file URI");
    }
    String rawPath = uri.getRawPath();
    if (uri.isOpaque() || rawPath == null || rawPath.isEmpty()) {
      throw new FetchException(uri, "a file URI needs an absolute path");
    }
    for (String segment : rawPath.split("/", -1)) {
      String decoded = percentDecode(uri, segment);
      if (decoded.equals(".") || decoded.equals("..")) {
        throw new FetchException(uri, "dot segments are refused (path traversal)");
      }
      if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0 || decoded.indexOf('\0') >= 0) {
        throw new FetchException(uri, "encoded separators are refused (path traversal)");
      }
    }
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new FetchException(uri, "unusable file URI: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes %XX escapes byte by byte (not '+'): enough to expose encoded dots and separators,
   * which are ASCII; other bytes only need to stay distinct from them.
   */
  private static String percentDecode(URI uri, String s) throws FetchException {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw new FetchException(uri, "malformed percent escape in path");
      }
      out.append((char) (hi * 16 + lo));
      i += 2;
    }
    return out.toString();
  }
}
