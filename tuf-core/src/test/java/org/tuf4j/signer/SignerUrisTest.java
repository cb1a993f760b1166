package org.tuf4j.signer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tuf4j.crypto.CryptoBackends;
import org.tuf4j.crypto.Signer;
import org.tuf4j.signer.KeyUriException.Reason;

/** Key URIs (issue 21 §3): {@code file:}, plug-ins found by {@link java.util.ServiceLoader}. */
class SignerUrisTest {
  @TempDir Path tmp;

  private static void assertSigns(Signer signer) throws Exception {
    byte[] message = "signed part".getBytes(UTF_8);
    CryptoBackends.defaultBackend().verifier(signer.keyType(), signer.scheme(),
        signer.publicValue()).verify(message, signer.sign(message));
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:/keys/a.pem", "file:///keys/a.pem", "file:keys/a.pem",
      "pkcs11:object=a", "aws-kms:alias/x", "test-kms:alias/t"})
  void writtenWithASchemeIsAUri(String text) {
    assertTrue(SignerUris.isUri(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"keys/a.pem", "/keys/a.pem", "C:\\keys\\a.pem", "c:/keys/a.pem",
      "a.pem", ":x", "1x:y"})
  void pathsAndDriveLettersAreNotUris(String text) {
    assertFalse(SignerUris.isUri(text));
  }

  @Test
  void fileUrisOpenAPemKeyAbsoluteOrRelative() throws Exception {
    Path file = tmp.resolve("targets key.pem");
    Signer made = PemKeys.generate("ed25519", file, null);
    for (String uri : List.of(file.toUri().toString(), "file:" + file.toUri().getRawPath())) {
      Signer opened = SignerUris.open(uri, SecretSource.NONE);
      assertEquals(made.publicValue(), opened.publicValue(), uri);
      assertSigns(opened);
    }
    Path relative = Path.of("").toAbsolutePath().relativize(file);
    assertEquals(made.publicValue(), SignerUris.open("file:" + relative.toString()
        .replace(" ", "%20"), SecretSource.NONE).publicValue());
  }

  @Test
  void anEncryptedFileAsksTheSecretSourceOnceForItsPassphrase() throws Exception {
    Path file = tmp.resolve("k.pem");
    Signer made = PemKeys.generate("ecdsa-sha2-nistp256", file, "s3cret".toCharArray(), 1000);
    List<String> asked = new ArrayList<>();
    Signer opened = SignerUris.open(file.toUri(), what -> {
      asked.add(what);
      return "s3cret".toCharArray();
    });
    assertEquals(made.publicValue(), opened.publicValue());
    assertEquals(List.of("passphrase for " + file), asked);
    KeyFileException wrong = assertThrows(KeyFileException.class,
        () -> SignerUris.open(file.toUri(), what -> "wrong".toCharArray()));
    assertEquals(KeyFileException.Reason.WRONG_PASSWORD, wrong.reason());
    assertThrows(IOException.class, () -> SignerUris.open(file.toUri(), SecretSource.NONE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"file://other.example/k.pem", "file:/k.pem?x=1", "file:/keys/",
      "file:"})
  void fileUrisThatNameNoLocalFileAreRefused(String uri) {
    KeyUriException e = assertThrows(KeyUriException.class,
        () -> SignerUris.open(uri, SecretSource.NONE));
    assertTrue(e.reason() == Reason.UNSUPPORTED || e.reason() == Reason.MALFORMED, e::toString);
  }

  @Test
  void aPluginOpensItsSchemeThroughTheServiceLoader() throws Exception {
    Signer signer = SignerUris.open("test-kms:alias/targets", SecretSource.NONE);
    assertSame(TestKmsProvider.KEYS.get("alias/targets"), signer);
    assertSigns(signer);
    assertTrue(SignerUris.schemes().containsAll(Set.of("file", "pkcs11", "test-kms")));
  }

  @Test
  void aPluginCannotTakeOverTufsOwnSchemes() throws Exception {
    Path file = tmp.resolve("own.pem");
    Signer made = PemKeys.generate("ed25519", file, null);
    assertArrayEquals(made.publicValue().getBytes(UTF_8),
        SignerUris.open(file.toUri(), SecretSource.NONE).publicValue().getBytes(UTF_8));
  }

  @Test
  void aSchemeTwoPluginsClaimIsRefusedWhateverTheClassPathOrder() {
    KeyUriException e = assertThrows(KeyUriException.class,
        () -> SignerUris.open("contested:key", SecretSource.NONE));
    assertEquals(Reason.UNKNOWN_SCHEME, e.reason());
    assertTrue(e.getMessage().contains("two signer plug-ins"), e.getMessage());
    assertFalse(SignerUris.schemes().contains("contested"));
  }

  @Test
  void anUnknownSchemeIsRefusedNamingTheSchemesThereAre() {
    KeyUriException e = assertThrows(KeyUriException.class,
        () -> SignerUris.open("vault:transit/keys/t", SecretSource.NONE));
    assertEquals(Reason.UNKNOWN_SCHEME, e.reason());
    assertTrue(e.getMessage().contains("file, pkcs11"), e.getMessage());
  }

  @Test
  void aPluginsOwnRefusalReachesTheCaller() {
    KeyUriException e = assertThrows(KeyUriException.class,
        () -> SignerUris.open("test-kms:targets", SecretSource.NONE));
    assertEquals(Reason.MALFORMED, e.reason());
  }

  @Test
  void notAUriAtAll() {
    KeyUriException e = assertThrows(KeyUriException.class,
        () -> SignerUris.open("pkcs11:object=a b", SecretSource.NONE));
    assertEquals(Reason.MALFORMED, e.reason());
    assertInstanceOf(KeyUriException.class, assertThrows(KeyUriException.class,
        () -> SignerUris.open("keys/a.pem", SecretSource.NONE)));
  }
}
