package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tuf4j.InvalidRepositoryException;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.HttpFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.testing.SettableClock;

/**
 * Many versions written by the editor, each consumed by tuf4j's client over loopback HTTP right
 * after it is published — including root rotations that replace every root key over several
 * versions and timestamp/snapshot key rotations — and a publish cut short at every write. Each
 * runs for a repository in JSON, in deterministic CBOR, and in both side by side, where a JSON
 * client and a CBOR client read the same repository.
 */
@Timeout(240)
class ReleaseRoundTripTest {
  private static final Instant START = Instant.parse("2030-06-01T12:00:00Z");

  /** Which metadata encodings a repository publishes. */
  enum Published {
    JSON(EnumSet.of(MetadataEncoding.JSON)),
    CBOR(EnumSet.of(MetadataEncoding.CBOR)),
    BOTH(EnumSet.allOf(MetadataEncoding.class));

    final Set<MetadataEncoding> encodings;

    Published(Set<MetadataEncoding> encodings) {
      this.encodings = encodings;
    }
  }

  @TempDir Path tmp;

  /** A clock the test moves forward, as a real repository's days pass. */

  private static org.tuf4j.metadata.Key key(Signer s) {
    return RepositoryEditorTest.key(s);
  }

  @ParameterizedTest
  @EnumSource(Published.class)
  void everyPublishedVersionIsAcceptedByAClientOverHttp(Published published) throws Exception {
    SettableClock clock = new SettableClock(START);
    FileSystemStorage storage = FileSystemStorage.open(tmp.resolve("repo"));
    List<Signer> rootKeys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rootKeys.add(KeyPairSigner.generate(i == 0 ? "ecdsa-sha2-nistp256" : "ed25519"));
    }
    Signer targets = KeyPairSigner.generate("ed25519");
    Signer snapshot = KeyPairSigner.generate("ed25519");
    Signer timestamp = KeyPairSigner.generate("ed25519");
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    roles.put(RoleType.ROOT, new RoleKeys(rootKeys.stream().map(ReleaseRoundTripTest::key)
        .toList(), 2));
    roles.put(RoleType.TARGETS, RoleKeys.of(key(targets)));
    roles.put(RoleType.SNAPSHOT, RoleKeys.of(key(snapshot)));
    roles.put(RoleType.TIMESTAMP, RoleKeys.of(key(timestamp)));
    RepositoryEditor editor = RepositoryEditor.create(storage, clock, roles, true,
        published.encodings);
    List<Signer> initial = new ArrayList<>(List.of(targets, snapshot, timestamp));
    initial.addAll(rootKeys);
    editor.targets().addTarget("app.bin", "version 0".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    editor.stage(initial).publish();

    try (LoopbackServer server = LoopbackServer.serveDirectory(storage.root())) {
      Path clientState = tmp.resolve("client");
      for (int version = 1; version <= 12; version++) {
        clock.set(START.plus(Duration.ofHours(version)));
        editor = RepositoryEditor.open(storage, clock);
        editor.targets().addTarget("app.bin",
            ("version " + version).getBytes(StandardCharsets.UTF_8),
            Optional.empty());
        // Everything that may sign this version; keys no role trusts are simply not used.
        List<Signer> signers = new ArrayList<>(rootKeys);
        signers.addAll(List.of(targets, snapshot, timestamp));
        if (version % 3 == 0) {
          // Replace one root key: after three such versions no original root key is left. The
          // retired key still signs, for the previous root's threshold.
          Signer fresh = KeyPairSigner.generate("ed25519");
          Signer retired = rootKeys.remove(0);
          editor.keys().addKey(RoleType.ROOT, key(fresh));
          editor.keys().revokeKey(RoleType.ROOT, key(retired).computeKeyId());
          rootKeys.add(fresh);
          signers.add(fresh);
        }
        if (version == 4) {
          Signer fresh = KeyPairSigner.generate("ed25519");
          editor.keys().addKey(RoleType.TIMESTAMP, key(fresh));
          editor.keys().revokeKey(RoleType.TIMESTAMP, key(timestamp).computeKeyId());
          timestamp = fresh;
          signers.add(fresh);
        }
        if (version == 7) {
          Signer fresh = KeyPairSigner.generate("ecdsa-sha2-nistp256");
          editor.keys().addKey(RoleType.SNAPSHOT, key(fresh));
          editor.keys().revokeKey(RoleType.SNAPSHOT, key(snapshot).computeKeyId());
          snapshot = fresh;
          signers.add(fresh);
        }
        editor.stage(signers).publish();

        List<TargetInfo> seen = new ArrayList<>();
        for (MetadataEncoding encoding : published.encodings) {
          Updater client = RepositoryClients.client(clientState.resolve(encoding.name()),
              storage.root(), server.baseUri(), encoding, clock, HttpFetcher.create());
          TargetInfo info = client.getTargetInfo("app.bin").orElseThrow();
          assertEquals("version " + version, Files.readString(client.download(info)),
              "after publish " + version + ", " + encoding + " client");
          assertEquals(version + 1, client.trustedTimestamp().orElseThrow().signed().version());
          seen.add(info);
        }
        assertEquals(1, Set.copyOf(seen).size(), "every client sees the same target: " + seen);
      }
      assertEquals(published.encodings.size() == 1, Files.exists(storage.root().resolve(
          "metadata/timestamp.json")) != Files.exists(storage.root().resolve(
          "metadata/timestamp.cbor")));
      // Root changed at versions 3, 4, 6, 7, 9 and 12: root v7, no original root key left.
      assertEquals(7, RepositoryEditor.open(storage, clock).root().version());
    }
  }

