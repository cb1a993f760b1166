package org.tuf4j.uptane;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.TufException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.repository.Storage;

/**
 * The root every vehicle of a {@link DirectorRepository} shares, as read from the Director's
 * root repository, and the online signers for it (Uptane Standard #director_repository: the
 * Director's root is kept offline, its targets, snapshot and timestamp keys online). Each root
 * version is verified by its predecessor and by itself in each encoding published (TUF spec
 * 1.0.34 §5.3.4, "Update the root role"), every encoding must hold the same root, and that root
 * must set {@code consistent_snapshot}, as the Director's file names carry their version
 * (#metadata_filename_rules).
 *
 * @param signed the newest root
 * @param files per encoding published, every root version's file in that encoding, version
 *     {@code i + 1} at index {@code i}
 * @param signers the online signers of targets, snapshot and timestamp, each meeting its
 *     role's threshold under {@code signed}
 */
record SharedRoot(Signed<Root> signed, Map<MetadataEncoding, List<byte[]>> files,
    Map<RoleType, RoleSigners> signers) {
  /** The roles whose keys the Director holds online and signs with. */
  static final List<RoleType> ONLINE = List.of(RoleType.TARGETS, RoleType.SNAPSHOT,
      RoleType.TIMESTAMP);

  long version() {
    return signed.signed().version();
  }

  byte[] file(MetadataEncoding encoding, long version) {
    return files.get(encoding).get((int) (version - 1));
  }

  /** The whole file of {@code metadata} in {@code encoding}, signed by the role's online keys. */
  byte[] sign(RoleType role, RoleMetadata metadata, MetadataEncoding encoding)
      throws InvalidRepositoryException {
    Signed<RoleMetadata> unsigned = Signed.of(metadata, List.of(), encoding);
    return unsigned.withSignatures(signers.get(role).sign(unsigned.canonicalSigned()))
        .toBytes();
  }

  /**
   * Whether root {@code version} is published in every encoding: a root publish interrupted
   * between two encodings is adopted once complete, so every file set keeps the same root.
   */
  static boolean nextPublished(Storage storage, long version, Set<MetadataEncoding> encodings)
      throws IOException {
    for (MetadataEncoding e : encodings) {
      if (!storage.exists(rootPath(e, version))) {
        return false;
      }
    }
    return true;
  }

  private static String rootPath(MetadataEncoding encoding, long version) {
    return "metadata/" + encoding.fileName(version + ".root");
  }

  /**
   * Reads root versions from {@code from}'s next one (or 1) onwards in each of {@code
   * encodings}, each verified by its predecessor and itself (TUF spec §5.3.4) in its own
   * encoding, checks that every encoding holds the same root, and checks the online signers
   * against the newest.
   *
   * @param from the root adopted so far, or null to start from version 1
   */
  static SharedRoot load(Storage storage, SharedRoot from, Clock clock, List<Signer> signers,
      Set<MetadataEncoding> encodings) throws TufException, IOException {
    Map<MetadataEncoding, List<byte[]>> files = new EnumMap<>(MetadataEncoding.class);
    Map<MetadataEncoding, TrustedMetadataSet> sets = new EnumMap<>(MetadataEncoding.class);
    for (MetadataEncoding e : encodings) {
      List<byte[]> chain = new ArrayList<>(from == null ? List.of() : from.files().get(e));
      if (chain.isEmpty()) {
        chain.add(firstRoot(storage, e));
      }
      sets.put(e, TrustedMetadataSet.fromTrustedRoot(chain.get(chain.size() - 1),
          TrustOptions.at(clock.instant()).withBackend(CryptoBackends.defaultBackend())
              .withLimits(JsonLimits.DEFAULT).withEncoding(e)));
      files.put(e, chain);
    }
    MetadataEncoding first = encodings.iterator().next();
    for (long next = files.get(first).size() + 1;
        nextPublished(storage, next, encodings); next++) {
      for (MetadataEncoding e : encodings) {
        byte[] file = storage.read(rootPath(e, next)).orElseThrow(() ->
            new InvalidRepositoryException("the root repository lost a root file being read"));
        sets.get(e).updateRoot(file);
        files.get(e).add(file);
      }
    }
    Root root = sameRootInEach(sets, first);
    Map<MetadataEncoding, List<byte[]>> chains = new EnumMap<>(MetadataEncoding.class);
    files.forEach((e, chain) -> chains.put(e, List.copyOf(chain)));
    return new SharedRoot(sets.get(first).root(), Collections.unmodifiableMap(chains),
        onlineSigners(root, signers));
  }

  private static byte[] firstRoot(Storage storage, MetadataEncoding e)
      throws InvalidRepositoryException, IOException {
    return storage.read(rootPath(e, 1)).orElseThrow(() -> new InvalidRepositoryException(
        "the root repository has no " + rootPath(e, 1) + (e == MetadataEncoding.JSON ? ""
            : ": the Director publishes " + e + " metadata only when its root repository "
            + "does (RepositoryEditor.create with that encoding, or tuf init --encoding)")));
  }

  /** The root {@code first}'s set trusts, once each other encoding is shown to trust it too. */
  private static Root sameRootInEach(Map<MetadataEncoding, TrustedMetadataSet> sets,
      MetadataEncoding first) throws InvalidRepositoryException {
    Root root = sets.get(first).root().signed();
    for (Map.Entry<MetadataEncoding, TrustedMetadataSet> e : sets.entrySet()) {
      if (!e.getValue().root().signed().equals(root)) {
        throw new InvalidRepositoryException("the root repository's " + e.getKey() + " root v"
            + e.getValue().root().signed().version() + " is not its " + first + " root v"
            + root.version() + "; every encoding publishes the same root");
      }
    }
    if (!root.consistentSnapshot()) {
      throw new InvalidRepositoryException("the Director's root v" + root.version() + " must set "
          + "consistent_snapshot: metadata file names carry their version "
          + "(#metadata_filename_rules)");
    }
    return root;
  }

  private static Map<RoleType, RoleSigners> onlineSigners(Root root, List<Signer> signers)
      throws InvalidRepositoryException {
    Map<RoleType, RoleSigners> roleSigners = new EnumMap<>(RoleType.class);
    for (RoleType type : ONLINE) {
      roleSigners.put(type, RoleSigners.of(type.typeName(), root.keys(), root.role(type),
          signers).requireThreshold());
    }
    return Collections.unmodifiableMap(roleSigners);
  }
}
