package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.metadata.DelegatedRole;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.SuccinctRoles;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.verify.MetadataChecks;
import org.tuf4j.verify.SignatureThreshold;

/**
 * Repositories written by python-tuf's Metadata API (fixtures/python-tuf-*): every
 * role verifies with tuf4j's model and rules at the fixture's reference time.
 */
class PythonTufFixturesTest {
  private static final Instant REFERENCE_TIME = Instant.parse("2030-01-01T00:00:00Z");
  private static final CryptoBackend BACKEND = CryptoBackends.defaultBackend();

  private static <T extends org.tuf4j.metadata.RoleMetadata> Signed<T> read(String path,
      Class<T> type) throws Exception {
    Signed<T> md = Signed.parse(Fixtures.read(path), type);
    MetadataChecks.checkNotExpired(path, md.signed(), REFERENCE_TIME);
    return md;
  }

  /** Root v1 → v2 with ed25519, ECDSA P-256 and RSASSA-PSS keys (§5.3.4, §5.3.5). */
  @Test
  void basicRepositoryVerifiesFromInitialRootThroughDelegations_spec5_3_to_5_6() throws Exception {
    String dir = "python-tuf-basic/metadata/";
    Signed<Root> v1 = Signed.parse(Fixtures.read("python-tuf-basic/initial_root.json"),
        Root.class);
    SignatureThreshold.verify(v1.signed(), RoleType.ROOT, v1, BACKEND);
    Signed<Root> v2 = read(dir + "2.root.json", Root.class);
    SignatureThreshold.verify(v1.signed(), RoleType.ROOT, v2, BACKEND);
    SignatureThreshold.verify(v2.signed(), RoleType.ROOT, v2, BACKEND);
    MetadataChecks.checkVersion("root", 2, v2.signed().version());
    Root root = v2.signed();
    assertTrue(root.consistentSnapshot());

    Signed<Timestamp> timestamp = read(dir + "timestamp.json", Timestamp.class);
    SignatureThreshold.verify(root, RoleType.TIMESTAMP, timestamp, BACKEND);
    MetaFile snapshotMeta = timestamp.signed().snapshotMeta();
    byte[] snapshotBytes = Fixtures.read(dir + snapshotMeta.version() + ".snapshot.json");
    checkMetaFile("snapshot", snapshotMeta, snapshotBytes);
    Signed<Snapshot> snapshot = read(dir + snapshotMeta.version() + ".snapshot.json",
        Snapshot.class);
    SignatureThreshold.verify(root, RoleType.SNAPSHOT, snapshot, BACKEND);

    MetaFile targetsMeta = snapshot.signed().metaFor("targets").orElseThrow();
    String targetsFile = dir + targetsMeta.version() + ".targets.json";
    checkMetaFile("targets", targetsMeta, Fixtures.read(targetsFile));
    Signed<Targets> targets = read(targetsFile, Targets.class);
    SignatureThreshold.verify(root, RoleType.TARGETS, targets, BACKEND);

    // role1 and role2 are delegated by targets, role3 by role1.
    Signed<Targets> role1 = delegated(dir, snapshot.signed(), targets.signed(), "role1");
    delegated(dir, snapshot.signed(), targets.signed(), "role2");
    Signed<Targets> role3 = delegated(dir, snapshot.signed(), role1.signed(), "role3");

    DelegatedRole role2Delegation = targets.signed().delegations().orElseThrow().roles()
        .orElseThrow().get(1);
    assertTrue(role2Delegation.terminating());
    assertTrue(role2Delegation.isDelegatedPath("c/lib.so"));
    DelegatedRole role1Delegation = targets.signed().delegations().orElseThrow().roles()
        .orElseThrow().get(0);
    assertFalse(role1Delegation.isDelegatedPath("a/x/y/z.bin"), "'*' must not match '/'");
    assertTrue(role1Delegation.isDelegatedPath("a/deep/app-1.1.bin"));

    // Targets found, with the hashes and lengths python-tuf reported, and their files verify.
    JsonObject expected = expected("python-tuf-basic");
    JsonObject found = (JsonObject) expected.get("targets_found");
    Map<String, Targets> byRole = Map.of("targets", targets.signed(), "role1", role1.signed(),
        "role3", role3.signed(), "role2",
        delegated(dir, snapshot.signed(), targets.signed(), "role2").signed());
    for (Map.Entry<String, JsonValue> e : found.members().entrySet()) {
      JsonObject info = (JsonObject) e.getValue();
      String via = ((JsonValue.JsonString) info.get("via_role")).value();
      TargetFile target = byRole.get(via).targets().get(e.getKey());
      assertEquals(((JsonValue.JsonNumber) info.get("length")).value(), target.length());
      JsonObject hashes = (JsonObject) info.get("hashes");
      hashes.members().forEach((alg, hex) ->
          assertEquals(((JsonValue.JsonString) hex).value(), target.hashes().get(alg)));
      String sha256 = target.hashes().get("sha256");
      byte[] content = Files.readAllBytes(Fixtures.path("python-tuf-basic/targets/"
          + parentOf(e.getKey()) + sha256 + "." + fileName(e.getKey())));
      MetadataChecks.checkLength(e.getKey(), target.length(), content.length);
      MetadataChecks.checkHashes(e.getKey(), target.hashes(), content);
    }
  }

