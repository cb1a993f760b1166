package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * Writer options the Uptane repositories need: timestamps that list the snapshot's length and
 * hash (Uptane Standard #timestamp_meta; TUF spec §4.6 makes them optional), extra members on a
 * delegated role, and reading one role's target.
 */
class TimestampSnapshotHashesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"),
      ZoneOffset.UTC);

  @TempDir Path tmp;
  private FileSystemStorage storage;
  private final Map<RoleType, Signer> signers = new EnumMap<>(RoleType.class);

  @BeforeEach
  void setUp() throws Exception {
    storage = FileSystemStorage.open(tmp.resolve("repo"));
    for (RoleType t : RoleType.values()) {
      // ECDSA: a signature differs each time, so a re-signed snapshot is a different file.
      signers.put(t, KeyPairSigner.generate("ecdsa-sha2-nistp256"));
    }
  }

  private RepositoryEditor create(boolean listHashes) throws Exception {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    signers.forEach((t, s) -> roles.put(t, RoleKeys.of(RepositoryEditorTest.key(s))));
    RepositoryEditor editor = RepositoryEditor.create(storage, CLOCK, roles, true);
    editor.policy().setTimestampListsSnapshotHashes(listHashes);
    return editor;
  }

  private MetaFile publishedSnapshotMeta() throws Exception {
    return Signed.parse(storage.read("metadata/timestamp.json").orElseThrow(), Timestamp.class)
        .signed().snapshotMeta();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void byDefaultTheTimestampListsTheSnapshotVersionOnly_spec4_6() throws Exception {
    create(false).stage(List.copyOf(signers.values())).publish();
    assertEquals(MetaFile.of(1), publishedSnapshotMeta());
  }

  @Test
  void timestampListsTheSnapshotFilesLengthAndHash_uptane_timestamp_meta() throws Exception {
    RepositoryEditor editor = create(true);
    // Timestamp signer first: the timestamp must still be signed after the snapshot.
    editor.stage(List.of(signers.get(RoleType.TIMESTAMP), signers.get(RoleType.SNAPSHOT),
        signers.get(RoleType.TARGETS), signers.get(RoleType.ROOT))).publish();
    byte[] snapshot = storage.read("metadata/1.snapshot.json").orElseThrow();
    MetaFile meta = publishedSnapshotMeta();
    assertEquals(OptionalLong.of(snapshot.length), meta.length());
    assertEquals(Map.of("sha256", sha256(snapshot)), meta.hashes());
    // A timestamp-only release describes the snapshot published before it, as stored.
    RepositoryEditor reopened = RepositoryEditor.open(storage, CLOCK);
    reopened.policy().setTimestampListsSnapshotHashes(true);
    reopened.stage(List.of(signers.get(RoleType.TIMESTAMP))).publish();
    assertEquals(meta, publishedSnapshotMeta());
  }

  @Test
  void aLaterSnapshotSignatureIsFollowedByTheTimestampKeyTheReleaseHolds_uptane_timestamp_meta()
      throws Exception {
    RepositoryEditor editor = create(true);
    editor.stage(List.copyOf(signers.values())).publish();
    editor.targets().addTarget("a.txt", "a".getBytes(StandardCharsets.UTF_8), Optional.empty());
    Release release = editor.stage(List.of(signers.get(RoleType.TARGETS),
        signers.get(RoleType.TIMESTAMP)));
    assertTrue(release.status("timestamp").isComplete());
    byte[] before = release.files(MetadataEncoding.JSON).bytesToSign("timestamp");
    release.files(MetadataEncoding.JSON).addSignature("snapshot",
        release.files(MetadataEncoding.JSON).detachedSignature("snapshot",
        signers.get(RoleType.SNAPSHOT)));
    assertFalse(Arrays.equals(before,
        release.files(MetadataEncoding.JSON).bytesToSign("timestamp")),
        "the timestamp now describes the snapshot file with its signature");
    assertTrue(release.status("timestamp").isComplete(), "signed again by the key it knows");
    release.publish();
    byte[] snapshot = storage.read("metadata/2.snapshot.json").orElseThrow();
    assertEquals(Map.of("sha256", sha256(snapshot)), publishedSnapshotMeta().hashes());
  }

  @Test
  void aLaterSnapshotSignatureVoidsATimestampSignatureTheReleaseCannotMakeAgain_uptane_timestamp_meta()
      throws Exception {
    RepositoryEditor editor = create(true);
    editor.stage(List.copyOf(signers.values())).publish();
    editor.targets().addTarget("a.txt", "a".getBytes(StandardCharsets.UTF_8), Optional.empty());
    editor.stage(List.of(signers.get(RoleType.TARGETS), signers.get(RoleType.TIMESTAMP)))
        .save();
    RepositoryEditor another = RepositoryEditor.open(storage, CLOCK);
    another.policy().setTimestampListsSnapshotHashes(true);
    Release release = another.resumeStaged(); // another process: it holds no key
    assertTrue(release.status("timestamp").isComplete());
    release.files(MetadataEncoding.JSON).addSignature("snapshot",
        release.files(MetadataEncoding.JSON).detachedSignature("snapshot",
        signers.get(RoleType.SNAPSHOT)));
    assertFalse(release.status("timestamp").isComplete(),
        "the timestamp named the snapshot file without this signature");
    assertThrows(InvalidRepositoryException.class, release::publish);
    release.sign(signers.get(RoleType.TIMESTAMP));
    release.publish();
    byte[] snapshot = storage.read("metadata/2.snapshot.json").orElseThrow();
    assertEquals(Map.of("sha256", sha256(snapshot)), publishedSnapshotMeta().hashes());
  }

  @Test
  void delegationsCarryExtraMembers_spec4_5() throws Exception {
    RepositoryEditor editor = create(false);
    Signer supplier = KeyPairSigner.generate("ed25519");
    editor.delegations().delegate("targets", "supplier",
        RoleKeys.of(RepositoryEditorTest.key(supplier)),
        Optional.of(List.of("s/*")), Optional.empty(), false,
        Map.of("hardwareIds", new JsonValue.JsonArray(List.of(new JsonValue.JsonString("hw")))));
    assertThrows(IllegalArgumentException.class, () -> editor.delegations().delegate("targets",
        "other",
        RoleKeys.of(RepositoryEditorTest.key(supplier)), Optional.of(List.of("o/*")),
        Optional.empty(), false, Map.of("paths", JsonValue.JsonObject.EMPTY)));
    editor.targets().addTarget("supplier", "s/x.bin", "x".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    List<Signer> all = new java.util.ArrayList<>(signers.values());
    all.add(supplier);
    editor.stage(all).publish();
    DelegatedRole role = Signed.parse(storage.read("metadata/1.targets.json").orElseThrow(),
        Targets.class).signed().delegations().orElseThrow().roles().orElseThrow().get(0);
    assertEquals(Optional.of(List.of("s/*")), role.paths());
    assertTrue(role.unrecognizedFields().containsKey("hardwareIds"));
    assertTrue(editor.targets().target("supplier", "s/x.bin").isPresent());
    assertEquals(Optional.empty(), editor.targets().target("targets", "s/x.bin"));
  }
}
