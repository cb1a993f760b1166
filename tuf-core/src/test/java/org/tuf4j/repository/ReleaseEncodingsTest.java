package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;

/**
 * The writer publishing JSON, deterministic CBOR, or both side by side (the Uptane issue's
 * compact encoding; TUF spec §6): each file set complete and signed in its own encoding with the
 * same keys, the same logical content in both, detached signatures per encoding.
 */
class ReleaseEncodingsTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final MetadataEncoding JSON = MetadataEncoding.JSON;
  private static final MetadataEncoding CBOR = MetadataEncoding.CBOR;
  private static final Set<MetadataEncoding> BOTH = EnumSet.allOf(MetadataEncoding.class);

  @TempDir Path tmp;
  private FileSystemStorage storage;
  private final Map<RoleType, Signer> signers = new EnumMap<>(RoleType.class);

  @BeforeEach
  void setUp() throws Exception {
    storage = FileSystemStorage.open(tmp.resolve("repo"));
    for (RoleType t : RoleType.values()) {
      signers.put(t, KeyPairSigner.generate("ed25519"));
    }
  }

  private RepositoryEditor create(Set<MetadataEncoding> encodings) throws Exception {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    signers.forEach((t, s) -> roles.put(t, RoleKeys.of(RepositoryEditorTest.key(s))));
    return RepositoryEditor.create(storage, CLOCK, roles, true, encodings);
  }

  /** Every signer but root's, which is kept offline. */
  private List<Signer> online() {
    List<Signer> out = new ArrayList<>(signers.values());
    out.remove(signers.get(RoleType.ROOT));
    return out;
  }

  private List<Signer> all() {
    return List.copyOf(signers.values());
  }

  private Set<String> metadataFiles() throws Exception {
    try (Stream<Path> files = Files.list(storage.root().resolve("metadata"))) {
      return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
    }
  }

  private Updater client(MetadataEncoding encoding) throws Exception {
    return RepositoryClients.client(tmp.resolve("client-" + encoding), storage.root(),
        storage.root().toUri(), encoding, CLOCK, FileFetcher.create());
  }

  @Test
  void cborOnlyRepositoryPublishesCborFilesOnly() throws Exception {
    RepositoryEditor editor = create(Set.of(CBOR));
    editor.targets().addTarget("fw/app.bin", "v1".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    editor.stage(all()).publish();
    assertEquals(Set.of("1.root.cbor", "root.cbor", "1.targets.cbor", "1.snapshot.cbor",
        "timestamp.cbor"), metadataFiles());
    Updater client = client(CBOR);
    assertEquals("v1", Files.readString(client.download(
        client.getTargetInfo("fw/app.bin").orElseThrow())));
    assertEquals(Set.of(CBOR), RepositoryEditor.open(storage, CLOCK).encodings());
  }

  /**
   * Both file sets list the same versions, expiry, META keys ("targets.json") and targets; each
   * is signed over its own encoding by the same keys, so the signatures differ.
   */
  @Test
  void bothEncodingsCarryTheSameContentSignedInEach() throws Exception {
    RepositoryEditor editor = create(BOTH);
    editor.targets().addTarget("fw/app.bin", "v1".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    editor.stage(all()).publish();
    editor = RepositoryEditor.open(storage, CLOCK);
    assertEquals(BOTH, editor.encodings());
    editor.targets().addTarget("fw/app.bin", "v2".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    editor.touch("root");
    editor.stage(all()).publish();
    Set<String> files = metadataFiles();
    for (String name : List.of("1.root", "2.root", "root", "2.targets", "2.snapshot",
        "timestamp")) {
      byte[] json = Files.readAllBytes(storage.root().resolve("metadata/" + name + ".json"));
      byte[] cbor = Files.readAllBytes(storage.root().resolve("metadata/" + name + ".cbor"));
      Signed<RoleMetadata> a = Signed.parseAny(json, ParseOptions.DEFAULT.withEncoding(JSON));
      Signed<RoleMetadata> b = Signed.parseAny(cbor, ParseOptions.DEFAULT.withEncoding(CBOR));
      // The same content, except that snapshot and timestamp describe their own encoding's
      // files (length and hashes): each file set stands alone.
      assertEquals(withoutFileDescriptions(a.signed()), withoutFileDescriptions(b.signed()),
          name);
      assertEquals(a.signatures().stream().map(Signature::keyId).toList(),
          b.signatures().stream().map(Signature::keyId).toList(), name);
      assertNotEquals(a.signatures(), b.signatures(), name);
      assertTrue(files.contains(name + ".json") && files.contains(name + ".cbor"), name);
    }
    Signed<RoleMetadata> snapshot = Signed.parseAny(Files.readAllBytes(storage.root()
        .resolve("metadata/2.snapshot.cbor")), ParseOptions.DEFAULT.withEncoding(CBOR));
    assertEquals(Set.of("targets.json"),
        ((org.tuf4j.metadata.Snapshot) snapshot.signed()).meta().keySet());
    for (MetadataEncoding e : BOTH) {
      Updater client = client(e);
      assertEquals("v2", Files.readString(client.download(
          client.getTargetInfo("fw/app.bin").orElseThrow())));
      assertEquals(2, client.trustedRoot().signed().version());
    }
  }

  @Test
  void jsonRepositoryKeepsTheSingleEncodingApi() throws Exception {
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    signers.forEach((t, s) -> roles.put(t, RoleKeys.of(RepositoryEditorTest.key(s))));
    RepositoryEditor editor = RepositoryEditor.create(storage, CLOCK, roles, true);
    assertEquals(Set.of(JSON), editor.encodings());
    Release release = editor.stage(online());
    assertArrayEquals(release.files(MetadataEncoding.JSON).bytesToSign("root"),
        release.files(JSON).bytesToSign("root"));
    assertThrows(IllegalArgumentException.class, () -> release.files(CBOR).bytesToSign("root"));
    release.files(MetadataEncoding.JSON).addSignature("root",
        release.files(MetadataEncoding.JSON).detachedSignature("root", signers.get(RoleType.ROOT)));
    release.publish();
    assertTrue(metadataFiles().stream().noneMatch(f -> f.endsWith(".cbor")));
  }

  /**
   * Offline signing with both encodings: the signer signs each encoding's bytes; a signature
   * over one encoding is refused for the other; publish waits for both.
   */
  @Test
  void detachedSignaturesNameTheirEncoding_spec5_3_4() throws Exception {
    Release release = create(BOTH).stage(online());
    assertEquals(BOTH, release.encodings());
    byte[] overJson = release.files(JSON).bytesToSign("root");
    byte[] overCbor = release.files(CBOR).bytesToSign("root");
    assertEquals(JSON.encode(release.root().orElseThrow().signed().toJson()).length,
        overJson.length);
    assertFalse(java.util.Arrays.equals(overJson, overCbor));

    RoleStatus status = release.status("root");
    assertEquals(2, status.thresholds().size());
    assertTrue(status.describe().contains("CBOR") && status.describe().contains("JSON"),
        status.describe());

    Signer root = signers.get(RoleType.ROOT);
    Signature jsonSig = release.files(JSON).detachedSignature("root", root);
    InvalidRepositoryException wrong = assertThrows(InvalidRepositoryException.class,
        () -> release.files(CBOR).addSignature("root", jsonSig));
    assertTrue(wrong.getMessage().contains("CBOR"), wrong.getMessage());
    release.files(JSON).addSignature("root", jsonSig);
    assertFalse(release.isFullySigned());
    InvalidRepositoryException refused = assertThrows(InvalidRepositoryException.class,
        release::publish);
    assertTrue(refused.getMessage().contains("CBOR"), refused.getMessage());
    assertFalse(Files.exists(storage.root().resolve("metadata/timestamp.json")));

    release.files(CBOR).addSignature("root", release.files(CBOR).detachedSignature("root", root));
    assertTrue(release.isFullySigned());
    release.publish();
    for (MetadataEncoding e : BOTH) {
      client(e).refresh();
    }
  }

  /** A release saved for offline signers keeps both file sets; each is signed and imported. */
  @Test
  void savedReleaseKeepsEveryEncodingForOfflineSigners() throws Exception {
    RepositoryEditor editor = create(BOTH);
    editor.stage(all()).publish();
    editor.targets().addTarget("a.txt", "a".getBytes(StandardCharsets.UTF_8), Optional.empty());
    editor.touch("root");
    editor.stage(online()).save();
    assertTrue(Files.exists(storage.root().resolve("staged/root.json")));
    assertTrue(Files.exists(storage.root().resolve("staged/root.cbor")));

    Release resumed = RepositoryEditor.resume(storage, CLOCK);
    assertEquals(BOTH, resumed.encodings());
    Signer root = signers.get(RoleType.ROOT);
    // A key holder elsewhere signs the exported CBOR file and sends it back.
    byte[] exported = resumed.files(CBOR).export("root");
    Signed<RoleMetadata> copy = Signed.parseAny(exported, ParseOptions.DEFAULT.withEncoding(CBOR));
    Signature sig = Signature.of(RepositoryEditorTest.key(root).computeKeyId(),
        root.sign(copy.canonicalSigned()));
    byte[] signedCopy = CBOR.encode(copy.withSignatures(List.of(sig)).toJson());
    assertEquals(1, resumed.files(CBOR).importSignatures("root", signedCopy));
    // The same signature in a JSON copy is over the wrong bytes; CBOR is no JSON file at all.
    byte[] jsonCopy = JSON.encode(copy.withSignatures(List.of(sig)).toJson());
    assertThrows(InvalidRepositoryException.class,
        () -> resumed.files(JSON).importSignatures("root", jsonCopy));
    assertThrows(MalformedMetadataException.class,
        () -> resumed.files(JSON).importSignatures("root", signedCopy));
    resumed.files(JSON).addSignature("root", resumed.files(JSON).detachedSignature("root", root));
    resumed.publish();
    assertFalse(Files.exists(storage.root().resolve("staged/root.cbor")));
    assertFalse(RepositoryEditor.hasStaged(storage));
    for (MetadataEncoding e : BOTH) {
      Updater client = client(e);
      assertTrue(client.getTargetInfo("a.txt").isPresent(), e.toString());
      assertEquals(2, client.trustedRoot().signed().version());
    }
  }

  @Test
  void aRepositoryInEitherEncodingCannotBeCreatedTwice() throws Exception {
    create(Set.of(CBOR)).stage(all()).publish();
    assertThrows(InvalidRepositoryException.class, () -> create(Set.of(JSON)));
    assertThrows(IllegalArgumentException.class, () -> RepositoryEditor.create(
        FileSystemStorage.open(tmp.resolve("other")), CLOCK, Map.of(), true, Set.of()));
  }

  /** Snapshot and timestamp with their meta reduced to versions; other roles as they are. */
  private static Object withoutFileDescriptions(RoleMetadata md) {
    if (md instanceof org.tuf4j.metadata.Snapshot s) {
      Map<String, Long> versions = new java.util.TreeMap<>();
      s.meta().forEach((k, v) -> versions.put(k, v.version()));
      return List.of(s.version(), s.expires(), versions);
    }
    if (md instanceof org.tuf4j.metadata.Timestamp t) {
      return List.of(t.version(), t.expires(), t.snapshotMeta().version());
    }
    return md;
  }
}