  /** TAP 15: 16 succinct bins, each verified by the keys targets delegates to them. */
  @Test
  void hashBinRepositoryVerifiesEveryBinAndPlacesSampleTargets_tap15() throws Exception {
    String dir = "python-tuf-hashbins/metadata/";
    Signed<Root> root = read(dir + "root.json", Root.class);
    SignatureThreshold.verify(root.signed(), RoleType.ROOT, root, BACKEND);
    Signed<Timestamp> timestamp = read(dir + "timestamp.json", Timestamp.class);
    SignatureThreshold.verify(root.signed(), RoleType.TIMESTAMP, timestamp, BACKEND);
    Signed<Snapshot> snapshot = read(dir + "snapshot.json", Snapshot.class);
    SignatureThreshold.verify(root.signed(), RoleType.SNAPSHOT, snapshot, BACKEND);
    Signed<Targets> targets = read(dir + "targets.json", Targets.class);
    SignatureThreshold.verify(root.signed(), RoleType.TARGETS, targets, BACKEND);
    SuccinctRoles bins = targets.signed().delegations().orElseThrow().succinctRoles()
        .orElseThrow();
    assertEquals(16, bins.numberOfBins());

    int targetCount = 0;
    for (long i = 0; i < bins.numberOfBins(); i++) {
      String name = bins.roleName(i);
      Signed<Targets> bin = delegated(dir, snapshot.signed(), targets.signed(), name);
      for (String path : bin.signed().targets().keySet()) {
        assertEquals(name, bins.roleNameFor(path), path);
      }
      targetCount += bin.signed().targets().size();
    }
    assertEquals(1000, targetCount);

    JsonObject samples = (JsonObject) expected("python-tuf-hashbins").get("sample_targets");
    for (Map.Entry<String, JsonValue> e : samples.members().entrySet()) {
      String bin = ((JsonValue.JsonString) ((JsonObject) e.getValue()).get("bin")).value();
      assertEquals(bin, bins.roleNameFor(e.getKey()));
      TargetFile target = Signed.parse(Fixtures.read(dir + bin + ".json"), Targets.class)
          .signed().targets().get(e.getKey());
      byte[] content = Files.readAllBytes(Fixtures.path("python-tuf-hashbins/targets/"
          + e.getKey()));
      MetadataChecks.checkLength(e.getKey(), target.length(), content.length);
      MetadataChecks.checkHashes(e.getKey(), target.hashes(), content);
    }
  }

  private static Signed<Targets> delegated(String dir, Snapshot snapshot, Targets delegator,
      String name) throws Exception {
    MetaFile meta = snapshot.metaFor(name).orElseThrow(() -> new AssertionError(name));
    boolean consistent = Files.exists(Fixtures.path(dir + meta.version() + "." + name + ".json"));
    String file = dir + (consistent ? meta.version() + "." : "") + name + ".json";
    checkMetaFile(name, meta, Fixtures.read(file));
    Signed<Targets> md = read(file, Targets.class);
    SignatureThreshold.verifyDelegated(delegator, name, md, BACKEND);
    MetadataChecks.checkVersion(name, meta.version(), md.signed().version());
    return md;
  }

  private static void checkMetaFile(String what, MetaFile meta, byte[] bytes) throws Exception {
    if (meta.length().isPresent()) {
      MetadataChecks.checkLength(what, meta.length().getAsLong(), bytes.length);
    }
    MetadataChecks.checkHashes(what, meta.hashes(), bytes);
  }

  private static JsonObject expected(String fixture) throws Exception {
    return (JsonObject) CanonicalJson.parse(Fixtures.read(fixture + "/expected.json"));
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash + 1);
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
