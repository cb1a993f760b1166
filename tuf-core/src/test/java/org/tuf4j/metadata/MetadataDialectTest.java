package org.tuf4j.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonArray;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.AktualizrDialect;
import org.tuf4j.testing.RepositorySimulator;
import org.tuf4j.verify.SignatureThreshold;

/**
 * The ota-tuf/aktualizr form of metadata ({@link MetadataDialect#AKTUALIZR}) against the
 * standard one: what it reads, that signatures still cover exactly the received {@code signed},
 * and that the dialect opens no way around thresholds (TUF spec §4.2, §5.3.4; Uptane
 * #common_metadata).
 */
class MetadataDialectTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

  private static RepositorySimulator repo(String scheme) {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW).keyScheme(scheme).build();
    repo.addTarget("fw.bin", "firmware".getBytes(StandardCharsets.UTF_8));
    repo.publish();
    return repo;
  }

  private static TrustedMetadataSet trusted(byte[] root, MetadataDialect dialect)
      throws Exception {
    return TrustedMetadataSet.fromTrustedRoot(root, TrustOptions.at(NOW)
        .withBackend(CryptoBackends.defaultBackend()).withBounds(UpdaterConfig.defaults())
        .withDialect(dialect));
  }

  private static byte[] dialectRoot(RepositorySimulator repo) {
    return AktualizrDialect.write(repo.signedRoot().signed(), repo.signers("root"));
  }

  private static byte[] dialectTargets(RepositorySimulator repo) {
    return AktualizrDialect.write(repo.signedTargets("targets").signed(),
        repo.signers("targets"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsassa-pss-sha256", "ed25519", "ecdsa-sha2-nistp256"})
  void dialectRootAndTargetsVerify_uptane_interop(String scheme) throws Exception {
    RepositorySimulator repo = repo(scheme);
    TrustedMetadataSet set = trusted(dialectRoot(repo), MetadataDialect.AKTUALIZR);
    set.updateTargetsWithoutSnapshot(dialectTargets(repo));
    Targets targets = set.targets("targets").orElseThrow().signed();
    assertEquals(repo.signedTargets("targets").signed().targets(), targets.targets());
    Key key = set.root().signed().keys().values().iterator().next();
    assertEquals(repo.newSigner().keyType(), key.keyType());
    assertEquals(scheme, key.scheme());
  }

  @Test
  void dialectIsRefusedByTheStandardReader_spec4() {
    RepositorySimulator repo = repo("ed25519");
    assertThrows(MalformedMetadataException.class, () -> Signed.parse(dialectRoot(repo),
        Root.class, ParseOptions.DEFAULT));
  }

  @Test
  void standardMetadataReadsTheSameInTheDialect_spec4() throws Exception {
    RepositorySimulator repo = repo("ed25519");
    byte[] targets = repo.file("metadata/targets.json");
    assertEquals(Signed.parse(targets, Targets.class),
        Signed.parse(targets, Targets.class,
            ParseOptions.DEFAULT.withDialect(MetadataDialect.AKTUALIZR)));
  }

  @Test
  void dialectSignaturesCoverTheReceivedSignedObject_spec4_2() throws Exception {
    RepositorySimulator repo = repo("rsassa-pss-sha256");
    TrustedMetadataSet set = trusted(dialectRoot(repo), MetadataDialect.AKTUALIZR);
    String text = new String(dialectTargets(repo), StandardCharsets.UTF_8);
    byte[] tampered = text.replace("\"version\":2", "\"version\":3")
        .getBytes(StandardCharsets.UTF_8);
    assertThrows(ThresholdNotMetException.class, () -> set.updateTargetsWithoutSnapshot(tampered));
  }

  @Test
  void pemLineBreaksAreSignedAsJsonEscapesInTheDialect_uptane_interop() throws Exception {
    RepositorySimulator repo = repo("rsassa-pss-sha256");
    JsonObject signed = AktualizrDialect.signedJson(repo.signedRoot().signed());
    byte[] olpcSigned = signAsCanonicalJson(signed, repo.signers("root"));
    assertThrows(ThresholdNotMetException.class,
        () -> trusted(olpcSigned, MetadataDialect.AKTUALIZR));
    trusted(dialectRoot(repo), MetadataDialect.AKTUALIZR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"method=none", "sig=%%%%"})
  void signatureWithAnUnknownMethodOrNotInBase64DoesNotCount_uptane_common_metadata(
      String member) throws Exception {
    RepositorySimulator repo = repo("ed25519");
    String[] nameValue = member.split("=");
    byte[] targets = withSignatureMember(dialectTargets(repo), nameValue[0],
        new JsonString(nameValue[1]));
    Signed<Targets> parsed = Signed.parse(targets, Targets.class,
        ParseOptions.DEFAULT.withDialect(MetadataDialect.AKTUALIZR));
    assertThrows(ThresholdNotMetException.class, () -> SignatureThreshold.verify(
        repo.signedRoot().signed(), RoleType.TARGETS, parsed, CryptoBackends.defaultBackend()));
  }

  @Test
  void methodNeverChoosesTheAlgorithm_keyTypeComesFromTheDelegator() throws Exception {
    RepositorySimulator repo = repo("ed25519");
    // The ed25519 signature still verifies under the root's ed25519 key whatever method says...
    byte[] relabelled = withSignatureMember(dialectTargets(repo), "method",
        new JsonString("rsassa-pss"));
    trusted(dialectRoot(repo), MetadataDialect.AKTUALIZR).updateTargetsWithoutSnapshot(relabelled);
    // ...and an RSA signature labelled as such never verifies under that key.
    Signer rsa = org.tuf4j.crypto.KeyPairSigner.generate("rsassa-pss-sha256");
    String keyId = repo.keyIds("targets").get(0);
    byte[] rsaSigned = AktualizrDialect.write(repo.signedTargets("targets").signed(),
        Map.of(keyId, rsa));
    assertThrows(ThresholdNotMetException.class, () -> trusted(dialectRoot(repo),
        MetadataDialect.AKTUALIZR).updateTargetsWithoutSnapshot(rsaSigned));
  }

  @Test
  void oneKeyUnderTwoDialectKeyIdsCountsOnce_thresholdBypassWithDuplicateKeys()
      throws Exception {
    RepositorySimulator repo = repo("ed25519");
    Signer signer = repo.signers("targets").values().iterator().next();
    repo.addKey("targets", "ota-tuf-style-id", signer);
    repo.setThreshold("targets", 2);
    repo.publish();
    Map<String, Signer> both = new LinkedHashMap<>(repo.signers("targets"));
    assertEquals(2, both.size());
    byte[] root = AktualizrDialect.write(repo.signedRoot().signed(), repo.signers("root"));
    byte[] targets = AktualizrDialect.write(repo.signedTargets("targets").signed(), both);
    ThresholdNotMetException e = assertThrows(ThresholdNotMetException.class,
        () -> trusted(root, MetadataDialect.AKTUALIZR).updateTargetsWithoutSnapshot(targets));
    assertEquals(2, e.threshold());
  }

  @Test
  void dialectKeyTypesReadAsTufKeys_uptane_common_metadata() {
    JsonObject rsa = new JsonObject(Map.of("keytype", new JsonString("RSA"), "keyval",
        new JsonObject(Map.of("public", new JsonString("PEM")))));
    JsonObject standard = (JsonObject) MetadataDialect.AKTUALIZR.standardKey(rsa);
    assertEquals(new JsonString("rsa"), standard.get("keytype"));
    assertEquals(new JsonString("rsassa-pss-sha256"), standard.get("scheme"));
    assertEquals(rsa, MetadataDialect.STANDARD.standardKey(rsa));
    JsonObject unknown = new JsonObject(Map.of("keytype", new JsonString("DSA")));
    assertEquals(unknown, MetadataDialect.AKTUALIZR.standardKey(unknown));
  }

  /** {@code file} with {@code name} of its first signature set to {@code value}, same signed. */
  private static byte[] withSignatureMember(byte[] file, String name, JsonValue value)
      throws Exception {
    JsonObject o = (JsonObject) CanonicalJson.parse(file);
    List<JsonValue> sigs = ((JsonArray) o.get("signatures")).elements();
    Map<String, JsonValue> first = new LinkedHashMap<>(((JsonObject) sigs.get(0)).members());
    first.put(name, value);
    Map<String, JsonValue> all = new LinkedHashMap<>(o.members());
    all.put("signatures", new JsonArray(List.of(new JsonObject(first))));
    return CanonicalJson.encode(new JsonObject(all));
  }

  /** A dialect file whose signatures cover canonical JSON, which ota-tuf does not sign. */
  private static byte[] signAsCanonicalJson(JsonObject signed, Map<String, Signer> signers)
      throws Exception {
    byte[] message = CanonicalJson.encode(signed);
    List<JsonValue> sigs = new java.util.ArrayList<>();
    for (Map.Entry<String, Signer> e : signers.entrySet()) {
      sigs.add(new JsonObject(Map.of("keyid", new JsonString(e.getKey()), "method",
          new JsonString("rsassa-pss"), "sig", new JsonString(java.util.Base64.getEncoder()
              .encodeToString(e.getValue().sign(message))))));
    }
    return CanonicalJson.encode(new JsonObject(Map.of("signatures", new JsonArray(sigs),
        "signed", signed)));
  }
}
