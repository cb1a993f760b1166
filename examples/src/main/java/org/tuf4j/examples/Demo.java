package org.tuf4j.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
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
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetaFile;
import org.tuf4j.metadata.Role;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signature;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Snapshot;
import org.tuf4j.metadata.TargetFile;
import org.tuf4j.metadata.Targets;
import org.tuf4j.metadata.Timestamp;

/**
 * The main job: a complete update on this machine. It signs a small TUF repository in a
 * temporary directory (consistent snapshots, one ed25519 key per top-level role), serves it on
 * 127.0.0.1, and runs tuf4j's client against it — refresh (TUF spec §5.3–§5.6), target lookup,
 * verified download (§5.7) — then shows the client refusing a target a mirror has tampered with.
 *
 * <p>Usage: {@code java -jar examples/target/tuf4j-examples.jar}. Exit status 0 when every step
 * behaved as it should.
 */
public final class Demo {
  private static final String SPEC_VERSION = "1.0.34";
  private static final String TARGET = "firmware/demo-1.0.bin";

  private final PrintStream out;
  private final Path work;
  private final Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);

  Demo(PrintStream out, Path work) {
    this.out = out;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("tuf4j-demo-");
    try {
      boolean ok = new Demo(System.out, work).run();
      System.exit(ok ? 0 : 1);
    } finally {
      deleteTree(work);
    }
  }

  /** Runs every step; true when each one behaved as it should. */
  boolean run() throws Exception {
    Path repository = work.resolve("repository");
    byte[] payload = ("tuf4j demo firmware, built " + now + "\n").repeat(64)
        .getBytes(StandardCharsets.UTF_8);
    byte[] trustedRoot = writeRepository(repository, payload);
    out.println("1. signed a repository in " + repository + ": root, targets, snapshot and "
        + "timestamp v1 with one ed25519 key each, and target " + TARGET + " ("
        + payload.length + " bytes)");

    HttpServer server = serve(repository);
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
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
    } finally {
      server.stop(0);
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
   * Writes version 1 of every role in the consistent-snapshot layout (TUF spec "Consistent
   * snapshots"); returns the root a client is shipped with. The repository writer (tuf4j's
   * editor) will do this for real; here the model and a signer are enough.
   */
  private byte[] writeRepository(Path dir, byte[] payload) throws Exception {
    Map<RoleType, Signer> signers = new LinkedHashMap<>();
    Map<String, Key> keys = new LinkedHashMap<>();
    Map<String, Role> roles = new LinkedHashMap<>();
    for (RoleType type : RoleType.values()) {
      Signer s = KeyPairSigner.generate("ed25519");
      Key key = Key.of(s.keyType(), s.scheme(), s.publicValue());
      signers.put(type, s);
      keys.put(key.computeKeyId(), key);
      roles.put(type.typeName(), new Role(List.of(key.computeKeyId()), 1));
    }
    Instant expires = now.plus(Duration.ofDays(7));
    Root root = new Root(SPEC_VERSION, 1, expires, Optional.of(true), keys, roles, Map.of());

    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("sha256", hex("SHA-256", payload));
    hashes.put("sha512", hex("SHA-512", payload));
    TargetFile target = new TargetFile(TARGET, payload.length, hashes, Optional.empty(),
        Map.of());
    Targets targets = new Targets(SPEC_VERSION, 1, expires, Map.of(TARGET, target),
        Optional.empty(), Map.of());
    byte[] targetsJson = sign(targets, signers.get(RoleType.TARGETS));
    Snapshot snapshot = new Snapshot(SPEC_VERSION, 1, expires,
        Map.of("targets.json", MetaFile.of(1)), Map.of());
    byte[] snapshotJson = sign(snapshot, signers.get(RoleType.SNAPSHOT));
    Timestamp timestamp = new Timestamp(SPEC_VERSION, 1, expires,
        new MetaFile(1, java.util.OptionalLong.of(snapshotJson.length),
            Map.of("sha256", hex("SHA-256", snapshotJson)), Map.of()), Map.of());
    byte[] rootJson = sign(root, signers.get(RoleType.ROOT));

    Path metadata = Files.createDirectories(dir.resolve("metadata"));
    Files.write(metadata.resolve("1.root.json"), rootJson);
    Files.write(metadata.resolve("1.targets.json"), targetsJson);
    Files.write(metadata.resolve("1.snapshot.json"), snapshotJson);
    Files.write(metadata.resolve("timestamp.json"),
        sign(timestamp, signers.get(RoleType.TIMESTAMP)));
    Path firmware = Files.createDirectories(dir.resolve("targets/firmware"));
    Files.write(firmware.resolve(hashes.get("sha256") + ".demo-1.0.bin"), payload);
    return rootJson;
  }

  private static byte[] sign(RoleMetadata metadata, Signer signer)
      throws GeneralSecurityException {
    Signed<RoleMetadata> unsigned = Signed.of(metadata, List.of());
    Key key = Key.of(signer.keyType(), signer.scheme(), signer.publicValue());
    Signature sig = Signature.of(key.computeKeyId(), signer.sign(unsigned.canonicalSigned()));
    return unsigned.withSignatures(List.of(sig)).toCanonicalJson();
  }

  /** A static file server for {@code dir}, bound to loopback, refusing paths that leave it. */
  private static HttpServer serve(Path dir) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Path root = dir.toRealPath();
    server.createContext("/", exchange -> {
      try (exchange) {
        Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        send(exchange, Files.readAllBytes(file));
      }
    });
    server.start();
    return server;
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(body);
    }
  }

  private static String hex(String algorithm, byte[] data) throws GeneralSecurityException {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
