package org.tuf4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tuf4j.ExpiredMetadataException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.crypto.CryptoBackend;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.testing.Fixtures;
import org.tuf4j.verify.MetadataChecks;
import org.tuf4j.verify.SignatureThreshold;
import org.tuf4j.verify.ThresholdResult;

/**
 * Sigstore's real production root history (fixtures/sigstore-root-signing), against
 * the outcomes python-tuf reached (its expected.json). Root rotation: TUF spec §5.3.4-§5.3.5.
 */
class SigstoreRootHistoryTest {
  private static final String DIR = "sigstore-root-signing/metadata/";
  private static final Instant REFERENCE_TIME = Instant.parse("2026-08-01T00:00:00Z");
  private static final CryptoBackend BACKEND = CryptoBackends.defaultBackend();

  private static Signed<Root> root(int version) throws Exception {
    return Signed.parse(Fixtures.read(DIR + "root_history/" + version + ".root.json"), Root.class);
  }

  @Test
  void eachRootFrom5To15IsSignedByThresholdOfPreviousRootAndItself_spec5_3_4() throws Exception {
    Signed<Root> trusted = root(5);
    SignatureThreshold.verify(trusted.signed(), RoleType.ROOT, trusted, BACKEND);
    for (int v = 6; v <= 15; v++) {
      Signed<Root> next = root(v);
      ThresholdResult byOld = SignatureThreshold.verify(trusted.signed(), RoleType.ROOT, next,
          BACKEND);
      ThresholdResult byNew = SignatureThreshold.verify(next.signed(), RoleType.ROOT, next,
          BACKEND);
      assertTrue(byOld.signedBy().size() >= 3 && byNew.signedBy().size() >= 3, "root v" + v);
      MetadataChecks.checkVersion("root", trusted.signed().version() + 1,
          next.signed().version());
      trusted = next;
    }
    assertEquals(15, trusted.signed().version());
  }

  @Test
  void topLevelMetadataVerifiesAgainstRoot15AtTheReferenceTime_spec5_4_to_5_6() throws Exception {
    Root root = root(15).signed();
    MetadataChecks.checkNotExpired("root", root, REFERENCE_TIME);
    Signed<Timestamp> timestamp = Signed.parse(Fixtures.read(DIR + "timestamp.json"),
        Timestamp.class);
    Signed<Snapshot> snapshot = Signed.parse(Fixtures.read(DIR + "snapshot.json"),
        Snapshot.class);
    Signed<Targets> targets = Signed.parse(Fixtures.read(DIR + "targets.json"), Targets.class);

    SignatureThreshold.verify(root, RoleType.TIMESTAMP, timestamp, BACKEND);
    SignatureThreshold.verify(root, RoleType.SNAPSHOT, snapshot, BACKEND);
    SignatureThreshold.verify(root, RoleType.TARGETS, targets, BACKEND);
    for (var md : java.util.List.of(timestamp, snapshot, targets)) {
      MetadataChecks.checkNotExpired(md.signed().type().typeName(), md.signed(), REFERENCE_TIME);
    }
    assertEquals(762, timestamp.signed().version());
    assertEquals(165, snapshot.signed().version());
    MetadataChecks.checkVersion("snapshot", timestamp.signed().snapshotMeta().version(),
        snapshot.signed().version());
    MetadataChecks.checkVersion("targets", snapshot.signed().metaFor("targets").orElseThrow()
        .version(), targets.signed().version());
    assertEquals(14, targets.signed().version());
    assertEquals(11, targets.signed().targets().size());

    // The delegated role registry.npmjs.org verifies against targets' delegation.
    Signed<Targets> npm = Signed.parse(Fixtures.read(DIR + "registry.npmjs.org.json"),
        Targets.class);
    SignatureThreshold.verifyDelegated(targets.signed(), "registry.npmjs.org", npm, BACKEND);
    MetadataChecks.checkVersion("registry.npmjs.org", snapshot.signed()
        .metaFor("registry.npmjs.org").orElseThrow().version(), npm.signed().version());
  }

  /**
   * Root v4 lists its keys as hex-encoded EC points; python-tuf (securesystemslib) loads ECDSA
   * keys only from PEM, counts none of them, and refuses v5 (expected.json). The signatures are
   * valid: tuf4j decodes hex points, as TUF spec §4.2 permits any key encoding its adopters
   * define, and v5 carries valid signatures by 4 of v4's 5 root keys, so §5.3.4 is met. This is
   * a deliberate difference from python-tuf; the PEM-only backend below reproduces its outcome.
   */
  @Test
  void root5IsSignedByThresholdOfRoot4HexPointKeysWhichPythonTufCannotDecode_spec5_3_4()
      throws Exception {
    Root root4 = root(4).signed();
    ThresholdResult r = SignatureThreshold.verify(root4, RoleType.ROOT, root(5), BACKEND);
    assertEquals(4, r.signedBy().size());

    CryptoBackend pemOnly = new CryptoBackend() {
      @Override
      public String name() {
        return "pem-only, as securesystemslib";
      }

      @Override
      public org.tuf4j.crypto.SignatureVerifier verifier(String keyType, String scheme,
          String publicValue) throws org.tuf4j.UnsupportedFeatureException,
          MalformedMetadataException {
        if (!publicValue.startsWith("-----BEGIN PUBLIC KEY-----")) {
          throw new MalformedMetadataException(MalformedMetadataException.Reason.INVALID_VALUE,
              "not PEM");
        }
        return BACKEND.verifier(keyType, scheme, publicValue);
      }
    };
    ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class,
        () -> SignatureThreshold.verify(root4, RoleType.ROOT, root(5), pemOnly));
    assertEquals("root", e.role());
    assertEquals(5, e.version());
    assertEquals(3, e.threshold());
    assertTrue(e.signedBy().isEmpty());
    assertTrue(e.getMessage().contains("invalid key"), e.getMessage());
  }

  /** python-tuf refuses roots 1-3 while parsing: their expires is not YYYY-MM-DDTHH:MM:SSZ. */
  @Test
  void roots1To3AreRefusedWhileParsingForTheirDateForm_spec4_2_1() {
    for (int v = 1; v <= 3; v++) {
      int version = v;
      MalformedMetadataException e = assertThrows(MalformedMetadataException.class,
          () -> root(version));
      assertEquals(MalformedMetadataException.Reason.INVALID_VALUE, e.reason());
      assertTrue(e.getMessage().contains("YYYY-MM-DDTHH:MM:SSZ"), e.getMessage());
    }
  }

  /** At today's real date the timestamp (expired 2026-08-28) is refused: freeze defence. */
  @Test
  void atTodaysDateTheTimestampIsRefusedAsExpired_spec5_4_4() throws Exception {
    Signed<Timestamp> timestamp = Signed.parse(Fixtures.read(DIR + "timestamp.json"),
        Timestamp.class);
    Instant now = Instant.now();
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> MetadataChecks.checkNotExpired("timestamp", timestamp.signed(), now));
    assertEquals(Instant.parse("2026-08-28T19:25:56Z"), e.expires());
    assertThrows(ExpiredMetadataException.class,
        () -> MetadataChecks.checkNotExpired("root", root(15).signed(), now));
  }
}
