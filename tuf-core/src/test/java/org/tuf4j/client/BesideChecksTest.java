package org.tuf4j.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The hash check of a large targets file against the snapshot (TUF spec §5.6.2) and the
 * verification of its signatures (§5.6.3) run beside its parse with the sequential outcome: a
 * hash mismatch is the failure whatever else is wrong with the file, and nothing is trusted
 * unless every check passed.
 */
class BesideChecksTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

  /** A repository whose top-level targets file is above {@link BesideChecks#BESIDE_FROM}. */
  private static RepositorySimulator largeRepository() {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW)
        .lengthAndHashesInSnapshot(true).build();
    Map<String, TargetFile> many = new LinkedHashMap<>();
    for (int i = 0; many.size() * 250L < 2L * BesideChecks.BESIDE_FROM; i++) {
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
  void largeTargetsMatchingTheSnapshotAreTrustedAndTheHelperEndsWhenIdle_spec5_6_2()
      throws Exception {
    RepositorySimulator repo = largeRepository();
    byte[] file = repo.file("metadata/targets.json");
    assertTrue(file.length >= BesideChecks.BESIDE_FROM);
    TrustedMetadataSet set = throughSnapshot(repo);
    set.updateTargets(file);
    assertTrue(set.targets("targets").isPresent());
    // The helper thread ends after a second without work.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (helperIsAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(helperIsAlive());
  }

  private static boolean helperIsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("tuf4j-beside-checks") && t.isAlive());
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

  /**
   * A delegated role's large file has its signatures verified ahead against the keys its
   * delegator assigns (§5.6.7 with §5.6.3): trusted when they signed, refused when the signature
   * is altered (the snapshot lists no hashes here, so only the signature check can refuse it).
   */
  @Test
  void aLargeDelegatedRoleIsCheckedAgainstItsDelegatorsKeys_spec5_6_7() throws Exception {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW).build();
    repo.delegate("targets", "large", List.of("pkgs/*"), false);
    Map<String, TargetFile> many = new LinkedHashMap<>();
    for (int i = 0; many.size() * 100L < 2L * BesideChecks.EARLY_SIGNATURES_FROM; i++) {
      String path = "pkgs/pkg-" + i + ".tar.gz";
      many.put(path, new TargetFile(path, i, Map.of("sha256", "ab".repeat(32)), Optional.empty(),
          Map.of()));
    }
    repo.updateTargets("large", t -> new Targets(t.specVersion(), t.version(), t.expires(), many,
        t.delegations(), t.unrecognizedFields()));
    repo.publish();
    byte[] file = repo.file("metadata/large.json");
    assertTrue(file.length >= BesideChecks.EARLY_SIGNATURES_FROM);
    TrustedMetadataSet set = throughSnapshot(repo);
    set.updateTargets(repo.file("metadata/targets.json"));
    set.updateDelegatedTargets(file, "large", "targets");
    assertTrue(set.targets("large").isPresent());

    String text = new String(file, UTF_8);
    int sig = text.indexOf("\"sig\":\"") + "\"sig\":\"".length();
    byte[] altered = file.clone();
    altered[sig] = (byte) (altered[sig] == '0' ? '1' : '0');
    TrustedMetadataSet again = throughSnapshot(repo);
    again.updateTargets(repo.file("metadata/targets.json"));
    assertThrows(ThresholdNotMetException.class,
        () -> again.updateDelegatedTargets(altered, "large", "targets"));
    assertTrue(again.targets("large").isEmpty());
  }

  /** A repository whose snapshot is above {@link BesideChecks#BESIDE_FROM}: 4096 bins. */
  private static RepositorySimulator largeSnapshotRepository() {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW)
        .lengthAndHashesInTimestamp(true).lengthAndHashesInSnapshot(true).build();
    repo.delegateSuccinct("targets", 12, "bin");
    repo.publish();
    assertTrue(repo.file("metadata/snapshot.json").length >= BesideChecks.BESIDE_FROM);
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
  void aFailedHashCheckWinsOverTheParsesFailureWhicheverEndsFirst() {
    MalformedMetadataException parse = new MalformedMetadataException(
        MalformedMetadataException.Reason.SYNTAX, "parse");
    HashMismatchException hash = new HashMismatchException("targets", "sha256", "00", "11");
    HashMismatchException thrown = assertThrows(HashMismatchException.class,
        () -> BesideChecks.run(BesideChecks.BESIDE_FROM, () -> {
          java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
          throw hash;
        }, Optional.empty(), CryptoBackends.defaultBackend(), () -> {
          throw parse;
        }, (parsed, backend) -> fail("no threshold check of a failed parse")));
    assertEquals(hash, thrown);
    assertEquals(parse, thrown.getSuppressed()[0]);
  }

  @Test
  void theThresholdCheckRunsOnTheCallersThreadAfterTheHashCheckPassed() throws Exception {
    AtomicReference<Thread> hashing = new AtomicReference<>();
    AtomicReference<Thread> counting = new AtomicReference<>();
    AtomicBoolean hashed = new AtomicBoolean();
    assertEquals("parsed", BesideChecks.run(BesideChecks.BESIDE_FROM, () -> {
      hashing.set(Thread.currentThread());
      hashed.set(true);
    }, Optional.empty(), CryptoBackends.defaultBackend(), () -> "parsed", (parsed, backend) -> {
      assertTrue(hashed.get());
      counting.set(Thread.currentThread());
    }));
    assertEquals(Thread.currentThread(), counting.get());
    assertTrue(hashing.get() != null);
  }

  @Test
  void smallChecksRunOnTheCallersThreadInTheSpecsOrder() throws Exception {
    List<String> order = new java.util.ArrayList<>();
    Thread caller = Thread.currentThread();
    BesideChecks.run(BesideChecks.BESIDE_FROM - 1, () -> {
      assertEquals(caller, Thread.currentThread());
      order.add("hash");
    }, Optional.empty(), CryptoBackends.defaultBackend(), () -> {
      order.add("parse");
      return "parsed";
    }, (parsed, backend) -> order.add("threshold"));
    assertEquals(List.of("hash", "parse", "threshold"), order);
  }

  /** A helper busy with other work never makes a call wait: the caller takes its own tasks. */
  @Test
  void aCallCompletesWhileTheHelperIsBusyWithAnothersWork() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch hashingStarted = new java.util.concurrent.CountDownLatch(1);
    Thread blocker = new Thread(() -> {
      try {
        BesideChecks.run(BesideChecks.BESIDE_FROM, () -> {
          hashingStarted.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, Optional.empty(), CryptoBackends.defaultBackend(), () -> {
          try {
            hashingStarted.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "parsed";
        }, (parsed, backend) -> { });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    blocker.start();
    assertTrue(hashingStarted.await(10, java.util.concurrent.TimeUnit.SECONDS));
    // The helper (or the blocker's thread) is inside the first call's hash check until released.
    AtomicReference<Thread> hashing = new AtomicReference<>();
    assertEquals("second", BesideChecks.run(BesideChecks.BESIDE_FROM,
        () -> hashing.set(Thread.currentThread()), Optional.empty(),
        CryptoBackends.defaultBackend(), () -> "second", (parsed, backend) -> { }));
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertEquals(Thread.currentThread(), hashing.get());
    }
    release.countDown();
    blocker.join(10_000);
    assertFalse(blocker.isAlive());
  }
}
