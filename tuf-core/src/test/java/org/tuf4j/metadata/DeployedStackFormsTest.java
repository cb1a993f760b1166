package org.tuf4j.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.MalformedMetadataException;
import org.tuf4j.ThresholdNotMetException;
import org.tuf4j.TufException;
import org.tuf4j.client.TrustOptions;
import org.tuf4j.client.TrustedMetadataSet;
import org.tuf4j.client.UpdaterConfig;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.encoding.CanonicalJson;
import org.tuf4j.encoding.JsonValue;
import org.tuf4j.encoding.JsonValue.JsonNumber;
import org.tuf4j.encoding.JsonValue.JsonObject;
import org.tuf4j.encoding.JsonValue.JsonString;
import org.tuf4j.testing.AktualizrDialect;
import org.tuf4j.testing.DeployedForms;
import org.tuf4j.testing.DeployedForms.SigText;
import org.tuf4j.testing.RepositorySimulator;

/**
 * Each rule of {@link MetadataDialect#AKTUALIZR} on metadata written the way the deployed Uptane
 * stacks write it (aktualizr and ota-tuf, the uptane/uptane reference implementation; see {@link
 * DeployedForms}), signed with real keys: accepted in the dialect, refused by the strict default.
 * Where a rule can be isolated, the file is otherwise standard, so the default refuses it for
 * that rule and no other.
 */
class DeployedStackFormsTest {
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final byte[] FIRMWARE = "firmware".getBytes(StandardCharsets.UTF_8);

  private static RepositorySimulator repo(String scheme) {
    RepositorySimulator repo = RepositorySimulator.builder().now(NOW).keyScheme(scheme).build();
    repo.addTarget("fw.bin", FIRMWARE);
    repo.publish();
    return repo;
  }

  private static TrustedMetadataSet trusted(byte[] root, MetadataDialect dialect)
      throws TufException {
    return TrustedMetadataSet.fromTrustedRoot(root, TrustOptions.at(NOW)
        .withBackend(CryptoBackends.defaultBackend()).withBounds(UpdaterConfig.defaults())
        .withDialect(dialect));
  }

  /** The standard {@code signed} object of a role, to change one thing in. */
  private static JsonObject standardSigned(RoleMetadata m) {
    return m.toJson();
  }

  private static JsonObject keysEdited(JsonObject signed, String keyType, boolean scheme) {
    return DeployedForms.editKeys(signed, key -> {
      Map<String, JsonValue> k = new LinkedHashMap<>(key.members());
      k.put("keytype", new JsonString(keyType));
      if (!scheme) {
        k.remove("scheme");
      }
      return new JsonObject(k);
    });
  }

  // ------------------------------------------------------------------ key types

  @ParameterizedTest
  @CsvSource({"ed25519, ed25519, false", "ed25519, ED25519, false", "ed25519, ED25519, true",
      "ed25519, Ed25519, false", "rsassa-pss-sha256, RSA, false", "rsassa-pss-sha256, rsa, false",
      "rsassa-pss-sha256, RSA, true", "ecdsa-sha2-nistp256, ECPRIME256V1, false",
      "ecdsa-sha2-nistp256, ecprime256v1, true"})
  void keyTypeInAnyCaseWithOrWithoutScheme_aktualizr_crypto_PublicKey(String scheme,
      String keyType, boolean withScheme) throws Exception {
    RepositorySimulator repo = repo(scheme);
    byte[] root = RepositorySimulator.signJson(keysEdited(standardSigned(
        repo.signedRoot().signed()), keyType, withScheme), repo.signers("root"));
    TrustedMetadataSet set = trusted(root, MetadataDialect.AKTUALIZR);
    set.updateTargetsWithoutSnapshot(repo.file("metadata/targets.json"));
    Key key = set.root().signed().keys().values().iterator().next();
    assertEquals(scheme, key.scheme());
    assertEquals(repo.newSigner().keyType(), key.keyType());
    if (!keyType.equals(key.keyType()) || !withScheme) {
      assertThrows(TufException.class, () -> trusted(root, MetadataDialect.STANDARD)
          .updateTargetsWithoutSnapshot(repo.file("metadata/targets.json")));
    }
  }

  // ------------------------------------------------------------------ signatures

  @ParameterizedTest
  @CsvSource({"ed25519, ed25519, HEX", "ed25519, ED25519, BASE64", "ed25519, ed25519, BASE64",
      "rsassa-pss-sha256, RSASSA-PSS, HEX", "rsassa-pss-sha256, rsassa-pss, BASE64",
      "rsassa-pss-sha256, rsassa-pss-sha256, HEX", "ecdsa-sha2-nistp256, ecdsa-sha2-nistp256, "
      + "BASE64"})
  void signatureWithMethodInHexOrBase64CountsByItsText_uptane_reference_and_ota_tuf(
      String scheme, String method, SigText text) throws Exception {
    RepositorySimulator repo = repo(scheme);
    JsonObject signed = standardSigned(repo.signedTargets("targets").signed());
    byte[] targets = DeployedForms.write(signed, CanonicalJson.encode(signed),
        repo.signers("targets"), Map.of(scheme, method), text, false);
    trusted(repo.trustedRootBytes(), MetadataDialect.AKTUALIZR)
        .updateTargetsWithoutSnapshot(targets);
    if (text == SigText.BASE64) {
      assertThrows(ThresholdNotMetException.class, () -> trusted(repo.trustedRootBytes(),
          MetadataDialect.STANDARD).updateTargetsWithoutSnapshot(targets));
    } else {
      // hex with an extra "method" member is a valid TUF signature: the default reads it too
      trusted(repo.trustedRootBytes(), MetadataDialect.STANDARD)
          .updateTargetsWithoutSnapshot(targets);
    }
  }

