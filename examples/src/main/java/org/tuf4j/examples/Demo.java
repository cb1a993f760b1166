package org.tuf4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tuf4j.TufException;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.loopback.LoopbackServer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;

/**
 * The main job: a complete update on this machine. It creates a small TUF repository with
 * tuf4j's writer in a temporary directory (consistent snapshots, one ed25519 key per role), serves it on
 * 127.0.0.1, and runs tuf4j's client against it — refresh (TUF spec §5.3–§5.6), target lookup,
 * verified download (§5.7) — then shows the client refusing a target a mirror has tampered with.
 *
 * <p>Usage: {@code java -jar examples/target/tuf4j-examples.jar}. Exit status 0 when every step
 * behaved as it should.
 */
public final class Demo {
  static final String TARGET = "firmware/demo-1.0.bin";

  private final PrintStream out;
  private final Path work;

  Demo(PrintStream out, Path work) {
    this.out = out;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("tuf4j-demo-");
    boolean ok;
    try {
      ok = new Demo(System.out, work).run();
    } finally {
      deleteTree(work);   // before exit: System.exit skips finally blocks
    }
    System.exit(ok ? 0 : 1);
  }

  /** Deletes {@code dir} and everything under it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Runs every step; true when each one behaved as it should. */
  boolean run() throws Exception {
    Path repository = work.resolve("repository");
    byte[] payload = ("tuf4j demo firmware, built " + Clock.systemUTC().instant() + "\n").repeat(64)
        .getBytes(StandardCharsets.UTF_8);
    byte[] trustedRoot = writeRepository(repository, payload);
    out.println("1. created a repository in " + repository + " with tuf4j's writer: root, "
        + "targets, snapshot and timestamp v1, one ed25519 key each, and target " + TARGET
        + " (" + payload.length + " bytes)");

    try (LoopbackServer server = LoopbackServer.serveDirectory(repository)) {
      URI base = server.baseUri();
      out.println("2. serving it at " + base + " (loopback only)");

      Updater client = client(base, trustedRoot, "client");
      client.refresh();
      out.println("3. client refreshed: root v" + client.trustedRoot().signed().version()
          + ", timestamp v" + client.trustedTimestamp().orElseThrow().signed().version()
          + ", snapshot v" + client.trustedSnapshot().orElseThrow().signed().version()
          + ", targets v" + client.trustedTargets("targets").orElseThrow().signed().version()
          + " — every signature, version and expiry checked");

      Optional<TargetInfo> info = client.getTargetInfo(TARGET);
      if (info.isEmpty()) {
        out.println("   target not found: unexpected");
        return false;
      }
      out.println("4. " + TARGET + " is listed by role '" + info.get().signingRole() + "': "
          + info.get().length() + " bytes, sha256 " + info.get().hashes().get("sha256"));

      Path file = client.download(info.get());
      boolean same = MessageDigest.isEqual(payload, Files.readAllBytes(file));
      out.println("5. downloaded and verified (length and every hash while streaming) to "
          + file + (same ? "" : " — CONTENT DIFFERS: unexpected"));
      if (!same) {
        return false;
      }

      Path served = repository.resolve("targets/firmware/" + info.get().hashes().get("sha256")
          + ".demo-1.0.bin");
      byte[] tampered = payload.clone();
      tampered[0] ^= 1;
      Files.write(served, tampered);
      Updater victim = client(base, trustedRoot, "second-client");
      try {
        victim.download(victim.getTargetInfo(TARGET).orElseThrow());
        out.println("6. a tampered target was accepted: unexpected");
        return false;
      } catch (TufException refused) {
        out.println("6. a mirror flipped one bit of the target; a new client refused it: "
            + refused.getClass().getSimpleName() + ": " + refused.getMessage());
      }
      out.println("done: the client installs only what the repository's keys signed");
      return true;
    }
  }

  private Updater client(URI base, byte[] trustedRoot, String name) throws IOException {
    return Updater.builder()
        .metadataDir(work.resolve(name).resolve("metadata"))
        .metadataBaseUrl(base.resolve("metadata/"))
        .targetBaseUrl(base.resolve("targets/"))
        .targetDir(work.resolve(name).resolve("downloads"))
        .trustedRoot(trustedRoot)
        .build();
  }

  /**
   * Creates and publishes version 1 of a repository with tuf4j's writer: consistent snapshots
   * (TUF spec "Consistent snapshots"), one ed25519 key per top-level role. Returns the root a
   * client is shipped with. Also the repository of {@link FleetAgent}.
   */
  static byte[] writeRepository(Path dir, byte[] payload) throws Exception {
    Map<RoleType, RoleKeys> roles = new LinkedHashMap<>();
    List<Signer> signers = new java.util.ArrayList<>();
    for (RoleType type : RoleType.values()) {
      Signer s = KeyPairSigner.generate("ed25519");
      signers.add(s);
      roles.put(type, RoleKeys.of(Key.of(s.keyType(), s.scheme(), s.publicValue())));
    }
    RepositoryEditor editor = RepositoryEditor.create(FileSystemStorage.open(dir),
        Clock.systemUTC(), roles, true);
    editor.policy().setExpiryPeriod("targets", Duration.ofDays(7));
    editor.targets().addTarget(TARGET, payload, Optional.empty());
    editor.stage(signers).publish();
    return Files.readAllBytes(dir.resolve("metadata/1.root.json"));
  }
}
