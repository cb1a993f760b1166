package org.tuf4j.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tuf4j.BadVersionException;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.HashMismatchException;
import org.tuf4j.LengthMismatchException;
import org.tuf4j.RollbackException;
import org.tuf4j.UnsupportedFeatureException;
import org.tuf4j.WrongRoleTypeException;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;

/**
 * The spec's non-signature checks as plain functions, each testable alone (TUF spec §5). The
 * client's state machine composes them; nothing here does I/O or reads a clock.
 */
public final class MetadataChecks {
  private MetadataChecks() {}

  /**
   * §4: {@code _type} must be the role type the caller asked for.
   *
   * @param metadata the parsed metadata
   * @param expected the role type asked for
   * @throws WrongRoleTypeException when the metadata is of another role type
   */
  public static void checkType(RoleMetadata metadata, RoleType expected)
      throws WrongRoleTypeException {
    if (metadata.type() != expected) {
      throw new WrongRoleTypeException(expected.typeName(), metadata.type().typeName());
    }
  }

  /**
   * §5.3.10, §5.4.4, §5.5.6, §5.6.4 (freeze attack): metadata is expired when its {@code expires}
   * is not after the reference time fixed at the start of the update (§5.1).
   *
   * @param roleName the role, for the message
   * @param metadata the metadata to check
   * @param referenceTime the update's fixed start time
   * @throws ExpiredMetadataException when {@code expires} is at or before {@code referenceTime}
   */
  public static void checkNotExpired(String roleName, RoleMetadata metadata, Instant referenceTime)
      throws ExpiredMetadataException {
    if (!metadata.expires().isAfter(referenceTime)) {
      throw new ExpiredMetadataException(roleName, metadata.version(), metadata.expires(),
          referenceTime);
    }
  }

  /**
   * §5.4.3, §5.5.5 (rollback attack): a new version must not be lower than the trusted one.
   *
   * @param roleName the role, for the message
   * @param trustedVersion the version already trusted
   * @param newVersion the version offered
   * @throws RollbackException when {@code newVersion} is lower than {@code trustedVersion}
   */
  public static void checkNotRolledBack(String roleName, long trustedVersion, long newVersion)
      throws RollbackException {
    if (newVersion < trustedVersion) {
      throw new RollbackException(roleName, trustedVersion, newVersion);
    }
  }

  /**
   * §5.3.5, §5.5.4, §5.6.2 (mix-and-match): the version must be exactly the expected one.
   *
   * @param roleName the role, for the message
   * @param expectedVersion the version the trusted metadata names
   * @param actualVersion the version the received metadata states
   * @throws BadVersionException when the versions differ
   */
  public static void checkVersion(String roleName, long expectedVersion, long actualVersion)
      throws BadVersionException {
    if (actualVersion != expectedVersion) {
      throw new BadVersionException(roleName, expectedVersion, actualVersion);
    }
  }

  /**
   * §5.5.2, §5.6.2, §5.7.3: the data's length must equal the trusted length.
   *
   * @param what the file or target, for the message
   * @param expectedLength the trusted length in bytes
   * @param actualLength the received length in bytes
   * @throws LengthMismatchException when the lengths differ
   */
  public static void checkLength(String what, long expectedLength, long actualLength)
      throws LengthMismatchException {
    if (actualLength != expectedLength) {
      throw new LengthMismatchException(what, expectedLength, actualLength);
    }
  }

  /**
   * §5.5.2, §5.6.2, §5.7.3: every listed digest must match. All listed algorithms are checked,
   * not just one the client prefers; an algorithm tuf4j cannot compute is an error rather than
   * silently skipped, so an attacker cannot pick which hash is checked.
   *
   * @param what the file or target, for the message
   * @param expected the trusted digests: algorithm name to hex
   * @param data the received bytes
   * @throws HashMismatchException when a digest differs
   * @throws UnsupportedFeatureException when a listed algorithm is not supported
   */
  public static void checkHashes(String what, Map<String, String> expected, byte[] data)
      throws HashMismatchException, UnsupportedFeatureException {
    for (Map.Entry<String, String> e : expected.entrySet()) {
      MessageDigest md = digest(what, e.getKey());
      compare(what, e.getKey(), e.getValue(), md.digest(data));
    }
  }

  /**
   * Streaming form of {@link #checkLength} and {@link #checkHashes}; reads at most length+1.
   *
   * @param what the file or target, for the message
   * @param expectedLength the trusted length in bytes
   * @param expected the trusted digests: algorithm name to hex
   * @param data the received stream; not closed
   * @throws IOException when reading fails
   * @throws LengthMismatchException when the stream is shorter or longer than {@code
   *     expectedLength}
   * @throws HashMismatchException when a digest differs
   * @throws UnsupportedFeatureException when a listed algorithm is not supported
   */
  public static void checkLengthAndHashes(String what, long expectedLength,
      Map<String, String> expected, InputStream data)
      throws IOException, LengthMismatchException, HashMismatchException,
          UnsupportedFeatureException {
    checkLengthAndHashes(what, expectedLength, expected, data, null);
  }

  /**
   * As {@link #checkLengthAndHashes(String, long, Map, InputStream)}, also writing every byte read
   * to {@code copy} (when not null): download and verify in one pass. For large data each digest
   * runs on a thread of its own while this thread reads and writes. Every listed algorithm must be
   * supported before a byte is read.
   *
   * @param what the file or target, for the message
   * @param expectedLength the trusted length in bytes
   * @param expected the trusted digests: algorithm name to hex
   * @param data the received stream; not closed
   * @param copy where to write what is read, or null
   * @throws IOException when reading or writing fails
   * @throws LengthMismatchException when the stream is shorter or longer than {@code
   *     expectedLength}
   * @throws HashMismatchException when a digest differs
   * @throws UnsupportedFeatureException when a listed algorithm is not supported
   */
  public static void checkLengthAndHashes(String what, long expectedLength,
      Map<String, String> expected, InputStream data, OutputStream copy)
      throws IOException, LengthMismatchException, HashMismatchException,
          UnsupportedFeatureException {
    String[] algorithms = expected.keySet().toArray(new String[0]);
    List<MessageDigest> digests = new ArrayList<>(algorithms.length);
    for (String algorithm : algorithms) {
      digests.add(digest(what, algorithm));
    }
    long total = StreamHashing.copy(data, copy, expectedLength + 1, digests);
    checkLength(what, expectedLength, total);
    for (int i = 0; i < algorithms.length; i++) {
      compare(what, algorithms[i], expected.get(algorithms[i]), digests.get(i).digest());
    }
  }

  private static void compare(String what, String algorithm, String expectedHex, byte[] actual)
      throws HashMismatchException {
    String actualHex = HexFormat.of().formatHex(actual);
    // Constant-time compare of the normalised hex: hashes are public, but it costs nothing.
    if (!MessageDigest.isEqual(actualHex.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        expectedHex.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      throw new HashMismatchException(what, algorithm, expectedHex, actualHex);
    }
  }

  private static MessageDigest digest(String what, String algorithm)
      throws UnsupportedFeatureException {
    String jca = switch (algorithm) {
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      case "sha512" -> "SHA-512";
      case "sha512_256", "sha512-256" -> "SHA-512/256";
      default -> throw new UnsupportedFeatureException(what + ": hash algorithm \"" + algorithm
          + "\" is not supported (sha256, sha384, sha512, sha512_256 are)");
    };
    try {
      return MessageDigest.getInstance(jca);
    } catch (NoSuchAlgorithmException e) {
      throw new UnsupportedFeatureException(what + ": " + jca + " unavailable in this JDK", e);
    }
  }
}