  @Test
  void hexOrBase64IsDecidedByTheTextNotByTryingBoth_uptane_common_metadata() throws Exception {
    RepositorySimulator repo = repo("ed25519");
    Signature s = new Signature("k", "00".repeat(64), Map.of("method",
        new JsonString("ed25519")));
    // 128 hex digits for ed25519: read as hex, 64 bytes
    assertEquals(64, MetadataDialect.AKTUALIZR.signatureBytes(s).orElseThrow().length);
    // the same digits as base64 would be 96 bytes: never tried
    Signature base64 = new Signature("k", "AA".repeat(43) + "==", Map.of("method",
        new JsonString("ed25519")));
    assertEquals(64, MetadataDialect.AKTUALIZR.signatureBytes(base64).orElseThrow().length);
    Signature neither = new Signature("k", "%%", Map.of("method", new JsonString("ed25519")));
    assertTrue(MetadataDialect.AKTUALIZR.signatureBytes(neither).isEmpty());
    Signature unknownMethod = new Signature("k", "00".repeat(64), Map.of("method",
        new JsonString("dsa")));
    assertTrue(MetadataDialect.AKTUALIZR.signatureBytes(unknownMethod).isEmpty());
    // a hex signature of the wrong length for ed25519 is base64 text, and fails there
    JsonObject signed = standardSigned(repo.signedTargets("targets").signed());
    byte[] shortHex = DeployedForms.write(signed, CanonicalJson.encode(signed),
        repo.signers("targets"), Map.of(), SigText.HEX, false);
    String file = new String(shortHex, StandardCharsets.UTF_8).replaceFirst(
        "\"sig\":\"([0-9a-f]{126})[0-9a-f]{2}\"", "\"sig\":\"$1\"");
    assertThrows(ThresholdNotMetException.class, () -> trusted(repo.trustedRootBytes(),
        MetadataDialect.AKTUALIZR).updateTargetsWithoutSnapshot(file.getBytes(
            StandardCharsets.UTF_8)));
  }

  // ------------------------------------------------------------------ Director root

  @Test
  void directorRootListingOnlyRootAndTargetsIsRead_otaTuf_director() throws Exception {
    RepositorySimulator repo = repo("ed25519");
    JsonObject root = standardSigned(repo.signedRoot().signed());
    Map<String, JsonValue> roles = new LinkedHashMap<>(((JsonObject) root.get("roles"))
        .members());
    roles.remove("snapshot");
    roles.remove("timestamp");
    byte[] directorRoot = RepositorySimulator.signJson(DeployedForms.with(root, "roles",
        new JsonObject(roles)), repo.signers("root"));
    TrustedMetadataSet set = trusted(directorRoot, MetadataDialect.AKTUALIZR);
    set.updateTargetsWithoutSnapshot(repo.file("metadata/targets.json"));
    assertEquals(List.of(), set.root().signed().role(RoleType.TIMESTAMP).keyIds());
    // nothing can be verified for a role the root gives no keys
    assertThrows(ThresholdNotMetException.class,
        () -> trusted(directorRoot, MetadataDialect.AKTUALIZR)
            .updateTimestamp(repo.file("metadata/timestamp.json")));
    assertThrows(MalformedMetadataException.class,
        () -> trusted(directorRoot, MetadataDialect.STANDARD));
  }

  // ------------------------------------------------------------------ digests

  @Test
  void upperCaseDigestsReadAsTheSameDigests_aktualizr_uptane_generator() throws Exception {
    RepositorySimulator repo = repo("ed25519");
    Targets original = repo.signedTargets("targets").signed();
    byte[] upper = RepositorySimulator.signJson(DeployedForms.upperCaseTargetDigests(
        standardSigned(original)), repo.signers("targets"));
    assertTrue(new String(upper, StandardCharsets.UTF_8).contains(original.targets()
        .get("fw.bin").hashes().get("sha256").toUpperCase(Locale.ROOT)));
    TrustedMetadataSet set = trusted(repo.trustedRootBytes(), MetadataDialect.AKTUALIZR);
    set.updateTargetsWithoutSnapshot(upper);
    assertEquals(original.targets(), set.targets("targets").orElseThrow().signed().targets());
    assertThrows(MalformedMetadataException.class, () -> trusted(repo.trustedRootBytes(),
        MetadataDialect.STANDARD).updateTargetsWithoutSnapshot(upper));
  }

