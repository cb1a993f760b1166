package org.tuf4j.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tuf4j.client.FileFetcher;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.RoleMetadata;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Signed;
import org.tuf4j.signer.PemKeys;

/**
 * What the writer publishes is standard JSON (RFC 8259 §7: no raw control characters in
 * strings), so python-tuf, tuf-js and every other client can parse it, while signatures still
 * cover the OLPC canonical form of {@code signed} (TUF spec §4.2). Regression: PEM public keys
 * (ECDSA, RSA) and custom strings were written with raw newlines, and python-tuf failed with
 * "Invalid control character", tuf-js with "Bad control character in string literal".
 */
class PublishedFilesAreStandardJsonTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path tmp;

  @Test
  void everyPublishedFileOfARepositoryWithPemKeysParsesAsStandardJson_rfc8259_7()
      throws Exception {
    FileSystemStorage storage = FileSystemStorage.open(tmp.resolve("repo"));
    Map<RoleType, Signer> signers = new EnumMap<>(RoleType.class);
    signers.put(RoleType.ROOT, KeyPairSigner.generate("ed25519"));
    signers.put(RoleType.TARGETS, KeyPairSigner.generate("ecdsa-sha2-nistp256"));
    signers.put(RoleType.SNAPSHOT, KeyPairSigner.generate("rsassa-pss-sha256"));
    signers.put(RoleType.TIMESTAMP, KeyPairSigner.generate("ecdsa-sha2-nistp384"));
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    signers.forEach((t, s) -> roles.put(t, RoleKeys.of(key(s))));
    RepositoryEditor editor = RepositoryEditor.create(storage, CLOCK, roles, true);
    Signer docs = KeyPairSigner.generate("ecdsa-sha2-nistp256");
    editor.delegations().delegate("targets", "docs", RoleKeys.of(key(docs)),
        Optional.of(List.of("docs/*")),
        Optional.empty(), true);
    JsonValue custom = CanonicalJson.parse(
        "{\"notes\":\"line 1\\nline 2\\ttab\\u0001\\\"quoted\\\"\"}".getBytes(
            StandardCharsets.UTF_8));
    editor.targets().addTarget("fw/app.bin", "v1".getBytes(StandardCharsets.UTF_8),
        Optional.of(custom));
    editor.targets().addTarget("docs", "docs/guide.txt", "guide".getBytes(StandardCharsets.UTF_8),
        Optional.empty());
    List<Signer> all = new ArrayList<>(signers.values());
    all.add(docs);
    editor.stage(all).publish();

    List<Path> files = jsonFiles(storage.root().resolve("metadata"));
    assertTrue(files.size() >= 6, files.toString());
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      assertStandardJson(bytes, file.toString());
      // tuf4j's own reader recovers the canonical bytes the signatures cover.
      Signed<RoleMetadata> parsed = Signed.parseAny(bytes);
      assertArrayEquals(CanonicalJson.encode(parsed.signed().toJson()),
          parsed.canonicalSigned(), file.toString());
    }

    Updater client = Updater.builder()
        .metadataDir(tmp.resolve("client/metadata"))
        .metadataBaseUrl(storage.root().resolve("metadata").toUri())
        .targetBaseUrl(storage.root().resolve("targets").toUri())
        .targetDir(tmp.resolve("client/targets"))
        .trustedRoot(Files.readAllBytes(storage.root().resolve("metadata/1.root.json")))
        .fetcher(FileFetcher.create())
        .config(UpdaterConfig.builder().clock(CLOCK).build())
        .build();
    TargetInfo info = client.getTargetInfo("fw/app.bin").orElseThrow();
    assertEquals(Optional.of(custom), info.target().custom());
    assertEquals("guide", Files.readString(client.download(
        client.getTargetInfo("docs/guide.txt").orElseThrow())));
  }

  @Test
  void publicKeyFilesParseAsStandardJson_rfc8259_7() throws Exception {
    for (String scheme : List.of("ecdsa-sha2-nistp256", "rsassa-pss-sha256", "ed25519")) {
      Path file = tmp.resolve(scheme + ".pub.json");
      PemKeys.writePublicKey(KeyPairSigner.generate(scheme), file);
      assertStandardJson(Files.readAllBytes(file), file.toString());
    }
  }

  /** Parses with Jackson's default settings, which refuse raw control characters (RFC 8259). */
  static void assertStandardJson(byte[] bytes, String what) {
    try (JsonParser p = new JsonFactory().createParser(bytes)) {
      while (p.nextToken() != null) {
        // every token read; a raw control character throws
      }
    } catch (IOException e) {
      throw new AssertionError(what + " is not standard JSON: " + e.getMessage(), e);
    }
  }

  private static List<Path> jsonFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }
}