  /** Storage whose power fails before write number {@code failAt}. */
  private static final class CrashingStorage implements Storage {
    final Storage delegate;
    final int failAt;
    final AtomicInteger writes = new AtomicInteger();

    CrashingStorage(Storage delegate, int failAt) {
      this.delegate = delegate;
      this.failAt = failAt;
    }

    private void step() throws IOException {
      if (writes.getAndIncrement() == failAt) {
        throw new IOException("simulated power cut before write " + failAt);
      }
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
      return delegate.read(path);
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
      step();
      delegate.write(path, data);
    }

    @Override
    public void write(String path, InputStream data) throws IOException {
      step();
      delegate.write(path, data);
    }

    @Override
    public boolean exists(String path) throws IOException {
      return delegate.exists(path);
    }

    @Override
    public void delete(String path) throws IOException {
      step();
      delegate.delete(path);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Published.class)
  void publishCutShortAtEveryWriteLeavesWhatClientsSeeConsistent(Published published)
      throws Exception {
    Clock clock = Clock.fixed(START, ZoneOffset.UTC);
    Path base = tmp.resolve("base");
    FileSystemStorage storage = FileSystemStorage.open(base);
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    List<Signer> signers = new ArrayList<>();
    for (RoleType t : RoleType.values()) {
      Signer s = KeyPairSigner.generate("ed25519");
      signers.add(s);
      roles.put(t, RoleKeys.of(key(s)));
    }
    Signer docs = KeyPairSigner.generate("ed25519");
    signers.add(docs);
    RepositoryEditor first = RepositoryEditor.create(storage, clock, roles, true,
        published.encodings);
    first.delegations().delegate("targets", "docs", RoleKeys.of(key(docs)),
        Optional.of(List.of("docs/*")),
        Optional.empty(), false);
    first.targets().addTarget("app.bin", "old".getBytes(StandardCharsets.UTF_8), Optional.empty());
    first.stage(signers).publish();

    int writes = -1;
    int rootsCompleted = 0;
    for (int cut = 0; writes < 0 || cut <= writes; cut++) {
      Path copy = tmp.resolve("cut-" + cut);
      copyTree(base, copy);
      CrashingStorage crashing = new CrashingStorage(FileSystemStorage.open(copy), cut);
      RepositoryEditor editor = RepositoryEditor.open(crashing, clock);
      editor.targets().addTarget("app.bin", "new".getBytes(StandardCharsets.UTF_8),
          Optional.empty());
      editor.targets().putTargetInfo("docs", RepositoryEditor.describeTarget("docs/a.pdf",
          new java.io.ByteArrayInputStream(new byte[] {1}), Optional.empty()));
      editor.touch("root");
      boolean completed;
      try {
        editor.stage(signers).publish();
        completed = true;
        writes = crashing.writes.get();
      } catch (IOException cutShort) {
        completed = false;
      }
      // A client reading the repository now sees the old release or the new one, whole, in
      // each encoding (with two, one may see the new release and the other the old).
      for (MetadataEncoding encoding : published.encodings) {
        Updater client = RepositoryClients.client(tmp.resolve("client-" + encoding + "-" + cut),
            base, copy.toUri(), encoding, clock, FileFetcher.create());
        TargetInfo info = client.getTargetInfo("app.bin").orElseThrow();
        String seen = Files.readString(client.download(info));
        boolean docsListed = client.getTargetInfo("docs/a.pdf").isPresent();
        if (completed) {
          assertEquals("new", seen);
          assertTrue(docsListed);
        } else {
          assertTrue(seen.equals("old") && !docsListed || seen.equals("new") && docsListed,
              "cut before write " + cut + ": " + encoding + " client saw " + seen
                  + ", docs listed " + docsListed);
        }
      }
      if (!completed) {
        // The publisher runs again after the crash and finishes the job.
        RepositoryEditor retry = RepositoryEditor.open(FileSystemStorage.open(copy), clock);
        boolean rootPending = !retry.published().pendingRoots().isEmpty();
        if (rootPending) {
          // Cut between two encodings' root files: a release without root changes completes
          // the root in the encoding that lacks it, then the edits are made again.
          assertThrows(InvalidRepositoryException.class, () -> {
            retry.touch("root");
            retry.stage(signers);
          });
        }
        retry.close(); // gives up the repository's lock, as its process ending would
        if (rootPending) {
          RepositoryEditor completing = RepositoryEditor.open(FileSystemStorage.open(copy),
              clock);
          completing.stage(signers).publish();
          assertTrue(completing.published().pendingRoots().isEmpty());
          rootsCompleted++;
        }
        RepositoryEditor again = RepositoryEditor.open(FileSystemStorage.open(copy), clock);
        again.targets().addTarget("app.bin", "new".getBytes(StandardCharsets.UTF_8),
            Optional.empty());
        again.targets().putTargetInfo("docs", RepositoryEditor.describeTarget("docs/a.pdf",
            new java.io.ByteArrayInputStream(new byte[] {1}), Optional.empty()));
        again.touch("root");
        again.stage(signers).publish();
        for (MetadataEncoding encoding : published.encodings) {
          Updater after = RepositoryClients.client(tmp.resolve("after-" + encoding + "-" + cut),
              base, copy.toUri(), encoding, clock, FileFetcher.create());
          assertTrue(after.getTargetInfo("docs/a.pdf").isPresent(), "retry after cut " + cut
              + ", " + encoding + " client");
        }
      }
    }
    assertTrue(writes >= 6, "writes per publish: " + writes);
    assertEquals(published == Published.BOTH, rootsCompleted > 0, "cuts between root files");
    assertThrows(IllegalArgumentException.class, () -> storage.resolve("../escape"));
  }
}
