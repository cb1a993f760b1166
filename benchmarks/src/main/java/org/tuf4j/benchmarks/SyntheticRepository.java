package org.tuf4j.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tuf4j.TufException;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;

/**
 * A deterministic synthetic repository for benchmarks and tests: {@code targets} target entries
 * named {@code pkgs/pkg-<i>.tar.gz}, each with a length, sha256 and sha512 derived from the seed,
 * listed by the top-level targets role or spread over 2^bits succinct hash bins. Keys are fresh
 * ed25519 keys (signatures differ between runs; metadata content and sizes do not).
 *
 * @param dir the published repository ({@code metadata/}, no target files: entries only)
 * @param trustedRoot {@code 1.root.json}, for clients
 * @param signers the online keys: every top-level role, then the bins' key
 */
public record SyntheticRepository(Path dir, byte[] trustedRoot, List<Signer> signers) {

  /** Writes the repository into {@code dir} (which must be empty or absent). */
  public static SyntheticRepository create(Path dir, int targets, int bits, long seed)
      throws TufException, IOException {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    List<Signer> signers = new ArrayList<>();
    for (RoleType t : RoleType.values()) {
      Signer s = KeyPairSigner.generate("ed25519");
      signers.add(s);
      roles.put(t, RoleKeys.of(key(s)));
    }
    Signer binKey = KeyPairSigner.generate("ed25519");
    signers.add(binKey);
    FileSystemStorage storage = FileSystemStorage.open(dir);
    RepositoryEditor editor = RepositoryEditor.create(storage, Clock.systemUTC(), roles, true);
    if (bits > 0) {
      editor.delegations().delegateHashBins("targets", bits, "bin", RoleKeys.of(key(binKey)));
    }
    for (int i = 0; i < targets; i++) {
      TargetFile t = target(seed, i);
      editor.targets().putTargetInfo(editor.targets().responsibleRoleFor(t.path()), t);
    }
    editor.stage(signers).publish();
    return new SyntheticRepository(dir, Files.readAllBytes(dir.resolve("metadata/1.root.json")),
        List.copyOf(signers));
  }

  /** Target entry {@code i} of the repository made from {@code seed}. */
  public static TargetFile target(long seed, int i) {
    byte[] id = ByteBuffer.allocate(16).putLong(seed).putLong(i).array();
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("sha256", HexFormat.of().formatHex(digest("SHA-256", id)));
    hashes.put("sha512", HexFormat.of().formatHex(digest("SHA-512", id)));
    long length = 1024 + Math.floorMod(seed * 31 + i * 7919L, 1 << 20);
    return new TargetFile(path(i), length, hashes, Optional.empty(), Map.of());
  }

  /** Hash-bin prefix length for {@code targets} entries: at most about 256 per bin (TAP 15). */
  public static int binBitsFor(int targets) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, targets / 256)));
  }

  /** The path of target entry {@code i}. */
  public static String path(int i) {
    return "pkgs/pkg-" + i + ".tar.gz";
  }

  /** Deletes {@code dir} and everything under it (benchmarks clean up their temporary trees). */
  public static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JDK", e);
    }
  }
}
