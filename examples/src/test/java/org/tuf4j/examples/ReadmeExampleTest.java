package org.tuf4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tuf4j.client.TargetInfo;
import org.tuf4j.crypto.KeyPairSigner;
import org.tuf4j.crypto.Signer;
import org.tuf4j.metadata.Key;
import org.tuf4j.metadata.MetadataEncoding;
import org.tuf4j.metadata.ParseOptions;
import org.tuf4j.repository.FileSystemStorage;
import org.tuf4j.repository.Release;
import org.tuf4j.repository.RepositoryEditor;
import org.tuf4j.repository.RoleKeys;
import org.tuf4j.client.Updater;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.JsonLimits;
import org.tuf4j.metadata.RoleType;
import org.tuf4j.metadata.Root;
import org.tuf4j.metadata.Signed;
import org.tuf4j.metadata.Timestamp;
import org.tuf4j.verify.MetadataChecks;
import org.tuf4j.verify.SignatureThreshold;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.testing.Fixtures;

/** The API example in README.md, kept here so the build compiles and runs it. */
class ReadmeExampleTest {

  @Test
  void readmeClientExample(@TempDir Path stateDir) throws Exception {
    Path fixture = Fixtures.path("python-tuf-basic")
        .toAbsolutePath().normalize();
    URI repository = fixture.toUri();
    byte[] rootShippedWithTheApp = Files.readAllBytes(fixture.resolve("initial_root.json"));
    // The fixture's metadata is meant to be read at its reference time, not the wall clock.
    UpdaterConfig config = UpdaterConfig.builder()
        .clock(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC)).build();
    Updater updater = Updater.builder()
        .metadataDir(stateDir.resolve("metadata"))       // trusted metadata, written atomically
        .metadataBaseUrl(repository.resolve("metadata/"))
        .targetBaseUrl(repository.resolve("targets/"))
        .targetDir(stateDir.resolve("downloads"))
        .trustedRoot(rootShippedWithTheApp)               // used until root.json exists
        .config(config)
        .build();
    // --- README example start ---
    updater.refresh();                                    // §5.3–§5.6, or a TufException saying why
    TargetInfo info = updater.getTargetInfo("a/deep/app-1.1.bin").orElseThrow();
    Path verified = updater.download(info);               // length + every hash, or nothing written
    // --- README example end ---
    assertEquals(2048, Files.size(verified));
  }

  @Test
  void readmeWriterExample(@TempDir Path tmp) throws Exception {
    Path repoDir = tmp.resolve("repo");
    Path firmwareFile = Files.write(tmp.resolve("v1.bin"), new byte[] {1, 2, 3});
    Clock clock = Clock.systemUTC();
    Signer[] s = new Signer[4];
    for (int i = 0; i < 4; i++) {
      s[i] = KeyPairSigner.generate("ed25519");
    }
    Key rootKey = key(s[0]);
    Key targetsKey = key(s[1]);
    Key snapshotKey = key(s[2]);
    Key timestampKey = key(s[3]);
    List<Signer> onlineSigners = List.of(s);
    // --- README example start ---
    RepositoryEditor editor = RepositoryEditor.create(FileSystemStorage.open(repoDir), clock,
        Map.of(RoleType.ROOT, RoleKeys.of(rootKey), RoleType.TARGETS, RoleKeys.of(targetsKey),
            RoleType.SNAPSHOT, RoleKeys.of(snapshotKey), RoleType.TIMESTAMP, RoleKeys.of(timestampKey)),
        true);                                             // consistent snapshots
    editor.targets().addTarget("firmware/v1.bin", firmwareFile, Optional.empty());
    Release release = editor.stage(onlineSigners);        // versions, expiry, signatures
    release.status().forEach(st -> System.out.println(st.describe()));
    release.publish();                                    // verified as a client would, then written
    // --- README example end ---
    assertEquals(true, Files.exists(repoDir.resolve("metadata/timestamp.json")));
  }

  @Test
  void readmeCborExample(@TempDir Path tmp) throws Exception {
    Path repoDir = tmp.resolve("repo");
    Path stateDir = tmp.resolve("state");
    Clock clock = Clock.systemUTC();
    Map<RoleType, RoleKeys> roles = new EnumMap<>(RoleType.class);
    List<Signer> signers = new ArrayList<>();
    for (RoleType type : RoleType.values()) {
      Signer s = KeyPairSigner.generate("ed25519");
      signers.add(s);
      roles.put(type, RoleKeys.of(key(s)));
    }
    // --- README example start ---
    RepositoryEditor editor = RepositoryEditor.create(FileSystemStorage.open(repoDir), clock, roles,
        true, EnumSet.of(MetadataEncoding.JSON, MetadataEncoding.CBOR));  // both, side by side
    editor.stage(signers).publish();                      // each file set signed in its encoding
    byte[] rootCbor = Files.readAllBytes(repoDir.resolve("metadata/1.root.cbor"));
    Updater updater = Updater.builder()
        .metadataDir(stateDir.resolve("metadata-cbor"))   // one metadata directory per encoding
        .metadataBaseUrl(repoDir.resolve("metadata").toUri())
        .encoding(MetadataEncoding.CBOR)                  // this client reads the CBOR file set
        .trustedRoot(rootCbor)                            // the root in the same encoding
        .build();
    updater.refresh();
    // --- README example end ---
    assertEquals(1, updater.trustedTimestamp().orElseThrow().signed().version());
    assertEquals(true, Files.exists(stateDir.resolve("metadata-cbor/timestamp.cbor")));
  }

  private static Key key(Signer s) {
    return Key.of(s.keyType(), s.scheme(), s.publicValue());
  }

  @Test
  void readmeCanonicalJsonExample() throws Exception {
    // --- README example start ---
    byte[] received = "{ \"b\": 1, \"a\": [true, null] }".getBytes(UTF_8);
    JsonValue value = CanonicalJson.parse(received);   // strict: bounded, no duplicates, ints only
    byte[] signedBytes = CanonicalJson.encode(value);  // what a TUF signature covers
    // --- README example end ---
    assertEquals("{\"a\":[true,null],\"b\":1}", new String(signedBytes, UTF_8));
  }

  @Test
  void readmeVerificationExample() throws Exception {
    Path dir = Fixtures.path("python-tuf-hashbins/metadata");
    byte[] rootBytes = Files.readAllBytes(dir.resolve("root.json"));
    byte[] timestampBytes = Files.readAllBytes(dir.resolve("timestamp.json"));
    Instant referenceTime = Instant.parse("2030-01-01T00:00:00Z");
    // --- README example start ---
    Signed<Root> root = Signed.parse(rootBytes, Root.class);
    Signed<Timestamp> ts = Signed.parse(timestampBytes, Timestamp.class, ParseOptions.DEFAULT
        .withLimits(JsonLimits.DEFAULT.withMaxBytes(16 * 1024)));       // bound attacker input
    SignatureThreshold.verify(root.signed(), RoleType.TIMESTAMP, ts,
        CryptoBackends.defaultBackend());                                 // ThresholdNotMetException
    MetadataChecks.checkNotExpired("timestamp", ts.signed(), referenceTime); // ExpiredMetadataException
    // --- README example end ---
  }
}