  @Test
  void aDigestThatIsNotHexStaysRefusedInTheDialect_spec5_7_3() {
    RepositorySimulator repo = repo("ed25519");
    JsonObject signed = standardSigned(repo.signedTargets("targets").signed());
    String text = new String(RepositorySimulator.signJson(signed, repo.signers("targets")),
        StandardCharsets.UTF_8);
    String sha = repo.signedTargets("targets").signed().targets().get("fw.bin").hashes()
        .get("sha256");
    byte[] bad = text.replace(sha, "../../" + sha.substring(6).toUpperCase(Locale.ROOT))
        .getBytes(StandardCharsets.UTF_8);
    assertThrows(MalformedMetadataException.class, () -> Signed.parse(bad, Targets.class,
        ParseOptions.DEFAULT.withDialect(MetadataDialect.AKTUALIZR)));
  }

  // ------------------------------------------------------------------ versions

  @ParameterizedTest
  @ValueSource(strings = {"STANDARD", "AKTUALIZR"})
  void targetsVersionZeroStaysRefused_spec4_2(MetadataDialect dialect) {
    RepositorySimulator repo = repo("ed25519");
    JsonObject signed = AktualizrDialect.signedJson(repo.signedTargets("targets").signed());
    byte[] zero = AktualizrDialect.write(DeployedForms.with(signed, "version",
        new JsonNumber(0)), repo.signers("targets"));
    byte[] standardZero = RepositorySimulator.signJson(DeployedForms.with(standardSigned(
        repo.signedTargets("targets").signed()), "version", new JsonNumber(0)),
        repo.signers("targets"));
    for (byte[] file : List.of(zero, standardZero)) {
      assertThrows(MalformedMetadataException.class, () -> Signed.parse(file, Targets.class,
          ParseOptions.DEFAULT.withDialect(dialect)));
    }
  }

  // ------------------------------------------------------------------ whole files

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "rsassa-pss-sha256"})
  void referenceImplementationFilesVerify_uptane_reference_implementation(String scheme)
      throws Exception {
    RepositorySimulator repo = repo(scheme);
    byte[] root = DeployedForms.reference(DeployedForms.referenceSigned(
        repo.signedRoot().signed()), repo.signers("root"));
    JsonObject targetsSigned = DeployedForms.referenceSigned(repo.signedTargets("targets")
        .signed());
    byte[] targets = DeployedForms.reference(targetsSigned, repo.signers("targets"));
    String text = new String(root, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("{\n \"signatures\": [\n  {\n   \"keyid\""), text);
    assertTrue(text.contains("\"keyid_hash_algorithms\""));
    TrustedMetadataSet set = trusted(root, MetadataDialect.AKTUALIZR);
    set.updateTargetsWithoutSnapshot(targets);
    assertEquals(repo.signedTargets("targets").signed().targets(),
        set.targets("targets").orElseThrow().signed().targets());
    assertThrows(MalformedMetadataException.class,
        () -> trusted(root, MetadataDialect.STANDARD));
  }

  @Test
  void referenceImplementationPemKeysAreSignedAsCanonicalJson_uptane_reference_implementation()
      throws Exception {
    // hex signatures are the reference implementation's, which signs canonical JSON (raw line
    // breaks in PEM); ota-tuf's base64 ones cover the escaped form (MetadataDialectTest)
    RepositorySimulator repo = repo("rsassa-pss-sha256");
    JsonObject signed = DeployedForms.referenceSigned(repo.signedRoot().signed());
    assertTrue(new String(CanonicalJson.encode(signed), StandardCharsets.UTF_8).contains("\n"));
    byte[] escapedHex = DeployedForms.write(signed, CanonicalJson.encodeEscapingControls(signed),
        repo.signers("root"), DeployedForms.REFERENCE_METHODS, SigText.HEX, true);
    assertThrows(ThresholdNotMetException.class,
        () -> trusted(escapedHex, MetadataDialect.AKTUALIZR));
    trusted(DeployedForms.reference(signed, repo.signers("root")), MetadataDialect.AKTUALIZR);
  }

  @Test
  void aktualizrGeneratorFilesVerify_aktualizr_uptane_generator() throws Exception {
    RepositorySimulator repo = repo("ed25519");
    byte[] root = AktualizrDialect.write(repo.signedRoot().signed(), repo.signers("root"));
    JsonObject targets = DeployedForms.upperCaseTargetDigests(AktualizrDialect.signedJson(
        repo.signedTargets("targets").signed()));
    byte[] file = AktualizrDialect.write(targets, repo.signers("targets"));
    TrustedMetadataSet set = trusted(root, MetadataDialect.AKTUALIZR);
    set.updateTargetsWithoutSnapshot(file);
    assertEquals(repo.signedTargets("targets").signed().targets(),
        set.targets("targets").orElseThrow().signed().targets());
    assertThrows(MalformedMetadataException.class,
        () -> trusted(root, MetadataDialect.STANDARD));
  }
}
