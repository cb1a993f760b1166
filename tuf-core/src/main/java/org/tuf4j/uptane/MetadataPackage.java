package org.tuf4j.uptane;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tuf4j.FetchException;
import org.tuf4j.NotFoundException;
import org.tuf4j.TooLargeException;
import org.tuf4j.client.Fetcher;
import org.tuf4j.metadata.MetadataEncoding;

/**
 * What a Primary sends a full-verification Secondary (Uptane Standard #send_metadata_primary:
 * "For full verification Secondaries, this includes the metadata for all four roles from both
 * repositories, plus any delegated Targets metadata files the Secondary will recurse through"):
 * the metadata files of the Director and of the Image repository the Primary verified, every
 * root version of the chains it followed, and the delegated roles it loaded, as exact bytes, by the file name a client asks for ({@code 1.root.json}, {@code
 * 2.root.json}, {@code timestamp.json}, {@code snapshot.json}, {@code targets.json}, a delegated
 * role's {@code <role>.json}), in one encoding. Made by {@link FullVerifier#metadataPackage()}.
 *
 * <p>A Secondary runs full verification from it with no network: its {@link FullVerifier}'s two
 * {@link org.tuf4j.client.Updater}s fetch through {@link #fetcher()}, with metadata base URLs
 * {@link #DIRECTOR} and {@link #IMAGE_REPOSITORY}, from the roots the Secondary already trusts.
 * Every check runs as on the Primary (signatures, thresholds, versions, expiry at the
 * Secondary's time, the delegation search, the Uptane rules); the package is untrusted input,
 * and a Secondary whose roots are newer than the package's files simply finds no newer root.
 * The images themselves are not in the package.
 */
public final class MetadataPackage {
  /** Base URL of the Director's metadata as {@link #fetcher()} serves it. */
  public static final URI DIRECTOR = URI.create("package://director/");
  /** Base URL of the Image repository's metadata as {@link #fetcher()} serves it. */
  public static final URI IMAGE_REPOSITORY = URI.create("package://image-repository/");

  /** {@code N.role.ext} with a role other than root: a consistent-snapshot name. */
  private static final Pattern VERSIONED = Pattern.compile("[0-9]+\\.(.+)");

  private final Map<String, byte[]> director;
  private final Map<String, byte[]> imageRepository;
  private final MetadataEncoding encoding;

  /**
   * Copies the files.
   *
   * @param director the Director's files by name
   * @param imageRepository the Image repository's files by name
   * @param encoding the encoding of every file
   */
  public MetadataPackage(Map<String, byte[]> director, Map<String, byte[]> imageRepository,
      MetadataEncoding encoding) {
    this.director = copy(director);
    this.imageRepository = copy(imageRepository);
    this.encoding = Objects.requireNonNull(encoding, "encoding");
  }

  private static Map<String, byte[]> copy(Map<String, byte[]> files) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    files.forEach((name, bytes) -> out.put(Objects.requireNonNull(name), bytes.clone()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The Director's files.
   *
   * @return file name to a copy of its bytes
   */
  public Map<String, byte[]> director() {
    return copy(director);
  }

  /**
   * The Image repository's files.
   *
   * @return file name to a copy of its bytes
   */
  public Map<String, byte[]> imageRepository() {
    return copy(imageRepository);
  }

  /**
   * The encoding every file is in; a Secondary's updaters are built with it.
   *
   * @return JSON or deterministic CBOR
   */
  public MetadataEncoding encoding() {
    return encoding;
  }

  /**
   * A fetcher that serves the package: {@code DIRECTOR.resolve(name)} and {@code
   * IMAGE_REPOSITORY.resolve(name)}. A consistent-snapshot name ({@code 3.targets.json}) is
   * served the package's file of that role (the client checks its version); a root version the
   * package lacks, like any other name, is not found.
   *
   * @return the fetcher
   */
  public Fetcher fetcher() {
    return this::fetch;
  }

  private InputStream fetch(URI uri, long maxLength) throws FetchException, TooLargeException {
    String s = uri.toString();
    String base = s.startsWith(DIRECTOR.toString()) ? DIRECTOR.toString()
        : s.startsWith(IMAGE_REPOSITORY.toString()) ? IMAGE_REPOSITORY.toString() : null;
    if (base == null) {
      throw new NotFoundException(uri, "not in the metadata package");
    }
    Map<String, byte[]> files = base.equals(DIRECTOR.toString()) ? director : imageRepository;
    String name;
    try {
      // clients percent-encode role names in the URL; the package holds them as named
      name = URLDecoder.decode(s.substring(base.length()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw new NotFoundException(uri, "not in the metadata package");
    }
    byte[] bytes = files.get(name);
    Matcher m = VERSIONED.matcher(name);
    if (bytes == null && m.matches() && !m.group(1).startsWith("root.")) {
      bytes = files.get(m.group(1));
    }
    if (bytes == null) {
      throw new NotFoundException(uri, "not in the metadata package");
    }
    if (bytes.length > maxLength) {
      throw new TooLargeException(name, maxLength);
    }
    return new ByteArrayInputStream(bytes);
  }
}
