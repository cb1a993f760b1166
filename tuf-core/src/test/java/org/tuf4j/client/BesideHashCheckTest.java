package org.tuf4j.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tuf4j.HashMismatchException;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.testing.RepositorySimulator;

/**
 * The hash check of a large targets file against the snapshot (TUF spec §5.6.2) runs beside its
 * parse and signature check (§5.6.3) with the sequential outcome: a hash mismatch is the failure
 * whatever else is wrong with the file, and nothing is trusted unless every check passed.
 */
class BesideHashCheckTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

  /** A repository whose top-level targets file is above {@link BesideHashCheck#BESIDE_FROM}. */
  private static RepositorySimulator largeRepository() {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW)
        .lengthAndHashesInSnapshot(true).build();
    Map<String, TargetFile> many = new LinkedHashMap<>();
    for (int i = 0; many.size() * 250L < 2L * BesideHashCheck.BESIDE_FROM; i++) {
      String path = "pkgs/pkg-" + i + ".tar.gz";
      many.put(path, new TargetFile(path, i, Map.of("sha256", "ab".repeat(32), "sha512",
          "cd".repeat(64)), Optional.empty(), Map.of()));
    }
    repo.updateTargets("targets", t -> new Targets(t.specVersion(), t.version(), t.expires(),
        many, t.delegations(), t.unrecognizedFields()));
    repo.publish();
    return repo;
  }

  private static TrustedMetadataSet throughSnapshot(RepositorySimulator repo) throws Exception {
    TrustedMetadataSet set = throughTimestamp(repo);
    set.updateSnapshot(repo.file("metadata/snapshot.json"));
    return set;
  }

  /** The file with {@code from} replaced by {@code to} (same length) at its first occurrence. */
  private static byte[] replaced(byte[] file, String from, String to) {
    String text = new String(file, UTF_8);
    int at = text.indexOf(from);
    assertTrue(at >= 0);
    byte[] out = (text.substring(0, at) + to + text.substring(at + from.length())).getBytes(UTF_8);
    assertEquals(file.length, out.length);
    return out;
  }

  @Test
  void largeTargetsMatchingTheSnapshotAreTrustedAndNoThreadIsLeft_spec5_6_2() throws Exception {
    RepositorySimulator repo = largeRepository();
    byte[] file = repo.file("metadata/targets.json");
    assertTrue(file.length >= BesideHashCheck.BESIDE_FROM);
    TrustedMetadataSet set = throughSnapshot(repo);
    set.updateTargets(file);
    assertTrue(set.targets("targets").isPresent());
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("tuf4j-hash-metadata") && t.isAlive()));
  }

  @Test
  void largeTargetsAlteredAndBadlySignedFailAsAHashMismatch_spec5_6_2_beforeSpec5_6_3()
      throws Exception {
    RepositorySimulator repo = largeRepository();
    byte[] altered = replaced(repo.file("metadata/targets.json"), "ab".repeat(32),
        "ac" + "ab".repeat(31));
    TrustedMetadataSet set = throughSnapshot(repo);
    HashMismatchException e = assertThrows(HashMismatchException.class,
        () -> set.updateTargets(altered));
    // The signature was checked beside the hash, and its failure is kept.
    assertTrue(Arrays.stream(e.getSuppressed())
        .anyMatch(s -> s instanceof ThresholdNotMetException), Arrays.toString(e.getSuppressed()));
    assertTrue(set.targets("targets").isEmpty());
  }

  @Test
  void largeTargetsThatAreNotJsonFailAsAHashMismatch_spec5_6_2() throws Exception {
    RepositorySimulator repo = largeRepository();
    byte[] broken = replaced(repo.file("metadata/targets.json"), "{", "[");
    TrustedMetadataSet set = throughSnapshot(repo);
    assertThrows(HashMismatchException.class, () -> set.updateTargets(broken));
    assertTrue(set.targets("targets").isEmpty());
  }

  @Test
  void largeTargetsSignedByAnotherKeyFailTheSignatureCheck_spec5_6_3() throws Exception {
    RepositorySimulator repo = largeRepository();
    repo.signWith("targets", repo.newSigner());
    repo.touch("targets");
    repo.publish();
    TrustedMetadataSet set = throughSnapshot(repo);
    assertThrows(ThresholdNotMetException.class,
        () -> set.updateTargets(repo.file("metadata/targets.json")));
    assertTrue(set.targets("targets").isEmpty());
  }

  /** A repository whose snapshot is above {@link BesideHashCheck#BESIDE_FROM}: 4096 bins. */
  private static RepositorySimulator largeSnapshotRepository() {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW)
        .lengthAndHashesInTimestamp(true).lengthAndHashesInSnapshot(true).build();
    repo.delegateSuccinct("targets", 12, "bin");
    repo.publish();
    assertTrue(repo.file("metadata/snapshot.json").length >= BesideHashCheck.BESIDE_FROM);
    return repo;
  }

  private static TrustedMetadataSet throughTimestamp(RepositorySimulator repo) throws Exception {
    TrustedMetadataSet set = TrustedMetadataSet.fromTrustedRoot(repo.trustedRootBytes(),
        TrustOptions.at(NOW).withBackend(CryptoBackends.defaultBackend())
            .withLimits(JsonLimits.DEFAULT));
    set.updateTimestamp(repo.file("metadata/timestamp.json"));
    return set;
  }

  @Test
  void aLargeSnapshotMatchingTheTimestampIsTrusted_spec5_5_2() throws Exception {
    RepositorySimulator repo = largeSnapshotRepository();
    TrustedMetadataSet set = throughTimestamp(repo);
    set.updateSnapshot(repo.file("metadata/snapshot.json"));
    assertTrue(set.snapshot().isPresent());
  }

  @Test
  void aLargeSnapshotAlteredFailsAsAHashMismatch_spec5_5_2_beforeSpec5_5_3() throws Exception {
    RepositorySimulator repo = largeSnapshotRepository();
    byte[] file = repo.file("metadata/snapshot.json");
    String text = new String(file, UTF_8);
    int at = text.indexOf("\"version\":1");
    assertTrue(at >= 0, "a role listed at version 1");
    byte[] altered = file.clone();
    altered[at + "\"version\":".length()] = '7'; // same length, another version listed
    TrustedMetadataSet set = throughTimestamp(repo);
    HashMismatchException e = assertThrows(HashMismatchException.class,
        () -> set.updateSnapshot(altered));
    // The signature was checked beside the hash, and its failure is kept.
    assertTrue(Arrays.stream(e.getSuppressed())
        .anyMatch(s -> s instanceof ThresholdNotMetException), Arrays.toString(e.getSuppressed()));
    assertTrue(set.snapshot().isEmpty());
  }

  @Test
  void aFailedHashCheckWinsOverTheWorksFailureWhicheverEndsFirst() {
    MalformedMetadataException work = new MalformedMetadataException(
        MalformedMetadataException.Reason.SYNTAX, "work");
    HashMismatchException hash = new HashMismatchException("targets", "sha256", "00", "11");
    HashMismatchException thrown = assertThrows(HashMismatchException.class,
        () -> BesideHashCheck.run(BesideHashCheck.BESIDE_FROM, () -> {
          java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
          throw hash;
        }, () -> {
          throw work;
        }));
    assertEquals(hash, thrown);
    assertEquals(work, thrown.getSuppressed()[0]);
  }

  @Test
  void largeChecksRunOnAnotherThreadAndSmallOnesOnTheCallers() throws Exception {
    AtomicReference<Thread> large = new AtomicReference<>();
    AtomicReference<Thread> small = new AtomicReference<>();
    assertEquals("done", BesideHashCheck.run(BesideHashCheck.BESIDE_FROM,
        () -> large.set(Thread.currentThread()), () -> "done"));
    BesideHashCheck.run(BesideHashCheck.BESIDE_FROM - 1, () -> small.set(Thread.currentThread()),
        () -> "done");
    assertEquals(Thread.currentThread(), small.get());
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertNotEquals(Thread.currentThread(), large.get());
      assertFalse(large.get().isAlive());
    }
  }
}
