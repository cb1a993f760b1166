package org.tuf4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.tuf4j.TufException;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Timestamp;

/**
 * Writes a {@link SyntheticRepository} to a directory, so that tuf4j and other TUF clients (see
 * {@code benchmarks/peers/}) can be measured on the very same files.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.tuf4j.benchmarks.GenerateRepository \
 *     [--snapshot-lengths] DIR TARGETS [BITS] [SEED]
 * </pre>
 *
 * <p>{@code DIR} must be empty or absent; the metadata is written to {@code DIR/metadata/} (no
 * target files: entries only). {@code BITS} (default 0) spreads the targets over 2^BITS succinct
 * hash bins; {@code SEED} (default 42) fixes every entry's name, length and hashes.
 *
 * <p>{@code --snapshot-lengths} also lists each targets metadata file's {@code length} in the
 * snapshot (optional in TUF spec §4.4, METAFILES) and re-signs the snapshot. Clients that have no
 * length for a file fall back to a fixed cap: sigstore-java 2.0.0 reads at most 2,000,000 bytes
 * of {@code targets.json} ({@code SnapshotMeta.DEFAULT_MAX_LENGTH}), tuf-js 5.0.1 and tuf4j
 * ({@code targetsMaxLength}) at most 5,000,000, less than the targets metadata of 10k (2.7 MB)
 * or 100k (27 MB) entries. With the lengths listed, every client reads the same files.
 */
public final class GenerateRepository {
  private GenerateRepository() {}

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    boolean snapshotLengths = false;
    for (String a : args) {
      if (a.equals("--snapshot-lengths")) {
        snapshotLengths = true;
      } else if (a.startsWith("--")) {
        usage("unknown option " + a);
      } else {
        positional.add(a);
      }
    }
    if (positional.size() < 2 || positional.size() > 4) {
      usage(null);
    }
    Path dir = Path.of(positional.get(0));
    int targets = Integer.parseInt(positional.get(1));
    int bits = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 0;
    long seed = positional.size() > 3 ? Long.parseLong(positional.get(3)) : 42;
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          usage(dir + " is not empty");
        }
      }
    }
    long start = System.nanoTime();
    create(dir, targets, bits, seed, snapshotLengths);
    System.out.printf("%s: %d targets, %d bin bits, seed %d%s (%d ms)%n",
        dir.resolve("metadata"), targets, bits, seed,
        snapshotLengths ? ", snapshot lists lengths" : "",
        (System.nanoTime() - start) / 1_000_000);
  }

  private static void usage(String error) {
    if (error != null) {
      System.err.println(error);
    }
    System.err.println("usage: GenerateRepository [--snapshot-lengths] DIR TARGETS [BITS] [SEED]");
    System.exit(2);
  }

  /**
   * {@link SyntheticRepository#create}, then, if {@code snapshotLengths}, {@link
   * #addSnapshotLengths}.
   */
  public static SyntheticRepository create(Path dir, int targets, int bits, long seed,
      boolean snapshotLengths) throws TufException, IOException, GeneralSecurityException {
    SyntheticRepository repo = SyntheticRepository.create(dir, targets, bits, seed);
    if (snapshotLengths) {
      addSnapshotLengths(repo);
    }
    return repo;
  }

  /**
   * Rewrites the current snapshot of {@code repo} with the {@code length} of every targets
   * metadata file it lists, signed again with the snapshot key; the version, expiry and every
   * other field stay. The timestamp names the snapshot by version only, so it stays valid; a
   * timestamp that lists the snapshot's length or hashes is refused rather than left stale.
   * tuf4j's writer lists every length (and sha256) by default: a snapshot that does already is
   * left as it is.
   */
  public static void addSnapshotLengths(SyntheticRepository repo)
      throws TufException, IOException, GeneralSecurityException {
    Path metadata = repo.dir().resolve("metadata");
    Signed<Timestamp> timestamp =
        Signed.parse(Files.readAllBytes(metadata.resolve("timestamp.json")), Timestamp.class);
    MetaFile snapshotMeta = timestamp.signed().snapshotMeta();
    Path listed = metadata.resolve(snapshotMeta.version() + ".snapshot.json");
    if (Signed.parse(Files.readAllBytes(listed), Snapshot.class).signed().meta().values()
        .stream().allMatch(m -> m.length().isPresent())) {
      return;
    }
    if (snapshotMeta.length().isPresent() || !snapshotMeta.hashes().isEmpty()) {
      throw new IllegalStateException("timestamp.json lists the snapshot's length or hashes;"
          + " rewriting the snapshot would need a new timestamp too");
    }
    Path snapshotFile = metadata.resolve(snapshotMeta.version() + ".snapshot.json");
    Snapshot old = Signed.parse(Files.readAllBytes(snapshotFile), Snapshot.class).signed();
    Map<String, MetaFile> meta = new LinkedHashMap<>();
    for (Map.Entry<String, MetaFile> e : old.meta().entrySet()) {
      MetaFile m = e.getValue();
      long length = Files.size(metadata.resolve(m.version() + "." + e.getKey()));
      meta.put(e.getKey(),
          new MetaFile(m.version(), OptionalLong.of(length), m.hashes(), m.unrecognizedFields()));
    }
    Snapshot updated = new Snapshot(old.specVersion(), old.version(), old.expires(), meta,
        old.unrecognizedFields());
    Signer signer = repo.signers().get(RoleType.SNAPSHOT.ordinal());
    Signed<Snapshot> unsigned = Signed.of(updated, List.of());
    Signature signature = Signature.of(SyntheticRepository.key(signer).computeKeyId(),
        signer.sign(unsigned.canonicalSigned()));
    Files.write(snapshotFile, unsigned.withSignatures(List.of(signature)).toBytes());
  }
}
